package dev.baton.core;

import java.time.InstantSource;

/**
 * A {@link DecisionCore}'s time: its clock, held at the latest value seen, so that time never runs
 * backwards inside the core (a clock that jumps back can neither revive an expired grant nor extend a new one).
 * <p>
 * <b>Note:</b> not thread-safe (the core's thread); allocation-free.
 */
final class CoreTime {
    private final InstantSource clock;
    private long lastNow = Long.MIN_VALUE;

    /** @param clock the source of time (epoch millis). */
    CoreTime(final InstantSource clock) {
        this.clock = clock;
    }

    /** Engine time: the clock, held at the latest value seen so it never runs backwards. */
    long now() {
        final long t = clock.millis();
        if (t > lastNow) {
            lastNow = t;
        }
        return lastNow;
    }

    /** The time of the last decision, or the clock's before any: for reading state without deciding. */
    long last() {
        return lastNow == Long.MIN_VALUE ? clock.millis() : lastNow;
    }

    /** The latest time seen (raw: {@code Long.MIN_VALUE} before any decision), for {@link CoreSnapshot}. */
    long raw() {
        return lastNow;
    }

    /** Restores the latest time seen, for {@link CoreSnapshot}. */
    void raw(final long value) {
        lastNow = value;
    }
}
