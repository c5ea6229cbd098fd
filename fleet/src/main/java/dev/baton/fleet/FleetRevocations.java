package dev.baton.fleet;

import dev.baton.verifier.RevocationSource;

/**
 * The fleet's revocation feed as a journaled engine's revocation source
 * ({@code EngineConfig.revocations(new FleetRevocations(feed))}): the engine asks it about every ancestor of
 * every portable warrant presented. It fails closed: while the feed is older than its staleness bound it is
 * not {@linkplain #isCurrent() current}, and the engine refuses every presented portable warrant with its own
 * reason ({@code REVOCATION_FEED_STALE}) until the feed catches up, by itself. Grants presented by id (the
 * engine's own, and mirrors of foreign grants accepted before) never come here and keep deciding; the
 * engine's own warrants presented as bytes do, and are refused too while the feed is stale (present them by
 * id, or bound the staleness generously).
 * <p>
 * <b>Note:</b> thread-safe and allocation-free, as the feed is.
 */
public final class FleetRevocations implements RevocationSource {
    private final FeedView feed;

    /** @param feed this engine's view of the fleet's revocations ({@link RevocationFeed}). */
    public FleetRevocations(final FeedView feed) {
        this.feed = feed;
    }

    @Override
    public boolean isRevoked(final int engineId, final long grantId) {
        return feed.isRevoked(engineId, grantId);
    }

    /** @return false while the feed is stale: the verifier then refuses without asking {@link #isRevoked}. */
    @Override
    public boolean isCurrent() {
        return !feed.isStale();
    }
}
