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
 * {@code delegate} + {@code authorize} ({@link HotChain}) as one dimension grows at a time: rules (agent
 * classes), capabilities (bitset width), chain depth, and live grants held by the registry. Each
 * dimension has its own state, so JMH runs each method over its own parameter only.
 * <p>
 * Baseline where a dimension is not varied: 16 agents, 64 capabilities, depth 1, no background grants.
 * One operation is two decisions, except {@code constraints}: one {@code authorize} whose tool call carries
 * 0, 1, 3 or 6 constrained arguments.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.MISC, JvmFlags.NIO, JvmFlags.REFLECT, JvmFlags.REF, JvmFlags.LANG,
    JvmFlags.JAVAC, JvmFlags.NO_ANALYTICS, JvmFlags.NO_BANNER})
public class ScalingBenchmark {
    private static final int CHECK = 1_000;

    /** Number of agent classes: each is one rule (identity, ceiling, edges, depth). */
    @State(Scope.Thread)
    public static class Rules {
        @Param({"10", "100", "1000", "10000"})
        public int rules;
        HotChain chain;

        @Setup(Level.Trial)
        public void setUp() {
            chain = new HotChain(GeneratedPolicy.compile(rules, 64), 1);
            chain.check(CHECK);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            chain.check(CHECK);
        }
    }

    /** Number of capabilities: 64 per bitset word. */
    @State(Scope.Thread)
    public static class Capabilities {
        @Param({"64", "512", "4096"})
        public int capabilities;
        HotChain chain;

        @Setup(Level.Trial)
        public void setUp() {
            chain = new HotChain(GeneratedPolicy.compile(16, capabilities), 1);
            chain.check(CHECK);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            chain.check(CHECK);
        }
    }

    /** Depth of the grant each delegate creates. */
    @State(Scope.Thread)
    public static class Depth {
        @Param({"1", "2", "3", "4", "5", "6", "7", "8"})
        public int depth;
        HotChain chain;

        @Setup(Level.Trial)
        public void setUp() {
            chain = new HotChain(GeneratedPolicy.compile(16, 64), depth);
            chain.check(CHECK);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            chain.check(CHECK);
        }
    }

    /**
     * Background root grants (30-day TTL) held live next to the hot chain. The registry starts at 4,096
     * slots and doubles as it fills, as a default-sized core would.
     */
    @State(Scope.Thread)
    public static class LiveGrants {
        @Param({"1000", "100000", "1000000", "10000000"})
        public int liveGrants;
        HotChain chain;
        long[] ids;
        private int next = 1;

        @Setup(Level.Trial)
        public void setUp() {
            chain = new HotChain(GeneratedPolicy.compile(16, 64), 1);
            ids = chain.openBackground(liveGrants);
            chain.check(CHECK);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            chain.check(CHECK);
            for (int i = 0; i < CHECK; i++) {
                if (!chain.authorizeBackground(randomId()).allowed()) {
                    throw new IllegalStateException("background grant no longer live");
                }
            }
        }

        /** A pseudo-random background grant id (xorshift; allocation-free). */
        long randomId() {
            int x = next;
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            next = x;
            return ids[(int) (((x & 0xFFFF_FFFFL) * ids.length) >>> 32)];
        }
    }

    /**
     * Constraints on the called tool's arguments, checked by one {@code authorize} ({@link ConstrainedCall}):
     * 0 is the same call on a tool without arguments.
     */
    @State(Scope.Thread)
    public static class Constraints {
        @Param({"0", "1", "3", "6"})
        public int constraints;
        ConstrainedCall call;

        @Setup(Level.Trial)
        public void setUp() {
            call = new ConstrainedCall(constraints);
            call.check(CHECK);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            call.check(CHECK);
        }
    }

    /** One {@code authorize} (one decision, not two) with {@code constraints} argument constraints. */
    @Benchmark
    public DecisionSlot constraints(final Constraints s) {
        return s.call.authorize();
    }

    @Benchmark
    public DecisionSlot rules(final Rules s) {
        return s.chain.delegateAndAuthorize();
    }

    @Benchmark
    public DecisionSlot capabilities(final Capabilities s) {
        return s.chain.delegateAndAuthorize();
    }

    @Benchmark
    public DecisionSlot depth(final Depth s) {
        return s.chain.delegateAndAuthorize();
    }

    @Benchmark
    @Fork(value = 1, jvmArgsPrepend = {JvmFlags.MISC, JvmFlags.NIO, JvmFlags.REFLECT, JvmFlags.REF, JvmFlags.LANG,
        JvmFlags.JAVAC, JvmFlags.NO_ANALYTICS, JvmFlags.NO_BANNER}, jvmArgsAppend = "-Xmx8g")
    public DecisionSlot liveGrants(final LiveGrants s) {
        return s.chain.delegateAndAuthorize();
    }

    /** One {@code authorize} with a random background grant: cache misses across the whole registry. */
    @Benchmark
    @Fork(value = 1, jvmArgsPrepend = {JvmFlags.MISC, JvmFlags.NIO, JvmFlags.REFLECT, JvmFlags.REF, JvmFlags.LANG,
        JvmFlags.JAVAC, JvmFlags.NO_ANALYTICS, JvmFlags.NO_BANNER}, jvmArgsAppend = "-Xmx8g")
    public DecisionSlot liveGrantsColdAuthorize(final LiveGrants s) {
        return s.chain.authorizeBackground(s.randomId());
    }
}
