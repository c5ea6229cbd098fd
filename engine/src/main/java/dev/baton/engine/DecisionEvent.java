package dev.baton.engine;

import dev.baton.Outcome;
import dev.baton.Reason;
import dev.baton.core.DecisionSlot;

/**
 * One journaled decision as a {@link DecisionListener} sees it: a view the engine thread refills for
 * every decision, valid only during {@link DecisionListener#onDecision(DecisionEvent)} (copy what you
 * keep).
 * <p>
 * <b>Note:</b> not thread-safe: owned by the engine thread. Reading it allocates nothing.
 */
public final class DecisionEvent {
    private Request request;
    private DecisionSlot decision;
    private int child;
    private long latencyNanos;
    private long endNanos;

    DecisionEvent() {
    }

    /** Points the view at child {@code child} of {@code request}, journaled by {@code endNanos}. */
    DecisionEvent of(final Request request, final int child, final long endNanos) {
        this.request = request;
        this.decision = request.decisions[child];
        this.child = child;
        this.endNanos = endNanos;
        this.latencyNanos = endNanos - request.submittedNanos;
        return this;
    }

    /** @return the request's operation. */
    public Request.Op op() {
        return request.op;
    }

    /** @return the caller's request id. */
    public long requestId() {
        return request.requestId;
    }

    /** @return which child of the request this decision is (0 unless a fan-out). */
    public int child() {
        return child;
    }

    /** @return how many children the request has (the decisions it journaled). */
    public int children() {
        return request.children;
    }

    /** @return ALLOW, DENY or REVIEW. */
    public Outcome outcome() {
        return decision.outcome();
    }

    /** @return why. */
    public Reason reason() {
        return decision.reason();
    }

    /** @return the grant the decision issued or acted on ({@link DecisionSlot#grantId()}). */
    public long grantId() {
        return decision.grantId();
    }

    /** @return the version of the policy the decision was made under. */
    public long policyVersion() {
        return decision.policyVersion();
    }

    /**
     * @return from the request's submission to {@link #journaledNanos()}: queued on the ring, decided,
     *     appended and forced; not the completion hand-off that follows.
     */
    public long latencyNanos() {
        return latencyNanos;
    }

    /** @return {@code System.nanoTime()} at submission. */
    public long submittedNanos() {
        return request.submittedNanos;
    }

    /** @return {@code System.nanoTime()} once the decision's batch was journaled as configured. */
    public long journaledNanos() {
        return endNanos;
    }

    /** @return the caller's trace context (read it, do not change it). */
    public TraceContext trace() {
        return request.trace;
    }
}
