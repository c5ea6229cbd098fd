package dev.baton.core;

import java.time.Instant;
import java.time.InstantSource;

/**
 * A clock moved by hand: scenario {@code advance} steps, tests, and the pipeline (which sets it once
 * per event to the wall clock when deciding live and to the recorded time when replaying). It may move
 * backwards; the decision core holds its own time at the latest value seen.
 * <p>
 * <b>Note:</b> not thread-safe; {@link #millis()} allocates nothing.
 */
public final class ManualClock implements InstantSource {
    private long millis;

    /** @param startMillis epoch millis to start at. */
    public ManualClock(final long startMillis) {
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

    /** Sets the clock to {@code nowMillis} (epoch millis). */
    public void set(final long nowMillis) {
        millis = nowMillis;
    }

    /** Moves the clock by {@code deltaMillis} (negative moves it back). */
    public void advance(final long deltaMillis) {
        millis += deltaMillis;
    }
}
