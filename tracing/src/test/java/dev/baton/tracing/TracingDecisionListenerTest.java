package dev.baton.tracing;

import dev.baton.Agent;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.GrantRef;
import dev.baton.Outcome;
import dev.baton.Policy;
import dev.baton.Principal;
import dev.baton.Scope;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.FsyncMode;
import dev.baton.engine.JournaledEngine;
import dev.baton.engine.Request;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The spans of a real {@link JournaledEngine}, exported to the SDK's in-memory exporter. */
class TracingDecisionListenerTest {
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private SdkTracerProvider provider;
    private Tracer tracer;
    private Policy policy;

    @BeforeEach
    void setUp() throws Exception {
        provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
        tracer = provider.get("test");
        policy = Policy.load(repoRoot().resolve("src/policies/refund-dispute.yaml"));
    }

    @AfterEach
    void tearDown() {
        provider.close();
    }

    private JournaledEngine start(final Path dir, final TracingDecisionListener listener) {
        return JournaledEngine.start(EngineConfig.of(policy, dir).fsync(FsyncMode.BATCH, 0).listener(listener));
    }

    private static <T> T attribute(final SpanData span, final AttributeKey<T> key) {
        return span.getAttributes().get(key);
    }

    @Test
    @SuppressWarnings("try") // the scope makes a span current for the block; the body never names it
    void shouldPutEachDecisionInTheTraceOfTheSpanCurrentAtTheCall(@TempDir final Path dir) {
        final Span task = tracer.spanBuilder("refund task").startSpan();
        final long openGrant;
        final Outcome deniedOutcome;
        final String deniedReason;
        try (JournaledEngine engine = start(dir, new TracingDecisionListener(provider.get("baton")));
             DecisionSession session = engine.session()) {
            final Principal alice = engine.principal("user:alice@acme.example");
            final Agent planner = engine.agent("spiffe://acme.example/agent/planner");
            final Scope lookup = policy.scope().capability("crm.lookup", "read").data("customer_pii").build();
            try (io.opentelemetry.context.Scope ignored = task.makeCurrent()) {
                final Decision open = session.open(alice, policy.purpose("refund-dispute"), planner, lookup);
                openGrant = open.grantId(); // a session's decision views are reused by its next call
                final Decision denied = session.authorize(GrantRef.of(open), planner,
                    policy.capability("crm.lookup", "read"), policy.dataClass("customer_pii"), null, null);
                deniedOutcome = denied.outcome(); // no justification: denied
                deniedReason = denied.reason().name().toLowerCase(java.util.Locale.ROOT);
            }
            session.open(alice, policy.purpose("refund-dispute"), planner, lookup); // no trace: no span
        }
        task.end();
        final List<SpanData> spans = exporter.getFinishedSpanItems().stream()
            .filter(s -> s.getName().startsWith("baton ")).toList();
        assertEquals(2, spans.size(), spans::toString);
        final SpanData openSpan = spans.get(0);
        final SpanData authorizeSpan = spans.get(1);
        assertEquals("baton open", openSpan.getName());
        assertEquals("baton authorize", authorizeSpan.getName());
        final SpanData taskData = exporter.getFinishedSpanItems().stream()
            .filter(t -> t.getName().equals("refund task")).findFirst().orElseThrow();
        final long slack = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(5); // two clocks, set against each other
        for (final SpanData span : spans) {
            assertEquals(task.getSpanContext().getTraceId(), span.getTraceId(), "the task's trace");
            assertEquals(task.getSpanContext().getSpanId(), span.getParentSpanId(), "a child of the task's span");
            assertTrue(span.getEndEpochNanos() >= span.getStartEpochNanos(), span::toString);
            assertTrue(span.getStartEpochNanos() >= taskData.getStartEpochNanos() - slack
                && span.getEndEpochNanos() <= taskData.getEndEpochNanos() + slack, "within the task's span: " + span);
        }
        assertEquals("allow", attribute(openSpan, AttributeKey.stringKey(TracingDecisionListener.OUTCOME)));
        assertEquals(openGrant, attribute(openSpan, AttributeKey.longKey(TracingDecisionListener.GRANT_ID)));
        assertEquals(Outcome.DENY, deniedOutcome);
        assertEquals("deny", attribute(authorizeSpan, AttributeKey.stringKey(TracingDecisionListener.OUTCOME)));
        assertEquals(deniedReason,
            attribute(authorizeSpan, AttributeKey.stringKey(TracingDecisionListener.REASON)));
        assertEquals(Long.toHexString(Long.parseUnsignedLong(policy.versionHash().substring(0, 16), 16)),
            attribute(authorizeSpan, AttributeKey.stringKey(TracingDecisionListener.POLICY_VERSION)));
    }

    @Test
    @SuppressWarnings("try") // the scope makes a span current for the block; the body never names it
    void shouldFollowARemoteParentAndGiveEachFanOutChildItsSpan(@TempDir final Path dir) {
        final String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        final String parentSpan = "00f067aa0ba902b7";
        // What a server does with a traceparent header it received: the propagator makes it current.
        final io.opentelemetry.context.Context received = io.opentelemetry.context.Context.root().with(Span.wrap(
            SpanContext.createFromRemoteParent(traceId, parentSpan, TraceFlags.getSampled(), TraceState.getDefault())));
        try (JournaledEngine engine = start(dir, new TracingDecisionListener(provider.get("baton")));
             DecisionSession session = engine.session();
             io.opentelemetry.context.Scope ignored = received.makeCurrent()) {
            final Principal alice = engine.principal("user:alice@acme.example");
            final Agent planner = engine.agent("spiffe://acme.example/agent/planner");
            final Agent crm = engine.agent("spiffe://acme.example/agent/crm-reader");
            final Scope lookup = policy.scope().capability("crm.lookup", "read").data("customer_pii").build();
            final Decision root = session.open(alice, policy.purpose("refund-dispute"), planner, lookup);
            session.fanOut(GrantRef.of(root), planner, new Agent[] {crm, crm}, new Scope[] {lookup, lookup});
        }
        final List<SpanData> spans = exporter.getFinishedSpanItems();
        assertEquals(List.of("baton open", "baton fan-out", "baton fan-out"),
            spans.stream().map(SpanData::getName).toList());
        for (final SpanData span : spans) {
            assertEquals(traceId, span.getTraceId());
            assertEquals(parentSpan, span.getParentSpanId());
        }
        assertEquals(List.of(0L, 1L), spans.subList(1, 3).stream()
            .map(s -> attribute(s, AttributeKey.longKey(TracingDecisionListener.CHILD))).toList());
        assertEquals(attribute(spans.get(1), AttributeKey.longKey(TracingDecisionListener.REQUEST_ID)),
            attribute(spans.get(2), AttributeKey.longKey(TracingDecisionListener.REQUEST_ID)), "one request");
    }

    @Test
    void shouldReadAW3cTraceparentAndRefuseAMalformedOne() {
        final Request r = new Request();
        r.reset(Request.Op.OPEN, 1).trace().parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertEquals(0x4bf92f3577b34da6L, r.trace().traceIdHigh());
        assertEquals(0xa3ce929d0e0e4736L, r.trace().traceIdLow());
        assertEquals(0x00f067aa0ba902b7L, r.trace().spanId());
        assertTrue(r.trace().isSampled());
        final IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> r.trace().parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902B7-01"));
        assertTrue(bad.getMessage().contains("col 51"), bad.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> r.trace().parse("00-00000000000000000000000000000000-00f067aa0ba902b7-01"));
        assertEquals(0x00f067aa0ba902b7L, r.trace().spanId(), "a refused header changes nothing");
        r.reset(Request.Op.OPEN, 1);
        assertFalse(r.trace().isPresent(), "reset clears it");
    }

    @Test
    void shouldGiveAnUntracedDecisionARootSpanOnlyWhenAsked(@TempDir final Path dir) {
        try (JournaledEngine engine = start(dir, new TracingDecisionListener(provider.get("baton")).traceUntraced(true));
             DecisionSession session = engine.session()) {
            final Principal alice = engine.principal("user:alice@acme.example");
            final Agent planner = engine.agent("spiffe://acme.example/agent/planner");
            final Scope lookup = policy.scope().capability("crm.lookup", "read").data("customer_pii").build();
            session.open(alice, policy.purpose("refund-dispute"), planner, lookup);
            session.open(alice, policy.purpose("refund-dispute"), planner, lookup);
        }
        final List<SpanData> spans = exporter.getFinishedSpanItems();
        assertEquals(2, spans.size());
        for (final SpanData span : spans) {
            assertFalse(span.getParentSpanContext().isValid(), "a root span");
        }
        assertNotEquals(spans.get(0).getTraceId(), spans.get(1).getTraceId(), "a trace each");
    }

    @Test
    @SuppressWarnings("try") // the scope makes a span current for the block; the body never names it
    void shouldNotReplaceATraceTheCallerSetNorCaptureWhenTurnedOff() {
        final TracingDecisionListener listener = new TracingDecisionListener(provider.get("baton"));
        final Span current = tracer.spanBuilder("current").startSpan();
        final Request r = new Request();
        try (io.opentelemetry.context.Scope ignored = current.makeCurrent()) {
            r.reset(Request.Op.OPEN, 1).trace().set(1, 2, 3, 1);
            listener.onSubmit(r);
            assertEquals(2, r.trace().traceIdLow(), "the caller's own context stands");
            r.reset(Request.Op.OPEN, 1);
            listener.onSubmit(r);
            final SpanContext c = current.getSpanContext();
            assertEquals(c.getTraceId(), String.format("%016x%016x", r.trace().traceIdHigh(), r.trace().traceIdLow()));
            assertEquals(c.getSpanId(), String.format("%016x", r.trace().spanId()));
            assertTrue(r.trace().isSampled());
            r.reset(Request.Op.OPEN, 1);
            listener.captureCurrentSpan(false).onSubmit(r);
            assertFalse(r.trace().isPresent());
        }
        current.end();
    }

    @Test
    void shouldAllocateNothingAtSubmissionWithNoTraceCurrent() {
        final TracingDecisionListener listener = new TracingDecisionListener(provider.get("baton"));
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final Request r = new Request();
        final Runnable loop = () -> {
            for (int i = 0; i < 10_000; i++) {
                r.reset(Request.Op.OPEN, i + 1);
                listener.onSubmit(r);
            }
        };
        for (int w = 0; w < 20; w++) {
            loop.run();
        }
        int zero = 0;
        final long[] rounds = new long[10];
        for (int k = 0; k < rounds.length; k++) {
            final long before = threads.getCurrentThreadAllocatedBytes();
            loop.run();
            rounds[k] = threads.getCurrentThreadAllocatedBytes() - before;
            zero += rounds[k] == 0 ? 1 : 0;
        }
        // As the engine's allocation tests: a one-off hundred bytes now and then on this shared machine,
        // where an object per call would be at least 160,000 bytes a round.
        for (final long bytes : rounds) {
            assertTrue(bytes < 10_000, java.util.Arrays.toString(rounds));
        }
        assertTrue(zero >= rounds.length * 2 / 3, java.util.Arrays.toString(rounds));
        assertFalse(r.trace().isPresent());
    }

    private static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("src/policies"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no src/policies above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
