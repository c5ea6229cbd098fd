package dev.baton.engine;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The engine thread's wait for requests, per {@link WaitMode}: spin, then yield, then park until a
 * producer publishes (the publisher unparks it).
 * <p>
 * It waits for the next sequence to be <i>published</i>, not merely claimed. With several producers, a
 * Disruptor wait strategy normally returns as soon as the cursor (the last claimed slot) passes the
 * sequence, and the processor then finds the slot unpublished and calls it again at once: if the
 * producer that claimed the slot is preempted before publishing (likely on two cores), the engine thread
 * spins, with no back-off, on the core that producer needs. Here the wait goes on (and backs off) until
 * the slot itself is published.
 * <p>
 * <b>Note:</b> {@link #waitFor} is for the one engine thread; {@link #signalAllWhenBlocking} for any
 * publisher. Allocation-free.
 */
final class EngineWaitStrategy implements WaitStrategy {
    /** A few checks before parking even in PARK mode: a request published meanwhile costs no wake-up. */
    private static final int CHECKS = 16;
    /** Bound on one park: a lost wake-up (none is expected) costs at most this. */
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final long spinNanos;
    private final long yieldNanos;
    private RingBuffer<?> ring;
    private volatile Thread parked;

    /** @param mode how to wait (resolved). */
    EngineWaitStrategy(final WaitMode mode) {
        this.spinNanos = mode.spinNanos();
        this.yieldNanos = mode.yieldNanos();
    }

    /** Sets the ring whose slots are waited for; before the engine thread starts. */
    void ring(final RingBuffer<?> ring) {
        this.ring = ring;
    }

    @Override
    public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence,
                        final SequenceBarrier barrier) throws AlertException {
        if (ready(sequence, dependentSequence)) {
            return dependentSequence.get();
        }
        final long start = System.nanoTime();
        int checks = 0;
        while (!ready(sequence, dependentSequence)) {
            barrier.checkAlert();
            if (checks < CHECKS) {
                checks++;
                Thread.onSpinWait();
                continue;
            }
            final long waited = System.nanoTime() - start;
            if (waited < spinNanos) {
                Thread.onSpinWait();
            } else if (waited < yieldNanos) {
                Thread.yield();
            } else {
                park(sequence, dependentSequence);
            }
        }
        return dependentSequence.get();
    }

    private void park(final long sequence, final Sequence dependentSequence) {
        parked = Thread.currentThread();
        // Dekker with signalAllWhenBlocking: `parked` is written (volatile) before the slot is checked again,
        // and the publisher fences between publishing the slot and reading `parked`.
        if (!ready(sequence, dependentSequence)) {
            LockSupport.parkNanos(this, PARK_NANOS);
        }
        parked = null;
    }

    private boolean ready(final long sequence, final Sequence dependentSequence) {
        return dependentSequence.get() >= sequence && ring.isAvailable(sequence);
    }

    @Override
    public void signalAllWhenBlocking() {
        VarHandle.fullFence(); // the publisher's release store of the slot before the read of `parked`
        final Thread waiter = parked;
        if (waiter != null) {
            LockSupport.unpark(waiter);
        }
    }
}
