package dev.baton.core;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The grant-id map must answer exactly what a {@link HashMap} of the same puts and removes answers,
 * whatever the ids: issued in order, with long-lived ones left behind, restored in any order, or spread
 * over the whole range of longs; through growth and the switch to scattered places.
 */
class GrantSlotsTest {

    @Property(tries = 200)
    void shouldAnswerWhatAHashMapAnswers(@ForAll final long seed, @ForAll @IntRange(min = 0, max = 3) final int pattern) {
        final Random random = new Random(seed);
        final GrantSlots map = new GrantSlots(1 + random.nextInt(64));
        final Map<Long, Integer> model = new HashMap<>();
        final List<Long> present = new ArrayList<>();
        long next = 1 + (pattern == 3 ? random.nextLong() >>> 1 : 0);
        for (int op = 0; op < 3_000; op++) {
            final int kind = random.nextInt(10);
            if (kind < 5) {
                final long id = switch (pattern) {
                    case 0, 3 -> next++; // issued in order (pattern 3: from far up the range)
                    case 1 -> random.nextInt(8) == 0 ? 1 + random.nextInt(200) : 1_000 + next++; // a dense old block too
                    default -> 1 + (random.nextLong() >>> 1); // anywhere
                };
                final int slot = random.nextInt(1 << 20);
                map.put(id, slot);
                if (model.put(id, slot) == null) {
                    present.add(id);
                }
            } else if (kind < 8 && !present.isEmpty()) {
                // mostly the oldest (the sweep), sometimes any
                final int i = random.nextInt(4) == 0 ? random.nextInt(present.size()) : 0;
                final long id = present.remove(i);
                map.remove(id);
                model.remove(id);
            } else {
                final long id = present.isEmpty() || random.nextBoolean() ? random.nextLong() : present.get(random.nextInt(present.size()));
                assertEquals(model.getOrDefault(id, GrantRegistry.NO_SLOT), map.get(id), "get " + id + " at operation " + op);
            }
            assertEquals(model.size(), map.size(), "size at operation " + op);
        }
        for (final Map.Entry<Long, Integer> e : model.entrySet()) {
            assertEquals(e.getValue(), map.get(e.getKey()), "id " + e.getKey());
        }
        map.clear();
        assertEquals(0, map.size());
        for (final long id : model.keySet()) {
            assertEquals(GrantRegistry.NO_SLOT, map.get(id));
        }
    }

    @Test
    void shouldFindNothingForIdZeroAndRefuseToStoreIt() {
        final GrantSlots map = new GrantSlots(4);
        assertEquals(GrantRegistry.NO_SLOT, map.get(0));
        assertThrows(IllegalArgumentException.class, () -> map.put(0, 3));
        map.remove(0);
        assertEquals(0, map.size());
    }

    @Test
    void shouldKeepEveryIdWhenNewIdsWrapOntoADenseBlockOfOldOnes() {
        final GrantSlots map = new GrantSlots(64);
        for (long id = 1; id <= 5_000; id++) {
            map.put(id, (int) id);
        }
        // A window of newer ids sliding past the block: their places come round onto the old ones.
        for (long id = 5_001; id <= 200_000; id++) {
            map.put(id, (int) (id % 1_000_000));
            if (id > 10_000) {
                map.remove(id - 5_000);
            }
        }
        for (long id = 1; id <= 5_000; id++) {
            assertEquals((int) id, map.get(id), "old id " + id);
        }
        for (long id = 195_001; id <= 200_000; id++) {
            assertEquals((int) id, map.get(id), "new id " + id);
        }
        assertEquals(GrantRegistry.NO_SLOT, map.get(100_000));
        assertEquals(10_000, map.size());
    }
}
