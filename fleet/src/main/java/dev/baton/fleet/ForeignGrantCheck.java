package dev.baton.fleet;

/**
 * What the fleet says about a grant chain issued by other engines (a foreign warrant's hops), before
 * its signature and scope are checked elsewhere: fail closed on a stale feed, then deny if any hop is
 * revoked. Local grants never come here: the local engine decides them on its own state, feed or no feed.
 * <p>
 * <b>Note:</b> thread-safe; allocates nothing.
 */
public final class ForeignGrantCheck {
    /** The fleet's answer for a foreign chain. */
    public enum Verdict {
        /** The feed is fresh and no hop is revoked. */
        NOT_REVOKED,
        /** A hop of the chain is revoked. */
        REVOKED,
        /** The revocation feed is older than its bound: foreign warrants are denied until it catches up. */
        FEED_STALE
    }

    private final FeedView feed;

    /** @param feed this engine's view of the fleet's revocations ({@link RevocationFeed}). */
    public ForeignGrantCheck(final FeedView feed) {
        this.feed = feed;
    }

    /**
     * @param engineIds each hop's issuing engine, root first.
     * @param grantIds  each hop's grant id there.
     * @param hops      how many hops (at least 1).
     * @return the verdict.
     */
    public Verdict check(final int[] engineIds, final long[] grantIds, final int hops) {
        if (hops < 1 || hops > engineIds.length || hops > grantIds.length) {
            throw new IllegalArgumentException("hops " + hops + " outside 1.." + Math.min(engineIds.length, grantIds.length));
        }
        if (feed.isStale()) {
            return Verdict.FEED_STALE;
        }
        for (int i = 0; i < hops; i++) {
            if (feed.isRevoked(engineIds[i], grantIds[i])) {
                return Verdict.REVOKED;
            }
        }
        return Verdict.NOT_REVOKED;
    }
}
