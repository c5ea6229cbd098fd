package dev.baton.bench.peers;

import dev.baton.Agent;
import dev.baton.Capability;
import dev.baton.DataClass;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.DelegationEngine;
import dev.baton.GrantRef;
import dev.baton.Policy;
import dev.baton.Principal;
import dev.baton.Purpose;
import dev.baton.Scope;
import dev.baton.core.ManualClock;
import dev.baton.codec.KeyRing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Baton on {@code refund-dispute.yaml}, through its public API, with signed warrants, so it does what the
 * token peers do per hop: verify the parent warrant (HMAC-SHA256), decide the delegation, sign the child's
 * warrant; then verify that warrant and authorize the call. One in-memory {@link DelegationEngine} with a key
 * ring, one {@link DecisionSession}, names bound once; each hop presents the previous decision's warrant
 * through a reused {@link GrantRef} (the API's allocation-free form).
 * <p>
 * <b>Note:</b> not thread-safe. {@link #prepare(DelegationCase)} runs allocation-free; it moves its own
 * clock 10 ms per run and reopens the root every 1,000 runs, so children expire and are reclaimed as in
 * {@code DecisionCoreBenchmark}.
 */
public final class BatonPeer implements PeerAdapter {
    static final long START_MILLIS = 1_767_225_600_000L;
    static final long STEP_MILLIS = 10;
    static final int REOPEN_EVERY = 1_000;

    private final Policy policy;
    private final ManualClock clock = new ManualClock(START_MILLIS);
    private final DelegationEngine engine;
    private final DecisionSession session;
    private final Principal principal;
    private final Purpose purpose;
    private final Scope taskScope;

    /** @param policy the {@code refund-dispute.yaml} policy. */
    public BatonPeer(final Policy policy) {
        this.policy = policy;
        final byte[] secret = "baton-bench-peers-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        this.engine = DelegationEngine.inMemory(policy, clock, new KeyRing(0, 1, Arrays.copyOf(secret, 32)));
        this.session = engine.session();
        this.principal = engine.principal(PeerScenario.PRINCIPAL);
        this.purpose = policy.purpose(PeerScenario.PURPOSE);
        final Scope.Builder task = policy.scope();
        for (final String c : PeerScenario.TASK_CAPABILITIES) {
            task.capability(capability(c));
        }
        for (final String d : PeerScenario.TASK_DATA) {
            task.data(d);
        }
        this.taskScope = task.build();
    }

    @Override
    public String name() {
        return "Baton";
    }

    @Override
    public boolean allowed(final DelegationCase c) {
        return new Run(c).run();
    }

    @Override
    public Prepared prepare(final DelegationCase c) {
        return new Run(c)::steadyState;
    }

    @Override
    public void close() {
        session.close();
        engine.close();
    }

    /** @return the handle of a {@code tool:action} capability. */
    private Capability capability(final String capability) {
        final int colon = capability.indexOf(':');
        return policy.capability(capability.substring(0, colon), capability.substring(colon + 1));
    }

    /** One case with its identities, scope and grant references bound. */
    private final class Run {
        private final Agent[] agents;
        private final Scope scope;
        private final Capability capability;
        private final DataClass dataClass;
        private final GrantRef root = new GrantRef();
        private final GrantRef[] hops = {new GrantRef(), new GrantRef()};
        private int runs;

        Run(final DelegationCase c) {
            agents = c.chain().stream().map(a -> engine.agent(PeerScenario.AGENTS.get(a).identity()))
                .toArray(Agent[]::new);
            capability = capability(c.capability());
            dataClass = policy.dataClass(c.data());
            scope = policy.scope().capability(capability).data(dataClass).build();
        }

        /** Opens the task (root warrant to the planner). */
        private Decision open() {
            final Decision d = session.open(principal, purpose, agents[0], taskScope);
            if (!d.allowed()) {
                throw new IllegalStateException("task not opened: " + d.describe());
            }
            root.from(d);
            return d;
        }

        /** Every hop on presented warrant bytes, then the call. */
        private boolean decide() {
            GrantRef parent = root;
            for (int i = 1; i < agents.length; i++) {
                final Decision d = session.delegate(parent, agents[i - 1], agents[i], scope);
                if (!d.allowed()) {
                    return false;
                }
                parent = hops[i & 1].from(d);
            }
            return session.authorize(parent, agents[agents.length - 1], capability, dataClass,
                PeerScenario.JUSTIFICATION, null).allowed();
        }

        boolean run() {
            open();
            return decide();
        }

        boolean steadyState() {
            if (runs++ % REOPEN_EVERY == 0) {
                open();
            }
            clock.advance(STEP_MILLIS);
            return decide();
        }
    }
}
