package dev.baton.bench;

import java.time.Instant;
import java.time.InstantSource;

/**
 * A clock the benchmark moves by hand, so that grants expire and are reclaimed in steady state
 * without waiting on wall time. {@link #millis()} allocates nothing.
 * <p>
 * <b>Note:</b> not thread-safe; one per benchmark thread.
 */
public final class SteppingClock implements InstantSource {
    private long millis;

    /** @param startMillis epoch millis to start at. */
    public SteppingClock(final long startMillis) {
        this.millis = startMillis;
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    /** Moves the clock forward by {@code deltaMillis}. */
    public void advance(final long deltaMillis) {
        millis += deltaMillis;
    }
}
