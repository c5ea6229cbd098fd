package dev.baton.fleet;

/**
 * Tells whether a grant is revoked, the grant named as a portable warrant names each hop: the engine
 * that issued it and its id there. The same shape as the offline verifier's source (issue #11), so the
 * fleet's feed can back it; {@link RevocationFeed} is the fleet's implementation.
 * <p>
 * <b>Note:</b> implementations must be safe to call from any thread and allocate nothing.
 */
@FunctionalInterface
public interface RevocationSource {
    /**
     * @param engineId engine that issued the grant.
     * @param grantId  the grant's id there.
     * @return whether the grant is revoked.
     */
    boolean isRevoked(int engineId, long grantId);
}
