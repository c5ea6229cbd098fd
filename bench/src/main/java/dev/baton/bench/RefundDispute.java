package dev.baton.bench;

import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionSlot;
import dev.baton.core.DecisionCore;
import dev.baton.core.ScopeBits;

/**
 * The workload of {@link DecisionCoreBenchmark} on {@code refund-dispute.yaml}. Every decision it takes
 * is an ALLOW; {@link #check(int)} proves it in setup and teardown.
 * <p>
 * <b>Note:</b> not thread-safe; allocation-free after construction.
 */
final class RefundDispute {
    static final int REOPEN_EVERY = 1_000;
    static final long ROOT_TTL_MILLIS = 5 * 60_000;
    static final int FAN_OUT = 8;
    private static final String JUSTIFICATION = "dispute #4411";

    private final CompiledPolicy policy;
    private final DecisionCore core;
    private final SteppingClock clock;
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
    private final long stepMillis;
    private final int reopenEvery;
    private long liveGrant;
    private long root;
    private int children;

    /**
     * @param policy     the compiled example policy.
     * @param stepMillis clock step per delegated child; about {@code 300,000 / stepMillis} children are
     *                   live at any time.
     */
    RefundDispute(final CompiledPolicy policy, final long stepMillis) {
        this.policy = policy;
        this.stepMillis = stepMillis;
        this.reopenEvery = (int) Math.max(FAN_OUT, Math.min(REOPEN_EVERY, ROOT_TTL_MILLIS / (2 * stepMillis)));
        this.clock = new SteppingClock(HotChain.START_MILLIS);
        this.core = new DecisionCore(policy, clock, new dev.baton.core.CoreSettings(null, 4096, 1 << 24, 0));
        this.alice = core.identity("user:alice@acme.example");
        this.purpose = policy.purpose("refund-dispute");
        this.planner = core.identity("spiffe://acme.example/agent/planner");
        this.crmReader = core.identity("spiffe://acme.example/agent/crm-reader");
        final int payments = core.identity("spiffe://acme.example/agent/payments");
        final int summariser = core.identity("spiffe://partner.example/mcp/summariser");
        this.rootScope = new ScopeBits(policy).capability("crm.lookup", "read").capability("ledger.read", "read")
            .capability("doc.summarize", "summarize").data("public").data("internal").data("financial");
        this.readerScope = new ScopeBits(policy).capability("crm.lookup", "read").data("internal");
        final ScopeBits paymentsScope = new ScopeBits(policy).capability("ledger.read", "read").data("financial");
        final ScopeBits summariserScope = new ScopeBits(policy).capability("doc.summarize", "summarize").data("public");
        for (int i = 0; i < FAN_OUT; i++) {
            fanOutAgents[i] = i < 3 ? crmReader : i < 6 ? payments : summariser;
            fanOutScopes[i] = i < 3 ? readerScope : i < 6 ? paymentsScope : summariserScope;
            fanOutDecisions[i] = new DecisionSlot();
        }
        this.lookup = policy.capability("crm.lookup", "read");
        this.internal = policy.dataClass("internal");
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
        return core.authorize(liveGrant, crmReader, lookup, internal, JUSTIFICATION, auth);
    }

    int fanOut8() {
        step(FAN_OUT);
        return core.fanOut(root, planner, FAN_OUT, fanOutAgents, fanOutScopes, fanOutDecisions);
    }

    DecisionSlot delegateAuthorize() {
        step(1);
        core.delegate(root, planner, crmReader, readerScope, out);
        return core.authorize(out.grantId(), crmReader, lookup, internal, JUSTIFICATION, auth);
    }

    /** Reopens the root every {@code reopenEvery} children (before it half-expires); moves the clock. */
    private void step(final int newChildren) {
        if (children % reopenEvery < newChildren) {
            core.open(alice, purpose, planner, rootScope, out);
            root = out.grantId();
        }
        children += newChildren;
        clock.advance(stepMillis * newChildren);
    }
}
