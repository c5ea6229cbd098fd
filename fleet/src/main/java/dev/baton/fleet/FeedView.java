package dev.baton.fleet;

/**
 * A revocation source that knows how current it is: {@link RevocationFeed} is the fleet's, and
 * {@link ForeignGrantCheck} reads one.
 * <p>
 * <b>Note:</b> implementations must be safe to call from any thread and allocate nothing.
 */
public interface FeedView extends RevocationSource {
    /** @return whether the view is older than its staleness bound: foreign warrants must be denied. */
    boolean isStale();
}
