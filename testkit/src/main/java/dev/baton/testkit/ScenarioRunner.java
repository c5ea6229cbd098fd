package dev.baton.testkit;

import dev.baton.Agent;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.DelegationEngine;
import dev.baton.FanOut;
import dev.baton.GrantRef;
import dev.baton.Outcome;
import dev.baton.Scope;
import dev.baton.core.DecisionCore;
import dev.baton.core.ManualClock;

import java.util.Arrays;
import java.util.List;

/**
 * Runs a {@link Scenario} through the public API: a {@link DecisionSession} of a {@link DelegationEngine}.
 * Binding (names to handles and scopes, by a {@link StepBinder}) happens once in the constructor;
 * {@link #runOnce(Listener)} then decides every step with no string work and, in steady state, no
 * allocation, so the demo's timing measures the engine.
 * <p>
 * A grant a step names but no step created (its decision was a DENY) is presented by an id the engine
 * never issued, so the steps that use it are denied {@code UNKNOWN_GRANT}.
 * <p>
 * <b>Note:</b> not thread-safe; one runner per engine.
 */
public final class ScenarioRunner {
    /** Told of every decision a run takes. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param step     the step (for a fan-out, the child).
         * @param decision the decision (refilled by the next one: copy what you keep).
         * @param met      whether the step's expectation, if any, was met.
         */
        void onDecision(Step step, Decision decision, boolean met);
    }

    /** Grant ids start at 1 and grow: this one is never issued. */
    private static final long NO_GRANT = Long.MAX_VALUE;

    private final DecisionSession session;
    private final DelegationEngine engine;
    private final ManualClock clock;
    private final StepBinder binder;
    private final List<BoundStep> steps;
    private final Agent[][] fanOutAgents;
    private final Scope[][] fanOutScopes;
    private final long[] grantIds;
    private final Agent[] holders;
    private final Agent nobody;
    private final GrantRef ref = new GrantRef();
    /** The policy the engine had when the runner was built, or null when no step swaps it. */
    private final dev.baton.Policy initial;
    private long decisions;
    private long missed;

    /**
     * @param scenario the scenario.
     * @param engine   the engine to run it on; its clock must be {@code clock}.
     * @param clock    the clock {@code advance} steps move.
     * @throws ScenarioException if a step names something the policy or the scenario does not have.
     */
    public ScenarioRunner(final Scenario scenario, final DelegationEngine engine, final ManualClock clock)
        throws ScenarioException {
        this(scenario, NameBinding.of(engine), clock);
    }

    /**
     * Runs on a new in-memory engine with the core's policy and {@code clock} (the core itself takes no
     * decision): for callers written against the decision core.
     *
     * @param scenario the scenario.
     * @param core     whose policy to decide with.
     * @param clock    the clock {@code advance} steps move.
     * @throws ScenarioException if a step names something the policy or the scenario does not have.
     */
    public ScenarioRunner(final Scenario scenario, final DecisionCore core, final ManualClock clock)
        throws ScenarioException {
        this(scenario, DelegationEngine.inMemory(core.policy().api(), clock, null), clock);
    }

    /**
     * @param scenario the scenario.
     * @param names    the names of the engine to run it on; its clock must be {@code clock}.
     * @param clock    the clock {@code advance} steps move.
     * @throws ScenarioException if a step names something the policy or the scenario does not have.
     */
    public ScenarioRunner(final Scenario scenario, final NameBinding names, final ManualClock clock)
        throws ScenarioException {
        this.clock = clock;
        this.binder = new StepBinder(names);
        final dev.baton.Policy first = names.engine().policy();
        this.steps = binder.bind(scenario.steps());
        this.initial = steps.stream().anyMatch(BoundStep.Swap.class::isInstance) ? first : null;
        if (initial != null) {
            names.engine().swapPolicy(initial); // binding swapped it; each run starts in the first policy
        }
        this.fanOutAgents = new Agent[steps.size()][];
        this.fanOutScopes = new Scope[steps.size()][];
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof BoundStep.FanOut f) {
                fanOutAgents[i] = f.children().stream().map(BoundStep.Delegate::to).toArray(Agent[]::new);
                fanOutScopes[i] = f.children().stream().map(BoundStep.Delegate::scope).toArray(Scope[]::new);
            }
        }
        this.grantIds = new long[binder.grants()];
        this.holders = new Agent[binder.grants()];
        this.nobody = names.nobody();
        Arrays.fill(holders, nobody);
        this.session = names.engine().session();
        this.engine = names.engine();
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
        final int i = binder.grant(name);
        return i < 0 ? 0 : grantIds[i];
    }

    /**
     * Runs every step once.
     *
     * @param listener told of each decision; may be null.
     */
    public void runOnce(final Listener listener) {
        Arrays.fill(grantIds, 0L);
        if (initial != null && engine.policy() != initial) {
            engine.swapPolicy(initial);
        }
        for (int i = 0, n = steps.size(); i < n; i++) {
            final BoundStep b = steps.get(i);
            if (b instanceof BoundStep.Advance a) {
                clock.advance(a.millis());
            } else if (b instanceof BoundStep.Swap w) {
                engine.swapPolicy(w.policy());
            } else if (b instanceof BoundStep.FanOut f) {
                fanOut(f, fanOutAgents[i], fanOutScopes[i], listener);
            } else {
                decide(b, listener);
            }
        }
    }

    private void decide(final BoundStep b, final Listener listener) {
        if (b instanceof BoundStep.Open o) {
            final BoundStep.Root r = o.root();
            created(o.step(), o.as(), r.agent(), session.open(r.principal(), r.purpose(), r.agent(), r.scope()),
                listener);
        } else if (b instanceof BoundStep.Delegate d) {
            created(d.step(), d.as(), d.to(), session.delegate(grant(d.from()), presenter(d.presenter(), d.from()),
                d.to(), d.scope()), listener);
        } else if (b instanceof BoundStep.Authorize a) {
            report(a.step(), session.authorize(grant(a.grant()), presenter(a.presenter(), a.grant()), a.capability(),
                a.data(), a.justification(), null, a.arguments()), listener);
        } else if (b instanceof BoundStep.Revoke r) {
            report(r.step(), r.close() ? session.close(grant(r.grant()), r.by())
                : session.revoke(grant(r.grant()), r.by()), listener);
        } else if (b instanceof BoundStep.Review r) {
            report(r.step(), session.review(grant(r.grant()), r.reviewer(), r.approve()), listener);
        } else {
            final BoundStep.BreakGlass g = (BoundStep.BreakGlass) b;
            final BoundStep.Root r = g.root();
            created(g.step(), g.as(), r.agent(), session.breakGlass(r.principal(), g.rule(), r.agent(), r.purpose(),
                r.scope(), g.reason(), g.ttlMillis()), listener);
        }
    }

    private void fanOut(final BoundStep.FanOut f, final Agent[] agents, final Scope[] scopes, final Listener listener) {
        if (agents.length == 0) {
            return; // nothing to decide
        }
        final FanOut decided = session.fanOut(grant(f.from()), holders[f.from()], agents, scopes);
        for (int c = 0; c < agents.length; c++) {
            final BoundStep.Delegate child = f.children().get(c);
            created(child.step(), child.as(), agents[c], decided.child(c), listener);
        }
    }

    private GrantRef grant(final int name) {
        final long id = grantIds[name];
        return ref.id(id != 0 ? id : NO_GRANT);
    }

    private Agent presenter(final Agent presenter, final int grant) {
        return presenter != null ? presenter : holders[grant];
    }

    private void created(final Step step, final int as, final Agent holder, final Decision d,
                         final Listener listener) {
        if (as >= 0 && d.outcome() != Outcome.DENY) {
            grantIds[as] = d.grantId();
            holders[as] = holder;
        }
        report(step, d, listener);
    }

    private void report(final Step step, final Decision d, final Listener listener) {
        decisions++;
        final Step.Expectation e = step.expect();
        final boolean met = e == null || e.metBy(d);
        if (!met) {
            missed++;
        }
        if (listener != null) {
            listener.onDecision(step, d, met);
        }
    }
}
