package dev.baton.engine;

import org.agrona.concurrent.OneToOneConcurrentArrayQueue;

import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Completes decided requests, so that user code never runs on the engine thread. A request with neither
 * a {@link Request.Listener} nor a {@code decideAsync} future is finished on the engine thread itself (a
 * volatile write, and an unpark for a waiting {@code decide}): the polling path takes no hop and
 * allocates nothing. Any other goes through a preallocated queue to the one {@value #THREAD_NAME}
 * thread, which tells the listener, publishes {@link Request#isDone()}, and only then completes the
 * future: its dependent stages see the request final and may reuse it at once.
 * <p>
 * The completion thread polls briefly when idle (longer in {@link WaitMode#SPIN}; in {@link WaitMode#PARK}
 * it yields a few times instead), then parks; the engine unparks it at the end of a batch
 * that handed it work, only when it is parked. A full queue (slow listeners) makes the engine thread wait
 * for room: back-pressure, not an unbounded queue.
 * <p>
 * <b>Note:</b> {@link #complete} and {@link #endOfBatch} are for the engine thread only (the queue has one
 * producer); allocation-free.
 */
final class Completer {
    /** Name of the completion thread: listeners and {@code decideAsync} dependents run on it. */
    static final String THREAD_NAME = "baton-completion";
    /** Polls before parking when idle in {@link WaitMode#SPIN}; a few only in {@link WaitMode#PARK}. */
    private static final int SPINS = 100;
    private static final int CHECKS = 8;
    /** Yields after the polls in {@link WaitMode#PARK} (each hands the core to any runnable thread). */
    private static final int YIELDS = 50;
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final OneToOneConcurrentArrayQueue<Request> queue;
    private final InFlightIds ids;
    private final Thread thread;
    private final int spins;
    private final int yields;
    private boolean handed;
    /** The batch the requests finished last on the engine thread belong to, and how many have not arrived. */
    private RequestBatch arriving;
    private int arrivals;
    private volatile boolean parked;
    private volatile boolean stopping;

    /**
     * @param capacity completions that may wait for the completion thread before the engine waits too.
     * @param ids      the engine's ids in flight; a request's id is released just before it is done.
     * @param mode     how the completion thread waits when idle (resolved).
     */
    Completer(final int capacity, final InFlightIds ids, final WaitMode mode) {
        this.queue = new OneToOneConcurrentArrayQueue<>(capacity);
        this.ids = ids;
        this.spins = mode == WaitMode.SPIN ? SPINS : CHECKS;
        this.yields = mode == WaitMode.SPIN ? 0 : YIELDS;
        this.thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** @return whether the calling thread is the completion thread. */
    boolean isCompletionThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Engine thread: completes a decided (or failed) request, directly or through the completion thread. The
     * requests of one batch finished here one after the other arrive at their batch at once ({@link
     * #endOfBatch} at the latest): one atomic update of the batch, not one per request.
     */
    void complete(final Request r) {
        if (r.listener == null && r.future == null) {
            final RequestBatch batch = finish(r);
            if (batch != null) {
                if (batch != arriving) {
                    arrive();
                    arriving = batch;
                }
                arrivals++;
            }
            return;
        }
        while (!queue.offer(r)) {
            wake();
            LockSupport.parkNanos(1_000);
        }
        handed = true;
    }

    /**
     * Engine thread, at the end of a ring batch: the requests finished here arrive at their batch; wakes the
     * completion thread if this ring batch handed it work.
     */
    void endOfBatch() {
        arrive();
        if (handed) {
            handed = false;
            wake();
        }
    }

    /** Lets the completion thread finish what is queued, then stop; waits for it unless called on it. */
    void close(final long timeoutMillis) {
        stopping = true;
        LockSupport.unpark(thread);
        if (!isCompletionThread()) {
            try {
                thread.join(timeoutMillis);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void wake() {
        // Dekker with run(): the queue's ordered store must be visible before `parked` is read, just as
        // the completion thread writes `parked` before it looks at the queue a last time.
        VarHandle.fullFence();
        if (parked) {
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        int idle = 0;
        while (true) {
            final Request r = queue.poll();
            if (r != null) {
                notify(r);
                idle = 0;
            } else if (stopping) {
                if (queue.isEmpty()) {
                    return;
                }
            } else if (idle < spins) {
                idle++;
                Thread.onSpinWait();
            } else if (idle < spins + yields) {
                idle++;
                Thread.yield();
            } else {
                parked = true;
                if (queue.isEmpty() && !stopping) {
                    LockSupport.parkNanos(this, PARK_NANOS); // bounded: a missed wake-up costs at most this
                }
                parked = false;
            }
        }
    }

    private void notify(final Request r) {
        final Request.Listener listener = r.listener;
        final CompletableFuture<Request> future = r.future;
        r.future = null;
        if (listener != null) {
            try {
                listener.onComplete(r);
            } catch (final Throwable t) {
                thread.getUncaughtExceptionHandler().uncaughtException(thread, t);
            }
        }
        final RequestBatch batch = finish(r);
        if (batch != null) {
            batch.arrive(1);
        }
        if (future != null) {
            future.complete(r);
        }
    }

    /** Engine thread: the requests of {@link #arriving} finished since it was set arrive at it. */
    private void arrive() {
        if (arriving != null) {
            arriving.arrive(arrivals);
            arriving = null;
            arrivals = 0;
        }
    }

    /** Releases the request's id and marks it done. @return its batch, which it has yet to arrive at, or null. */
    private RequestBatch finish(final Request r) {
        if (r.idSlot >= 0) {
            ids.release(r.idSlot);
            r.idSlot = -1;
        }
        final RequestBatch batch = r.batch;
        r.batch = null; // read before the request is done: its owner may reuse it from then on
        r.finish();
        return batch;
    }
}
