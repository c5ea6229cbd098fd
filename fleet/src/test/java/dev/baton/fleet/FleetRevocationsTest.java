package dev.baton.fleet;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The feed as an engine's revocation source: what it says when fresh, every grant revoked when stale. */
class FleetRevocationsTest {
    /** A feed that revoked grant 7 of engine 1, and whose freshness the test sets. */
    private static final class Feed implements FeedView {
        boolean stale;

        @Override
        public boolean isStale() {
            return stale;
        }

        @Override
        public boolean isRevoked(final int engineId, final long grantId) {
            return engineId == 1 && grantId == 7;
        }
    }

    @Test
    void shouldAnswerTheFeedWhenFreshAndFailClosedWhenStale() {
        final Feed feed = new Feed();
        final FleetRevocations source = new FleetRevocations(feed);
        assertTrue(source.isRevoked(1, 7));
        assertFalse(source.isRevoked(1, 8));
        assertFalse(source.isRevoked(2, 7));
        feed.stale = true;
        assertTrue(source.isRevoked(1, 8), "a stale feed denies every foreign chain");
        feed.stale = false;
        assertFalse(source.isRevoked(1, 8), "and recovers once it catches up");
    }
}
