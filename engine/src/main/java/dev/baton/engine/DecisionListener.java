package dev.baton.engine;

import dev.baton.Outcome;
import dev.baton.Reason;

/**
 * Told about every decision the engine journals, and about every batch it ends: the hook for metrics
 * (see the optional {@code baton-metrics} module for a Micrometer one). Set it with {@link
 * EngineConfig#listener(DecisionListener)}; with none set the engine does nothing extra.
 * <p>
 * Both methods are called on the engine thread ({@code baton-engine}), after the batch's records were
 * appended and the journal forced as configured: {@link #onDecision} before the batch's requests
 * complete to their callers (so it adds to their latency), {@link #onBatch} just after. Implementations
 * must be quick, must not block, and should allocate nothing (Micrometer counters, timers and summaries
 * registered up front qualify). Decisions replayed from the journal at start are not reported. An
 * exception thrown by a method goes to the engine thread's uncaught-exception handler; the decision
 * stands and the engine carries on.
 * <p>
 * <b>Note:</b> called from the one engine thread only, so an implementation needs no locking of its own
 * for that thread; whatever it shares with other threads (a meter registry) must be thread-safe.
 * The engine passes only enums and primitives: calling it allocates nothing.
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
    void onDecision(Request.Op op, Outcome outcome, Reason reason, long latencyNanos);

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
