package dev.baton.engine;

import com.lmax.disruptor.EventTranslatorOneArg;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Puts callers' requests on the engine's ring: one at a time ({@link #one}), or a {@link RequestBatch} in
 * one claim of consecutive slots ({@link #all}). Each request is checked, given its id's slot in the table
 * of ids in flight and its inputs copied before it reaches the ring; whatever does not reach it is
 * withdrawn (its id released, the request idle again), so a request is either queued or untouched.
 * <p>
 * <b>Note:</b> thread-safe (any number of producers); allocation-free.
 */
final class Submissions {
    private static final EventTranslatorOneArg<RingSlot, Request> REQUEST = (slot, seq, r) -> {
        slot.clear();
        slot.request = r;
    };
    /** Puts a {@link Control} in a slot. */
    static final EventTranslatorOneArg<RingSlot, Control> CONTROL = (slot, seq, c) -> {
        slot.clear();
        slot.control = c;
    };
    private static final EventTranslatorOneArg<RingSlot, ForeignRevocationRequest> FOREIGN = (slot, seq, f) -> {
        slot.clear();
        slot.foreign = f;
    };

    private final JournaledEngine engine;
    private final RingBuffer<RingSlot> ring;
    private final InFlightIds inFlight;
    private final AtomicInteger publishing;
    private final DecisionListener listener;
    private final EngineLog log;
    private final long spinNanos;
    private final long yieldNanos;

    /**
     * @param engine     the engine (its state: accepting, warrants, the policy's warrant length).
     * @param ring       its ring.
     * @param inFlight   its ids in flight.
     * @param publishing its count of publishers inside a submission (close waits for none).
     * @param listener   the engine's {@link DecisionListener} (told of each submission, which is then timed), or null.
     * @param log        the engine's log (counts BUSY refusals).
     * @param waits      how callers wait for their request or batch: spin, then yield, then park (resolved).
     */
    Submissions(final JournaledEngine engine, final RingBuffer<RingSlot> ring, final InFlightIds inFlight,
                final AtomicInteger publishing, final DecisionListener listener, final EngineLog log,
                final WaitMode waits) {
        this.engine = engine;
        this.ring = ring;
        this.inFlight = inFlight;
        this.publishing = publishing;
        this.listener = listener;
        this.log = log;
        this.spinNanos = waits.spinNanos();
        this.yieldNanos = waits.callerYieldNanos();
    }

    /** One request: {@link JournaledEngine#ACCEPTED}, {@code BUSY} or {@code CLOSED}. */
    int one(final Request request, final CompletableFuture<Request> future) {
        if (prepare(request, future, null) != JournaledEngine.ACCEPTED) {
            log.refusedBusy();
            return JournaledEngine.BUSY;
        }
        publishing.incrementAndGet();
        try {
            if (engine.isClosed()) {
                withdraw(request);
                return JournaledEngine.CLOSED;
            }
            if (!ring.tryPublishEvent(REQUEST, request)) {
                withdraw(request);
                log.refusedBusy();
                return JournaledEngine.BUSY;
            }
            return JournaledEngine.ACCEPTED;
        } finally {
            publishing.decrementAndGet();
        }
    }

    /** A batch in one ring claim: {@link JournaledEngine#ACCEPTED}, {@code BUSY} or {@code CLOSED}; all or nothing. */
    int all(final RequestBatch batch) {
        final int n = batch.size();
        if (n > ring.getBufferSize()) {
            throw new IllegalArgumentException("a batch of " + n + " requests cannot fit the ring of "
                + ring.getBufferSize() + " slots");
        }
        if (!batch.begin(spinNanos, yieldNanos)) {
            throw new IllegalStateException("this batch is still pending");
        }
        if (n == 0) {
            batch.completeEmpty();
            return JournaledEngine.ACCEPTED;
        }
        final int prepared = prepareAll(batch);
        if (prepared < n) {
            withdraw(batch, prepared);
            log.refusedBusy();
            return JournaledEngine.BUSY;
        }
        publishing.incrementAndGet();
        try {
            if (engine.isClosed()) {
                withdraw(batch, n);
                return JournaledEngine.CLOSED;
            }
            final long hi;
            try {
                hi = ring.tryNext(n);
            } catch (final InsufficientCapacityException full) { // a preallocated instance: no allocation
                withdraw(batch, n);
                log.refusedBusy();
                return JournaledEngine.BUSY;
            }
            final long lo = hi - n + 1;
            for (int i = 0; i < n; i++) {
                final RingSlot slot = ring.get(lo + i);
                slot.clear();
                slot.request = batch.request(i);
            }
            ring.publish(lo, hi);
            return JournaledEngine.ACCEPTED;
        } finally {
            publishing.decrementAndGet();
        }
    }

    /**
     * Submits a request ({@code batch} null) or a batch ({@code request} null) and waits for it, up to {@code
     * timeout} in all: for room on the ring (parking between tries), then for its completion (spinning, then
     * yielding, for the wait mode's times, then parking). No lambda: the caller's hot path.
     *
     * @return DONE, BUSY (never queued) or TIMED_OUT (queued, still pending).
     * @throws IllegalStateException if the engine is closed.
     */
    JournaledEngine.Outcome await(final Request request, final RequestBatch batch, final long timeout,
                                  final TimeUnit unit) {
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        int result;
        while ((result = request != null ? one(request, null) : all(batch)) == JournaledEngine.BUSY) {
            if (System.nanoTime() - deadline >= 0) {
                return JournaledEngine.Outcome.BUSY;
            }
            LockSupport.parkNanos(20_000);
        }
        if (result == JournaledEngine.CLOSED) {
            throw engine.closedError();
        }
        final boolean done = request != null ? request.await(deadline, spinNanos, yieldNanos)
            : batch.await(deadline, spinNanos, yieldNanos);
        return done ? JournaledEngine.Outcome.DONE : JournaledEngine.Outcome.TIMED_OUT;
    }

    /** Puts a control on the ring (waiting for room) and waits until the engine thread has done it: its result. */
    int control(final Control c) {
        publishing.incrementAndGet();
        try {
            if (engine.isClosed()) {
                throw engine.closedError();
            }
            ring.publishEvent(CONTROL, c);
        } finally {
            publishing.decrementAndGet();
        }
        return c.await();
    }

    /**
     * A foreign revocation, if the ring has room, at once: {@link JournaledEngine#ACCEPTED}, {@code BUSY} or
     * {@code CLOSED}. Allocation-free.
     */
    int foreign(final ForeignRevocationRequest f) {
        if (!f.begin()) {
            throw new IllegalStateException("this foreign revocation is still pending");
        }
        publishing.incrementAndGet();
        try {
            if (engine.isClosed()) {
                f.abandon();
                return JournaledEngine.CLOSED;
            }
            if (!ring.tryPublishEvent(FOREIGN, f)) {
                f.abandon();
                log.refusedBusy();
                return JournaledEngine.BUSY;
            }
            return JournaledEngine.ACCEPTED;
        } finally {
            publishing.decrementAndGet();
        }
    }

    /** A tick of the {@link EngineFlusher}: a FLUSH slot, so an idle engine's tail is forced (full ring: busy anyway). */
    void flush() {
        publishing.incrementAndGet();
        try {
            if (!engine.isClosed()) {
                ring.tryPublishEvent(CONTROL, new Control(Control.Kind.FLUSH, null, null));
            }
        } finally {
            publishing.decrementAndGet();
        }
    }

    /** @return how many of the batch's requests were prepared, in order (fewer than its size: an id table bucket was full). */
    private int prepareAll(final RequestBatch batch) {
        final int n = batch.size();
        int i = 0;
        try {
            for (; i < n; i++) {
                if (prepare(batch.request(i), null, batch) != JournaledEngine.ACCEPTED) {
                    return i;
                }
            }
            return n;
        } catch (final RuntimeException misuse) {
            withdraw(batch, i);
            throw misuse;
        }
    }

    /**
     * Checks a request, marks it pending, claims its id and copies its inputs.
     *
     * @return ACCEPTED (ready for the ring) or BUSY (the id table's bucket is full; the request is untouched).
     */
    private int prepare(final Request request, final CompletableFuture<Request> future, final RequestBatch batch) {
        if (request.op == null) {
            throw new IllegalArgumentException("request has no operation: call reset(op, id) first");
        }
        request.inputs.validate(request, engine.issuesWarrants(), engine.maxWarrantLength());
        if (!request.begin()) {
            throw new IllegalStateException("request " + request.requestId + " is still pending");
        }
        if (listener != null) {
            DecisionListeners.submit(listener, request); // on the caller's thread, the request now pending
        }
        final int slot = inFlight.claim(request.requestId);
        if (slot == InFlightIds.DUPLICATE) {
            request.abandon();
            throw new IllegalArgumentException(request.op + " request id " + request.requestId
                + " is already in flight: requests pending on one engine need distinct ids");
        }
        if (slot == InFlightIds.FULL) {
            request.abandon();
            return JournaledEngine.BUSY;
        }
        request.idSlot = slot;
        request.inputs.copyInto(request);
        engine.authenticate(request);
        request.future = future;
        request.batch = batch;
        if (listener != null) {
            request.submittedNanos = System.nanoTime();
        }
        return JournaledEngine.ACCEPTED;
    }

    /** Undoes the preparation of the batch's first {@code prepared} requests, and the batch's start. */
    private void withdraw(final RequestBatch batch, final int prepared) {
        for (int i = 0; i < prepared; i++) {
            withdraw(batch.request(i));
        }
        batch.abandon();
    }

    /** Undoes a submission that never reached the ring. */
    private void withdraw(final Request request) {
        inFlight.release(request.idSlot);
        request.idSlot = -1;
        request.future = null;
        request.batch = null;
        request.abandon();
    }
}
