package dev.baton.bench;

import dev.baton.core.CompiledPolicy;
import dev.baton.core.ScopeBits;
import dev.baton.engine.JournaledEngine;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.FsyncMode;
import dev.baton.engine.Request;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A paced load generator for the pipeline: {@code --threads} producers offer {@code --rate} journaled
 * {@code authorize} requests per second in all, on a fixed schedule, to one {@link JournaledEngine} with a real
 * journal in a temporary directory, and report latency percentiles and the throughput achieved.
 * <p>
 * Latency is corrected for coordinated omission: each request's latency runs from its <i>intended</i> start
 * time on the schedule (not from when the producer got round to sending it) to its completion (decided,
 * journaled, completed). A producer that falls behind sends at once, and the wait counts. Completion is
 * timestamped by a {@link Request.Listener} on the engine's one completion thread, which also records the
 * histogram (one writer).
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.baton.bench.LoadGenerator --rate 1000000 --seconds 10 --threads 2
 * </pre>
 * Options: {@code --rate} (per second, all threads), {@code --seconds} measured, {@code --warmup} seconds before
 * them (not recorded), {@code --threads} producers, {@code --window} requests in flight per producer,
 * {@code --fsync NONE|INTERVAL|BATCH}, {@code --policy} file, {@code --hgrm} file for the full distribution.
 */
public final class LoadGenerator {
    private static final String JUSTIFICATION = "dispute #4411";

    private final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    private volatile long measureFrom;
    private long completed;
    private long lastCompletion;

    /** A request slot with its intended start; the listener runs on the engine's completion thread. */
    private final class Slot implements Request.Listener {
        final Request request = new Request();
        long intended;

        @Override
        public void onComplete(final Request r) {
            final long now = System.nanoTime();
            if (intended >= measureFrom) {
                histogram.recordValue(Math.min(now - intended, histogram.getHighestTrackableValue()));
                completed++;
                lastCompletion = now;
            }
        }
    }

    public static void main(final String[] args) throws Exception {
        long rate = 1_000_000;
        int seconds = 10;
        int warmup = 5;
        int threads = 2;
        int window = 1024;
        FsyncMode fsync = FsyncMode.NONE;
        String policy = "src/policies/refund-dispute.yaml";
        String hgrm = null;
        for (int i = 0; i < args.length; i += 2) {
            final String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--rate" -> rate = Long.parseLong(value);
                case "--seconds" -> seconds = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--threads" -> threads = Integer.parseInt(value);
                case "--window" -> window = Integer.parseInt(value);
                case "--fsync" -> fsync = FsyncMode.valueOf(value);
                case "--policy" -> policy = value;
                case "--hgrm" -> hgrm = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                    + "; options: --rate --seconds --warmup --threads --window --fsync --policy --hgrm");
            }
        }
        new LoadGenerator().run(rate, seconds, warmup, threads, window, fsync, policy, hgrm, System.out);
    }

    void run(final long rate, final int seconds, final int warmup, final int threads, final int window,
             final FsyncMode fsync, final String policyFile, final String hgrm, final PrintStream out)
        throws Exception {
        final CompiledPolicy policy = PolicyFiles.load(policyFile);
        final Path dir = Files.createTempDirectory("baton-load-");
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(policy, dir).fsync(fsync, 10))) {
            final int alice = engine.identity("user:alice@acme.example");
            final int planner = engine.identity("spiffe://acme.example/agent/planner");
            final int crmReader = engine.identity("spiffe://acme.example/agent/crm-reader");
            final ScopeBits scope = new ScopeBits(policy).capability("crm.lookup", "read").data("internal");
            final Request setup = new Request();
            setup.reset(Request.Op.OPEN, 1).principal(alice).purpose(policy.purpose("refund-dispute")).child(planner, scope);
            require(engine, setup, policy);
            setup.reset(Request.Op.DELEGATE, 2).presenter(planner).grant(setup.decision().grantId()).child(crmReader, scope);
            require(engine, setup, policy);
            final long grant = setup.decision().grantId();
            final int capability = policy.capability("crm.lookup", "read");
            final int dataClass = policy.dataClass("internal");

            final long periodNanos = Math.max(1, TimeUnit.SECONDS.toNanos(threads) / rate);
            final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
            final long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
            final Thread[] producers = new Thread[threads];
            final long[] sent = new long[threads];
            for (int t = 0; t < threads; t++) {
                final int id = t;
                producers[t] = new Thread(() -> sent[id] = produce(engine, id, threads, start, periodNanos, end, window,
                    crmReader, grant, capability, dataClass), "producer-" + t);
                producers[t].start();
            }
            for (final Thread p : producers) {
                p.join();
            }
            long total = 0;
            for (final long s : sent) {
                total += s;
            }
            final double measuredSeconds = (Math.max(lastCompletion, end) - measureFrom) / 1e9;
            out.printf(Locale.ROOT, "offered %,d/s by %d producer(s), fsync %s, %d s warm-up + %d s measured%n",
                rate, threads, fsync, warmup, seconds);
            out.printf(Locale.ROOT, "sent %,d in all; measured %,d completions in %.2f s: achieved %,.0f/s%n", total,
                completed, measuredSeconds, completed / measuredSeconds);
            out.printf(Locale.ROOT, "latency (us, from intended start): p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f"
                    + "  p99.99 %.2f  max %.2f%n",
                us(histogram.getValueAtPercentile(50)), us(histogram.getValueAtPercentile(90)),
                us(histogram.getValueAtPercentile(99)), us(histogram.getValueAtPercentile(99.9)),
                us(histogram.getValueAtPercentile(99.99)), us(histogram.getMaxValue()));
            if (hgrm != null) {
                try (PrintStream file = new PrintStream(hgrm, "UTF-8")) {
                    histogram.outputPercentileDistribution(file, 1000.0);
                }
            }
        } finally {
            delete(dir);
        }
    }

    /** One producer: request {@code n} of this thread is intended at {@code start + n * period}. */
    private long produce(final JournaledEngine engine, final int id, final int threads, final long start,
                         final long period, final long end, final int window, final int presenter, final long grant,
                         final int capability, final int dataClass) {
        final Slot[] slots = new Slot[window];
        for (int i = 0; i < window; i++) {
            slots[i] = new Slot();
        }
        final long offset = period * id / threads;
        long n = 0;
        long requestId = ((long) id << 48) + 1_000;
        while (true) {
            final long intended = start + offset + n * period;
            if (intended >= end) {
                break;
            }
            final Slot slot = slots[(int) (n % window)];
            final Request r = slot.request;
            while (r.op() != null && !r.isDone()) {
                Thread.onSpinWait();
            }
            if (r.op() != null && !r.decision().allowed()) {
                throw new IllegalStateException("expected ALLOW: " + r.decision());
            }
            while (System.nanoTime() < intended) {
                Thread.onSpinWait();
            }
            slot.intended = intended;
            r.reset(Request.Op.AUTHORIZE, requestId++).presenter(presenter).grant(grant).call(capability, dataClass)
                .text(JUSTIFICATION).listener(slot);
            int result;
            while ((result = engine.tryDecide(r)) == JournaledEngine.BUSY) {
                Thread.onSpinWait();
            }
            if (result != JournaledEngine.ACCEPTED) {
                throw new IllegalStateException("engine closed: " + engine.failure());
            }
            n++;
        }
        for (final Slot s : slots) {
            while (s.request.op() != null && !s.request.isDone()) {
                Thread.onSpinWait();
            }
        }
        return n;
    }

    private static void require(final JournaledEngine engine, final Request r, final CompiledPolicy policy) {
        if (engine.decide(r, 10, TimeUnit.SECONDS) != JournaledEngine.Outcome.DONE || !r.decision().allowed()) {
            throw new IllegalStateException("setup: " + r.describe(policy));
        }
    }

    private static double us(final long nanos) {
        return nanos / 1000.0;
    }

    private static void delete(final Path dir) throws IOException {
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
