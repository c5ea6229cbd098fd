package dev.baton.cli.demo;

import dev.baton.core.CompiledPolicy;
import dev.baton.core.ScopeBits;
import dev.baton.UnknownNameException;
import dev.baton.engine.Request;
import dev.baton.testkit.ScenarioException;
import dev.baton.testkit.Step;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * A workload template bound for one tenant and one cast of its people: identities interned, indices
 * looked up and scopes built once, at start, so that running a task allocates nothing.
 * <p>
 * <b>Note:</b> immutable once built; shared by every lane that runs it.
 */
final class TaskTemplate {
    final String name;
    final String tenant;
    final boolean late;
    final TaskStep[] steps;
    final int names;
    final int widest;
    /** Index of the template in the workload (for per-template counts). */
    int kind;

    private TaskTemplate(final String name, final String tenant, final boolean late, final TaskStep[] steps,
                         final int names, final int widest) {
        this.name = name;
        this.tenant = tenant;
        this.late = late;
        this.steps = steps;
        this.names = names;
        this.widest = widest;
    }

    /**
     * Binds {@code template} for {@code tenant}'s cast {@code cast}.
     *
     * @param identity interns an identity (through the engine, so that the journal records it).
     * @throws ScenarioException if a step names something the policy does not have.
     */
    static TaskTemplate bind(final Workload.Template template, final Workload.Tenant tenant, final int cast,
                             final CompiledPolicy policy, final ToIntFunction<String> identity)
        throws ScenarioException {
        final Binder b = new Binder(policy, name -> identity.applyAsInt(tenant.cast(name, cast)));
        final List<Step> source = template.scenario().steps();
        final TaskStep[] steps = new TaskStep[source.size()];
        int widest = 1;
        for (int i = 0; i < steps.length; i++) {
            steps[i] = b.bind(source.get(i));
            widest = Math.max(widest, steps[i].children);
        }
        return new TaskTemplate(template.name(), tenant.name(), template.late(), steps, Math.max(1, b.names.size()),
            widest);
    }

    /** Resolves the names of one template. */
    private static final class Binder {
        private final CompiledPolicy policy;
        private final ToIntFunction<String> identity;
        private final Map<String, Integer> names = new HashMap<>();

        Binder(final CompiledPolicy policy, final ToIntFunction<String> identity) {
            this.policy = policy;
            this.identity = identity;
        }

        TaskStep bind(final Step step) throws ScenarioException {
            if (step instanceof Step.Open o) {
                final TaskStep t = new TaskStep(Request.Op.OPEN, step);
                t.principal = identity.applyAsInt(o.principal());
                t.purpose = purpose(o.purpose(), step);
                one(t, identity.applyAsInt(o.agent()), scope(o.scope(), step), define(o.as()));
                t.expect(0, o.expect());
                return t;
            }
            if (step instanceof Step.Delegate d) {
                final TaskStep t = new TaskStep(Request.Op.DELEGATE, step);
                t.grant = use(d.from(), step);
                t.presenter = d.presenter() == null ? -1 : identity.applyAsInt(d.presenter());
                one(t, identity.applyAsInt(d.to()), scope(d.scope(), step), define(d.as()));
                t.expect(0, d.expect());
                return t;
            }
            if (step instanceof Step.FanOut f) {
                final TaskStep t = new TaskStep(Request.Op.FAN_OUT, step);
                t.grant = use(f.from(), step);
                final int n = f.children().size();
                t.children = n;
                t.agents = new int[n];
                t.scopes = new ScopeBits[n];
                t.as = new int[n];
                t.expectOutcome = new dev.baton.Outcome[n];
                t.expectReason = new dev.baton.Reason[n];
                t.at = new Step[n];
                for (int i = 0; i < n; i++) {
                    final Step.Delegate c = f.children().get(i);
                    t.agents[i] = identity.applyAsInt(c.to());
                    t.scopes[i] = scope(c.scope(), c);
                    t.as[i] = define(c.as());
                    t.expect(i, c.expect());
                    t.at[i] = c;
                }
                return t;
            }
            if (step instanceof Step.Authorize a) {
                final TaskStep t = new TaskStep(Request.Op.AUTHORIZE, step);
                t.grant = use(a.grant(), step);
                t.presenter = a.presenter() == null ? -1 : identity.applyAsInt(a.presenter());
                final int colon = a.capability().indexOf(':');
                if (colon < 0) {
                    throw error(step, "no capability '" + a.capability() + "' in the policy (expected tool:action)");
                }
                try {
                    t.capability = policy.capability(a.capability().substring(0, colon),
                        a.capability().substring(colon + 1));
                    if (a.data() != null) {
                        t.dataClass = policy.dataClass(a.data());
                    }
                } catch (final UnknownNameException e) {
                    throw ScenarioException.unknownName(step.at(), e,
                        "capability".equals(e.kind()) ? "(expected tool:action)" : null);
                }
                t.text = a.justification();
                t.expect(0, a.expect());
                return t;
            }
            if (step instanceof Step.Revoke r) {
                final TaskStep t = new TaskStep(Request.Op.REVOKE, step);
                t.grant = use(r.grant(), step);
                t.principal = identity.applyAsInt(r.by());
                t.expect(0, r.expect());
                return t;
            }
            if (step instanceof Step.Close c) {
                final TaskStep t = new TaskStep(Request.Op.CLOSE, step);
                t.grant = use(c.grant(), step);
                t.principal = identity.applyAsInt(c.by());
                t.expect(0, c.expect());
                return t;
            }
            if (step instanceof Step.Review r) {
                final TaskStep t = new TaskStep(Request.Op.REVIEW, step);
                t.grant = use(r.grant(), step);
                t.principal = identity.applyAsInt(r.reviewer());
                t.approve = r.approve();
                t.expect(0, r.expect());
                return t;
            }
            if (step instanceof Step.BreakGlass g) {
                final TaskStep t = new TaskStep(Request.Op.BREAK_GLASS, step);
                t.principal = identity.applyAsInt(g.principal());
                try {
                    t.rule = policy.breakGlassRule(g.rule());
                } catch (final UnknownNameException e) {
                    throw ScenarioException.unknownName(step.at(), e, null);
                }
                t.purpose = purpose(g.purpose(), step);
                one(t, identity.applyAsInt(g.agent()), scope(g.scope(), step), define(g.as()));
                t.text = g.reason();
                t.millis = g.ttlMillis();
                t.expect(0, g.expect());
                return t;
            }
            final TaskStep t = new TaskStep(null, step);
            t.millis = ((Step.Advance) step).millis();
            return t;
        }

        private static void one(final TaskStep t, final int agent, final ScopeBits scope, final int as) {
            t.children = 1;
            t.agents = new int[] {agent};
            t.scopes = new ScopeBits[] {scope};
            t.as = new int[] {as};
        }

        private int define(final String name) {
            return name == null ? -1 : names.computeIfAbsent(name, n -> names.size());
        }

        private int use(final String name, final Step step) throws ScenarioException {
            final Integer i = names.get(name);
            if (i == null) {
                throw error(step, "no grant named '" + name + "' is created (with 'as') by an earlier step");
            }
            return i;
        }

        private int purpose(final String name, final Step step) throws ScenarioException {
            try {
                return policy.purpose(name);
            } catch (final UnknownNameException e) {
                throw ScenarioException.unknownName(step.at(), e, null);
            }
        }

        private ScopeBits scope(final Step.ScopeNames names, final Step step) throws ScenarioException {
            return names.toScope(policy, step.at());
        }

        private static ScenarioException error(final Step step, final String message) {
            return new ScenarioException(step.at() + ": " + message);
        }
    }
}
