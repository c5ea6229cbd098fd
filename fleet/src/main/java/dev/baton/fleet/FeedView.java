package dev.baton.fleet;

import dev.baton.verifier.RevocationSource;

/**
 * A revocation source (the offline verifier's {@link RevocationSource}, so an
 * {@code OfflineVerifier} can check every hop of a portable warrant against the fleet's feed) that knows
 * how current it is: {@link RevocationFeed} is the fleet's, and {@link ForeignGrantCheck} reads one.
 * Check {@link #isStale()} first: a stale view must deny with its own reason, not answer "not revoked".
 * <p>
 * <b>Note:</b> implementations must be safe to call from any thread and allocate nothing.
 */
public interface FeedView extends RevocationSource {
    /** @return whether the view is older than its staleness bound: foreign warrants must be denied. */
    boolean isStale();

    /** @return whether the view is within its staleness bound (a verifier refuses every warrant otherwise). */
    @Override
    default boolean isCurrent() {
        return !isStale();
    }
}
