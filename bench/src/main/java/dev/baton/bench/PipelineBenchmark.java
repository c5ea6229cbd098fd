package dev.baton.bench;

import dev.baton.engine.JournaledEngine;
import dev.baton.engine.FsyncMode;
import dev.baton.engine.Request;
import dev.baton.engine.RequestBatch;

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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

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
 * The journal grows by tens of bytes per decision (GBs per trial at millions per second); it is
 * deleted at the end of the trial. Put {@code java.io.tmpdir} on the disk you want to measure.
 * <p>
 * {@link #journaledAuthorizeBatch} is the batch path: the same requests, 64 to a ring claim
 * ({@link RequestBatch}), two batches in flight per producer, and the producer parks while it waits;
 * {@link #journaledAuthorizeBatchOf256} the same with 256 to a ring claim, and
 * {@link #journaledWarrantAuthorizeBatchOf256} that with a version-1 warrant presented in each request instead
 * of the grant id (the engine holds a key ring for it; the others never use it).
 * <p>
 * Two baselines run in the same JMH run, so their ratios to the pipeline are comparable on one noisy
 * machine: {@link #rawChronicleAppend} (one thread appending records of {@link Chronicle#recordBytes}
 * bytes, the size the pipeline writes per authorize, to a Chronicle Queue: the ceiling for a journal
 * with one writer) and {@link #rawDisruptorHandOff} (the producer threads publishing to a Disruptor
 * ring whose one consumer does nothing: the ceiling for the hand-off). The pipeline prints its measured
 * bytes written per decision at the end of each trial.
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
        private static final byte[] KEY_SECRET =
            "pipeline-benchmark-key-0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        private org.agrona.concurrent.UnsafeBuffer[] warrants;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            // A key ring, so warrants can be presented (WarrantBatchProducer); the other benchmarks present
            // grant ids and never use it.
            dispute = new JournaledDispute(policy, fsync, InstantSource.system(),
                new dev.baton.codec.KeyRing(60_000, 1, KEY_SECRET));
        }

        /** @return {@code n} warrants of the CRM reader, made once per trial and shared by the producer threads. */
        synchronized org.agrona.DirectBuffer[] warrants(final int n) {
            if (warrants == null) {
                warrants = dispute.warrants(n);
            }
            return warrants;
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            final long decisions = ids.get() - 1;
            dispute.close();
            System.out.printf("%n[journal: %,d bytes written for %,d decisions = %.1f bytes per decision]%n",
                dispute.engine.journalBytesWritten(), decisions,
                dispute.engine.journalBytesWritten() / (double) Math.max(1, decisions));
        }
    }

    /** A bare Chronicle Queue and one record's bytes, for the journal's ceiling. */
    @State(Scope.Benchmark)
    public static class Chronicle {
        /**
         * Bytes per record: what the pipeline writes per authorize (record, SEAL share, header; 34.4 measured in
         * batches of 256 since DECISION bodies are stored compact, 36.4–38.3 before that since records are packed
         * against the one before them in their batch, 138 before that).
         */
        @Param({"34"})
        public int recordBytes;
        Path dir;
        SingleChronicleQueue queue;
        ExcerptAppender appender;
        byte[] record;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = Files.createTempDirectory("baton-raw-chronicle-");
            queue = SingleChronicleQueueBuilder.single(dir.toFile()).rollCycle(RollCycles.FAST_DAILY).build();
            appender = queue.createAppender();
            record = new byte[recordBytes - 4];
            for (int i = 0; i < record.length; i++) {
                record[i] = (byte) (i * 31 + 7);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            appender.close();
            queue.close();
            JournaledDispute.deleteTree(dir);
        }
    }

    /** A Disruptor ring whose one consumer does nothing, for the hand-off's ceiling. */
    @State(Scope.Benchmark)
    public static class Ring {
        Disruptor<long[]> disruptor;
        RingBuffer<long[]> ring;

        @Setup(Level.Trial)
        public void setUp() {
            disruptor = new Disruptor<>(() -> new long[1], 4096, r -> {
                final Thread t = new Thread(r, "raw-disruptor-consumer");
                t.setDaemon(true);
                return t;
            }, ProducerType.MULTI, new BusySpinWaitStrategy());
            final EventHandler<long[]> sink = (event, sequence, endOfBatch) -> { };
            disruptor.handleEventsWith(sink);
            ring = disruptor.start();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            disruptor.shutdown();
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

    /**
     * One producer thread's batches: two of {@link #BATCH} requests each (or of the size a subclass
     * gives), so one can be decided while the other is read and refilled.
     */
    @State(Scope.Thread)
    public static class BatchProducer {
        static final int BATCH = 64;
        final int size;
        final RequestBatch[] batches;
        Engine engine;
        int next;

        public BatchProducer() {
            this(BATCH);
        }

        BatchProducer(final int size) {
            this.size = size;
            this.batches = new RequestBatch[] {new RequestBatch(size), new RequestBatch(size)};
        }

        @Setup(Level.Trial)
        public void setUp(final Engine e) {
            engine = e;
            for (final RequestBatch b : batches) {
                for (int i = 0; i < size; i++) {
                    b.add(new Request());
                }
            }
        }

        /** Waits for everything in flight, so no iteration's batches spill into the next unseen. */
        @TearDown(Level.Iteration)
        public void drain() {
            for (final RequestBatch b : batches) {
                if (b.request(0).op() != null && !b.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("a batch did not complete within 60 s");
                }
            }
        }

        /** Waits for the older batch (parking), checks it, refills it and resubmits it in one ring claim. */
        int completeBatch() {
            final RequestBatch b = batches[next];
            next ^= 1;
            int allowed = 0;
            if (b.request(0).op() != null) {
                if (!b.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("a batch did not complete within 60 s");
                }
                for (int i = 0; i < size; i++) {
                    if (!b.request(i).decision().allowed()) {
                        throw new IllegalStateException("expected ALLOW: "
                            + b.request(i).describe(engine.dispute.engine.compiledPolicy()));
                    }
                    allowed++;
                }
            }
            final long first = engine.ids.getAndAdd(size);
            for (int i = 0; i < size; i++) {
                fill(b.request(i), first + i);
            }
            int result;
            while ((result = engine.dispute.engine.tryDecideAll(b)) == JournaledEngine.BUSY) {
                LockSupport.parkNanos(1_000);
            }
            if (result != JournaledEngine.ACCEPTED) {
                throw new IllegalStateException("engine closed: " + engine.dispute.engine.failure());
            }
            return allowed;
        }

        /** Refills one request of the batch: the CRM reader's {@code authorize} by grant id. */
        void fill(final Request r, final long requestId) {
            engine.dispute.authorize(r, requestId);
        }
    }

    /** The same producer with batches of {@value #BATCH}: fewer hand-offs and wake-ups per decision. */
    @State(Scope.Thread)
    public static class LargeBatchProducer extends BatchProducer {
        static final int BATCH = 256;

        public LargeBatchProducer() {
            super(BATCH);
        }
    }

    /**
     * The batch producer of {@value LargeBatchProducer#BATCH} with each {@code authorize} presenting one of
     * {@value #WARRANTS} version-1 warrants of the CRM reader, in turn, instead of its grant id: more than a
     * thread's cache of verified warrants holds, so each presentation is checked in full (structure, HMAC,
     * holder, expiry) before the decision.
     */
    @State(Scope.Thread)
    public static class WarrantBatchProducer extends BatchProducer {
        static final int WARRANTS = 1024;
        org.agrona.DirectBuffer[] warrants;
        int turn;

        public WarrantBatchProducer() {
            super(LargeBatchProducer.BATCH);
        }

        @Setup(Level.Trial)
        public void issue(final Engine e) {
            warrants = e.warrants(WARRANTS);
        }

        @Override
        void fill(final Request r, final long requestId) {
            engine.dispute.authorize(r, requestId, warrants[turn]);
            turn = (turn + 1) & (WARRANTS - 1);
        }
    }

    /**
     * Baseline: one record appended to a bare Chronicle Queue by one thread (the journal has one writer).
     *
     * @return the appender's last index.
     */
    @Benchmark
    @Threads(1)
    public long rawChronicleAppend(final Chronicle c) {
        try (DocumentContext dc = c.appender.writingDocument()) {
            dc.wire().bytes().write(c.record);
        }
        return c.appender.lastIndexAppended();
    }

    /**
     * Baseline: one event handed through a Disruptor ring to a consumer that does nothing.
     *
     * @return the sequence published.
     */
    @Benchmark
    public long rawDisruptorHandOff(final Ring r) {
        final long sequence = r.ring.next();
        r.ring.get(sequence)[0] = sequence;
        r.ring.publish(sequence);
        return sequence;
    }

    /** One journaled {@code authorize} completed (see the class comment for how completion is counted). */
    @Benchmark
    public boolean journaledAuthorize(final Producer p) {
        return p.completeOne();
    }

    /**
     * The batch path: {@link BatchProducer#BATCH} journaled {@code authorize}s submitted in one ring claim
     * ({@link JournaledEngine#tryDecideAll}) and completed with one signal; each producer keeps two batches
     * in flight and parks while it waits. Counted per decision, so its ops/s compares with the others'.
     *
     * @return the decisions of the batch waited for that were allowed.
     */
    @Benchmark
    @OperationsPerInvocation(BatchProducer.BATCH)
    public int journaledAuthorizeBatch(final BatchProducer p) {
        return p.completeBatch();
    }

    /**
     * {@link #journaledAuthorizeBatch} with {@value LargeBatchProducer#BATCH} requests to a batch: the
     * caller's choice of batch size, measured beside the default of 64.
     *
     * @return the decisions of the batch waited for that were allowed.
     */
    @Benchmark
    @OperationsPerInvocation(LargeBatchProducer.BATCH)
    public int journaledAuthorizeBatchOf256(final LargeBatchProducer p) {
        return p.completeBatch();
    }

    /**
     * {@link #journaledAuthorizeBatchOf256} with each {@code authorize} presenting a version-1 warrant
     * ({@link WarrantBatchProducer}) instead of the grant id.
     *
     * @return the decisions of the batch waited for that were allowed.
     */
    @Benchmark
    @OperationsPerInvocation(LargeBatchProducer.BATCH)
    public int journaledWarrantAuthorizeBatchOf256(final WarrantBatchProducer p) {
        return p.completeBatch();
    }
}
