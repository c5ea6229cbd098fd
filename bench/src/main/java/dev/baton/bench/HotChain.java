package dev.baton.bench;

import dev.baton.core.ManualClock;
import dev.baton.Capability;
import dev.baton.DelegationEngine;
import dev.baton.Policy;
import dev.baton.Scope;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionSlot;
import dev.baton.core.CoreSettings;
import dev.baton.core.DecisionCore;
import dev.baton.core.InMemoryEngine;
import dev.baton.core.ScopeBits;

/**
 * The measured workload of {@link ScalingBenchmark} on a {@link GeneratedPolicy}: a chain
 * {@code g0 -> g1 -> ... -> g(depth-1)} under a short-lived root, and per operation one
 * {@code delegate} creating a grant at {@code depth} plus one {@code authorize} with it.
 * <p>
 * Steady state: the clock moves {@value #STEP_MILLIS} ms per operation and the chain is rebuilt every
 * {@value #REBUILD_EVERY} operations (that rebuild, {@code depth} decisions, is amortised into the
 * measurement). The root holds the 1 s {@code hot} capability, so each chain and every grant delegated
 * from it expires 200 operations after it was opened and is reclaimed (retention 0).
 * <p>
 * The child scope holds one capability in every 64-bit word of the policy's capability bitset, so
 * wide policies pay for their width.
 * <p>
 * Names are bound through the public API ({@code Policy}, {@code engine.agent/principal}) and turned into
 * the raw core's ints once ({@link CoreIds}).
 */
final class HotChain {
    static final long START_MILLIS = 1_767_225_600_000L;
    static final long STEP_MILLIS = 5;
    static final int REBUILD_EVERY = 100;

    final ManualClock clock = new ManualClock(START_MILLIS);
    final CompiledPolicy policy;
    final DecisionCore core;
    final int principal;
    final int purpose;
    final int[] agents;
    final int depth;
    final ScopeBits rootScope;
    final ScopeBits childScope;
    final ScopeBits backgroundScope;
    final int capability;
    final int dataClass;
    private final DecisionSlot out = new DecisionSlot();
    private final DecisionSlot auth = new DecisionSlot();
    private long parent;
    private int ops;

    /**
     * @param policy from {@link GeneratedPolicy}.
     * @param depth  1..8: depth of the grant each operation creates.
     */
    HotChain(final Policy policy, final int depth) {
        this.policy = InMemoryEngine.compiled(policy);
        this.depth = depth;
        this.core = new DecisionCore(this.policy, clock, new CoreSettings(null, 4096, 1 << 24, 0));
        final CoreIds ids = new CoreIds(core);
        this.agents = new int[depth + 1];
        try (DelegationEngine binder = DelegationEngine.inMemory(policy, clock, null)) {
            this.principal = ids.identity(binder.principal(GeneratedPolicy.PRINCIPAL));
            for (int i = 0; i <= depth; i++) {
                agents[i] = ids.identity(binder.agent(GeneratedPolicy.agentIdentity(i)));
            }
        }
        this.purpose = ids.index(policy.purpose(GeneratedPolicy.PURPOSE));
        final Capability used = policy.capability("t0", "a1");
        this.childScope = CoreIds.bits(wideScope(policy, null));
        this.rootScope = CoreIds.bits(wideScope(policy,
            policy.capability(GeneratedPolicy.HOT_TOOL, GeneratedPolicy.HOT_ACTION)));
        this.backgroundScope = CoreIds.bits(policy.scope().capability(used).data("d0").build());
        for (int w = 0; w < childScope.words(); w++) {
            if (childScope.capabilityWord(w) == 0) {
                throw new IllegalStateException("no capability in word " + w + " of " + childScope);
            }
        }
        this.capability = ids.index(used); // the child's capability in word 0
        this.dataClass = ids.index(policy.dataClass("d0"));
    }

    /**
     * Action {@code a1} of every eighth tool, so one capability in each 64-bit word (8 tools of 8 actions a
     * word), data class {@code d0}, and {@code extra} if not null.
     */
    private Scope wideScope(final Policy policy, final Capability extra) {
        final Scope.Builder scope = policy.scope().data("d0");
        for (int tool = 0; tool * GeneratedPolicy.ACTIONS_PER_TOOL < this.policy.capabilityCount(); tool += 8) {
            scope.capability("t" + tool, "a1");
        }
        return (extra == null ? scope : scope.capability(extra)).build();
    }

    /**
     * Opens {@code n} long-lived root grants for {@code g0} (30 days: they hold no {@code hot}
     * capability) that stay live through the run.
     *
     * @return their grant ids.
     */
    long[] openBackground(final int n) {
        final long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            core.open(principal, purpose, agents[0], backgroundScope, out);
            if (!out.allowed()) {
                throw new IllegalStateException("background grant " + i + ": " + out.describe(policy));
            }
            ids[i] = out.grantId();
        }
        return ids;
    }

    /** Authorizes {@code g0}'s use of the child capability with background grant {@code grantId}. */
    DecisionSlot authorizeBackground(final long grantId) {
        return core.authorize(grantId, agents[0], capability, dataClass, null, auth);
    }

    /** One delegate at {@link #depth} and one authorize with the new grant; returns the authorize decision. */
    DecisionSlot delegateAndAuthorize() {
        if (ops++ % REBUILD_EVERY == 0) {
            rebuild();
        }
        clock.advance(STEP_MILLIS);
        core.delegate(parent, agents[depth - 1], agents[depth], childScope, out);
        return core.authorize(out.grantId(), agents[depth], capability, dataClass, null, auth);
    }

    private void rebuild() {
        core.open(principal, purpose, agents[0], rootScope, out);
        parent = out.grantId();
        for (int i = 1; i < depth; i++) {
            core.delegate(parent, agents[i - 1], agents[i], childScope, out);
            parent = out.grantId();
        }
    }

    /** Runs {@code n} operations and fails unless every one ended in ALLOW (setup and teardown only). */
    void check(final int n) {
        for (int i = 0; i < n; i++) {
            final DecisionSlot d = delegateAndAuthorize();
            if (!out.allowed() || !d.allowed()) {
                throw new IllegalStateException("expected ALLOW at depth " + depth + ": delegate " + out.describe(policy)
                    + ", authorize " + d.describe(policy));
            }
        }
    }
}
