package dev.baton.engine;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The ids of the requests in flight on one engine (submitted, not yet completed), so that a second
 * request with an id already in flight is refused at submission. The engine never matches requests by
 * id (the journal and {@code explain} only record it), so uniqueness among in-flight requests is what a
 * caller needs to tell its answers apart; an id may be used again once its request is done.
 * <p>
 * Lock-free open addressing in fixed buckets of {@value #BUCKET} slots (two cache lines), chosen by
 * Fibonacci hashing of the id. A claim scans its bucket for the id, CASes an empty slot, then scans again:
 * of two racing claims of one id, the later CAS's rescan sees the earlier, so at least one is refused
 * (possibly both; either way they never both run). A bucket with no empty slot answers {@link #FULL}:
 * with four slots per request in flight that takes many unlucky ids at once, and the caller retries as
 * for a full ring. 0 marks an empty slot, which is one reason ids must be positive.
 * <p>
 * <b>Note:</b> thread-safe; allocation-free.
 */
final class InFlightIds {
    /** {@link #claim}: the id is already in flight. */
    static final int DUPLICATE = -1;
    /** {@link #claim}: the id's bucket has no room now. */
    static final int FULL = -2;
    private static final int BUCKET = 16;
    private static final long FIBONACCI = 0x9E37_79B9_7F4A_7C15L;

    private final AtomicLongArray slots;
    private final int shift;

    /** @param inFlight the most requests expected in flight at once; the table has four slots for each. */
    InFlightIds(final int inFlight) {
        final int wanted = Math.max(2, (int) Math.min(1 << 24, (long) inFlight * 4 / BUCKET));
        final int buckets = Integer.highestOneBit(wanted - 1) << 1;
        this.slots = new AtomicLongArray(buckets * BUCKET);
        this.shift = 64 - Integer.numberOfTrailingZeros(buckets);
    }

    /**
     * Records {@code id} as in flight.
     *
     * @param id a strictly positive request id.
     * @return the slot to {@link #release} when the request is done, or {@link #DUPLICATE} or {@link #FULL}.
     */
    int claim(final long id) {
        final int base = (int) ((id * FIBONACCI) >>> shift) * BUCKET;
        final int end = base + BUCKET;
        for (int i = base; i < end; i++) {
            if (slots.get(i) == id) {
                return DUPLICATE;
            }
        }
        int mine = FULL;
        for (int i = base; i < end; i++) {
            if (slots.get(i) == 0 && slots.compareAndSet(i, 0, id)) {
                mine = i;
                break;
            }
        }
        if (mine == FULL) {
            return FULL;
        }
        for (int i = base; i < end; i++) {
            if (i != mine && slots.get(i) == id) {
                slots.set(mine, 0);
                return DUPLICATE;
            }
        }
        return mine;
    }

    /**
     * Frees a slot from {@link #claim}. A release store: callers publish the request's completion with
     * a volatile write after it, so whoever sees the request done sees its id free.
     */
    void release(final int slot) {
        slots.lazySet(slot, 0);
    }
}
