package dev.baton.bench;

import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionSlot;
import dev.baton.core.DecisionCore;
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
 */
final class HotChain {
    static final long START_MILLIS = 1_767_225_600_000L;
    static final long STEP_MILLIS = 5;
    static final int REBUILD_EVERY = 100;

    final SteppingClock clock = new SteppingClock(START_MILLIS);
    final CompiledPolicy policy;
    final DecisionCore core;
    final int principal;
    final int purpose;
    final int[] agents;
    final int depth;
    final ScopeBits rootScope;
    final ScopeBits childScope;
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
    HotChain(final CompiledPolicy policy, final int depth) {
        this.policy = policy;
        this.depth = depth;
        this.core = new DecisionCore(policy, clock, new dev.baton.core.CoreSettings(null, 4096, 1 << 24, 0));
        this.principal = core.identity(GeneratedPolicy.PRINCIPAL);
        this.purpose = policy.purpose(GeneratedPolicy.PURPOSE);
        this.agents = new int[depth + 1];
        for (int i = 0; i <= depth; i++) {
            agents[i] = core.identity(GeneratedPolicy.agentIdentity(i));
        }
        final int hot = policy.capability(GeneratedPolicy.HOT_TOOL, GeneratedPolicy.HOT_ACTION);
        this.childScope = new ScopeBits(policy).data("d0");
        for (int w = 0; w < childScope.words(); w++) {
            final int c = w * 64 + 1 == hot ? w * 64 + 2 : w * 64 + 1;
            childScope.capability(c);
        }
        this.rootScope = new ScopeBits(policy).copyFrom(childScope).capability(hot);
        this.capability = hot == 1 ? 2 : 1; // the child's capability in word 0
        this.dataClass = policy.dataClass("d0");
    }

    /**
     * Opens {@code n} long-lived root grants for {@code g0} (30 days: they hold no {@code hot}
     * capability) that stay live through the run.
     *
     * @return their grant ids.
     */
    long[] openBackground(final int n) {
        final ScopeBits scope = new ScopeBits(policy).capability(capability).data("d0");
        final long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            core.open(principal, purpose, agents[0], scope, out);
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
