package dev.baton.core;

import java.util.Arrays;

/**
 * Grant id to registry slot: an open-addressing map (Robin Hood linear probing, backward-shift removal)
 * that places each id at its own value modulo the table's size. The registry issues ids in order, so a new
 * grant's entry lands beside the previous one instead of at a random place in a table of many megabytes:
 * on a virtual machine a random access to a large table costs a cache miss and a nested page walk for
 * every grant issued (a sliding window of a million live grants: about 9 ns per put, remove and get here
 * against 150-190 ns with Agrona's {@code Long2LongHashMap}). No primitive map of Agrona or Eclipse
 * Collections lets its hash be chosen, hence this class.
 * <p>
 * Ids placed by value can collide in runs (a dense block of long-lived ids whose places the newest ids
 * reach again), and Robin Hood then shifts whole runs. An insertion that probes more than
 * {@value #MAX_PROBES} entries therefore re-lays the table with mixed (scattered) places for good: from
 * then on it costs what any hash map does, and no operation is ever linear in the number of grants.
 * <p>
 * Id 0 is never a grant id ({@link GrantRegistry} issues ids from 1): it marks an empty entry, and
 * {@link #get} of it finds nothing.
 * <p>
 * Public only for {@code CollectionsBenchmark} (the package is exported to Baton's own modules alone).
 * <p>
 * <b>Note:</b> not thread-safe (the decision core's thread). Allocation-free except when it grows (it
 * doubles when half full).
 */
public final class GrantSlots {
    private static final long EMPTY = 0;
    private static final int MAX_PROBES = 32;
    private static final int MAX_CAPACITY = 1 << 30;
    private long[] ids;
    private int[] slots;
    private int mask;
    private int size;
    private boolean scattered;

    /** @param expected how many entries it should hold before it first grows. */
    public GrantSlots(final int expected) {
        final int wanted = Math.min(Math.max(1, expected), MAX_CAPACITY / 2);
        final int capacity = Math.max(64, Integer.highestOneBit(wanted * 2 - 1) << 1);
        ids = new long[capacity];
        slots = new int[capacity];
        mask = capacity - 1;
    }

    /** @return the slot of {@code id}, or {@link GrantRegistry#NO_SLOT}. */
    public int get(final long id) {
        final int at = find(id);
        return at < 0 ? GrantRegistry.NO_SLOT : slots[at];
    }

    /** Maps {@code id} (not 0) to {@code slot}, replacing what it mapped to. */
    public void put(final long id, final int slot) {
        if (id == EMPTY) {
            throw new IllegalArgumentException("grant id 0");
        }
        if (size >= (mask + 1) >>> 1) {
            grow();
        }
        if (insert(id, slot) > MAX_PROBES && !scattered) {
            scattered = true;
            relay(mask + 1);
        }
    }

    /** @return how many entries the insertion probed. */
    private int insert(final long id, final int slot) {
        long k = id;
        int v = slot;
        int at = home(k);
        for (int d = 0, probes = 1; ; d++, probes++, at = (at + 1) & mask) {
            final long here = ids[at];
            if (here == EMPTY) {
                ids[at] = k;
                slots[at] = v;
                size++;
                return probes;
            }
            if (here == k) { // only the id put can be met: a displaced entry is never already present
                slots[at] = v;
                return probes;
            }
            final int hd = distance(here, at);
            if (hd < d) { // Robin Hood: the entry nearer its home moves on
                final int hv = slots[at];
                ids[at] = k;
                slots[at] = v;
                k = here;
                v = hv;
                d = hd;
            }
        }
    }

    /** Removes {@code id}'s entry, if there is one. */
    public void remove(final long id) {
        int at = find(id);
        if (at < 0) {
            return;
        }
        for (int next = (at + 1) & mask; ids[next] != EMPTY && distance(ids[next], next) > 0;
             at = next, next = (next + 1) & mask) {
            ids[at] = ids[next];
            slots[at] = slots[next];
        }
        ids[at] = EMPTY;
        size--;
    }

    void clear() {
        Arrays.fill(ids, EMPTY);
        size = 0;
    }

    int size() {
        return size;
    }

    /** @return the index holding {@code id}, or -1. */
    private int find(final long id) {
        if (id == EMPTY) {
            return -1;
        }
        int at = home(id);
        for (int d = 0; ; d++, at = (at + 1) & mask) {
            final long here = ids[at];
            if (here == id) {
                return at;
            }
            if (here == EMPTY || distance(here, at) < d) {
                return -1; // Robin Hood: id would have taken this place
            }
        }
    }

    private int home(final long id) {
        if (scattered) {
            final long mixed = id * 0x9E3779B97F4A7C15L;
            return (int) (mixed >>> 32) & mask;
        }
        return (int) id & mask;
    }

    private int distance(final long id, final int at) {
        return (at - home(id)) & mask;
    }

    private void grow() {
        if (ids.length >= MAX_CAPACITY) { // the registry's own arrays overflow long before this
            throw new IllegalStateException("grant id map full at " + size + " ids");
        }
        relay(ids.length * 2);
    }

    /** Re-lays every entry into a table of {@code capacity} entries, by the current placement. */
    private void relay(final int capacity) {
        final long[] oldIds = ids;
        final int[] oldSlots = slots;
        ids = new long[capacity];
        slots = new int[capacity];
        mask = capacity - 1;
        size = 0;
        for (int i = 0; i < oldIds.length; i++) {
            if (oldIds[i] != EMPTY) {
                insert(oldIds[i], oldSlots[i]);
            }
        }
    }
}
