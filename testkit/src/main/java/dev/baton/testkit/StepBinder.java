package dev.baton.testkit;

import dev.baton.Agent;
import dev.baton.BreakGlassRule;
import dev.baton.Capability;
import dev.baton.Principal;
import dev.baton.Purpose;
import dev.baton.Scope;
import dev.baton.UnknownNameException;
import dev.baton.policy.SourceRef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Binds the steps of one scenario (or one task template) through a {@link NameBinding}: each name to
 * its handle, and each grant name ({@code as}) to a slot, in step order. The scenario runner and the
 * demo both bind here, so a step means the same in both.
 * <p>
 * <b>Note:</b> not thread-safe; set-up time only (allocates). One binder per scenario: grant names are
 * the scenario's own.
 */
public final class StepBinder {
    private NameBinding names;
    private final UnaryOperator<String> people;
    /** Whether a {@code swap} step may be bound (it swaps the engine, which must hold no grant yet). */
    private final boolean swaps;
    private final Map<String, Integer> grants = new HashMap<>();

    /**
     * The step's arguments as a list bound once, typed by their declarations; {@code null} when it gives none.
     */
    private dev.baton.ToolArguments arguments(final Step.Authorize a, final Capability capability)
        throws ScenarioException {
        if (a.arguments().isEmpty()) {
            return null;
        }
        final dev.baton.ToolArguments out = new dev.baton.ToolArguments();
        for (final java.util.Map.Entry<String, String> e : a.arguments().entrySet()) {
            try {
                final dev.baton.Argument arg = names.policy().argument(capability.tool(), e.getKey());
                if (arg.type().numeric()) {
                    out.decimal(arg, arg.type().parseNumber(e.getValue()), arg.type().scale());
                } else {
                    out.string(arg, e.getValue());
                }
            } catch (final RuntimeException ex) {
                throw new ScenarioException(a.at() + ": arguments." + e.getKey() + ": " + ex.getMessage());
            }
        }
        return out;
    }

    /**
     * A binder that takes {@code swap} steps: binding one swaps the engine to its policy (the engine must hold
     * no grant yet; {@link ScenarioRunner} swaps back before it runs) and binds the steps after it there.
     *
     * @param names the engine's and policy's names.
     */
    public StepBinder(final NameBinding names) {
        this(names, UnaryOperator.identity(), true);
    }

    /**
     * @param names  the engine's and policy's names.
     * @param people maps each identity as written to the identity that plays it (the demo's tenants).
     *               Such a binder refuses {@code swap} steps: the demo's engine is shared by every task.
     */
    public StepBinder(final NameBinding names, final UnaryOperator<String> people) {
        this(names, people, false);
    }

    private StepBinder(final NameBinding names, final UnaryOperator<String> people, final boolean swaps) {
        this.names = names;
        this.people = people;
        this.swaps = swaps;
    }

    /**
     * @param steps the steps, in order.
     * @return them bound, in order.
     * @throws ScenarioException naming the step, if it names something the policy or an earlier step lacks.
     */
    public List<BoundStep> bind(final List<Step> steps) throws ScenarioException {
        final List<BoundStep> bound = new ArrayList<>(steps.size());
        for (final Step s : steps) {
            bound.add(bind(s));
        }
        return List.copyOf(bound);
    }

    /**
     * @param step the next step.
     * @return it bound.
     * @throws ScenarioException naming the step, if it names something the policy or an earlier step lacks.
     */
    public BoundStep bind(final Step step) throws ScenarioException {
        try {
            return bindStep(step);
        } catch (final UnknownNameException e) {
            throw ScenarioException.unknownName(step.at(), e,
                "capability".equals(e.kind()) ? "(expected tool:action)" : null);
        }
    }

    /** @return how many grant names ({@code as}) the steps bound so far define. */
    public int grants() {
        return grants.size();
    }

    /** @return the slot of grant {@code name}, or -1 if no step bound so far defines it. */
    public int grant(final String name) {
        final Integer i = grants.get(name);
        return i == null ? -1 : i;
    }

    private BoundStep bindStep(final Step step) throws ScenarioException {
        if (step instanceof Step.Open o) {
            final BoundStep.Root root = root(o.root(), o.at());
            return new BoundStep.Open(o, define(o.as()), root);
        }
        if (step instanceof Step.Delegate d) {
            return delegate(d, use(d.from(), d.at()));
        }
        if (step instanceof Step.FanOut f) {
            final int from = use(f.from(), f.at());
            final List<BoundStep.Delegate> children = new ArrayList<>();
            for (final Step.Delegate c : f.children()) {
                children.add(child(c));
            }
            return new BoundStep.FanOut(f, from, List.copyOf(children));
        }
        if (step instanceof Step.Authorize a) {
            final int grant = use(a.grant(), a.at());
            final Agent presenter = a.presenter() == null ? null : names.agent(people.apply(a.presenter()));
            final Capability capability = names.capability(a.capability());
            return new BoundStep.Authorize(a, grant, presenter, capability, names.dataClass(a.data()),
                a.justification(), arguments(a, capability));
        }
        if (step instanceof Step.Revoke r) {
            return new BoundStep.Revoke(r, use(r.grant(), r.at()), names.agent(people.apply(r.by())), false);
        }
        if (step instanceof Step.Close c) {
            return new BoundStep.Revoke(c, use(c.grant(), c.at()), names.agent(people.apply(c.by())), true);
        }
        if (step instanceof Step.Review r) {
            final int grant = use(r.grant(), r.at());
            return new BoundStep.Review(r, grant, names.principal(people.apply(r.reviewer())), r.approve());
        }
        if (step instanceof Step.BreakGlass g) {
            final BreakGlassRule rule = names.breakGlassRule(g.rule());
            final BoundStep.Root root = root(g.root(), g.at());
            return new BoundStep.BreakGlass(g, define(g.as()), root, rule, g.reason(), g.ttlMillis());
        }
        if (step instanceof Step.Swap w) {
            return swap(w);
        }
        return new BoundStep.Advance(step, ((Step.Advance) step).millis());
    }

    private BoundStep swap(final Step.Swap w) throws ScenarioException {
        if (!swaps) {
            throw new ScenarioException(w.at() + ": swap: a policy swap is not taken here: every task shares one engine");
        }
        final dev.baton.Policy next;
        try {
            next = dev.baton.Policy.load(w.policy());
        } catch (final java.io.IOException e) {
            throw new ScenarioException(w.at() + ": swap: cannot read " + w.policy() + ": " + e.getMessage());
        } catch (final dev.baton.policy.PolicyException e) {
            throw new ScenarioException(w.at() + ": swap: " + e.getMessage());
        }
        names = names.swapTo(next);
        return new BoundStep.Swap(w, next);
    }

    private BoundStep.Root root(final Step.Root r, final SourceRef at) throws ScenarioException {
        final Principal principal = names.principal(people.apply(r.principal()));
        final Purpose purpose = names.purpose(r.purpose());
        final Agent agent = names.agent(people.apply(r.agent()));
        return new BoundStep.Root(principal, purpose, agent, scope(r.scope(), at));
    }

    private BoundStep.Delegate delegate(final Step.Delegate d, final int from) throws ScenarioException {
        final Agent presenter = d.presenter() == null ? null : names.agent(people.apply(d.presenter()));
        final Agent to = names.agent(people.apply(d.to()));
        final Scope scope = scope(d.scope(), d.at());
        return new BoundStep.Delegate(d, define(d.as()), from, presenter, to, scope);
    }

    /** A fan-out child: the fan-out's holder presents, so a child's {@code from} and {@code presenter} are not used. */
    private BoundStep.Delegate child(final Step.Delegate c) throws ScenarioException {
        final Agent to = names.agent(people.apply(c.to()));
        final Scope scope = scope(c.scope(), c.at());
        return new BoundStep.Delegate(c, define(c.as()), -1, null, to, scope);
    }

    private Scope scope(final Step.ScopeNames scope, final SourceRef at) throws ScenarioException {
        try {
            return names.scope(scope);
        } catch (final UnknownNameException e) {
            throw ScenarioException.unknownName(at, e, null);
        } catch (final IllegalArgumentException e) {
            throw new ScenarioException(at + ": " + e.getMessage());
        }
    }

    private int define(final String name) {
        return name == null ? -1 : grants.computeIfAbsent(name, n -> grants.size());
    }

    private int use(final String name, final SourceRef at) throws ScenarioException {
        final Integer i = grants.get(name);
        if (i == null) {
            throw new ScenarioException(at + ": no grant named '" + name + "' is created (with 'as') by an earlier step");
        }
        return i;
    }
}
