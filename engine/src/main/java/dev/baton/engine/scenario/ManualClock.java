package dev.baton.engine.scenario;

import java.time.Instant;
import java.time.InstantSource;

/**
 * A clock moved by hand (scenario {@code advance} steps); it may move backwards.
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

    /** Moves the clock by {@code deltaMillis} (negative moves it back). */
    public void advance(final long deltaMillis) {
        millis += deltaMillis;
    }
}
