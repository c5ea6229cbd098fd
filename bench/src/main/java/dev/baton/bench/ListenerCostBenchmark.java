package dev.baton.bench;

import dev.baton.engine.DecisionListener;
import dev.baton.engine.FsyncMode;
import dev.baton.engine.JournaledEngine;
import dev.baton.engine.Request;
import dev.baton.metrics.MicrometerDecisionListener;
import dev.baton.tracing.TracingDecisionListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
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
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * What an engine {@link DecisionListener} costs: one producer thread keeps {@link #WINDOW} journaled
 * {@code authorize} requests in flight (as {@link PipelineBenchmark}; fsync NONE, so the journal's disk
 * does not hide the listener) and one operation is one completed request, with
 * <ul>
 *   <li>{@code none}: no listener (the engine only tests for null);</li>
 *   <li>{@code micrometer}: {@link MicrometerDecisionListener} on a {@link SimpleMeterRegistry};</li>
 *   <li>{@code tracing}: {@link TracingDecisionListener} on the OpenTelemetry SDK (always-on sampler, a
 *       batch span processor, an exporter that drops the spans), every request carrying a sampled trace
 *       context: one span per decision;</li>
 *   <li>{@code tracing-idle}: the same listener, requests carrying no trace and none current: what it
 *       costs when nothing is traced.</li>
 * </ul>
 * Run with {@code -prof gc} to see the bytes each allocates per decision; compare within one run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@Fork(value = 1, jvmArgsPrepend = {JvmFlags.MISC, JvmFlags.NIO, JvmFlags.REFLECT, JvmFlags.REF, JvmFlags.LANG,
    JvmFlags.JAVAC, JvmFlags.NO_ANALYTICS, JvmFlags.NO_BANNER})
@State(Scope.Benchmark)
public class ListenerCostBenchmark {
    /** Requests in flight. */
    static final int WINDOW = 256;

    /** Which listener the engine has. */
    @Param({"none", "micrometer", "tracing", "tracing-idle"})
    public String listener;

    private JournaledDispute dispute;
    private SdkTracerProvider tracerProvider;
    private final Request[] window = new Request[WINDOW];
    private int next;
    private long ids = 1;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        final DecisionListener chosen;
        switch (listener) {
            case "none":
                chosen = null;
                break;
            case "micrometer":
                chosen = new MicrometerDecisionListener(new SimpleMeterRegistry());
                break;
            default:
                tracerProvider = SdkTracerProvider.builder()
                    .addSpanProcessor(BatchSpanProcessor.builder(new Dropped()).build()).build();
                chosen = new TracingDecisionListener(tracerProvider.get("bench"));
        }
        dispute = new JournaledDispute("src/policies/refund-dispute.yaml", FsyncMode.NONE, InstantSource.system(),
            null, chosen);
        for (int i = 0; i < WINDOW; i++) {
            window[i] = new Request();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        drain();
        dispute.close();
        if (tracerProvider != null) {
            tracerProvider.close();
        }
    }

    private void drain() {
        for (final Request r : window) {
            while (r.op() != null && !r.isDone() && r.failure() == null) {
                Thread.onSpinWait();
            }
        }
    }

    /** @return whether the oldest request in flight was allowed (it was resubmitted). */
    @Benchmark
    public boolean journaledAuthorize() {
        final Request r = window[next];
        next = (next + 1) & (WINDOW - 1);
        boolean allowed = true;
        if (r.op() != null) {
            while (!r.isDone()) {
                Thread.onSpinWait();
            }
            allowed = r.decision().allowed();
        }
        final long id = ids++;
        dispute.authorize(r, id);
        if ("tracing".equals(listener)) {
            r.trace().set(0x4bf92f3577b34da6L, id, 0x00f067aa0ba902b7L, 1);
        }
        int result;
        while ((result = dispute.engine.tryDecide(r)) == JournaledEngine.BUSY) {
            Thread.onSpinWait();
        }
        if (result != JournaledEngine.ACCEPTED) {
            throw new IllegalStateException("engine closed: " + dispute.engine.failure());
        }
        return allowed;
    }

    /** An exporter that drops what it is given: the cost measured is making the spans, not sending them. */
    private static final class Dropped implements SpanExporter {
        @Override
        public CompletableResultCode export(final Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
