package dev.baton.cli.demo;

import java.util.Arrays;

/**
 * Latency over the run's time: per time bucket ({@link #BUCKET_NANOS}, counted from the common start) the
 * number of completions and the largest latency, so that a plot shows when the stalls happened, which a
 * percentile plot cannot.
 * <p>
 * <b>Note:</b> not thread-safe: one per producer thread, {@link #add merged} by the main thread after the
 * run. {@link #record} allocates only when the run outgrows the buckets so far (doubling).
 */
final class LatencyTimeline {
    /** Bucket width: 10 ms. */
    static final long BUCKET_NANOS = 10_000_000L;

    private long[] max = new long[1024];
    private long[] count = new long[1024];
    private int used;

    /**
     * @param sinceStart nanoseconds from the common start to the completion.
     * @param latency    the request's latency, nanoseconds.
     */
    void record(final long sinceStart, final long latency) {
        final int b = (int) Math.min(Integer.MAX_VALUE - 1, Math.max(0, sinceStart / BUCKET_NANOS));
        if (b >= max.length) {
            final int n = Math.max(b + 1, max.length * 2);
            max = Arrays.copyOf(max, n);
            count = Arrays.copyOf(count, n);
        }
        if (latency > max[b]) {
            max[b] = latency;
        }
        count[b]++;
        used = Math.max(used, b + 1);
    }

    /** Adds {@code other}'s buckets to these. */
    void add(final LatencyTimeline other) {
        for (int b = 0; b < other.used; b++) {
            if (other.count[b] > 0) {
                record(b * BUCKET_NANOS, other.max[b]);
                count[b] += other.count[b] - 1;
            }
        }
    }

    /** @return buckets in use (the last holds the last completion). */
    int buckets() {
        return used;
    }

    /** @return the largest latency completed in bucket {@code b}, nanoseconds (0 if none). */
    long max(final int b) {
        return max[b];
    }

    /** @return completions in bucket {@code b}. */
    long count(final int b) {
        return count[b];
    }
}
