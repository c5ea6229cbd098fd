package dev.baton.fleet;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RevocationTableTest {

    /** One step on the table: put, remove or purge, on a small key space so keys collide and repeat. */
    @Property(tries = 300)
    void shouldAgreeWithAMapUnderAnySequenceOfPutsRemovesAndPurges(
        @ForAll @Size(max = 400) final List<@IntRange(min = 0, max = 9999) Integer> steps) {
        final RevocationTable table = new RevocationTable(64);
        final Map<Long, Long> model = new HashMap<>();
        long now = 0;
        for (final int step : steps) {
            final int engine = step % 3;
            final long grant = (step / 3) % 50; // includes 0, stored next to the free-slot marker
            final long key = (long) engine << 32 ^ (grant & 0xFFFF_FFFFL);
            switch (step % 4) {
                case 0, 1 -> {
                    final long expiry = now + 1 + step % 17;
                    final boolean room = model.containsKey(key) || model.size() < 64;
                    assertEquals(room, table.put(engine, grant, expiry));
                    if (room) {
                        model.merge(key, expiry, Math::max);
                    }
                }
                case 2 -> assertEquals(model.remove(key) != null, table.remove(engine, grant));
                default -> {
                    now += step % 5;
                    final long at = now;
                    final int before = model.size();
                    model.values().removeIf(e -> e <= at);
                    assertEquals(before - model.size(), table.purgeExpired(now));
                }
            }
            assertEquals(model.size(), table.size());
        }
        for (int engine = 0; engine < 3; engine++) {
            for (long grant = 0; grant < 50; grant++) {
                final long key = (long) engine << 32 ^ (grant & 0xFFFF_FFFFL);
                assertEquals(model.containsKey(key), table.contains(engine, grant), engine + "/" + grant);
            }
        }
    }

    @Test
    void shouldRefuseANewEntryWhenFullAndKeepUpdatingKnownOnes() {
        final RevocationTable table = new RevocationTable(16);
        for (int i = 1; i <= 16; i++) {
            assertTrue(table.put(1, i, 100));
        }
        assertFalse(table.put(1, 17, 100), "full: a new revocation is refused, never silently dropped");
        assertTrue(table.put(1, 5, 200), "a known one is updated");
        assertEquals(15, table.purgeExpired(100));
        assertTrue(table.contains(1, 5));
        assertTrue(table.put(1, 17, 100));
    }
}
