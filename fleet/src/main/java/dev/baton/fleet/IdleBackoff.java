package dev.baton.fleet;

/**
 * How long a journal follower sleeps after a poll that found nothing: doubling from a floor to a
 * ceiling, back to the floor as soon as a poll finds records. An empty poll of a {@link JournalTail} is
 * cheap (it scans only what was appended since), but still a few system calls: an idle engine is not
 * polled at the floor's rate.
 * <p>
 * <b>Note:</b> not thread-safe (one follower thread); allocates nothing.
 */
final class IdleBackoff {
    private final long floorMillis;
    private final long ceilingMillis;
    private long next;

    IdleBackoff(final long floorMillis, final long ceilingMillis) {
        this.floorMillis = floorMillis;
        this.ceilingMillis = ceilingMillis;
        this.next = floorMillis;
    }

    /** @return how long to sleep after a poll that took {@code records}. */
    long after(final int records) {
        if (records > 0) {
            next = floorMillis;
            return 0;
        }
        final long sleep = next;
        next = Math.min(ceilingMillis, next * 2);
        return sleep;
    }
}
