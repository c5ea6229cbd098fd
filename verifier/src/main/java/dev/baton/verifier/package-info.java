/**
 * The offline verifier of portable warrants: {@link dev.baton.verifier.OfflineVerifier} checks presented
 * warrant bytes with only the issuers' verifying keys and a clock (structure, signature, validity with a
 * bounded clock skew, layout, holder, capability, data class, the call's arguments against the
 * constraints the warrant carries ({@link dev.baton.verifier.CallArguments}, matched with the engine's own
 * {@code dev.baton.constraint} code), revocation of every ancestor, proof of possession) and answers a {@link dev.baton.verifier.VerificationResult} with a
 * {@link dev.baton.verifier.VerifyReason}; it never throws on hostile input. The jar depends on the codec
 * only (without Agrona) and needs no JVM option.
 */
package dev.baton.verifier;
