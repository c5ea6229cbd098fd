package dev.baton.engine;

import dev.baton.Outcome;
import dev.baton.Reason;

/**
 * Told about every decision the engine journals, and about every batch it ends: the hook for metrics
 * and tracing (see the optional {@code baton-metrics} module for Micrometer meters and {@code
 * baton-tracing} for OpenTelemetry spans). Set it with {@link
 * EngineConfig#listener(DecisionListener)}; with none set the engine does nothing extra.
 * <p>
 * Every method but {@link #onSubmit} is called on the engine thread ({@code baton-engine}, or the one
 * {@link EngineConfig#engineThreadFactory} made), after the
 * batch's records were appended and the journal forced as configured: {@link #onDecision} before the
 * batch's requests complete to their callers (so it adds to their latency), {@link #onBatch} and {@link
 * #onJournalForced} just after. {@link #onSubmit} runs on each submitting thread. Every method does
 * nothing unless overridden; combine several listeners with {@link #all}. Implementations
 * must be quick, must not block, and should allocate nothing (Micrometer counters, timers and summaries
 * registered up front qualify). Decisions replayed from the journal at start are not reported. An
 * exception thrown by a method on the engine thread goes to that thread's uncaught-exception handler;
 * the decision stands and the engine carries on (one thrown by {@link #onSubmit} goes to the submitting
 * caller, and nothing is queued).
 * <p>
 * <b>Note:</b> but for {@link #onSubmit}, called from the one engine thread only, so an implementation
 * needs no locking of its own for that thread; whatever it shares with other threads (a meter
 * registry, {@code onSubmit}'s callers) must be thread-safe. The engine passes enums, primitives and
 * one {@link DecisionEvent} it reuses: calling it allocates nothing.
 */
public interface DecisionListener {
    /**
     * One decision, journaled: a fan-out reports one per child, in child order.
     *
     * @param op           the request's operation.
     * @param outcome      ALLOW, DENY or REVIEW.
     * @param reason       why.
     * @param latencyNanos from the request's submission ({@code tryDecide} and the methods built on it)
     *                     to now: queued on the ring, decided, appended and forced; not the completion
     *                     hand-off that follows.
     */
    default void onDecision(Request.Op op, Outcome outcome, Reason reason, long latencyNanos) {
    }

    /**
     * One decision, journaled, with all the engine tells about it (the request id, the grant, the
     * caller's trace context): what the engine calls. By default it calls {@link
     * #onDecision(Request.Op, Outcome, Reason, long)}.
     *
     * @param event the decision; valid only during the call.
     */
    default void onDecision(final DecisionEvent event) {
        onDecision(event.op(), event.outcome(), event.reason(), event.latencyNanos());
    }

    /**
     * A request is being submitted, on the submitting thread, before it is queued (it may still be
     * refused: busy, closed, a duplicate id). The one thing it may change is the request's {@link
     * Request#trace() trace context}: a tracing listener captures the caller's current trace here. Must be
     * thread-safe; an exception propagates to the submitting caller and nothing is queued.
     *
     * @param request the request being submitted.
     */
    default void onSubmit(final Request request) {
    }

    /**
     * The journal was forced to disk (the fsync alone, without the SEAL): in {@link FsyncMode#BATCH} at the
     * end of this batch; in {@link FsyncMode#INTERVAL} by the journal's syncer thread, reported at the end of
     * the first batch after the force completed. Called after {@link #onBatch}. Not called in {@link
     * FsyncMode#NONE}, nor by batches that did not force.
     *
     * @param forceNanos how long the force took.
     */
    default void onJournalForced(final long forceNanos) {
    }

    /**
     * @param listeners listeners to tell, in this order.
     * @return one listener telling each of them (an exception of one does not stop the others); the
     *     one listener itself if given one.
     */
    static DecisionListener all(final DecisionListener... listeners) {
        return listeners.length == 1 ? listeners[0] : new DecisionListeners(listeners.clone());
    }

    /**
     * The end of one batch of ring slots (requests and the engine's own control slots), once the journal
     * was forced as configured. Does nothing unless overridden.
     *
     * @param slots     ring slots in the batch (at least 1).
     * @param syncNanos time the end of the batch spent on the journal (its SEAL and, when due, the force
     *                  to disk).
     */
    default void onBatch(final int slots, final long syncNanos) {
    }
}
