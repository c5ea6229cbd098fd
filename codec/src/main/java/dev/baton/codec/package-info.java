/**
 * Baton's wire formats: warrants, decisions, journal records and the bodies of journal records
 * ({@code *BodyLayout}: DECISION, POLICY, IDENTITY, SWAP, START, STOP).
 *
 * <p>Every message is a hand-written flyweight over an Agrona buffer, little-endian, with a format
 * version in its first byte (a journal record body has none of its own: the record's versions it).
 * Encoders ({@code *Encoder}) write into a {@link org.agrona.MutableDirectBuffer}; decoders ({@code *Decoder}) validate untrusted input in {@code
 * wrap(buffer, offset, length, detail)} and return a {@link dev.baton.codec.CodecError} instead of
 * throwing. Layouts are drawn in the {@code *Layout} classes and in {@code docs/wire-format.md}; a
 * test keeps the two in agreement.
 *
 * <p>Warrants are authenticated by {@link dev.baton.codec.WarrantAuthenticator} with keys from a
 * {@link dev.baton.codec.KeyRing}; journal records are hash-chained by {@link
 * dev.baton.codec.JournalHasher}. Encode, sign, decode and verify allocate nothing in steady state.
 *
 * <p>This module has no dependency on the engine: identities, purposes, capabilities and data
 * classes are the engine's interned ints, scopes are {@code long[]} bitsets.
 */
package dev.baton.codec;
