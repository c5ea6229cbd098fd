/**
 * Peers side by side: the refund-dispute delegation scenario expressed in Cedar, jCasbin, SAPL, Biscuit and
 * Macaroons, each behind {@link dev.baton.bench.peers.PeerAdapter}, next to Baton. Only the bench module
 * depends on these libraries.
 */
package dev.baton.bench.peers;
