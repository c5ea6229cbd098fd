package dev.baton.bench;

import dev.baton.Capability;
import dev.baton.DataClass;
import dev.baton.DecisionBatch;
import dev.baton.core.ManualClock;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.FanOut;
import dev.baton.GrantRef;
import dev.baton.core.DecisionSlot;
import dev.baton.core.IdentityHandle;
import dev.baton.core.PolicyNames;
import dev.baton.core.ScopeBits;
import dev.baton.engine.FsyncMode;
import dev.baton.engine.WaitMode;
import dev.baton.engine.JournaledEngine;
import dev.baton.engine.Request;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The public API's overhead: each operation through the allocation-free form of a {@link DecisionSession}
 * (reused {@link GrantRef}s, handles and scopes bound once) beside the same operation on the raw internals,
 * in one run, so the ratio is what the API costs.
 * <ul>
 *   <li>In memory ({@code core*} vs {@code session*}): {@link RefundDispute} on a raw {@code DecisionCore}
 *       against {@link DisputeSession} on {@code DelegationEngine.inMemory}, the same workload and the same
 *       core settings (4,096 initial slots, 60 s retention). The session adds argument checks, the engine's
 *       lock and the public {@code Decision} view.</li>
 *   <li>Journaled ({@code request*} vs {@code sessionOpenClose}): one {@code open} and the {@code close} of that
 *       task, each decided on the ring, journaled (fsync NONE) and completed before the call returns, as a raw
 *       {@link Request} and through {@code JournaledEngine.session()}.</li>
 * </ul>
 * Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is about 0 B/op for every form (the journaled ones
 * count the engine and completion threads too).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.MISC, JvmFlags.NIO, JvmFlags.REFLECT, JvmFlags.REF, JvmFlags.LANG,
    JvmFlags.JAVAC, JvmFlags.NO_ANALYTICS, JvmFlags.NO_BANNER})
public class SessionBenchmark {
    private static final int CHECK = 10_000;
    /** Fewer at teardown: enough to show the state still allows, not so many that the registry grows. */
    private static final int RECHECK = 1_000;

    /** The refund-dispute workload on a raw core configured as the in-memory engine's. */
    @State(Scope.Thread)
    public static class Core {
        /** Policy file, resolved as in {@link PolicyFiles#resolve(String)}. */
        @Param({"src/policies/refund-dispute.yaml"})
        public String policy;
        RefundDispute scenario;

        @Setup(Level.Trial)
        public void setUp() {
            scenario = new RefundDispute(PolicyFiles.load(policy), 10, RefundDispute.ENGINE_RETENTION_MILLIS);
            scenario.check(CHECK);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            scenario.check(RECHECK);
        }
    }

    /** The same workload through a session of {@code DelegationEngine.inMemory}. */
    @State(Scope.Thread)
    public static class Session {
        /** Policy file, resolved as in {@link PolicyFiles#resolve(String)}. */
        @Param({"src/policies/refund-dispute.yaml"})
        public String policy;
        DisputeSession scenario;

        @Setup(Level.Trial)
        public void setUp() {
            scenario = new DisputeSession(PolicyFiles.load(policy), 10);
            scenario.check(CHECK);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            scenario.check(RECHECK);
            scenario.close();
        }
    }

    /**
     * A journaled engine (fsync NONE) and one open + close of a task, checked to be allowed in setup and
     * teardown. The clock moves 1 s a task, so a task's root (20 minutes) is reclaimed 1,200 tasks after it was
     * opened: the registry stays within its first 4,096 slots.
     */
    @State(Scope.Thread)
    public abstract static class Journaled {
        private static final long STEP_MILLIS = 1_000;
        /** Policy file, resolved as in {@link PolicyFiles#resolve(String)}. */
        @Param({"src/policies/refund-dispute.yaml"})
        public String policy;
        /** How the engine's threads and the caller wait (AUTO: PARK below 4 processors, else SPIN). */
        @Param({"AUTO"})
        public WaitMode waitMode;
        final ManualClock clock = new ManualClock(HotChain.START_MILLIS);
        JournaledDispute dispute;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dispute = new JournaledDispute(policy, FsyncMode.NONE, clock, waitMode);
            bind();
            check();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            check();
            dispute.close();
        }

        private void check() {
            for (int i = 0; i < RECHECK; i++) {
                if (!openClose()) {
                    throw new IllegalStateException("expected ALLOW: " + getClass().getSimpleName());
                }
            }
        }

        /** Moves the clock to the next task's time. */
        void step() {
            clock.advance(STEP_MILLIS);
        }

        abstract void bind();

        /** @return whether both the open and the close were allowed. */
        abstract boolean openClose();
    }

    /** The open and the close as raw requests, their arguments as the engine's ints. */
    @State(Scope.Thread)
    public static class JournaledRequest extends Journaled {
        final Request request = new Request();
        long requestId = 1L << 40; // far from the sessions' own ids
        int alice;
        int planner;
        int purpose;
        ScopeBits scope;

        @Override
        void bind() {
            alice = IdentityHandle.idOf(dispute.alice, dispute.engine);
            planner = IdentityHandle.idOf(dispute.planner, dispute.engine);
            purpose = PolicyNames.rebind(dispute.purpose, dispute.engine.compiledPolicy());
            scope = CoreIds.bits(dispute.readerScope);
        }

        @Override
        boolean openClose() {
            step();
            request.reset(Request.Op.OPEN, requestId++).principal(alice).purpose(purpose).child(planner, scope);
            decide();
            final boolean opened = request.decision().allowed();
            request.reset(Request.Op.CLOSE, requestId++).grant(request.decision().grantId()).actor(alice);
            decide();
            return opened && request.decision().allowed();
        }

        private void decide() {
            if (dispute.engine.decide(request, 10, TimeUnit.SECONDS) != JournaledEngine.Outcome.DONE) {
                throw new IllegalStateException("not decided in 10 s");
            }
        }
    }

    /** The open and the close through {@code JournaledEngine.session()}, with one reused {@code GrantRef}. */
    @State(Scope.Thread)
    public static class JournaledSession extends Journaled {
        final GrantRef root = new GrantRef();
        DecisionSession session;

        @Override
        void bind() {
            session = dispute.engine.session();
        }

        @Override
        boolean openClose() {
            step();
            final Decision open = session.open(dispute.alice, dispute.purpose, dispute.planner, dispute.readerScope);
            return open.allowed() && session.close(root.id(open.grantId()), dispute.alice).allowed();
        }
    }

    /**
     * {@link #BATCH} justified tool calls of the CRM reader through the public batch API ({@code
     * JournaledEngine.batch}): recorded, then decided in one ring claim and journaled before {@code decide()}
     * returns. The clock does not move: the calls create nothing.
     */
    @State(Scope.Thread)
    public static class JournaledBatch extends Journaled {
        final GrantRef grant = new GrantRef();
        DecisionBatch batch;
        Capability lookup;
        DataClass internal;

        @Override
        void bind() {
            batch = dispute.engine.batch(BATCH);
            grant.id(dispute.grantId());
            lookup = dispute.policy.capability("crm.lookup", "read");
            internal = dispute.policy.dataClass("internal");
        }

        /** @return whether every call of one batch was allowed. */
        @Override
        boolean openClose() {
            return authorizeAll() == BATCH;
        }

        int authorizeAll() {
            for (int i = 0; i < BATCH; i++) {
                batch.authorize(grant, dispute.crmReader, lookup, internal, DisputeNames.JUSTIFICATION, null);
            }
            batch.decide();
            int allowed = 0;
            for (int i = 0; i < BATCH; i++) {
                allowed += batch.decision(i).allowed() ? 1 : 0;
            }
            return allowed;
        }
    }

    /** Calls per {@link JournaledBatch} batch. */
    static final int BATCH = 16;

    /** The public batch API: {@link #BATCH} journaled tool calls in one ring claim, counted per call. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int batchAuthorize(final JournaledBatch s) {
        return s.authorizeAll();
    }

    /** The raw core: one tool call with a live grant. */
    @Benchmark
    public DecisionSlot coreAuthorize(final Core s) {
        return s.scenario.authorize();
    }

    /** The session: the same tool call, by a reused {@code GrantRef}. */
    @Benchmark
    public Decision sessionAuthorize(final Session s) {
        return s.scenario.authorize();
    }

    /** The raw core: one delegation (planner to CRM reader), the root reopened every 1,000 children. */
    @Benchmark
    public DecisionSlot coreDelegate(final Core s) {
        return s.scenario.delegate();
    }

    /** The session: the same delegation. */
    @Benchmark
    public Decision sessionDelegate(final Session s) {
        return s.scenario.delegate();
    }

    /** The raw core: eight delegations in one call. */
    @Benchmark
    public int coreFanOut8(final Core s) {
        return s.scenario.fanOut8();
    }

    /** The session: the same fan-out. */
    @Benchmark
    public FanOut sessionFanOut8(final Session s) {
        return s.scenario.fanOut8();
    }

    /** Raw requests: open a task, then close it, each journaled before it returns. */
    @Benchmark
    public boolean requestOpenClose(final JournaledRequest s) {
        return s.openClose();
    }

    /** The journaled engine's session: the same open and close. */
    @Benchmark
    public boolean sessionOpenClose(final JournaledSession s) {
        return s.openClose();
    }
}
