package dev.baton.fleet;

/**
 * How far a {@link JournalShipper} is behind its local journal in time: when the shipper first saw the
 * oldest record not shipped yet. The shipper's thread notes, after each poll, how many records it has
 * seen and the last one shipped; it keeps up to {@link #MARKS} (records seen, when) marks, and when they
 * are all in use the newest mark takes the newer records too (so the figure errs long, never short).
 * <p>
 * <b>Note:</b> {@link #update} from the shipper's thread only; {@link #oldestUnshippedSeenNanos()} from any
 * thread. Allocates nothing after construction.
 */
final class ShippingLag {
    /** Marks kept. */
    static final int MARKS = 64;
    private final long[] seenUpTo = new long[MARKS];
    private final long[] seenAt = new long[MARKS];
    private int first;
    private int count;
    private long lastSeen;
    private volatile long oldestUnshipped = System.nanoTime();

    /**
     * @param seen    records the shipper has seen in the local journal (sequences below it).
     * @param shipped the last sequence shipped, -1 if none.
     * @param now     {@code System.nanoTime()}.
     */
    void update(final long seen, final long shipped, final long now) {
        if (seen > lastSeen) {
            if (count == MARKS) {
                seenUpTo[(first + count - 1) % MARKS] = seen;
            } else {
                final int i = (first + count) % MARKS;
                seenUpTo[i] = seen;
                seenAt[i] = now;
                count++;
            }
            lastSeen = seen;
        }
        while (count > 0 && seenUpTo[first] <= shipped + 1) {
            first = (first + 1) % MARKS;
            count--;
        }
        oldestUnshipped = count > 0 ? seenAt[first] : now;
    }

    /** @return {@code System.nanoTime()} when the oldest record not shipped was first seen (when caught up: the last update). */
    long oldestUnshippedSeenNanos() {
        return oldestUnshipped;
    }
}
