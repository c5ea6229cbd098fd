package dev.baton.bench;

import dev.baton.Agent;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.GrantRef;
import dev.baton.Outcome;
import dev.baton.Policy;
import dev.baton.Principal;
import dev.baton.core.PolicyCompiler;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.FsyncMode;
import dev.baton.engine.JournalScan;
import dev.baton.engine.JournaledEngine;
import dev.baton.fleet.EmbeddedBroker;
import dev.baton.fleet.FleetConfig;
import dev.baton.fleet.FleetTopics;
import dev.baton.fleet.JournalShipper;
import dev.baton.fleet.RevocationFeed;
import dev.baton.fleet.RevocationPublisher;
import dev.baton.fleet.RevocationTap;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The fleet on a real broker (one KRaft node started in the benchmark's JVM, 127.0.0.1 only), issue #12:
 * <ul>
 *   <li>{@link #revocationAcrossEngines} (sample time: JMH prints p50, p99, p99.9): engine A closes a task
 *       (a journaled decision); its {@link RevocationTap} follows the journal and publishes the close;
 *       engine B's {@link RevocationFeed} applies it. The time from the close's submission to B's feed
 *       answering "revoked" is the fleet-wide revocation latency (target p99 &lt; 100 ms).</li>
 *   <li>{@link #journalLocally} and {@link #shipJournal} (single shot, same record count): the engine
 *       journals {@code decisions} decisions; a fresh {@link JournalShipper} ships that whole journal
 *       (every record, SEALs included, transactionally). Records per second of each, in one run, say
 *       whether shipping keeps up with the engine's local journal rate.</li>
 * </ul>
 * The broker, the engines and the benchmark share the machine: on 2 cores the figures include that.
 */
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.MISC, JvmFlags.NIO, JvmFlags.REFLECT, JvmFlags.REF, JvmFlags.LANG,
    JvmFlags.JAVAC, JvmFlags.NO_ANALYTICS, JvmFlags.NO_BANNER, "-Dorg.slf4j.simpleLogger.defaultLogLevel=error"})
public class FleetBenchmark {
    /** A broker, engine A with its tap, and engine B's feed. */
    @State(Scope.Benchmark)
    public static class Fleet {
        /** Decisions journaled (and shipped) per single shot. */
        @Param({"20000"})
        public int decisions;
        Path dir;
        EmbeddedBroker broker;
        FleetConfig config;
        JournaledEngine engine;
        RevocationPublisher publisher;
        RevocationTap tap;
        RevocationFeed feed;
        Policy policy;
        Principal alice;
        Agent reader;
        dev.baton.Scope scope;
        long root;
        int shots;

        @Setup(Level.Trial)
        public void start() throws Exception {
            dir = Files.createTempDirectory("baton-fleet-bench");
            broker = EmbeddedBroker.start(dir.resolve("kafka"));
            config = FleetConfig.of(broker.bootstrap(), "bench", 1).withPartitions(3);
            FleetTopics.create(config);
            engine = JournaledEngine.start(new EngineConfig(PolicyCompiler.load(PolicyFiles.resolve("src/policies/minimal.yaml")),
                dir.resolve("engine-1")).fsync(FsyncMode.NONE, 0));
            policy = engine.policy();
            alice = engine.principal("user:alice@example.org");
            reader = engine.agent("spiffe://example.org/agent/reader");
            scope = policy.scope().capability("kb.search", "read").data("public").build();
            publisher = new RevocationPublisher(config);
            tap = RevocationTap.start(config, dir.resolve("engine-1"), publisher, Clock.systemUTC());
            feed = RevocationFeed.start(config.forEngine(2), Clock.systemUTC(), null);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (feed.isStale() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }

        long open(final DecisionSession s) {
            final Decision d = s.open(alice, policy.purpose("lookup"), reader, scope);
            if (d.outcome() != Outcome.ALLOW) {
                throw new IllegalStateException(d.describe());
            }
            return d.grantId();
        }

        /** A task to close, opened before the timed call. */
        @Setup(Level.Invocation)
        public void openTask() {
            try (DecisionSession s = engine.session()) {
                root = open(s);
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            feed.close();
            tap.close();
            publisher.close();
            engine.close();
            broker.close();
            try (Stream<Path> all = Files.walk(dir)) {
                for (final Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** @return the close's grant, once engine B's feed knows it revoked. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, time = 5)
    @Measurement(iterations = 3, time = 10)
    public long revocationAcrossEngines(final Fleet f) {
        try (DecisionSession s = f.engine.session()) {
            s.close(GrantRef.ofId(f.root), f.alice);
        }
        while (!f.feed.isRevoked(1, f.root)) {
            Thread.onSpinWait();
        }
        return f.root;
    }

    /** @return journal records after journaling {@code decisions} more decisions on engine A. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 5)
    public long journalLocally(final Fleet f) {
        try (DecisionSession s = f.engine.session()) {
            for (int i = 0; i < f.decisions; i++) {
                f.open(s);
            }
        }
        return f.engine.journalBytesWritten();
    }

    /**
     * Ships a journal of {@code decisions} decisions (written before the timed call) with a fresh shipper
     * under a new engine id, until its last record is committed to the topic.
     *
     * @return records shipped.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 5)
    public long shipJournal(final Shipping s) throws InterruptedException {
        try (JournalShipper shipper = JournalShipper.start(s.fleet.config.forEngine(100 + s.fleet.shots++), s.journal)) {
            while (shipper.shippedSequence() < s.records - 1) {
                Thread.sleep(1);
            }
            return shipper.shippedSequence() + 1;
        }
    }

    /** A closed journal of {@code decisions} decisions for {@link #shipJournal}. */
    @State(Scope.Benchmark)
    public static class Shipping {
        Fleet fleet;
        Path journal;
        long records;

        @Setup(Level.Trial)
        public void write(final Fleet f) {
            fleet = f;
            journal = f.dir.resolve("shipped");
            final EngineConfig config = new EngineConfig(f.engine.compiledPolicy(), journal).fsync(FsyncMode.NONE, 0);
            try (JournaledEngine e = JournaledEngine.start(config); DecisionSession s = e.session()) {
                final Principal alice = e.principal("user:alice@example.org");
                final Agent reader = e.agent("spiffe://example.org/agent/reader");
                for (int i = 0; i < f.decisions; i++) {
                    s.open(alice, f.policy.purpose("lookup"), reader, f.scope);
                }
            }
            records = JournalScan.of(journal).records();
            System.out.println("shipJournal: a journal of " + f.decisions + " decisions, " + records + " records");
        }
    }
}
