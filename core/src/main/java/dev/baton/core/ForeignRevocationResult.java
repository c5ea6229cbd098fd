package dev.baton.core;

/**
 * What applying a revocation of another engine's grant came to ({@link PortableGate#revokeForeign}).
 * <p>
 * <b>Note:</b> immutable, thread-safe.
 */
public enum ForeignRevocationResult {
    /** The state changed (the grant is newly known revoked, or until later, or mirrors were revoked): journal it. */
    APPLIED,
    /** Already known with the same or a later expiry, and no mirror left to revoke: nothing changed. */
    KNOWN,
    /** The grant has expired at the core's time: nothing to keep, nothing changed. */
    EXPIRED,
    /** The grant is this engine's own (its registry revoked it already): nothing changed. */
    OWN_ENGINE
}
