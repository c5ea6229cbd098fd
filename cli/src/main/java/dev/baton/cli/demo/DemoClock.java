package dev.baton.cli.demo;

import java.time.Instant;
import java.time.InstantSource;

/**
 * The engine's clock in the demo: the system clock plus an offset that only the late shift moves
 * forward, while no producer is running (so no task in progress sees time jump).
 * <p>
 * <b>Note:</b> {@link #millis()} is thread-safe and allocation-free; {@link #advance(long)} has one
 * writer (the demo's main thread).
 */
final class DemoClock implements InstantSource {
    private volatile long offset;

    @Override
    public long millis() {
        return System.currentTimeMillis() + offset;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    /** Moves the clock forward by {@code deltaMillis}. */
    void advance(final long deltaMillis) {
        offset = offset + deltaMillis;
    }

    /** @return how far the clock has been moved ahead of the system clock, in milliseconds. */
    long offset() {
        return offset;
    }
}
