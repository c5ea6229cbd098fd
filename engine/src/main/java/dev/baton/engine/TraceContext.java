package dev.baton.engine;

/**
 * The caller's distributed-trace context carried by a {@link Request}: a W3C Trace Context parent (a
 * 128-bit trace id, the 64-bit id of the caller's span, and the trace flags), so that a {@link
 * DecisionListener} such as the {@code baton-tracing} module's can put the decision into the task's
 * trace. The engine itself neither reads nor journals it.
 * <p>
 * A caller sets it in one of three ways: {@link #set} from ids it holds, {@link #parse} from a
 * {@code traceparent} header it received (e.g. in a tool call's metadata), or not at all and let the
 * engine's listener capture the trace current on the submitting thread ({@link
 * DecisionListener#onSubmit}). {@link Request#reset} clears it.
 * <p>
 * <b>Note:</b> not thread-safe: part of its request, filled by the request's owner before submission
 * (or by the listener on the submitting thread). Allocates nothing.
 */
public final class TraceContext {
    /** Flag bit of a sampled trace (W3C {@code trace-flags} 01). */
    public static final int SAMPLED = 0x01;
    /** Length of a W3C {@code traceparent} header of version 00. */
    public static final int TRACEPARENT_LENGTH = 55;

    private long traceIdHigh;
    private long traceIdLow;
    private long spanId;
    private int flags;
    private boolean present;

    TraceContext() {
    }

    /**
     * Sets the parent.
     *
     * @param traceIdHigh first 64 bits of the trace id.
     * @param traceIdLow  last 64 bits of the trace id.
     * @param spanId      the caller's span (the decision's parent).
     * @param flags       the W3C trace flags (bit 0: sampled).
     * @return this.
     * @throws IllegalArgumentException if the trace id or the span id is all zeros (W3C: invalid), or
     *     the flags do not fit a byte.
     */
    public TraceContext set(final long traceIdHigh, final long traceIdLow, final long spanId, final int flags) {
        if ((traceIdHigh | traceIdLow) == 0 || spanId == 0) {
            throw new IllegalArgumentException("a trace id and a span id must not be all zeros");
        }
        if ((flags & ~0xFF) != 0) {
            throw new IllegalArgumentException("trace flags are one byte: " + flags);
        }
        this.traceIdHigh = traceIdHigh;
        this.traceIdLow = traceIdLow;
        this.spanId = spanId;
        this.flags = flags;
        this.present = true;
        return this;
    }

    /**
     * Sets the parent from a W3C {@code traceparent} header of version 00:
     * {@code 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>}, lower case.
     *
     * @param traceparent the header's value.
     * @return this.
     * @throws IllegalArgumentException naming the first column that is wrong; the context is unchanged.
     */
    public TraceContext parse(final CharSequence traceparent) {
        if (traceparent.length() != TRACEPARENT_LENGTH) {
            throw new IllegalArgumentException("traceparent: " + TRACEPARENT_LENGTH + " characters expected, got "
                + traceparent.length());
        }
        if (hex(traceparent, 0, 2) != 0) {
            throw new IllegalArgumentException("traceparent col 1: only version 00 is read");
        }
        dash(traceparent, 2);
        dash(traceparent, 35);
        dash(traceparent, 52);
        return set(hex(traceparent, 3, 16), hex(traceparent, 19, 16), hex(traceparent, 36, 16),
            (int) hex(traceparent, 53, 2));
    }

    /**
     * Reads {@code digits} lower-case hex digits (at most 16) of {@code text} from {@code offset}.
     *
     * @param text   where the digits are.
     * @param offset first digit.
     * @param digits how many (1 to 16).
     * @return their value.
     * @throws IllegalArgumentException naming the column (1-based) of a character that is not a digit.
     */
    public static long hex(final CharSequence text, final int offset, final int digits) {
        long value = 0;
        for (int i = offset; i < offset + digits; i++) {
            final char c = text.charAt(i);
            final int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (d < 0) {
                throw new IllegalArgumentException("traceparent col " + (i + 1) + ": not a lower-case hex digit");
            }
            value = value << 4 | d;
        }
        return value;
    }

    private static void dash(final CharSequence text, final int i) {
        if (text.charAt(i) != '-') {
            throw new IllegalArgumentException("traceparent col " + (i + 1) + ": '-' expected");
        }
    }

    /** Forgets the parent. */
    public void clear() {
        traceIdHigh = 0;
        traceIdLow = 0;
        spanId = 0;
        flags = 0;
        present = false;
    }

    /** @return whether a parent is set. */
    public boolean isPresent() {
        return present;
    }

    /** @return the first 64 bits of the trace id (0 when none is set). */
    public long traceIdHigh() {
        return traceIdHigh;
    }

    /** @return the last 64 bits of the trace id (0 when none is set). */
    public long traceIdLow() {
        return traceIdLow;
    }

    /** @return the caller's span id (0 when none is set). */
    public long spanId() {
        return spanId;
    }

    /** @return the W3C trace flags (0 when none is set). */
    public int flags() {
        return flags;
    }

    /** @return whether a parent is set and marked sampled. */
    public boolean isSampled() {
        return present && (flags & SAMPLED) != 0;
    }
}
