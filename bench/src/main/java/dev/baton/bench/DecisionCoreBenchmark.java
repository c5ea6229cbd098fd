package dev.baton.bench;

import dev.baton.core.DecisionSlot;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The decision core on the example policy ({@code src/policies/refund-dispute.yaml}): the planner
 * delegates to the CRM reader, the CRM reader calls {@code crm.lookup:read}, and the planner fans out to
 * eight sub-agents (three CRM readers, three payments agents, two external summarisers) in one call.
 * <p>
 * Steady state as in the engine's {@code ZeroAllocationTest}: a root (its {@code financial} data puts it in
 * the money tier: 5 minutes) is opened every {@value ChildPacing#REOPEN_EVERY} delegations, the clock
 * moves {@code stepMillis} (10 ms) per delegated child and retention is 0, so every child expires with
 * its root after 30,000 children and its slot is reclaimed (about 30,000 grants live). {@code authorize} runs on a clock that does not move, with one live grant.
 * The core starts at 4,096 grant slots and grows during warm-up.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.MISC, JvmFlags.NIO, JvmFlags.REFLECT, JvmFlags.REF, JvmFlags.LANG,
    JvmFlags.JAVAC, JvmFlags.NO_ANALYTICS, JvmFlags.NO_BANNER})
public class DecisionCoreBenchmark {
    private static final int CHECK = 10_000;

    /** The example policy, one core, and the identities and scopes of the refund-dispute scenario. */
    @State(Scope.Thread)
    public static class Core {
        /** Policy file: as given, else under {@code -Dbaton.home}, else under an ancestor of the working dir. */
        @Param({"src/policies/refund-dispute.yaml"})
        public String policy;
        /** Clock step per delegated child: 10 ms keeps about 30,000 children live, 1000 ms about 300. */
        @Param({"10"})
        public long stepMillis;
        RefundDispute scenario;

        @Setup(Level.Trial)
        public void setUp() {
            scenario = new RefundDispute(PolicyFiles.load(policy), stepMillis, 0);
            scenario.check(CHECK);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            scenario.check(CHECK);
        }
    }

    /** One delegation: planner to CRM reader, from a root reopened every 1,000 children (at 10 ms). */
    @Benchmark
    public DecisionSlot delegate(final Core s) {
        return s.scenario.delegate();
    }

    /** One tool call with a live grant (justification required by the sensitive tier, and given). */
    @Benchmark
    public DecisionSlot authorize(final Core s) {
        return s.scenario.authorize();
    }

    /** Eight delegations in one {@code fanOut} call; divide by 8 for the cost per child. */
    @Benchmark
    public int fanOut8(final Core s) {
        return s.scenario.fanOut8();
    }

    /** The steady-state mix: delegate, then authorize with the new grant (two decisions). */
    @Benchmark
    public DecisionSlot delegateAuthorize(final Core s) {
        return s.scenario.delegateAuthorize();
    }
}
