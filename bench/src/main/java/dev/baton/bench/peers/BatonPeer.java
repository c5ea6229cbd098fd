package dev.baton.bench.peers;

import dev.baton.codec.KeyRing;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionSlot;
import dev.baton.core.DecisionCore;
import dev.baton.core.ScopeBits;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;

/**
 * Baton on {@code refund-dispute.yaml}, with signed warrants, so it does what the token peers do per hop:
 * verify the parent warrant (HMAC-SHA256), decide the delegation, sign the child's warrant; then verify that
 * warrant and authorize the call.
 * <p>
 * <b>Note:</b> not thread-safe. {@link #prepare(DelegationCase)} runs allocation-free; it moves its own
 * clock 10 ms per run and reopens the root every 1,000 runs, so children expire and are reclaimed as in
 * {@code DecisionCoreBenchmark} (about 30,000 grants live).
 */
public final class BatonPeer implements PeerAdapter {
    static final long START_MILLIS = 1_767_225_600_000L;
    static final long STEP_MILLIS = 10;
    static final int REOPEN_EVERY = 1_000;

    private final CompiledPolicy policy;
    private final Clock clock = new Clock();
    private final DecisionCore core;
    private final int principal;
    private final int purpose;
    private final ScopeBits taskScope;
    private final DecisionSlot out = new DecisionSlot();

    /** @param policy the compiled {@code refund-dispute.yaml}. */
    public BatonPeer(final CompiledPolicy policy) {
        this.policy = policy;
        final byte[] secret = "baton-bench-peers-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        this.core = new DecisionCore(policy, clock,
            new dev.baton.core.CoreSettings(new KeyRing(0, 1, Arrays.copyOf(secret, 32)), 4096, 1 << 24, 0));
        this.principal = core.identity(PeerScenario.PRINCIPAL);
        this.purpose = policy.purpose(PeerScenario.PURPOSE);
        this.taskScope = new ScopeBits(policy);
        for (final String c : PeerScenario.TASK_CAPABILITIES) {
            capability(taskScope, c);
        }
        for (final String d : PeerScenario.TASK_DATA) {
            taskScope.data(d);
        }
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

    private int identity(final String agent) {
        return core.identity(PeerScenario.AGENTS.get(agent).identity());
    }

    private static void capability(final ScopeBits scope, final String capability) {
        final int colon = capability.indexOf(':');
        scope.capability(capability.substring(0, colon), capability.substring(colon + 1));
    }

    /** One case with its identities, scope and warrant buffers resolved. */
    private final class Run {
        private final int[] agents;
        private final ScopeBits scope = new ScopeBits(policy);
        private final int capability;
        private final int dataClass;
        private final UnsafeBuffer root = new UnsafeBuffer(new byte[core.maxWarrantLength()]);
        private final UnsafeBuffer[] hops;
        private int rootLength;
        private int runs;

        Run(final DelegationCase c) {
            agents = c.chain().stream().mapToInt(BatonPeer.this::identity).toArray();
            capability(scope, c.capability());
            scope.data(c.data());
            capability = policy.capability(c.capability().substring(0, c.capability().indexOf(':')),
                c.capability().substring(c.capability().indexOf(':') + 1));
            dataClass = policy.dataClass(c.data());
            hops = new UnsafeBuffer[2];
            hops[0] = new UnsafeBuffer(new byte[core.maxWarrantLength()]);
            hops[1] = new UnsafeBuffer(new byte[core.maxWarrantLength()]);
        }

        /** Opens the task (root warrant to the planner). */
        private boolean open() {
            rootLength = core.open(principal, purpose, agents[0], taskScope, out).allowed()
                ? core.warrants().write(out.grantId(), root, 0) : 0;
            return rootLength > 0;
        }

        /** Every hop on presented warrant bytes, then the call. */
        private boolean decide() {
            UnsafeBuffer parent = root;
            int length = rootLength;
            for (int i = 1; i < agents.length; i++) {
                final UnsafeBuffer child = hops[i & 1];
                final long parentId = core.warrants().verify(parent, 0, length, agents[i - 1], out);
                if (parentId == 0 || !core.delegate(parentId, agents[i - 1], agents[i], scope, out).allowed()) {
                    return false;
                }
                length = core.warrants().write(out.grantId(), child, 0);
                parent = child;
            }
            final int holder = agents[agents.length - 1];
            final long grant = core.warrants().verify(parent, 0, length, holder, out);
            return grant != 0
                && core.authorize(grant, holder, capability, dataClass, PeerScenario.JUSTIFICATION, out).allowed();
        }

        boolean run() {
            if (!open()) {
                throw new IllegalStateException("task not opened: " + out.describe(policy));
            }
            return decide();
        }

        boolean steadyState() {
            if (runs++ % REOPEN_EVERY == 0 && !open()) {
                throw new IllegalStateException("task not opened: " + out.describe(policy));
            }
            clock.millis += STEP_MILLIS;
            return decide();
        }
    }

    /** A clock moved by hand (allocation-free {@link #millis()}). */
    private static final class Clock implements InstantSource {
        long millis = START_MILLIS;

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }
}
