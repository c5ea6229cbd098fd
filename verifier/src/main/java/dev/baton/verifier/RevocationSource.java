package dev.baton.verifier;

/**
 * Tells whether a grant is revoked. Grants are named by the engine that issued them and their id in that
 * engine, exactly as each hop of a portable warrant names them, so the verifier can ask about every
 * ancestor. The fleet feeds one from its revocation stream; {@link RevocationSet} is an in-memory one.
 *
 * <p><b>Note:</b> implementations must be safe to call from the verifying threads and should not
 * allocate: the verifier calls {@link #isRevoked} once per hop of every presentation.
 */
@FunctionalInterface
public interface RevocationSource {
    /** A source that knows no revocation (only for one process that has no revocation to share). */
    RevocationSource NONE = (engineId, grantId) -> false;

    /**
     * @param engineId engine that issued the grant.
     * @param grantId  the grant's id in that engine.
     * @return whether the grant is revoked.
     */
    boolean isRevoked(int engineId, long grantId);

    /**
     * Whether this source can answer now. A source that can fall behind (the fleet's feed, when it has not
     * caught up within its staleness bound) says false, and the verifier then refuses every warrant with
     * {@link VerifyReason#REVOCATIONS_NOT_CURRENT} without asking {@link #isRevoked}: "cannot tell" is never
     * read as "not revoked", nor reported as "revoked".
     *
     * @return true (the default) if {@link #isRevoked} answers for the present.
     */
    default boolean isCurrent() {
        return true;
    }
}
