package dev.baton.engine;

import java.time.Instant;
import java.time.InstantSource;

/** A clock the test moves by hand; it may also jump backwards. */
final class TestClock implements InstantSource {
    private long millis;

    TestClock(final long startMillis) {
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

    void advance(final long deltaMillis) {
        millis += deltaMillis;
    }

    void set(final long newMillis) {
        millis = newMillis;
    }
}
