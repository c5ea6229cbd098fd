package dev.baton.testkit;

import dev.baton.core.ManualClock;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionSlot;
import dev.baton.core.DecisionCore;
import dev.baton.Outcome;
import dev.baton.core.ScopeBits;
import dev.baton.UnknownNameException;
import dev.baton.policy.SourceRef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link Scenario} against a {@link DecisionCore}. Binding (names to identities, indices and
 * scopes) happens once in the constructor; {@link #runOnce(Listener)} then decides every step with
 * no string work and no allocation, so the demo's timing measures the core.
 * <p>
 * <b>Note:</b> not thread-safe; one runner per core.
 */
public final class ScenarioRunner {
    /** Told of every decision a run takes. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param step     the step (for a fan-out, the child).
         * @param decision the decision (reused: copy what you keep).
         * @param met      whether the step's expectation, if any, was met.
         */
        void onDecision(Step step, DecisionSlot decision, boolean met);
    }

    private final DecisionCore core;
    private final ManualClock clock;
    private final List<Bound> steps = new ArrayList<>();
    private final Map<String, Integer> names = new HashMap<>();
    private final long[] grantIds;
    private final int[] holders;
    private final DecisionSlot decision = new DecisionSlot();
    private final DecisionSlot[] fanOutDecisions;
    private long decisions;
    private long missed;

    /** A step with every name resolved. */
    private static final class Bound {
        final Step step;
        final int kind;
        int grant = -1;          // name index of the grant used
        int as = -1;             // name index of the grant created
        int presenter = -1;      // interned identity, or -1 for "the holder"
        int principal;
        int agent;
        int purpose;
        int capability;
        int dataClass = DecisionCore.NO_DATA_CLASS;
        int rule;
        boolean approve;
        long millis;
        String text;
        ScopeBits scope;
        Bound[] children;
        int[] childAgents;
        ScopeBits[] childScopes;

        Bound(final Step step, final int kind) {
            this.step = step;
            this.kind = kind;
        }
    }

    private static final int OPEN = 0;
    private static final int DELEGATE = 1;
    private static final int FAN_OUT = 2;
    private static final int AUTHORIZE = 3;
    private static final int REVOKE = 4;
    private static final int CLOSE = 5;
    private static final int REVIEW = 6;
    private static final int BREAK_GLASS = 7;
    private static final int ADVANCE = 8;

    /**
     * @param scenario the scenario.
     * @param core     the core to run it on; its clock must be {@code clock}.
     * @param clock    the clock {@code advance} steps move.
     * @throws ScenarioException if a step names something the policy or the scenario does not have.
     */
    public ScenarioRunner(final Scenario scenario, final DecisionCore core, final ManualClock clock)
        throws ScenarioException {
        this.core = core;
        this.clock = clock;
        int widest = 1;
        for (final Step step : scenario.steps()) {
            final Bound b = bind(step);
            steps.add(b);
            if (b.children != null) {
                widest = Math.max(widest, b.children.length);
            }
        }
        grantIds = new long[names.size()];
        holders = new int[names.size()];
        fanOutDecisions = new DecisionSlot[widest];
        for (int i = 0; i < widest; i++) {
            fanOutDecisions[i] = new DecisionSlot();
        }
    }

    /** @return decisions taken so far. */
    public long decisions() {
        return decisions;
    }

    /** @return decisions whose step expectation was not met, so far. */
    public long missed() {
        return missed;
    }

    /** @return the id of the grant named {@code name} in the last run, or 0. */
    public long grantId(final String name) {
        final Integer i = names.get(name);
        return i == null ? 0 : grantIds[i];
    }

    /**
     * Runs every step once.
     *
     * @param listener told of each decision; may be null.
     */
    public void runOnce(final Listener listener) {
        java.util.Arrays.fill(grantIds, 0L);
        final DecisionSlot d = decision;
        for (int i = 0, n = steps.size(); i < n; i++) {
            final Bound b = steps.get(i);
            switch (b.kind) {
                case OPEN:
                    core.open(b.principal, b.purpose, b.agent, b.scope, d);
                    created(b, b.agent, d, listener);
                    break;
                case DELEGATE:
                    core.delegate(grantIds[b.grant], presenter(b), b.agent, b.scope, d);
                    created(b, b.agent, d, listener);
                    break;
                case FAN_OUT:
                    core.fanOut(grantIds[b.grant], holders[b.grant], b.children.length, b.childAgents, b.childScopes,
                        fanOutDecisions);
                    for (int c = 0; c < b.children.length; c++) {
                        created(b.children[c], b.childAgents[c], fanOutDecisions[c], listener);
                    }
                    break;
                case AUTHORIZE:
                    core.authorize(grantIds[b.grant], presenter(b), b.capability, b.dataClass, b.text, d);
                    report(b, d, listener);
                    break;
                case REVOKE:
                    core.revoke(grantIds[b.grant], b.principal, d);
                    report(b, d, listener);
                    break;
                case CLOSE:
                    core.close(grantIds[b.grant], b.principal, d);
                    report(b, d, listener);
                    break;
                case REVIEW:
                    core.review(grantIds[b.grant], b.principal, b.approve, d);
                    report(b, d, listener);
                    break;
                case BREAK_GLASS:
                    core.breakGlass().principal(b.principal).rule(b.rule).agent(b.agent).purpose(b.purpose)
                        .scope(b.scope).reason(b.text).ttlMillis(b.millis).decide(d);
                    created(b, b.agent, d, listener);
                    break;
                default:
                    clock.advance(b.millis);
            }
        }
    }

    private int presenter(final Bound b) {
        return b.presenter >= 0 ? b.presenter : holders[b.grant];
    }

    private void created(final Bound b, final int holder, final DecisionSlot d, final Listener listener) {
        if (b.as >= 0 && d.outcome() != Outcome.DENY) {
            grantIds[b.as] = d.grantId();
            holders[b.as] = holder;
        }
        report(b, d, listener);
    }

    private void report(final Bound b, final DecisionSlot d, final Listener listener) {
        decisions++;
        final Step.Expectation e = b.step.expect();
        final boolean met = e == null || e.metBy(d.outcome(), d.reason());
        if (!met) {
            missed++;
        }
        if (listener != null) {
            listener.onDecision(b.step, d, met);
        }
    }

    // ------------------------------------------------------------------------------ binding

    private Bound bind(final Step step) throws ScenarioException {
        final CompiledPolicy p = core.policy();
        if (step instanceof Step.Open o) {
            final Bound b = new Bound(step, OPEN);
            b.principal = core.identity(o.principal());
            b.purpose = purpose(p, o.purpose(), o.at());
            b.agent = core.identity(o.agent());
            b.scope = scope(p, o.scope(), o.at());
            b.as = define(o.as());
            return b;
        }
        if (step instanceof Step.Delegate dl) {
            return delegate(dl, DELEGATE);
        }
        if (step instanceof Step.FanOut f) {
            final Bound b = new Bound(step, FAN_OUT);
            b.grant = use(f.from(), f.at());
            b.children = new Bound[f.children().size()];
            b.childAgents = new int[b.children.length];
            b.childScopes = new ScopeBits[b.children.length];
            for (int i = 0; i < b.children.length; i++) {
                b.children[i] = delegate(f.children().get(i), DELEGATE);
                b.childAgents[i] = b.children[i].agent;
                b.childScopes[i] = b.children[i].scope;
            }
            return b;
        }
        if (step instanceof Step.Authorize a) {
            final Bound b = new Bound(step, AUTHORIZE);
            b.grant = use(a.grant(), a.at());
            b.presenter = a.presenter() == null ? -1 : core.identity(a.presenter());
            final int colon = a.capability().indexOf(':');
            if (colon < 0) {
                throw error(a.at(), "no capability '" + a.capability() + "' in the policy (expected tool:action)");
            }
            try {
                b.capability = p.capability(a.capability().substring(0, colon), a.capability().substring(colon + 1));
            } catch (final UnknownNameException e) {
                throw ScenarioException.unknownName(a.at(), e, "(expected tool:action)");
            }
            if (a.data() != null) {
                try {
                    b.dataClass = p.dataClass(a.data());
                } catch (final UnknownNameException e) {
                    throw ScenarioException.unknownName(a.at(), e, null);
                }
            }
            b.text = a.justification();
            return b;
        }
        if (step instanceof Step.Revoke r) {
            final Bound b = new Bound(step, REVOKE);
            b.grant = use(r.grant(), r.at());
            b.principal = core.identity(r.by());
            return b;
        }
        if (step instanceof Step.Close c) {
            final Bound b = new Bound(step, CLOSE);
            b.grant = use(c.grant(), c.at());
            b.principal = core.identity(c.by());
            return b;
        }
        if (step instanceof Step.Review r) {
            final Bound b = new Bound(step, REVIEW);
            b.grant = use(r.grant(), r.at());
            b.principal = core.identity(r.reviewer());
            b.approve = r.approve();
            return b;
        }
        if (step instanceof Step.BreakGlass g) {
            final Bound b = new Bound(step, BREAK_GLASS);
            b.principal = core.identity(g.principal());
            try {
                b.rule = p.breakGlassRule(g.rule());
            } catch (final UnknownNameException e) {
                throw ScenarioException.unknownName(g.at(), e, null);
            }
            b.agent = core.identity(g.agent());
            b.purpose = purpose(p, g.purpose(), g.at());
            b.scope = scope(p, g.scope(), g.at());
            b.text = g.reason();
            b.millis = g.ttlMillis();
            b.as = define(g.as());
            return b;
        }
        final Bound b = new Bound(step, ADVANCE);
        b.millis = ((Step.Advance) step).millis();
        return b;
    }

    private Bound delegate(final Step.Delegate dl, final int kind) throws ScenarioException {
        final CompiledPolicy p = core.policy();
        final Bound b = new Bound(dl, kind);
        if (dl.from() != null) {
            b.grant = use(dl.from(), dl.at());
        }
        b.presenter = dl.presenter() == null ? -1 : core.identity(dl.presenter());
        b.agent = core.identity(dl.to());
        b.scope = scope(p, dl.scope(), dl.at());
        b.as = define(dl.as());
        return b;
    }

    private int define(final String name) {
        if (name == null) {
            return -1;
        }
        return names.computeIfAbsent(name, n -> names.size());
    }

    private int use(final String name, final SourceRef at) throws ScenarioException {
        final Integer i = names.get(name);
        if (i == null) {
            throw error(at, "no grant named '" + name + "' is created (with 'as') by an earlier step");
        }
        return i;
    }

    private static int purpose(final CompiledPolicy p, final String name, final SourceRef at)
        throws ScenarioException {
        try {
            return p.purpose(name);
        } catch (final UnknownNameException e) {
            throw ScenarioException.unknownName(at, e, null);
        }
    }

    private static ScopeBits scope(final CompiledPolicy p, final Step.ScopeNames names, final SourceRef at)
        throws ScenarioException {
        return names.toScope(p, at);
    }

    private static ScenarioException error(final SourceRef at, final String message) {
        return new ScenarioException(at + ": " + message);
    }
}
