package dev.baton.engine;

import dev.baton.codec.CodecError;
import dev.baton.codec.DecisionDecoder;
import dev.baton.codec.DecisionEncoder;
import dev.baton.codec.DecisionOutcome;
import dev.baton.codec.ErrorDetail;
import dev.baton.codec.Operation;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionSlot;
import dev.baton.Outcome;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The body of a DECISION journal record: what was asked (enough to re-execute it) and what was
 * decided, for every child of a fan-out.
 *
 * <pre>
 *   0 u8  op (Request.Op ordinal)       1 u8 flags (1 approve, 2 via warrant)
 *   2 u16 refusedBefore (Reason code of a refusal taken before the core ran: a refused warrant or a
 *         scope built for another capability layout; 0 = the core decided)
 *   4 i32 principal (the opener, reviewer, or the actor of a revoke or close)
 *   8 i32 presenter  12 i32 purpose  16 i32 rule
 *  20 i32 capability 24 i32 dataClass  28 u8 children C  29..31 reserved
 *  32 i64 requestId  40 i64 grantId (the grant used or acted on: the one revoked or closed)  48 i64 ttlMillis
 *  56 C x { i32 ruleId, u16 length L, L bytes: the decision (codec DecisionLayout) }
 * </pre>
 * The decision carries the child's agent ({@code subject}), requested scope, text (justification or
 * break-glass reason, at most 1024 UTF-8 bytes), digests, outcome, reason, grant, expiry and timestamp.
 * <p>
 * <b>Note:</b> not thread-safe; allocation-free after construction.
 */
public final class DecisionRecord {
    static final int FLAG_APPROVE = 1;
    static final int FLAG_WARRANT = 2;
    static final int HEADER = 56;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int MAX_TEXT = 1024;

    private final DecisionEncoder encoder = new DecisionEncoder();
    private final DecisionDecoder decoder = new DecisionDecoder();
    private final byte[] text = new byte[MAX_TEXT];
    private final long[] words = new long[64];
    private final ErrorDetail detail = new ErrorDetail();
    private DirectBuffer buffer;
    private int offset;
    private int length;

    /** Most bytes a record of {@code children} children may take. */
    static int maxLength(final int children) {
        return HEADER + children * (6 + 200 + 2 * 8 * 64 + MAX_TEXT);
    }

    /**
     * Encodes a decided request.
     *
     * @return bytes written.
     */
    int encode(final Request r, final int refusedBefore, final long policyVersion, final long firstDecisionId,
               final CompiledPolicy policy, final MutableDirectBuffer dst, final int at) {
        final int n = r.children();
        dst.putByte(at, (byte) r.op.ordinal());
        dst.putByte(at + 1, (byte) ((r.approve ? FLAG_APPROVE : 0) | (r.warrantIn != null ? FLAG_WARRANT : 0)));
        dst.putShort(at + 2, (short) refusedBefore, LE);
        dst.putInt(at + 4, r.principal, LE);
        dst.putInt(at + 8, r.presenter, LE);
        dst.putInt(at + 12, r.purpose, LE);
        dst.putInt(at + 16, r.rule, LE);
        dst.putInt(at + 20, r.capability, LE);
        dst.putInt(at + 24, r.dataClass, LE);
        dst.putInt(at + 28, n & 0xFF, LE);
        dst.putLong(at + 32, r.requestId, LE);
        dst.putLong(at + 40, r.grantId, LE);
        dst.putLong(at + 48, r.ttlMillis, LE);
        final int textLength = utf8(r.text);
        int cursor = at + HEADER;
        for (int i = 0; i < n; i++) {
            final DecisionSlot d = r.decisions[i];
            dst.putInt(cursor, d.rule(), LE);
            encoder.wrap(dst, cursor + 6)
                .operation(operation(r.op))
                .outcome(d.outcome() == Outcome.ALLOW ? DecisionOutcome.ALLOW
                    : d.outcome() == Outcome.REVIEW ? DecisionOutcome.REVIEW : DecisionOutcome.DENY)
                .depth(d.depth())
                .reasonCode(d.reason().code())
                .flags(d.flags())
                .decisionId(firstDecisionId + i)
                .requestId(r.requestId)
                .timestamp(d.timestamp())
                .policyVersion(policyVersion)
                .grantId(d.grantId())
                .parentGrantId(d.parentGrantId())
                .expiresAt(d.expiry())
                .ruleLine(d.rule() < 0 ? 0 : policy.ruleSource(d.rule()).line())
                .decidingCapability(d.capability())
                .decidingDataClass(d.dataClass())
                .holder(r.presenter)
                .subject(i < r.children ? r.agents[i] : -1)
                .purpose(r.purpose)
                .inputDigest(r.inputDigest, 0)
                .outputDigest(r.outputDigest, 0);
            final boolean hasScope = i < r.children && r.scopes[i] != null;
            final int w = hasScope ? r.scopes[i].words() : 0;
            for (int k = 0; k < w; k++) {
                words[k] = r.scopes[i].capabilityWord(k);
            }
            final long data = hasScope ? r.scopes[i].dataBits() : 0;
            encoder.grantedData(d.outcome() == Outcome.ALLOW ? data : 0)
                .requestedData(data)
                .grantedCapabilities(words, d.outcome() == Outcome.ALLOW ? trim(w) : 0)
                .requestedCapabilities(words, trim(w))
                .justification(text, 0, textLength);
            final int len = encoder.encodedLength();
            dst.putShort(cursor + 4, (short) len, LE);
            cursor += 6 + len;
        }
        return cursor - at;
    }

    // ------------------------------------------------------------------------------------ decoding

    /** Wraps a record body; returns false (with {@link #error()}) if it is malformed. */
    public boolean wrap(final DirectBuffer src, final int at, final int len) {
        this.buffer = src;
        this.offset = at;
        this.length = len;
        if (len < HEADER) {
            detail.set(CodecError.TRUNCATED, "header", 0, HEADER, len, 0);
            return false;
        }
        int cursor = HEADER;
        for (int i = 0; i < children(); i++) {
            if (cursor + 6 > len) {
                detail.set(CodecError.TRUNCATED, "child", cursor, 6, len, i);
                return false;
            }
            final int l = src.getShort(at + cursor + 4, LE) & 0xFFFF;
            if (cursor + 6 + l > len || decoder.wrap(src, at + cursor + 6, l, detail) != CodecError.OK) {
                return false;
            }
            cursor += 6 + l;
        }
        return true;
    }

    /** @return what was wrong with the last body that failed to wrap. */
    public ErrorDetail error() {
        return detail;
    }

    public Request.Op op() {
        final int o = buffer.getByte(offset) & 0xFF;
        return o < Request.Op.values().length ? Request.Op.values()[o] : null;
    }

    public boolean approve() {
        return (buffer.getByte(offset + 1) & FLAG_APPROVE) != 0;
    }

    public boolean viaWarrant() {
        return (buffer.getByte(offset + 1) & FLAG_WARRANT) != 0;
    }

    public int refusedBefore() {
        return buffer.getShort(offset + 2, LE) & 0xFFFF;
    }

    public int principal() {
        return buffer.getInt(offset + 4, LE);
    }

    public int presenter() {
        return buffer.getInt(offset + 8, LE);
    }

    public int purpose() {
        return buffer.getInt(offset + 12, LE);
    }

    public int rule() {
        return buffer.getInt(offset + 16, LE);
    }

    public int capability() {
        return buffer.getInt(offset + 20, LE);
    }

    public int dataClass() {
        return buffer.getInt(offset + 24, LE);
    }

    public int children() {
        return buffer.getInt(offset + 28, LE) & 0xFF;
    }

    public long requestId() {
        return buffer.getLong(offset + 32, LE);
    }

    public long grantId() {
        return buffer.getLong(offset + 40, LE);
    }

    public long ttlMillis() {
        return buffer.getLong(offset + 48, LE);
    }

    /** Positions on child {@code i} and returns its decision decoder (valid until the next call). */
    public DecisionDecoder child(final int i) {
        int cursor = offset + HEADER;
        for (int k = 0; k < i; k++) {
            cursor += 6 + (buffer.getShort(cursor + 4, LE) & 0xFFFF);
        }
        decoder.wrap(buffer, cursor + 6, buffer.getShort(cursor + 4, LE) & 0xFFFF, null);
        return decoder;
    }

    /** @return the deciding rule id of child {@code i}, or -1. */
    public int ruleId(final int i) {
        int cursor = offset + HEADER;
        for (int k = 0; k < i; k++) {
            cursor += 6 + (buffer.getShort(cursor + 4, LE) & 0xFFFF);
        }
        return buffer.getInt(cursor, LE);
    }

    /** @return the body's length. */
    public int length() {
        return length;
    }

    static Operation operation(final Request.Op op) {
        switch (op) {
            case OPEN: return Operation.OPEN;
            case DELEGATE: return Operation.DELEGATE;
            case FAN_OUT: return Operation.FAN_OUT_CHILD;
            case AUTHORIZE: return Operation.AUTHORIZE;
            case REVOKE: return Operation.REVOKE;
            case CLOSE: return Operation.CLOSE;
            case REVIEW: return Operation.REVIEW;
            case COMPLETE: return Operation.COMPLETE;
            default: return Operation.BREAK_GLASS;
        }
    }

    private int trim(final int w) {
        int n = w;
        while (n > 0 && words[n - 1] == 0) {
            n--;
        }
        return n;
    }

    /** UTF-8 of {@code s} into {@link #text}, cut on a character boundary at {@link #MAX_TEXT} bytes. */
    private int utf8(final CharSequence s) {
        if (s == null) {
            return 0;
        }
        int n = 0;
        for (int i = 0, len = s.length(); i < len; i++) {
            int c = s.charAt(i);
            if (Character.isHighSurrogate((char) c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                c = Character.toCodePoint((char) c, s.charAt(++i));
            } else if (Character.isSurrogate((char) c)) {
                c = '?';
            }
            final int need = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
            if (n + need > MAX_TEXT) {
                break;
            }
            if (need == 1) {
                text[n++] = (byte) c;
            } else if (need == 2) {
                text[n++] = (byte) (0xC0 | (c >> 6));
                text[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (need == 3) {
                text[n++] = (byte) (0xE0 | (c >> 12));
                text[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                text[n++] = (byte) (0x80 | (c & 0x3F));
            } else {
                text[n++] = (byte) (0xF0 | (c >> 18));
                text[n++] = (byte) (0x80 | ((c >> 12) & 0x3F));
                text[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                text[n++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return n;
    }
}
