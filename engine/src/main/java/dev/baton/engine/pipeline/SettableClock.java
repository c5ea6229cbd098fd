package dev.baton.engine.pipeline;

import java.time.Instant;
import java.time.InstantSource;

/**
 * The clock a pipeline core reads: set once per event, to the wall clock when deciding live and to the
 * recorded timestamp when replaying, so both take the same instant for the same request.
 * <p>
 * <b>Note:</b> not thread-safe (the engine thread owns it); allocation-free except {@link #instant()}.
 */
final class SettableClock implements InstantSource {
    private long millis;

    void set(final long nowMillis) {
        this.millis = nowMillis;
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }
}
