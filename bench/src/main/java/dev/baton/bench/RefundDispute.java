package dev.baton.bench;

import dev.baton.DelegationEngine;
import dev.baton.Policy;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.CoreSettings;
import dev.baton.core.DecisionCore;
import dev.baton.core.DecisionSlot;
import dev.baton.core.InMemoryEngine;
import dev.baton.core.ScopeBits;

/**
 * The workload of {@link DecisionCoreBenchmark} on {@code refund-dispute.yaml}, on the raw {@link DecisionCore}:
 * names bound through the public API ({@link DisputeNames}), turned into the core's ints once
 * ({@link CoreIds}). Every decision it takes is an ALLOW; {@link #check(int)} proves it in setup and teardown.
 * <p>
 * <b>Note:</b> not thread-safe; allocation-free after construction.
 */
final class RefundDispute {
    static final int FAN_OUT = DisputeNames.FAN_OUT;
    /** The retention of the in-memory engine's core ({@code DecisionCore}'s default), for like-for-like runs. */
    static final long ENGINE_RETENTION_MILLIS = 60_000;

    private final CompiledPolicy policy;
    private final ChildPacing pacing;
    private final DecisionCore core;
    private final int alice;
    private final int purpose;
    private final int planner;
    private final int crmReader;
    private final ScopeBits rootScope;
    private final ScopeBits readerScope;
    private final int lookup;
    private final int internal;
    private final int[] fanOutAgents = new int[FAN_OUT];
    private final ScopeBits[] fanOutScopes = new ScopeBits[FAN_OUT];
    private final DecisionSlot[] fanOutDecisions = new DecisionSlot[FAN_OUT];
    private final DecisionSlot out = new DecisionSlot();
    private final DecisionSlot auth = new DecisionSlot();
    private long liveGrant;
    private long root;

    /**
     * @param policy          the example policy.
     * @param stepMillis      clock step per delegated child (see {@link ChildPacing}).
     * @param retentionMillis how long the core keeps an expired grant before reclaiming its slot: 0 in
     *                        {@link DecisionCoreBenchmark}, {@link #ENGINE_RETENTION_MILLIS} beside a session.
     */
    RefundDispute(final Policy policy, final long stepMillis, final long retentionMillis) {
        this.policy = InMemoryEngine.compiled(policy);
        this.pacing = new ChildPacing(stepMillis);
        this.core = new DecisionCore(this.policy, pacing.clock, new CoreSettings(null, 4096, 1 << 24, retentionMillis));
        final DisputeNames names;
        try (DelegationEngine binder = DelegationEngine.inMemory(policy, pacing.clock, null)) {
            names = new DisputeNames(policy, binder);
        }
        final CoreIds ids = new CoreIds(core);
        this.alice = ids.identity(names.alice);
        this.purpose = ids.index(names.purpose);
        this.planner = ids.identity(names.planner);
        this.crmReader = ids.identity(names.crmReader);
        this.rootScope = CoreIds.bits(names.rootScope);
        this.readerScope = CoreIds.bits(names.readerScope);
        for (int i = 0; i < FAN_OUT; i++) {
            fanOutAgents[i] = ids.identity(names.fanOutAgents[i]);
            fanOutScopes[i] = CoreIds.bits(names.fanOutScopes[i]);
            fanOutDecisions[i] = new DecisionSlot();
        }
        this.lookup = ids.index(names.lookup);
        this.internal = ids.index(names.internal);
        refreshLiveGrant();
    }

    /** A fresh root and CRM-reader grant for {@link #authorize()}, which never moves the clock. */
    private void refreshLiveGrant() {
        require(core.open(alice, purpose, planner, rootScope, out));
        require(core.delegate(out.grantId(), planner, crmReader, readerScope, out));
        liveGrant = out.grantId();
    }

    /** Runs every operation {@code n} times and fails unless each decision is an ALLOW (setup, teardown). */
    void check(final int n) {
        refreshLiveGrant();
        for (int i = 0; i < n; i++) {
            require(authorize());
        }
        for (int i = 0; i < n; i++) {
            require(delegate());
        }
        for (int i = 0; i < n; i++) {
            if (fanOut8() != FAN_OUT) {
                for (final DecisionSlot d : fanOutDecisions) {
                    require(d);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            final DecisionSlot a = delegateAuthorize();
            require(out);
            require(a);
        }
        refreshLiveGrant();
        require(authorize());
    }

    private void require(final DecisionSlot d) {
        if (!d.allowed()) {
            throw new IllegalStateException("expected ALLOW: " + d.describe(policy));
        }
    }

    DecisionSlot delegate() {
        step(1);
        return core.delegate(root, planner, crmReader, readerScope, out);
    }

    DecisionSlot authorize() {
        return core.authorize(liveGrant, crmReader, lookup, internal, DisputeNames.JUSTIFICATION, auth);
    }

    int fanOut8() {
        step(FAN_OUT);
        return core.fanOut(root, planner, FAN_OUT, fanOutAgents, fanOutScopes, fanOutDecisions);
    }

    DecisionSlot delegateAuthorize() {
        step(1);
        core.delegate(root, planner, crmReader, readerScope, out);
        return core.authorize(out.grantId(), crmReader, lookup, internal, DisputeNames.JUSTIFICATION, auth);
    }

    /** Moves the clock for {@code newChildren}, opening a new root first when one is due. */
    private void step(final int newChildren) {
        if (pacing.step(newChildren)) {
            core.open(alice, purpose, planner, rootScope, out);
            root = out.grantId();
        }
    }
}
