package dev.baton.bench;

import dev.baton.bench.peers.BatonPeer;
import dev.baton.bench.peers.BiscuitPeer;
import dev.baton.bench.peers.CasbinPeer;
import dev.baton.bench.peers.CedarPeer;
import dev.baton.bench.peers.MacaroonsPeer;
import dev.baton.bench.peers.PeerAdapter;
import dev.baton.bench.peers.PeerScenario;
import dev.baton.bench.peers.SaplPeer;

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
 * Baton and its peers on one case of the shared scenario ({@link PeerScenario#HOT_CASE}): the planner hands
 * {@code crm.lookup:read} on {@code internal} to the CRM reader, who calls it. One operation is that hop plus
 * the call, with every request built in setup:
 * <ul>
 *   <li>{@code baton}, through the public API ({@code BatonPeer}): verify the root warrant, delegate, sign the child
 *       warrant; verify it, authorize.</li>
 *   <li>{@code batonGrantIds}: the same two decisions on grant ids, no warrants ({@code DecisionCoreBenchmark}'s
 *       {@code delegateAuthorize}).</li>
 *   <li>{@code cedar}, {@code jcasbin}, {@code sapl}: two stateless authorization requests (hop, call).</li>
 *   <li>{@code biscuit}: parse + verify, authorize the hop, attenuate + serialize; parse + verify, authorize the call.</li>
 *   <li>{@code macaroons}: deserialize + verify, check the hop, add caveats + serialize; deserialize + verify.</li>
 * </ul>
 * {@code PeerEquivalenceTest} checks that every peer answers as Baton does on all 192 cases. Warm-ups differ per
 * peer: jCasbin, SAPL and Biscuit take long to reach a steady state.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.MISC, JvmFlags.NIO, JvmFlags.REFLECT, JvmFlags.REF, JvmFlags.LANG,
    JvmFlags.JAVAC, JvmFlags.NO_ANALYTICS, JvmFlags.NO_BANNER})
public class PeersBenchmark {
    private static final int CHECK = 3;

    /** Shared base: a peer and the prepared case, checked to be allowed in setup and teardown. */
    public abstract static class Peer {
        PeerAdapter peer;
        PeerAdapter.Prepared hot;

        abstract PeerAdapter create() throws Exception;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            peer = create();
            hot = peer.prepare(PeerScenario.HOT_CASE);
            check();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            check();
            peer.close();
        }

        private void check() throws Exception {
            for (int i = 0; i < CHECK; i++) {
                if (!hot.run()) {
                    throw new IllegalStateException(peer.name() + " denied the benchmarked case");
                }
            }
        }
    }

    /** Baton with warrants. */
    @State(Scope.Thread)
    public static class Baton extends Peer {
        /** Policy file, resolved as in {@link PolicyFiles#resolve(String)}. */
        @Param({"src/policies/refund-dispute.yaml"})
        public String policy;

        @Override
        PeerAdapter create() {
            return new BatonPeer(PolicyFiles.load(policy));
        }
    }

    /** Baton on grant ids: {@link RefundDispute}'s steady state. */
    @State(Scope.Thread)
    public static class BatonGrantIds {
        /** Policy file. */
        @Param({"src/policies/refund-dispute.yaml"})
        public String policy;
        RefundDispute scenario;

        @Setup(Level.Trial)
        public void setUp() {
            scenario = new RefundDispute(PolicyFiles.load(policy), 10, 0);
            scenario.check(1_000);
        }
    }

    /** Cedar. */
    @State(Scope.Thread)
    public static class Cedar extends Peer {
        @Override
        PeerAdapter create() throws Exception {
            return new CedarPeer();
        }
    }

    /** jCasbin. */
    @State(Scope.Thread)
    public static class Casbin extends Peer {
        @Override
        PeerAdapter create() {
            return new CasbinPeer();
        }
    }

    /** SAPL. */
    @State(Scope.Thread)
    public static class Sapl extends Peer {
        @Override
        PeerAdapter create() throws Exception {
            return new SaplPeer();
        }
    }

    /** Biscuit. */
    @State(Scope.Thread)
    public static class Biscuit extends Peer {
        @Override
        PeerAdapter create() throws Exception {
            return new BiscuitPeer();
        }
    }

    /** Macaroons. */
    @State(Scope.Thread)
    public static class Macaroons extends Peer {
        @Override
        PeerAdapter create() {
            return new MacaroonsPeer();
        }
    }

    /** Baton, with warrants: hop + call. */
    @Benchmark
    @Warmup(iterations = 3, time = 1)
    public boolean baton(final Baton s) throws Exception {
        return s.hot.run();
    }

    /** Baton on grant ids: delegate + authorize. */
    @Benchmark
    @Warmup(iterations = 3, time = 1)
    public boolean batonGrantIds(final BatonGrantIds s) {
        return s.scenario.delegateAuthorize().allowed();
    }

    /** Cedar: two isAuthorized. */
    @Benchmark
    public boolean cedar(final Cedar s) throws Exception {
        return s.hot.run();
    }

    /** jCasbin: two enforce (long warm-up). */
    @Benchmark
    @Warmup(iterations = 10, time = 1)
    public boolean jcasbin(final Casbin s) throws Exception {
        return s.hot.run();
    }

    /** SAPL: two decideOnce().block(). */
    @Benchmark
    @Warmup(iterations = 8, time = 1)
    public boolean sapl(final Sapl s) throws Exception {
        return s.hot.run();
    }

    /** Biscuit: verify + authorize + attenuate, verify + authorize. */
    @Benchmark
    @Warmup(iterations = 5, time = 2)
    @Measurement(iterations = 5, time = 2)
    public boolean biscuit(final Biscuit s) throws Exception {
        return s.hot.run();
    }

    /** Macaroons: verify + caveats, verify. */
    @Benchmark
    public boolean macaroons(final Macaroons s) throws Exception {
        return s.hot.run();
    }
}
