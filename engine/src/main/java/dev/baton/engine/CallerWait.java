package dev.baton.engine;

import java.util.function.BooleanSupplier;

/**
 * The first part of a caller's wait for its request or batch, before it registers as a waiter and parks:
 * spin, then yield, as the engine's {@link WaitMode} says. Done in this part, the caller asked for no
 * wake-up, so the engine thread pays none.
 * <p>
 * <b>Note:</b> stateless; thread-safe. Allocates nothing.
 */
final class CallerWait {
    private CallerWait() {
    }

    /**
     * Spins up to {@code spinNanos}, then yields until {@code yieldNanos} from the start, both bounded by
     * the deadline.
     *
     * @param done          whether the request or batch is done.
     * @param deadlineNanos the wait's deadline ({@code System.nanoTime}).
     * @return whether it is done.
     */
    static boolean spinThenYield(final BooleanSupplier done, final long deadlineNanos, final long spinNanos,
                                 final long yieldNanos) {
        final long start = System.nanoTime();
        long now = start;
        while (!done.getAsBoolean() && now - start < spinNanos && now - deadlineNanos < 0) {
            Thread.onSpinWait();
            now = System.nanoTime();
        }
        while (!done.getAsBoolean() && now - start < yieldNanos && now - deadlineNanos < 0) {
            Thread.yield();
            now = System.nanoTime();
        }
        return done.getAsBoolean();
    }
}
