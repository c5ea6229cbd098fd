package dev.baton.tracing;

import dev.baton.Outcome;
import dev.baton.Reason;
import dev.baton.engine.DecisionEvent;
import dev.baton.engine.DecisionListener;
import dev.baton.engine.Request;
import dev.baton.engine.TraceContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * OpenTelemetry spans for the decisions of a {@link dev.baton.engine.JournaledEngine}: set it with {@code
 * EngineConfig.listener(new TracingDecisionListener(openTelemetry))} (with metrics too: {@code
 * DecisionListener.all(metrics, tracing)}).
 * <p>
 * <b>Whose trace.</b> Each journaled decision (each child of a fan-out) becomes one span, a child of the
 * caller's span: the {@link Request#trace() trace context} of its request. The caller gives it in one of
 * two ways:
 * <ul>
 *   <li>nothing to do when the caller's span is current on the thread that submits ({@code
 *       span.makeCurrent()}, or an OpenTelemetry agent's instrumentation): at submission this listener
 *       copies the current span's trace id, span id and flags into the request (allocation-free); this
 *       covers {@code DecisionSession}, {@code AsyncSession} and the adapters, which submit on the
 *       caller's thread;</li>
 *   <li>{@code request.trace().parse(traceparent)} (a W3C header received from elsewhere, e.g. a tool
 *       call's metadata) or {@code request.trace().set(...)} before submitting: a context set explicitly is
 *       never replaced.</li>
 * </ul>
 * A decision whose request carries no trace context makes no span unless {@link
 * #traceUntraced(boolean)} asks for a root span each. The SDK's sampler still decides (a parent marked not
 * sampled gives no recorded span with the default parent-based sampler).
 * <p>
 * <b>The span.</b> Named {@code baton <operation>} (e.g. {@code baton authorize}), kind INTERNAL, from the
 * request's submission to the end of the batch that journaled it (queued, decided, appended, forced),
 * with the attributes {@value #OPERATION}, {@value #OUTCOME}, {@value #REASON} (lower case, as the
 * metrics module tags them), {@value #REQUEST_ID}, {@value #GRANT_ID}, {@value #CHILD} and {@value
 * #POLICY_VERSION} (hex). A denial is not a span error: the engine worked; its outcome says no. Spans are
 * ended on the engine thread: use a batching span processor so exporting never runs there.
 * <p>
 * Span times come from {@code System.nanoTime()} set against the wall clock at construction, and re-set
 * when the wall clock has moved more than 2 ms away from it (checked every 10 s at the end of a batch).
 * <p>
 * <b>Note:</b> thread-safe ({@link #onSubmit} runs on submitting threads, the rest on the engine thread).
 * With no trace context and none current, submission allocates nothing; each span made allocates (the
 * SDK's span and the hex ids).
 */
public final class TracingDecisionListener implements DecisionListener {
    /** Instrumentation scope name of the tracer. */
    public static final String SCOPE = "dev.baton.engine";
    /** Attribute: the request's operation, lower case. */
    public static final String OPERATION = "baton.operation";
    /** Attribute: allow, deny or review. */
    public static final String OUTCOME = "baton.outcome";
    /** Attribute: the reason, lower case. */
    public static final String REASON = "baton.reason";
    /** Attribute: the caller's request id. */
    public static final String REQUEST_ID = "baton.request_id";
    /** Attribute: the grant issued or acted on. */
    public static final String GRANT_ID = "baton.grant_id";
    /** Attribute: the child of a fan-out (0 otherwise). */
    public static final String CHILD = "baton.child";
    /** Attribute: the policy version, hex. */
    public static final String POLICY_VERSION = "baton.policy_version";

    private static final AttributeKey<String> OPERATION_KEY = AttributeKey.stringKey(OPERATION);
    private static final AttributeKey<String> OUTCOME_KEY = AttributeKey.stringKey(OUTCOME);
    private static final AttributeKey<String> REASON_KEY = AttributeKey.stringKey(REASON);
    private static final AttributeKey<Long> REQUEST_ID_KEY = AttributeKey.longKey(REQUEST_ID);
    private static final AttributeKey<Long> GRANT_ID_KEY = AttributeKey.longKey(GRANT_ID);
    private static final AttributeKey<Long> CHILD_KEY = AttributeKey.longKey(CHILD);
    private static final AttributeKey<String> POLICY_VERSION_KEY = AttributeKey.stringKey(POLICY_VERSION);
    private static final String[] OP_NAMES = names(Request.Op.values());
    private static final String[] SPAN_NAMES = spanNames();
    private static final String[] OUTCOME_NAMES = names(Outcome.values());
    private static final String[] REASON_NAMES = names(Reason.values());

    /** How often the span clock is checked against the wall clock (NTP may slew it). */
    private static final long RESYNC_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** A wall clock this far from the span clock moves it. */
    private static final long DRIFT_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final Tracer tracer;
    /** Epoch nanoseconds minus {@code System.nanoTime()}: the span clock (engine thread, after start). */
    private long epochMinusNanoTime;
    private long lastResync = System.nanoTime();
    private volatile boolean capture = true;
    private volatile boolean untraced;

    /**
     * Spans through {@code openTelemetry}'s tracer provider.
     *
     * @param openTelemetry the application's OpenTelemetry (e.g. {@code GlobalOpenTelemetry.get()}).
     */
    public TracingDecisionListener(final OpenTelemetry openTelemetry) {
        this(Objects.requireNonNull(openTelemetry, "openTelemetry").getTracer(SCOPE));
    }

    /**
     * Spans through {@code tracer}.
     *
     * @param tracer the tracer.
     */
    public TracingDecisionListener(final Tracer tracer) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        final Instant now = Instant.now();
        this.epochMinusNanoTime = now.getEpochSecond() * 1_000_000_000L + now.getNano() - System.nanoTime();
    }

    /**
     * @param capture whether {@link #onSubmit} copies the submitting thread's current span into a request
     *                that carries no trace context (default true).
     * @return this.
     */
    public TracingDecisionListener captureCurrentSpan(final boolean capture) {
        this.capture = capture;
        return this;
    }

    /**
     * @param untraced whether a decision whose request carries no trace context gets a root span of its
     *                 own (default false: no span).
     * @return this.
     */
    public TracingDecisionListener traceUntraced(final boolean untraced) {
        this.untraced = untraced;
        return this;
    }

    /** Every {@link #RESYNC_NANOS}, re-reads the wall clock (allocation-free) and follows it if it drifted. */
    @Override
    public void onBatch(final int slots, final long syncNanos) {
        final long now = System.nanoTime();
        if (now - lastResync >= RESYNC_NANOS) {
            lastResync = now;
            final long wall = System.currentTimeMillis() * 1_000_000L - now;
            if (Math.abs(wall - epochMinusNanoTime) > DRIFT_NANOS) {
                epochMinusNanoTime = wall;
            }
        }
    }

    @Override
    public void onSubmit(final Request request) {
        final TraceContext trace = request.trace();
        if (!capture || trace.isPresent()) {
            return;
        }
        final SpanContext current = Span.current().getSpanContext();
        if (current.isValid()) {
            final String traceId = current.getTraceId();
            trace.set(TraceContext.hex(traceId, 0, 16), TraceContext.hex(traceId, 16, 16),
                TraceContext.hex(current.getSpanId(), 0, 16), current.getTraceFlags().asByte() & 0xFF);
        }
    }

    @Override
    public void onDecision(final DecisionEvent event) {
        final TraceContext trace = event.trace();
        if (!trace.isPresent() && !untraced) {
            return;
        }
        final int op = event.op().ordinal();
        final SpanBuilder builder = tracer.spanBuilder(SPAN_NAMES[op]).setSpanKind(SpanKind.INTERNAL)
            .setStartTimestamp(epochMinusNanoTime + event.submittedNanos(), TimeUnit.NANOSECONDS);
        if (trace.isPresent()) {
            builder.setParent(Context.root().with(Span.wrap(parent(trace))));
        } else {
            builder.setNoParent();
        }
        final Span span = builder.setAttribute(OPERATION_KEY, OP_NAMES[op])
            .setAttribute(OUTCOME_KEY, OUTCOME_NAMES[event.outcome().ordinal()])
            .setAttribute(REASON_KEY, REASON_NAMES[event.reason().ordinal()])
            .setAttribute(REQUEST_ID_KEY, event.requestId())
            .setAttribute(GRANT_ID_KEY, event.grantId())
            .setAttribute(CHILD_KEY, (long) event.child())
            .setAttribute(POLICY_VERSION_KEY, Long.toHexString(event.policyVersion()))
            .startSpan();
        span.end(epochMinusNanoTime + event.journaledNanos(), TimeUnit.NANOSECONDS);
    }

    private static SpanContext parent(final TraceContext trace) {
        return SpanContext.createFromRemoteParent(hex(trace.traceIdHigh()) + hex(trace.traceIdLow()),
            hex(trace.spanId()), TraceFlags.fromByte((byte) trace.flags()), TraceState.getDefault());
    }

    /** @return 16 lower-case hex digits. */
    private static String hex(final long value) {
        final char[] digits = new char[16];
        for (int i = 15; i >= 0; i--) {
            digits[i] = Character.forDigit((int) (value >>> (4 * (15 - i)) & 0xF), 16);
        }
        return new String(digits);
    }

    private static String[] names(final Enum<?>[] values) {
        final String[] names = new String[values.length];
        for (final Enum<?> v : values) {
            names[v.ordinal()] = v.name().toLowerCase(Locale.ROOT);
        }
        return names;
    }

    private static String[] spanNames() {
        final String[] names = new String[OP_NAMES.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = "baton " + OP_NAMES[i].replace('_', '-');
        }
        return names;
    }
}
