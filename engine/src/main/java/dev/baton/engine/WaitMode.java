package dev.baton.engine;

/**
 * How the engine's threads wait when there is nothing to do: the engine thread for requests, the
 * completion thread for completions, and a caller for its request or batch to complete.
 * <p>
 * Spinning keeps a core busy to shave microseconds off each wake-up; that only pays when every busy
 * thread has a core of its own. A journaled engine runs at least two threads of its own (engine and
 * completion) next to its callers, so on a machine with two cores a spinning thread takes the core that
 * the thread it waits for needs: measured on the demo, the engine thread spent half its samples spinning
 * while the producers waited to be scheduled (docs/performance.md).
 * <p>
 * <b>Note:</b> an immutable enum constant; thread-safe.
 */
public enum WaitMode {
    /**
     * {@link #SPIN} on a machine with at least {@value #SPIN_PROCESSORS} processors
     * ({@code Runtime.availableProcessors()}), {@link #PARK} on a smaller one. The default.
     */
    AUTO,
    /**
     * Spin (about 20 µs), then yield (up to about 1 ms), then park: the lowest wake-up latency, for a
     * machine with a core to spare for each busy thread.
     */
    SPIN,
    /**
     * Check a few times (well under a microsecond), then yield a while (the engine thread and a caller
     * waiting for its request or batch up to about 50 µs, the completion thread 50 times: a yield hands the
     * core to any other runnable thread, so it takes nothing from a thread that needs it), then park until
     * woken: the thread that makes the work available unparks the waiter. Costs a wake-up (a futex call, a
     * few to tens of microseconds, paid by the waking thread, and the woken thread may preempt it) each time
     * a waiter had parked, and burns no core while idle. A caller whose batch completes within its yield
     * phase costs the engine thread no wake-up at all.
     */
    PARK;

    /** The fewest processors on which {@link #AUTO} spins. */
    public static final int SPIN_PROCESSORS = 4;

    /**
     * @return this mode, or for {@link #AUTO} the mode it stands for on this machine.
     */
    public WaitMode resolve() {
        if (this != AUTO) {
            return this;
        }
        return Runtime.getRuntime().availableProcessors() >= SPIN_PROCESSORS ? SPIN : PARK;
    }

    /** @return nanoseconds a waiter spins before yielding or parking (0 = check briefly, then park). */
    long spinNanos() {
        return resolve() == SPIN ? 20_000L : 0L;
    }

    /** @return nanoseconds (from the start of the wait) until which a waiter yields before parking. */
    long yieldNanos() {
        return resolve() == SPIN ? 1_000_000L : 50_000L;
    }

    /**
     * @return nanoseconds (from the start of the wait) until which a caller waiting for its request or batch
     *     yields before parking, after its spin: 50 µs in PARK mode (as the engine thread), none in SPIN mode
     *     (it has spun).
     */
    long callerYieldNanos() {
        return resolve() == SPIN ? 0L : 50_000L;
    }
}
