package dev.baton.cli.demo;

import dev.baton.Outcome;
import dev.baton.Reason;
import dev.baton.core.DecisionCore;
import dev.baton.core.DecisionSlot;
import dev.baton.core.ScopeBits;
import dev.baton.engine.Request;
import dev.baton.testkit.BoundStep;
import dev.baton.testkit.NameBinding;
import dev.baton.testkit.Step;

import java.util.List;

/**
 * One template step as the engine's low-level {@link Request} takes it: the ints behind the handles a
 * {@link dev.baton.testkit.StepBinder} bound (read through {@link NameBinding}, so they come from no name
 * table of the demo's own) and the scopes' bitsets. What a {@link Lane} needs to fill a request without
 * string work or allocation.
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
    /** An authorize's typed arguments, bound once; null when it carries none. */
    dev.baton.ToolArguments arguments;
    /** Children (one for open, delegate, break-glass; several for a fan-out; none otherwise). */
    int children;
    int[] agents = new int[0];
    ScopeBits[] scopes = new ScopeBits[0];
    int[] as = {-1};
    /** Expected outcome per decision (null: no expectation) and reason (null: any). */
    Outcome[] expectOutcome = new Outcome[1];
    List<Reason>[] expectReason = reasons(1);
    /** The step (or fan-out child) each decision stands for, for messages. */
    Step[] at;

    private TaskStep(final Request.Op op, final Step source) {
        this.op = op;
        this.source = source;
        this.at = new Step[] {source};
        expect(0, source.expect());
    }

    /**
     * @param step  a step bound by a {@link dev.baton.testkit.StepBinder} on {@code names}.
     * @param names the binding whose handles it holds.
     * @return the step as requests take it.
     */
    static TaskStep of(final BoundStep step, final NameBinding names) {
        if (step instanceof BoundStep.Open o) {
            return root(Request.Op.OPEN, o.step(), o.as(), o.root(), names);
        }
        if (step instanceof BoundStep.BreakGlass g) {
            final TaskStep t = root(Request.Op.BREAK_GLASS, g.step(), g.as(), g.root(), names);
            t.rule = names.index(g.rule());
            t.text = g.reason();
            t.millis = g.ttlMillis();
            return t;
        }
        if (step instanceof BoundStep.Delegate d) {
            final TaskStep t = new TaskStep(Request.Op.DELEGATE, d.step());
            t.grant = d.from();
            t.presenter = d.presenter() == null ? -1 : names.id(d.presenter());
            t.children(List.of(d), names);
            return t;
        }
        if (step instanceof BoundStep.FanOut f) {
            final TaskStep t = new TaskStep(Request.Op.FAN_OUT, f.step());
            t.grant = f.from();
            t.children(f.children(), names);
            return t;
        }
        return call(step, names);
    }

    /** The steps that create no grant: authorize, revoke, close, review and advance. */
    private static TaskStep call(final BoundStep step, final NameBinding names) {
        if (step instanceof BoundStep.Authorize a) {
            final TaskStep t = new TaskStep(Request.Op.AUTHORIZE, a.step());
            t.grant = a.grant();
            t.presenter = a.presenter() == null ? -1 : names.id(a.presenter());
            t.capability = names.index(a.capability());
            t.dataClass = names.index(a.data());
            t.text = a.justification();
            t.arguments = a.arguments();
            return t;
        }
        if (step instanceof BoundStep.Revoke r) {
            final TaskStep t = new TaskStep(r.close() ? Request.Op.CLOSE : Request.Op.REVOKE, r.step());
            t.grant = r.grant();
            t.principal = names.id(r.by());
            return t;
        }
        if (step instanceof BoundStep.Review r) {
            final TaskStep t = new TaskStep(Request.Op.REVIEW, r.step());
            t.grant = r.grant();
            t.principal = names.id(r.reviewer());
            t.approve = r.approve();
            return t;
        }
        final TaskStep t = new TaskStep(null, step.step());
        t.millis = ((BoundStep.Advance) step).millis();
        return t;
    }

    private static TaskStep root(final Request.Op op, final Step source, final int as, final BoundStep.Root root,
                                 final NameBinding names) {
        final TaskStep t = new TaskStep(op, source);
        t.principal = names.id(root.principal());
        t.purpose = names.index(root.purpose());
        t.children = 1;
        t.agents = new int[] {names.id(root.agent())};
        t.scopes = new ScopeBits[] {NameBinding.bits(root.scope())};
        t.as = new int[] {as};
        return t;
    }

    private void children(final List<BoundStep.Delegate> list, final NameBinding names) {
        final int n = list.size();
        children = n;
        agents = new int[n];
        scopes = new ScopeBits[n];
        as = new int[n];
        expectOutcome = new Outcome[n];
        expectReason = reasons(n);
        at = new Step[n];
        for (int i = 0; i < n; i++) {
            final BoundStep.Delegate c = list.get(i);
            agents[i] = names.id(c.to());
            scopes[i] = NameBinding.bits(c.scope());
            as[i] = c.as();
            expect(i, c.step().expect());
            at[i] = c.step();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Reason>[] reasons(final int n) {
        return (List<Reason>[]) new List<?>[n];
    }

    /** @return decisions this step makes (0 for an advance). */
    int decisions() {
        return op == null ? 0 : Math.max(1, children);
    }

    private void expect(final int i, final Step.Expectation e) {
        expectOutcome[i] = e == null ? null : e.outcome();
        expectReason[i] = e == null ? null : e.reasons();
    }

    /** @return whether decision {@code i} meets its expectation. */
    boolean met(final int i, final DecisionSlot d) {
        final Outcome o = expectOutcome[i];
        return o == null || (o == d.outcome() && (expectReason[i] == null || expectReason[i].isEmpty()
            || expectReason[i].contains(d.reason())));
    }
}
