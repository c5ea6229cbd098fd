package dev.baton.bench;

import dev.baton.Policy;
import dev.baton.engine.FsyncMode;
import dev.baton.engine.JournaledEngine;
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
import java.nio.file.Files;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;

/**
 * The cost of shadow mode on the live decision, the CRM reader's justified {@code authorize} submitted to a
 * {@link JournaledEngine} (journal in page cache, {@code fsync=NONE}), two ways: {@link #liveAuthorize}
 * submits one and waits for it (the caller's latency: hand-off, decision, journal, completion), and
 * {@link #journaledAuthorize} keeps {@link Engine#WINDOW} in flight so the engine thread is the bottleneck
 * (ops/s is the engine thread's throughput: the inverse of its cost per request, the candidate's
 * decision included). With {@code shadow}:
 * <ul>
 *   <li>{@code none}: no candidate attached (the engine pays one null check);</li>
 *   <li>{@code agreeing}: the live policy itself attached as the candidate: every request is decided
 *       twice, nothing more is journaled;</li>
 *   <li>{@code disagreeing}: a candidate whose CRM reader may not hold {@code crm.lookup:read}: it refused
 *       the reader's grant, so it refuses every call on it ({@code UNKNOWN_GRANT}), and every request is
 *       decided twice and journals a SHADOW_DECISION record too (the worst case).</li>
 * </ul>
 * Compare the three within one run: the ratios, not the absolute figures, carry over to another machine.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.MISC, JvmFlags.NIO, JvmFlags.REFLECT, JvmFlags.REF, JvmFlags.LANG,
    JvmFlags.JAVAC, JvmFlags.NO_ANALYTICS, JvmFlags.NO_BANNER})
public class ShadowBenchmark {
    private static final String POLICY = "src/policies/refund-dispute.yaml";

    /** The engine, with or without a candidate attached, and one request reused. */
    @State(Scope.Thread)
    public static class Engine {
        /** Which candidate is attached (see the class comment). */
        @Param({"none", "agreeing", "disagreeing"})
        public String shadow;

        /** Requests in flight for {@link #journaledAuthorize}. */
        static final int WINDOW = 256;

        JournaledDispute dispute;
        final Request request = new Request();
        final Request[] window = new Request[WINDOW];
        int next;
        long ids = 1;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dispute = new JournaledDispute(POLICY, FsyncMode.NONE, InstantSource.system(), candidate(shadow), null);
            for (int i = 0; i < WINDOW; i++) {
                window[i] = new Request();
            }
        }

        /** Waits for everything in flight, so no iteration's requests spill into the next unseen. */
        @TearDown(Level.Iteration)
        public void drain() {
            for (final Request r : window) {
                while (r.op() != null && !r.isDone() && r.failure() == null) {
                    Thread.yield();
                }
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            dispute.close();
        }

        private static Policy candidate(final String which) throws IOException {
            switch (which) {
                case "none":
                    return null;
                case "agreeing":
                    return PolicyFiles.load(POLICY);
                case "disagreeing": {
                    final String text = Files.readString(PolicyFiles.resolve(POLICY));
                    final String narrowed = text.replace("[\"crm.lookup:*\", \"ticket.update:read\", \"kb.search:read\"",
                        "[\"crm.lookup:summarize\", \"ticket.update:read\", \"kb.search:read\"");
                    if (narrowed.equals(text)) {
                        throw new IllegalStateException("the CRM reader's ceiling moved in " + POLICY);
                    }
                    return PolicyFiles.compile("refund-dispute-narrowed.yaml", narrowed);
                }
                default:
                    throw new IllegalArgumentException("shadow=" + which);
            }
        }
    }

    /**
     * One live {@code authorize}, submitted and waited for.
     *
     * @return whether it was allowed (always: the live decision is not the candidate's).
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public boolean liveAuthorize(final Engine e) {
        final Request r = e.dispute.authorize(e.request, e.ids++);
        while (e.dispute.engine.tryDecide(r) != JournaledEngine.ACCEPTED) {
            Thread.onSpinWait();
        }
        while (!r.isDone()) {
            Thread.yield(); // two cores: a spinning caller would starve the engine thread it waits for
        }
        if (!r.decision().allowed()) {
            throw new IllegalStateException("expected ALLOW: " + r.describe(e.dispute.engine.compiledPolicy()));
        }
        return true;
    }

    /**
     * One journaled {@code authorize} completed with {@link Engine#WINDOW} in flight: waits for the oldest,
     * checks it, resubmits it.
     *
     * @return whether the oldest was allowed (always).
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public boolean journaledAuthorize(final Engine e) {
        final Request r = e.window[e.next];
        e.next = (e.next + 1) % Engine.WINDOW;
        if (r.op() != null) {
            while (!r.isDone()) {
                Thread.yield();
            }
            if (!r.decision().allowed()) {
                throw new IllegalStateException("expected ALLOW: " + r.describe(e.dispute.engine.compiledPolicy()));
            }
        }
        e.dispute.authorize(r, e.ids++);
        while (e.dispute.engine.tryDecide(r) != JournaledEngine.ACCEPTED) {
            Thread.yield();
        }
        return true;
    }
}
