package dev.baton.bench;

import dev.baton.engine.JournaledEngine;
import dev.baton.engine.Request;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.time.InstantSource;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A paced load generator for the pipeline: {@code --threads} producers offer {@code --rate} journaled
 * {@code authorize} requests per second in all, on a fixed schedule, to one {@link JournaledEngine} with a real
 * journal in a temporary directory, and report latency percentiles and the throughput achieved.
 * <p>
 * Latency is corrected for coordinated omission: each request's latency runs from its <i>intended</i> start
 * time on the schedule (not from when the producer got round to sending it) to its completion (decided,
 * journaled, completed). A producer that falls behind sends at once, and the wait counts. Completion is
 * timestamped by a {@link Request.Listener} on the engine's one completion thread, which also records the
 * histogram (one writer). Producers wait (for their schedule, a free slot, room on the ring) with {@code
 * Thread.yield()}, not a spin: on two cores a spinning producer takes the core the engine thread needs.
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.baton.bench.LoadGenerator --rate 1000000 --seconds 10 --threads 2
 * </pre>
 * Options: {@code --rate} (per second, all threads), {@code --seconds} measured, {@code --warmup} seconds before
 * them (not recorded), {@code --threads} producers, {@code --window} requests in flight per producer,
 * {@code --fsync NONE|INTERVAL|BATCH}, {@code --policy} file, {@code --hgrm} file for the full distribution,
 * {@code --wait AUTO|PARK|SPIN} how the engine's threads wait when idle, {@code --completion LISTENER|POLL}
 * how completions are seen: LISTENER (the default) as above; POLL, by the producer itself, which checks its
 * oldest requests in flight between sends and records their latency when it sees them done (no listener, so
 * no completion thread, and the engine thread wakes nobody; a completion is timed when the producer sees it,
 * a little late, never early).
 */
public final class LoadGenerator {
    /** How a producer learns that its requests completed (see the class comment). */
    enum Completion { LISTENER, POLL }

    /** The measured completions: the listeners' (written by the completion thread), then each poller's added. */
    private final Tally tally = new Tally();
    private volatile long measureFrom;

    /** Completions in the measured window: their latencies, how many, and when the last one came. One writer. */
    private final class Tally {
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        long completed;
        long lastCompletion;

        /** Counts a completion seen at {@code now} of a request meant to start at {@code intended}. */
        void record(final long intended, final long now) {
            if (intended >= measureFrom) {
                histogram.recordValue(Math.min(now - intended, histogram.getHighestTrackableValue()));
                completed++;
                lastCompletion = now;
            }
        }

        void add(final Tally other) {
            histogram.add(other.histogram);
            completed += other.completed;
            lastCompletion = Math.max(lastCompletion, other.lastCompletion);
        }
    }

    /** A request slot with its intended start; the listener runs on the engine's completion thread. */
    private final class Slot implements Request.Listener {
        final Request request = new Request();
        long intended;

        @Override
        public void onComplete(final Request r) {
            tally.record(intended, System.nanoTime());
        }
    }

    public static void main(final String[] args) throws Exception {
        new LoadGenerator().run(LoadOptions.parse(args), System.out);
    }

    /**
     * When each producer sends: request {@code n} of producer {@code id} is intended at
     * {@code start + period * id / threads + n * period}, until {@code end}.
     */
    private record Schedule(long start, long period, long end, int threads, int window) {
    }

    void run(final LoadOptions o, final PrintStream out) throws Exception {
        try (JournaledDispute target = new JournaledDispute(o.policy, o.fsync, InstantSource.system(), o.wait)) {
            final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            measureFrom = start + TimeUnit.SECONDS.toNanos(o.warmup);
            final Schedule schedule = new Schedule(start, Math.max(1, TimeUnit.SECONDS.toNanos(o.threads) / o.rate),
                measureFrom + TimeUnit.SECONDS.toNanos(o.seconds), o.threads, o.window);
            final Thread[] producers = new Thread[o.threads];
            final long[] sent = new long[o.threads];
            for (int t = 0; t < o.threads; t++) {
                final int id = t;
                producers[t] = new Thread(() -> sent[id] = produce(target, schedule, id, o.completion), "producer-" + t);
                producers[t].start();
            }
            long total = 0;
            for (int t = 0; t < o.threads; t++) {
                producers[t].join();
                total += sent[t];
            }
            report(o, total, schedule.end(), out);
        }
    }

    private void report(final LoadOptions o, final long sent, final long end, final PrintStream out)
        throws IOException {
        final Histogram h = tally.histogram;
        final double measuredSeconds = (Math.max(tally.lastCompletion, end) - measureFrom) / 1e9;
        out.printf(Locale.ROOT, "offered %,d/s by %d producer(s), fsync %s, wait %s, completion %s, %d s warm-up"
            + " + %d s measured%n", o.rate, o.threads, o.fsync, o.wait.resolve(), o.completion, o.warmup, o.seconds);
        out.printf(Locale.ROOT, "sent %,d in all; measured %,d completions in %.2f s: achieved %,.0f/s%n", sent,
            tally.completed, measuredSeconds, tally.completed / measuredSeconds);
        out.printf(Locale.ROOT, "latency (us, from intended start): p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f"
                + "  p99.99 %.2f  max %.2f%n",
            us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(90)), us(h.getValueAtPercentile(99)),
            us(h.getValueAtPercentile(99.9)), us(h.getValueAtPercentile(99.99)), us(h.getMaxValue()));
        if (o.hgrm != null) {
            try (PrintStream file = new PrintStream(o.hgrm, "UTF-8")) {
                h.outputPercentileDistribution(file, 1000.0);
            }
        }
    }

    /** One producer: sends its share of the schedule, each request at its intended time; returns how many. */
    private long produce(final JournaledDispute target, final Schedule schedule, final int id,
                         final Completion completion) {
        final Slot[] slots = new Slot[schedule.window()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot();
        }
        final Poller poller = completion == Completion.POLL ? new Poller(slots) : null;
        final long offset = schedule.period() * id / schedule.threads();
        long n = 0;
        long requestId = ((long) id << 48) + 1_000;
        while (true) {
            final long intended = schedule.start() + offset + n * schedule.period();
            if (intended >= schedule.end()) {
                break;
            }
            final Slot slot = slots[(int) (n % slots.length)];
            final Request r = slot.request;
            while (r.op() != null && !r.isDone()) {
                idle(poller);
            }
            if (poller != null) {
                poller.poll(n); // the slot about to be reused is seen done, and timed, first
            }
            if (r.op() != null && !r.decision().allowed()) {
                throw new IllegalStateException("expected ALLOW: " + r.decision());
            }
            while (System.nanoTime() < intended) {
                idle(poller);
            }
            slot.intended = intended;
            final Request filled = target.authorize(r, requestId++);
            submit(target.engine, poller == null ? filled.listener(slot) : filled);
            n++;
            if (poller != null) {
                poller.sent = n;
            }
        }
        for (final Slot s : slots) {
            while (s.request.op() != null && !s.request.isDone()) {
                Thread.yield();
            }
        }
        if (poller != null) {
            poller.poll(n);
            synchronized (tally) {
                tally.add(poller.tally);
            }
        }
        return n;
    }

    /** Waits a moment for the schedule or a free slot, first timing any completions a poller sees. */
    private static void idle(final Poller poller) {
        if (poller != null) {
            poller.poll(poller.sent);
        }
        Thread.yield();
    }

    /**
     * {@link Completion#POLL}: one producer's own record of its completions, in the order it sent them (one
     * engine thread completes them in that order), timed when it sees each done. Producer thread only.
     */
    private final class Poller {
        final Tally tally = new Tally();
        final Slot[] slots;
        long sent;
        long seen;

        Poller(final Slot[] slots) {
            this.slots = slots;
        }

        /** Times every request from the oldest not yet seen done, in order, up to the first still in flight. */
        void poll(final long upTo) {
            while (seen < upTo) {
                final Slot s = slots[(int) (seen % slots.length)];
                if (!s.request.isDone()) {
                    return;
                }
                tally.record(s.intended, System.nanoTime());
                seen++;
            }
        }
    }

    private static void submit(final JournaledEngine engine, final Request r) {
        int result;
        while ((result = engine.tryDecide(r)) == JournaledEngine.BUSY) {
            Thread.yield();
        }
        if (result != JournaledEngine.ACCEPTED) {
            throw new IllegalStateException("engine closed: " + engine.failure());
        }
    }

    private static double us(final long nanos) {
        return nanos / 1000.0;
    }
}
