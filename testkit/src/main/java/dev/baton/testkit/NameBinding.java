package dev.baton.testkit;

import dev.baton.Agent;
import dev.baton.BreakGlassRule;
import dev.baton.Capability;
import dev.baton.DataClass;
import dev.baton.DelegationEngine;
import dev.baton.Identity;
import dev.baton.Policy;
import dev.baton.Principal;
import dev.baton.Purpose;
import dev.baton.Scope;
import dev.baton.UnknownNameException;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionCore;
import dev.baton.core.IdentityHandle;
import dev.baton.core.InMemoryEngine;
import dev.baton.core.PolicyNames;
import dev.baton.core.ScopeBits;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The names of one engine and its policy bound to typed handles, each name once: the one place where
 * the scenario runner, the policy-test runner, the demo and the benchmarks turn strings into what
 * decisions take. Everything goes through the public API's look-ups ({@link Policy#purpose},
 * {@link Policy#capability}, {@link Policy#dataClass}, {@link Policy#breakGlassRule}, {@link Policy#scope()},
 * {@link DelegationEngine#agent}, {@link DelegationEngine#principal}); an unknown purpose, capability,
 * data class or rule throws {@link UnknownNameException}.
 * <p>
 * <b>Identities</b> bind by name, whatever role a step gives them: a scenario may name a principal as a
 * presenter, or a stranger as a delegatee, to show the engine refusing it ({@code NOT_HOLDER},
 * {@code UNKNOWN_AGENT}, {@code PRINCIPAL_NOT_ALLOWED}, ...). A name the policy knows as an agent binds
 * with {@link DelegationEngine#agent}, else one it knows as a principal with
 * {@link DelegationEngine#principal}; any other is a <i>stranger</i>. The API binds no stranger, so a
 * stranger gets an id from the engine's interner when there is one (the journaled engine's
 * {@code identity(String)}, which journals it), and otherwise an id the engine never issued: every
 * operation refuses such an id as unknown, as it refuses an identity that matches nothing.
 * <p>
 * <b>Low-level ints.</b> The journaled engine's {@code Request} takes ints: {@link #id(Identity)},
 * {@link #index(Purpose)} and the like read them from the handles, so they never come from a name table
 * of their own.
 * <p>
 * <b>Note:</b> not thread-safe; set-up time only (binding allocates). The handles it returns are immutable
 * and thread-safe.
 */
public final class NameBinding {
    private final DelegationEngine engine;
    private final Policy policy;
    private final ToIntFunction<String> strangers;
    private final Map<String, IdentityHandle> identities = new HashMap<>();
    private int unissued;

    /**
     * @param engine    a Baton engine (its handles are {@link IdentityHandle}s).
     * @param strangers interns an identity the policy does not know, e.g. the journaled engine's
     *                  {@code identity(String)}; null to give strangers ids the engine never issued.
     */
    public NameBinding(final DelegationEngine engine, final ToIntFunction<String> strangers) {
        this.engine = engine;
        this.policy = engine.policy();
        this.strangers = strangers;
    }

    /** @return a binding for {@code engine} whose strangers get ids the engine never issued. */
    public static NameBinding of(final DelegationEngine engine) {
        return new NameBinding(engine, null);
    }

    /**
     * Swaps the engine to {@code next} and binds its names from then on (a scenario's {@code swap} step).
     *
     * @param next the policy to swap to.
     * @return a binding of the same engine, in {@code next}.
     */
    public NameBinding swapTo(final Policy next) {
        engine.swapPolicy(next);
        return new NameBinding(engine, strangers);
    }

    /** @return the engine the identities are bound by. */
    public DelegationEngine engine() {
        return engine;
    }

    /** @return the policy the other names are bound in. */
    public Policy policy() {
        return policy;
    }

    /** @return the identity as an agent (see the class comment for names the policy does not know). */
    public Agent agent(final String name) {
        return identity(name);
    }

    /** @return the identity as a principal (see the class comment for names the policy does not know). */
    public Principal principal(final String name) {
        return identity(name);
    }

    /**
     * @return an identity no engine issued: it stands for the holder of a grant that was never created,
     *     and every operation refuses it as unknown.
     */
    public Agent nobody() {
        return new IdentityHandle(engine, --unissued, "(nobody)");
    }

    /** @return the purpose's handle. */
    public Purpose purpose(final String name) {
        return policy.purpose(name);
    }

    /**
     * @param toolAction {@code tool:action}.
     * @return the capability's handle.
     * @throws UnknownNameException if the policy has no such capability, or there is no colon.
     */
    public Capability capability(final String toolAction) {
        final int colon = toolAction.indexOf(':');
        if (colon < 0) {
            throw new UnknownNameException("capability", toolAction, policy.file(), null);
        }
        return policy.capability(toolAction.substring(0, colon), toolAction.substring(colon + 1));
    }

    /** @return the data class's handle, or {@link DataClass#NONE} for a null name. */
    public DataClass dataClass(final String name) {
        return name == null ? DataClass.NONE : policy.dataClass(name);
    }

    /** @return the break-glass rule's handle. */
    public BreakGlassRule breakGlassRule(final String name) {
        return policy.breakGlassRule(name);
    }

    /**
     * Builds a scope with {@link Policy#scope()}.
     *
     * @param names {@code tool:action} or {@code tool:*} entries, and data-class names.
     * @return the immutable scope.
     * @throws UnknownNameException     if a name is not the policy's.
     * @throws IllegalArgumentException if a capability entry has no colon, or a constraint is not of its
     *     argument's type (as {@code Scope.Builder.constrain} says).
     */
    public Scope scope(final Step.ScopeNames names) {
        if (names.budgets().isEmpty() && names.constraints().isEmpty()) {
            return scope(names.capabilities(), names.data());
        }
        final Scope.Builder b = builder(names.capabilities(), names.data());
        names.budgets().forEach(b::budget);
        for (final Step.Constrained c : names.constraints()) {
            b.constrain(c.tool(), c.argument(), c.kind(), c.values().toArray(new String[0]));
        }
        return b.build();
    }

    /** {@link #scope(Step.ScopeNames)} from the two lists. */
    public Scope scope(final List<String> capabilities, final List<String> data) {
        return builder(capabilities, data).build();
    }

    private Scope.Builder builder(final List<String> capabilities, final List<String> data) {
        final Scope.Builder b = policy.scope();
        for (final String c : capabilities) {
            final int colon = c.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("expected tool:action, found '" + c + "'");
            }
            b.capability(c.substring(0, colon), c.substring(colon + 1));
        }
        for (final String d : data) {
            b.data(d);
        }
        return b;
    }

    // ------------------------------------------------------------------ the ints behind the handles

    /** @return the engine's id of an identity this binding bound. */
    public int id(final Identity identity) {
        return IdentityHandle.idOf(identity, engine);
    }

    /** @return the purpose's index in the policy. */
    public int index(final Purpose purpose) {
        return PolicyNames.rebind(purpose, compiled());
    }

    /** @return the capability's index in the policy. */
    public int index(final Capability capability) {
        return PolicyNames.rebind(capability, compiled());
    }

    /** @return the rule's index in the policy. */
    public int index(final BreakGlassRule rule) {
        return PolicyNames.rebind(rule, compiled());
    }

    /** @return the data class's index in the policy, or {@link DecisionCore#NO_DATA_CLASS} for {@link DataClass#NONE}. */
    public int index(final DataClass dataClass) {
        return dataClass == DataClass.NONE ? DecisionCore.NO_DATA_CLASS : PolicyNames.rebind(dataClass, compiled());
    }

    /** @return the bitsets behind a scope built by {@link Policy#scope()}. */
    public static ScopeBits bits(final Scope scope) {
        if (!(scope instanceof ScopeBits)) {
            throw new IllegalArgumentException("not a scope built by Policy.scope(): " + scope);
        }
        return (ScopeBits) scope;
    }

    private CompiledPolicy compiled() {
        return InMemoryEngine.compiled(policy);
    }

    private IdentityHandle identity(final String name) {
        IdentityHandle h = identities.get(name);
        if (h == null) {
            h = bind(name);
            identities.put(name, h);
        }
        return h;
    }

    private IdentityHandle bind(final String name) {
        try {
            return (IdentityHandle) engine.agent(name);
        } catch (final UnknownNameException notAnAgent) {
            // a principal, or a stranger: tried next
        }
        try {
            return (IdentityHandle) engine.principal(name);
        } catch (final UnknownNameException notAPrincipal) {
            // a stranger
        }
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("identity must be a non-empty string");
        }
        return new IdentityHandle(engine, strangers != null ? strangers.applyAsInt(name) : --unissued, name);
    }
}
