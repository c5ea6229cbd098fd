package dev.baton.fleet;

import dev.baton.verifier.RevocationSource;

/**
 * The fleet's revocation feed as a journaled engine's revocation source
 * ({@code EngineConfig.revocations(new FleetRevocations(feed))}): the engine asks it about every ancestor of
 * every portable warrant presented. It fails closed: while the feed is older than its staleness bound every
 * grant counts as revoked, so foreign warrants are refused ({@code REVOKED}) until it catches up. The
 * engine's own grants presented by id never come here; its own warrants do, and are then refused too while
 * the feed is stale (present them by id, or bound the staleness generously).
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
        return feed.isStale() || feed.isRevoked(engineId, grantId);
    }
}
