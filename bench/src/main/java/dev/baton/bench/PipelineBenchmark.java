package dev.baton.bench;

import dev.baton.core.CompiledPolicy;
import dev.baton.engine.JournaledEngine;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.FsyncMode;
import dev.baton.engine.Request;

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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The pipeline end to end: producer threads submit {@code authorize} requests (the CRM reader's
 * {@code crm.lookup:read} on {@code internal}, justified) to a {@link JournaledEngine}, which decides them on its
 * ring thread, appends each decision to the hash-chained Chronicle Queue journal in a fresh temporary
 * directory, and completes them. One operation is one <b>completed</b> (decided and journaled) request: each
 * producer keeps {@link Producer#WINDOW} requests in flight and an operation waits for the oldest to
 * complete before resubmitting it, so ops/s is journaled decisions/s per thread (JMH sums the threads).
 * <p>
 * {@code fsync}: NONE (page cache only), INTERVAL (forced at most every 10 ms) and BATCH (forced at the end of
 * every batch, before its requests complete; bound by the disk's fsync latency, so far slower).
 * <p>
 * The journal grows by a few hundred bytes per decision (GBs per trial at millions per second); it is
 * deleted at the end of the trial. Put {@code java.io.tmpdir} on the disk you want to measure.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(2)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.MISC, JvmFlags.NIO, JvmFlags.REFLECT, JvmFlags.REF, JvmFlags.LANG,
    JvmFlags.JAVAC, JvmFlags.NO_ANALYTICS, JvmFlags.NO_BANNER})
public class PipelineBenchmark {
    private static final String JUSTIFICATION = "dispute #4411";

    /** One engine and its journal, shared by the producer threads. */
    @State(Scope.Benchmark)
    public static class Engine {
        /** Policy file, resolved as in {@link PolicyFiles#resolve(String)}. */
        @Param({"src/policies/refund-dispute.yaml"})
        public String policy;
        /** When the journal is forced to disk. */
        @Param({"NONE", "INTERVAL"})
        public FsyncMode fsync;

        Path dir;
        JournaledEngine engine;
        CompiledPolicy compiled;
        long grant;
        int crmReader;
        int capability;
        int dataClass;
        final AtomicLong ids = new AtomicLong(1);

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            compiled = PolicyFiles.load(policy);
            dir = Files.createTempDirectory("baton-pipeline-");
            engine = JournaledEngine.start(new EngineConfig(compiled, dir).fsync(fsync, 10));
            final int alice = engine.identity("user:alice@acme.example");
            final int planner = engine.identity("spiffe://acme.example/agent/planner");
            crmReader = engine.identity("spiffe://acme.example/agent/crm-reader");
            final dev.baton.core.ScopeBits root = new dev.baton.core.ScopeBits(compiled).capability("crm.lookup", "read")
                .data("internal");
            final Request r = new Request();
            r.reset(Request.Op.OPEN, ids.getAndIncrement()).principal(alice).purpose(compiled.purpose("refund-dispute"))
                .child(planner, root);
            require(r);
            r.reset(Request.Op.DELEGATE, ids.getAndIncrement()).presenter(planner).grant(r.decision().grantId())
                .child(crmReader, root);
            require(r);
            grant = r.decision().grantId();
            capability = compiled.capability("crm.lookup", "read");
            dataClass = compiled.dataClass("internal");
        }

        private void require(final Request r) {
            if (engine.decide(r, 10, TimeUnit.SECONDS) != JournaledEngine.Outcome.DONE || !r.decision().allowed()) {
                throw new IllegalStateException("setup: " + r.describe(compiled));
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            engine.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (final IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    /** One producer thread's requests, reused round robin. */
    @State(Scope.Thread)
    public static class Producer {
        static final int WINDOW = 512;
        final Request[] window = new Request[WINDOW];
        Engine engine;
        int next;

        @Setup(Level.Trial)
        public void setUp(final Engine e) {
            engine = e;
            for (int i = 0; i < WINDOW; i++) {
                window[i] = new Request();
            }
        }

        /** Waits for everything in flight, so no iteration's requests spill into the next unseen. */
        @TearDown(Level.Iteration)
        public void drain() {
            for (final Request r : window) {
                while (r.op() != null && !r.isDone() && r.failure() == null) {
                    Thread.onSpinWait();
                }
            }
        }

        /** Waits for the oldest request to complete, checks it, refills and resubmits it. */
        boolean completeOne() {
            final Request r = window[next];
            next = (next + 1) & (WINDOW - 1);
            boolean allowed = true;
            if (r.op() != null) {
                while (!r.isDone()) {
                    Thread.onSpinWait();
                }
                allowed = r.decision().allowed();
                if (!allowed) {
                    throw new IllegalStateException("expected ALLOW: " + r.describe(engine.compiled));
                }
            }
            r.reset(Request.Op.AUTHORIZE, engine.ids.getAndIncrement()).presenter(engine.crmReader)
                .grant(engine.grant).call(engine.capability, engine.dataClass).text(JUSTIFICATION);
            int result;
            while ((result = engine.engine.tryDecide(r)) == JournaledEngine.BUSY) {
                Thread.onSpinWait();
            }
            if (result != JournaledEngine.ACCEPTED) {
                throw new IllegalStateException("engine closed: " + engine.engine.failure());
            }
            return allowed;
        }
    }

    /** One journaled {@code authorize} completed (see the class comment for how completion is counted). */
    @Benchmark
    public boolean journaledAuthorize(final Producer p) {
        return p.completeOne();
    }
}
