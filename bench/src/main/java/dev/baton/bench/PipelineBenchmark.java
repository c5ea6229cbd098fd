package dev.baton.bench;

import dev.baton.engine.JournaledEngine;
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
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
    /** One engine and its journal, shared by the producer threads. */
    @State(Scope.Benchmark)
    public static class Engine {
        /** Policy file, resolved as in {@link PolicyFiles#resolve(String)}. */
        @Param({"src/policies/refund-dispute.yaml"})
        public String policy;
        /** When the journal is forced to disk. */
        @Param({"NONE", "INTERVAL"})
        public FsyncMode fsync;

        JournaledDispute dispute;
        final AtomicLong ids = new AtomicLong(1);

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dispute = new JournaledDispute(policy, fsync, InstantSource.system());
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            dispute.close();
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
                    throw new IllegalStateException("expected ALLOW: "
                        + r.describe(engine.dispute.engine.compiledPolicy()));
                }
            }
            engine.dispute.authorize(r, engine.ids.getAndIncrement());
            int result;
            while ((result = engine.dispute.engine.tryDecide(r)) == JournaledEngine.BUSY) {
                Thread.onSpinWait();
            }
            if (result != JournaledEngine.ACCEPTED) {
                throw new IllegalStateException("engine closed: " + engine.dispute.engine.failure());
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
