package dev.baton.engine;

import java.util.concurrent.CompletableFuture;

/**
 * The caller's side of a submission, before the ring: checks the request is well formed (on the caller's
 * thread, so a malformed request can never stop the engine), marks it pending, tells the listener, claims
 * its id in the table of ids in flight and copies its inputs; and undoes that for a request that never
 * reached the ring ({@link #withdraw}).
 * <p>
 * <b>Note:</b> thread-safe (any caller thread; the id table is concurrent). Allocation-free.
 */
final class RequestAdmission {
    private final JournaledEngine engine;
    private final InFlightIds inFlight;
    private final DecisionListener listener;
    private final EngineLog log;
    private final boolean warrants;

    RequestAdmission(final JournaledEngine engine, final InFlightIds inFlight, final DecisionListener listener,
                     final EngineLog log, final boolean warrants) {
        this.engine = engine;
        this.inFlight = inFlight;
        this.listener = listener;
        this.log = log;
        this.warrants = warrants;
    }

    /**
     * @return true if the request is ready for the ring (id claimed, inputs copied, pending), false if the
     *     table of ids in flight has no room for it now (busy; the request is left as it was).
     * @throws IllegalArgumentException if it is malformed or its id is already in flight.
     * @throws IllegalStateException    if it is still pending from an earlier submission.
     */
    boolean admit(final Request request, final CompletableFuture<Request> future) {
        if (request.op == null) {
            throw new IllegalArgumentException("request has no operation: call reset(op, id) first");
        }
        request.inputs.validate(request, warrants, engine.maxWarrantLength());
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
            log.refusedBusy();
            return false;
        }
        request.idSlot = slot;
        request.inputs.copyInto(request);
        request.future = future;
        if (listener != null) {
            request.submittedNanos = System.nanoTime();
        }
        return true;
    }

    /** Undoes an admission whose request never reached the ring. */
    void withdraw(final Request request) {
        inFlight.release(request.idSlot);
        request.idSlot = -1;
        request.future = null;
        request.abandon();
    }
}
