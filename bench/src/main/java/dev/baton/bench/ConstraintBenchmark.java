package dev.baton.bench;

import dev.baton.core.DecisionSlot;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The acceptance pair of issue #14: one {@code authorize} with three argument constraints (a decimal range,
 * an enum one-of, an identifier regex) against the same {@code authorize} without any, in one run and with
 * the same fork settings, so that their ratio is read from one output ({@link ConstrainedCall}). The target
 * is {@code authorizeThreeConstraints} at most twice {@code authorizeUnconstrained}, 0 B/op. The count
 * as a dimension (0, 1, 3, 6) is {@code ScalingBenchmark.constraints}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsPrepend = {JvmFlags.MISC, JvmFlags.NIO, JvmFlags.REFLECT, JvmFlags.REF, JvmFlags.LANG,
    JvmFlags.JAVAC, JvmFlags.NO_ANALYTICS, JvmFlags.NO_BANNER})
public class ConstraintBenchmark {
    private static final int CHECK = 1_000;

    /** A tool without arguments. */
    @State(Scope.Thread)
    public static class Unconstrained {
        ConstrainedCall call;

        @Setup(Level.Trial)
        public void setUp() {
            call = new ConstrainedCall(0);
            call.check(CHECK);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            call.check(CHECK);
        }
    }

    /** A tool whose agent ceiling constrains three arguments. */
    @State(Scope.Thread)
    public static class ThreeConstraints {
        ConstrainedCall call;

        @Setup(Level.Trial)
        public void setUp() {
            call = new ConstrainedCall(3);
            call.check(CHECK);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            call.check(CHECK);
        }
    }

    /** One {@code authorize} of a tool without arguments: the baseline. */
    @Benchmark
    public DecisionSlot authorizeUnconstrained(final Unconstrained s) {
        return s.call.authorize();
    }

    /** One {@code authorize} whose call carries three arguments, each checked against its constraint. */
    @Benchmark
    public DecisionSlot authorizeThreeConstraints(final ThreeConstraints s) {
        return s.call.authorize();
    }
}
