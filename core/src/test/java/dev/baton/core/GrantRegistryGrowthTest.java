package dev.baton.core;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/**
 * A large grant registry grows into arrays allocated ahead on another thread (allocating and zeroing them
 * was most of a growth's stop), keeping every grant where it was; a small one grows in place as before.
 */
class GrantRegistryGrowthTest {
    private static final long NOW = 1_790_000_000_000L;
    private static final long DAY = 86_400_000L;

    private static GrantRegistry registry(final int initial) {
        final IdentityTable identities = new IdentityTable(CoreFixture.POLICY, DAY);
        return new GrantRegistry(CoreFixture.POLICY.words, initial, 1 << 20, DAY, identities);
    }

    /** A root grant that lives a day, its first capability word marked with its slot. */
    private static int grant(final GrantRegistry g) {
        final int s = g.allocate(GrantRegistry.NO_SLOT, NOW);
        g.expiry(s, NOW + DAY);
        g.longs[g.capsOffset(s)] = s;
        return s;
    }

    @Test
    void shouldGrowALargeRegistryIntoArraysAllocatedAheadKeepingEveryGrant() {
        final int initial = GrantRegistry.AHEAD_FROM;
        final GrantRegistry g = registry(initial);
        while (g.used < initial - initial / 4) { // three quarters full: the next arrays are asked for
            grant(g);
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!g.aheadReady() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // the pool allocates them meanwhile
        }
        final long[] before = g.longs;
        while (g.used < initial) {
            grant(g);
        }
        assertEquals(initial, g.capacity());
        grant(g); // full: the growth
        assertEquals(2 * initial, g.capacity());
        assertEquals(1, g.grownAhead, "a growth used the arrays allocated ahead");
        assertNotSame(before, g.longs);
        for (int s = 0; s < g.used; s++) {
            assertEquals(s, g.longs[g.capsOffset(s)], "slot " + s + " kept its row");
            assertEquals(s, g.slotOf(g.id(s)), "slot " + s + " is found by its id");
        }
        assertEquals(g.used, g.size());
    }

    @Test
    void shouldGrowASmallRegistryInPlace() {
        final GrantRegistry g = registry(64);
        for (int i = 0; i < 10_000; i++) {
            grant(g);
        }
        assertEquals(16_384, g.capacity(), "doubled from 64");
        assertEquals(0, g.grownAhead, "nothing allocated ahead below " + GrantRegistry.AHEAD_FROM + " slots");
        for (int s = 0; s < g.used; s++) {
            assertEquals(s, g.longs[g.capsOffset(s)], "slot " + s + " kept its row");
        }
    }
}
