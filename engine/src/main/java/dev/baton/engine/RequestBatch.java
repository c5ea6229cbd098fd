package dev.baton.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Several {@link Request}s submitted together: {@link JournaledEngine#tryDecideAll(RequestBatch)} puts them
 * on the ring in one claim of consecutive slots (one {@code next(n)}, one {@code publish(lo, hi)}), the
 * engine decides and journals them in order like any other requests, and the batch completes once, when
 * its last request has completed: one volatile write and at most one wake-up for the whole batch, instead
 * of one per request.
 * <p>
 * Each request keeps its own inputs, outputs, id, {@link Request#isDone()} and optional listener; a
 * request with a {@link Request.Listener} completes on the completion thread as usual, and the batch
 * completes after it. Submission is all or nothing: either every request is on the ring, or none is
 * (a full ring answers {@link JournaledEngine#BUSY} and nothing was queued).
 * <p>
 * Reuse: fill the requests, {@link #clear()} and {@link #add} them (or keep the same ones and refill
 * them), submit, wait ({@link JournaledEngine#decideAll} submits and waits; or {@link #await(long, TimeUnit)}
 * after {@link JournaledEngine#tryDecideAll}), read each request's decisions, repeat.
 * <p>
 * <b>Note:</b> not thread-safe while being filled (one owner thread); its completion is published with a
 * volatile write, so an owner that sees {@link #isDone()} sees every request done and every output.
 * Allocation-free after construction.
 */
public final class RequestBatch {
    private static final int IDLE = 0;
    private static final int PENDING = 1;
    private static final int DONE = 2;
    private static final VarHandle REMAINING;

    static {
        try {
            REMAINING = MethodHandles.lookup().findVarHandle(RequestBatch.class, "remaining", int.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Request[] requests;
    private int size;
    @SuppressWarnings("unused") // through REMAINING
    private volatile int remaining;
    private volatile int state;
    /** {@link #isDone()}, for {@link CallerWait} (one object per batch, made once). */
    private final java.util.function.BooleanSupplier done = this::isDone;
    private volatile Thread waiter;
    private long completedNanos;
    /** How long {@link #await(long, TimeUnit)} spins first: the submitting engine's wait mode. */
    private long spinNanos;
    /** Until when (from the start of the wait) it then yields: the submitting engine's wait mode. */
    private long yieldNanos;

    /** @param capacity the most requests the batch holds (at most the engine's ring size when submitted). */
    public RequestBatch(final int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a batch holds at least one request, found capacity " + capacity);
        }
        this.requests = new Request[capacity];
    }

    /**
     * Adds a filled request.
     *
     * @param request a request, not pending, not already in this batch.
     * @return this.
     * @throws IllegalStateException if the batch is pending or full.
     */
    public RequestBatch add(final Request request) {
        checkIdle();
        if (size == requests.length) {
            throw new IllegalStateException("this batch is full: at most " + requests.length + " requests");
        }
        requests[size++] = java.util.Objects.requireNonNull(request, "request");
        return this;
    }

    /**
     * Removes every request (the requests themselves are left as they are).
     *
     * @return this.
     * @throws IllegalStateException if the batch is pending.
     */
    public RequestBatch clear() {
        checkIdle();
        java.util.Arrays.fill(requests, 0, size, null);
        size = 0;
        return this;
    }

    /** @return requests in the batch. */
    public int size() {
        return size;
    }

    /** @return the most requests the batch holds. */
    public int capacity() {
        return requests.length;
    }

    /** @return request {@code i}, in the order added (the order they are decided and journaled in). */
    public Request request(final int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("request " + i + " of a batch of " + size);
        }
        return requests[i];
    }

    /** @return whether every request of the last submission is done (decided, journaled and completed). */
    public boolean isDone() {
        return state == DONE;
    }

    /**
     * @return {@code System.nanoTime()} taken when the last request of the batch completed (on the thread
     *     that completed it), valid once {@link #isDone()}: a completion time that needs no listener.
     */
    public long completedNanos() {
        return completedNanos;
    }

    // ------------------------------------------------------------------------------------ engine side

    /**
     * Waits until the batch submitted last is done, or the timeout passes, as the engine it was submitted to
     * waits ({@link WaitMode}): spins first in {@link WaitMode#SPIN}, yields up to about 50 µs in {@link
     * WaitMode#PARK}, then parks until its last request completes (a batch done before that costs the engine
     * thread no wake-up). For callers that keep several batches in flight ({@link
     * JournaledEngine#tryDecideAll}); {@link JournaledEngine#decideAll} submits and waits in one call.
     *
     * @param timeout the longest wait.
     * @param unit    its unit.
     * @return whether the batch is done.
     * @throws IllegalStateException if the batch was never submitted.
     */
    public boolean await(final long timeout, final TimeUnit unit) {
        if (state == IDLE) {
            throw new IllegalStateException("this batch was not submitted");
        }
        return await(System.nanoTime() + unit.toNanos(timeout), spinNanos, yieldNanos);
    }

    /**
     * @param spin       nanoseconds {@link #await(long, TimeUnit)} spins before yielding.
     * @param yieldUntil nanoseconds from the start of the wait until which it yields before parking.
     * @return whether the batch was idle (or done) and is now pending with every request to arrive.
     */
    boolean begin(final long spin, final long yieldUntil) {
        if (state == PENDING) {
            return false;
        }
        spinNanos = spin;
        yieldNanos = yieldUntil;
        waiter = null;
        REMAINING.setVolatile(this, size);
        state = PENDING;
        return true;
    }

    /** Undoes {@link #begin(long, long)} for a batch that never reached the ring. */
    void abandon() {
        state = IDLE;
    }

    /** @return whether a waiter has asked the last arrival to wake it (it has parked, or is about to). */
    boolean wakeUpAsked() {
        return waiter != null;
    }

    /** Marks an empty batch done at once. */
    void completeEmpty() {
        completedNanos = System.nanoTime();
        state = DONE;
    }

    /** {@code n} of the batch's requests are done; the last ones complete the batch and wake its waiter. */
    void arrive(final int n) {
        if ((int) REMAINING.getAndAdd(this, -n) == n) {
            completedNanos = System.nanoTime();
            state = DONE;
            // Dekker with await(): DONE is written before `waiter` is read, as the waiter writes itself before
            // reading the state. A stale waiter (the batch already reused) only gets a spurious unpark.
            final Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }

    /**
     * Waits until done or the deadline passes: spins up to {@code spinNanos}, then yields until {@code
     * yieldNanos} from the start (both bounded by the deadline), then parks (woken by the last request's
     * completion). Done while spinning or yielding: no wake-up was asked for, so the engine thread pays none.
     *
     * @return whether done.
     */
    boolean await(final long deadlineNanos, final long spinNanos, final long yieldNanos) {
        if (state == DONE) {
            return true;
        }
        if (CallerWait.spinThenYield(done, deadlineNanos, spinNanos, yieldNanos)) {
            return true; // no waiter registered: the last arrival wakes nobody
        }
        waiter = Thread.currentThread();
        while (state != DONE) {
            final long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            LockSupport.parkNanos(this, Math.min(left, 1_000_000L));
        }
        return true;
    }

    private void checkIdle() {
        if (state == PENDING) {
            throw new IllegalStateException("this batch is still pending");
        }
    }
}
