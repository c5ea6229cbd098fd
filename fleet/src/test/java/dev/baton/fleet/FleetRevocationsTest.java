package dev.baton.fleet;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The feed as an engine's revocation source: what it says when fresh; not current (no answer) when stale. */
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
    void shouldAnswerTheFeedWhenFreshAndSayItIsNotCurrentWhenStale() {
        final Feed feed = new Feed();
        final FleetRevocations source = new FleetRevocations(feed);
        assertTrue(source.isCurrent());
        assertTrue(source.isRevoked(1, 7));
        assertFalse(source.isRevoked(1, 8));
        assertFalse(source.isRevoked(2, 7));
        feed.stale = true;
        assertFalse(source.isCurrent(), "a stale feed cannot answer: the verifier refuses every warrant");
        assertFalse(feed.isCurrent(), "the feed itself, as a source, says so too");
        assertFalse(source.isRevoked(1, 8), "no sentinel: 'revoked' still means revoked only");
        feed.stale = false;
        assertTrue(source.isCurrent(), "and recovers once it catches up");
    }
}
