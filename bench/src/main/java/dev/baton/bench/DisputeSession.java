package dev.baton.bench;

import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.DelegationEngine;
import dev.baton.FanOut;
import dev.baton.GrantRef;
import dev.baton.Policy;

/**
 * {@link RefundDispute}'s workload through the public API, in its allocation-free form: one
 * {@link DecisionSession} of {@link DelegationEngine#inMemory}, reused {@link GrantRef}s refilled from each
 * decision, scopes and handles bound once. {@link SessionBenchmark} runs it beside a {@link RefundDispute}
 * whose core is configured as the in-memory engine's, so the ratio of the two is the API's overhead.
 * <p>
 * <b>Note:</b> not thread-safe; allocation-free after construction.
 */
final class DisputeSession {
    private final ChildPacing pacing;
    private final DelegationEngine engine;
    private final DecisionSession session;
    private final DisputeNames names;
    private final GrantRef root = new GrantRef();
    private final GrantRef live = new GrantRef();

    /**
     * @param policy     the example policy.
     * @param stepMillis clock step per delegated child (see {@link ChildPacing}).
     */
    DisputeSession(final Policy policy, final long stepMillis) {
        this.pacing = new ChildPacing(stepMillis);
        this.engine = DelegationEngine.inMemory(policy, pacing.clock, null);
        this.session = engine.session();
        this.names = new DisputeNames(policy, engine);
        refreshLiveGrant();
    }

    /** A fresh root and CRM-reader grant for {@link #authorize()}, which never moves the clock. */
    private void refreshLiveGrant() {
        live.from(require(session.open(names.alice, names.purpose, names.planner, names.rootScope)));
        live.from(require(session.delegate(live, names.planner, names.crmReader, names.readerScope)));
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
            final FanOut fan = fanOut8();
            for (int c = 0; c < fan.size(); c++) {
                require(fan.child(c));
            }
        }
        refreshLiveGrant(); // the clock moved: a fresh grant for authorize
    }

    private static Decision require(final Decision d) {
        if (!d.allowed()) {
            throw new IllegalStateException("expected ALLOW: " + d.describe());
        }
        return d;
    }

    Decision authorize() {
        return session.authorize(live, names.crmReader, names.lookup, names.internal, DisputeNames.JUSTIFICATION,
            null);
    }

    Decision delegate() {
        step(1);
        return session.delegate(root, names.planner, names.crmReader, names.readerScope);
    }

    FanOut fanOut8() {
        step(DisputeNames.FAN_OUT);
        return session.fanOut(root, names.planner, names.fanOutAgents, names.fanOutScopes);
    }

    /** Moves the clock for {@code newChildren}, opening a new root first when one is due. */
    private void step(final int newChildren) {
        if (pacing.step(newChildren)) {
            root.from(session.open(names.alice, names.purpose, names.planner, names.rootScope));
        }
    }

    /** Closes the session and the engine. */
    void close() {
        session.close();
        engine.close();
    }
}
