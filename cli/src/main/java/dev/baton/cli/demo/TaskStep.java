package dev.baton.cli.demo;

import dev.baton.core.DecisionSlot;
import dev.baton.core.DecisionCore;
import dev.baton.Outcome;
import dev.baton.Reason;
import dev.baton.core.ScopeBits;
import dev.baton.engine.Request;
import dev.baton.testkit.Step;

/**
 * One template step with every name resolved to an index or an interned identity, and its scopes built:
 * what a {@link Lane} needs to fill a {@link Request} without string work or allocation.
 * <p>
 * Grants are referred to by name slot (0..names-1 of the template); -1 means none.
 * <p>
 * <b>Note:</b> immutable once bound; shared by every lane running the template.
 */
final class TaskStep {
    /** The operation, or null for an {@code advance} step. */
    final Request.Op op;
    /** The step as written (for messages). */
    final Step source;
    int grant = -1;
    int presenter = -1;
    int principal = -1;
    int purpose = -1;
    int rule = -1;
    int capability = -1;
    int dataClass = DecisionCore.NO_DATA_CLASS;
    boolean approve;
    long millis;
    String text;
    /** Children (one for open, delegate, break-glass; several for a fan-out; none otherwise). */
    int children;
    int[] agents = new int[0];
    ScopeBits[] scopes = new ScopeBits[0];
    int[] as = {-1};
    /** Expected outcome per decision (null: no expectation) and reason (null: any). */
    Outcome[] expectOutcome = new Outcome[1];
    Reason[] expectReason = new Reason[1];
    /** The step (or fan-out child) each decision stands for, for messages. */
    Step[] at;

    TaskStep(final Request.Op op, final Step source) {
        this.op = op;
        this.source = source;
        this.at = new Step[] {source};
    }

    /** @return decisions this step makes (0 for an advance). */
    int decisions() {
        return op == null ? 0 : Math.max(1, children);
    }

    void expect(final int i, final Step.Expectation e) {
        expectOutcome[i] = e == null ? null : e.outcome();
        expectReason[i] = e == null ? null : e.reason();
    }

    /** @return whether decision {@code i} meets its expectation. */
    boolean met(final int i, final DecisionSlot d) {
        final Outcome o = expectOutcome[i];
        return o == null || (o == d.outcome() && (expectReason[i] == null || expectReason[i] == d.reason()));
    }
}
