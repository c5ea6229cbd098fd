package dev.baton.codec;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.DecisionBodyLayout.BLOCK_LENGTH;
import static dev.baton.codec.DecisionBodyLayout.CAPABILITY_OFFSET;
import static dev.baton.codec.DecisionBodyLayout.CHILD_COUNT_OFFSET;
import static dev.baton.codec.DecisionBodyLayout.CHILD_HEADER_LENGTH;
import static dev.baton.codec.DecisionBodyLayout.DATA_CLASS_OFFSET;
import static dev.baton.codec.DecisionBodyLayout.FLAGS_OFFSET;
import static dev.baton.codec.DecisionBodyLayout.FLAG_APPROVE;
import static dev.baton.codec.DecisionBodyLayout.FLAG_VIA_WARRANT;
import static dev.baton.codec.DecisionBodyLayout.GRANT_ID_OFFSET;
import static dev.baton.codec.DecisionBodyLayout.KNOWN_FLAGS;
import static dev.baton.codec.DecisionBodyLayout.MAX_CHILDREN;
import static dev.baton.codec.DecisionBodyLayout.OPERATION_OFFSET;
import static dev.baton.codec.DecisionBodyLayout.PRESENTER_OFFSET;
import static dev.baton.codec.DecisionBodyLayout.PRINCIPAL_OFFSET;
import static dev.baton.codec.DecisionBodyLayout.PURPOSE_OFFSET;
import static dev.baton.codec.DecisionBodyLayout.REFUSED_BEFORE_OFFSET;
import static dev.baton.codec.DecisionBodyLayout.REQUEST_ID_OFFSET;
import static dev.baton.codec.DecisionBodyLayout.RESERVED_LENGTH;
import static dev.baton.codec.DecisionBodyLayout.RESERVED_OFFSET;
import static dev.baton.codec.DecisionBodyLayout.RULE_ID_LENGTH;
import static dev.baton.codec.DecisionBodyLayout.RULE_OFFSET;
import static dev.baton.codec.DecisionBodyLayout.TTL_MILLIS_OFFSET;

/**
 * Reads the body of a DECISION journal record (layout in {@link DecisionBodyLayout}). {@link #wrap}
 * validates untrusted bytes, every child's decision included, before any getter reads them; it
 * remembers where each child starts, so {@link #child(int)} is a constant-time look-up. An unknown
 * {@code operation} code decodes to {@link Operation#UNKNOWN}.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing after construction.
 */
public final class DecisionBodyDecoder {
    private final DecisionDecoder decision = new DecisionDecoder();
    private final int[] childAt = new int[MAX_CHILDREN];
    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int childCount;

    /**
     * @param buffer holding the body.
     * @param offset of the body.
     * @param length of the body; must be exact.
     * @param detail filled on failure; may be null. A child's error gives the offset in the body.
     * @return {@link CodecError#OK} or what was wrong.
     */
    public CodecError wrap(final DirectBuffer buffer, final int offset, final int length, final ErrorDetail detail) {
        this.buffer = null;
        this.childCount = 0;
        CodecError error = Bounds.checkRegion(buffer, offset, length, detail);
        if (error != CodecError.OK) {
            return error;
        }
        error = Bounds.checkAvailable(0, BLOCK_LENGTH, length, "decision body block", detail);
        if (error != CodecError.OK) {
            return error;
        }
        final int flags = buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
        if ((flags & ~KNOWN_FLAGS) != 0) {
            return Bounds.fail(detail, CodecError.BAD_VALUE, "flags", FLAGS_OFFSET, 1, KNOWN_FLAGS, flags);
        }
        for (int i = 0; i < RESERVED_LENGTH; i++) {
            final int reserved = buffer.getByte(offset + RESERVED_OFFSET + i) & 0xFF;
            if (reserved != 0) {
                return Bounds.fail(detail, CodecError.BAD_VALUE, "reserved", RESERVED_OFFSET + i, 1, 0, reserved);
            }
        }
        final int count = buffer.getByte(offset + CHILD_COUNT_OFFSET) & 0xFF;
        if (count == 0) {
            return Bounds.fail(detail, CodecError.BAD_COUNT, "childCount", CHILD_COUNT_OFFSET, 1, MAX_CHILDREN, 0);
        }
        int at = BLOCK_LENGTH;
        for (int i = 0; i < count; i++) {
            error = checkChild(buffer, offset, at, length, detail);
            if (error != CodecError.OK) {
                return error;
            }
            childAt[i] = at;
            at += CHILD_HEADER_LENGTH + decision.encodedLength();
        }
        error = Bounds.checkExactLength(at, length, "decision body", detail);
        if (error != CodecError.OK) {
            return error;
        }
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.childCount = count;
        return CodecError.OK;
    }

    /** Validates the child at relative offset {@code at}, leaving {@link #decision} wrapped on it. */
    private CodecError checkChild(final DirectBuffer buffer, final int offset, final int at, final int length,
                                  final ErrorDetail detail) {
        CodecError error = Bounds.checkAvailable(at, CHILD_HEADER_LENGTH, length, "child", detail);
        if (error != CodecError.OK) {
            return error;
        }
        final int decisionLength = buffer.getShort(offset + at + RULE_ID_LENGTH, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int decisionAt = at + CHILD_HEADER_LENGTH;
        error = Bounds.checkAvailable(decisionAt, decisionLength, length, "decision", detail);
        if (error != CodecError.OK) {
            return error;
        }
        error = decision.wrap(buffer, offset + decisionAt, decisionLength, detail);
        if (error != CodecError.OK && null != detail) {
            detail.set(error, detail.field(), decisionAt + detail.offset(), detail.length(), detail.capacity(),
                detail.value());
        }
        return error;
    }

    /** @return buffer of the wrapped body. */
    public DirectBuffer buffer() {
        return buffer;
    }

    /** @return offset of the wrapped body. */
    public int offset() {
        return offset;
    }

    /** @return length of the wrapped body. */
    public int encodedLength() {
        return length;
    }

    /** @return the request's operation, {@link Operation#UNKNOWN} for a code this build does not know. */
    public Operation operation() {
        return DecisionBodyLayout.operation(buffer.getByte(offset + OPERATION_OFFSET) & 0xFF);
    }

    /** @return whether a review approved. */
    public boolean approve() {
        return (buffer.getByte(offset + FLAGS_OFFSET) & FLAG_APPROVE) != 0;
    }

    /** @return whether the grant was presented as warrant bytes. */
    public boolean viaWarrant() {
        return (buffer.getByte(offset + FLAGS_OFFSET) & FLAG_VIA_WARRANT) != 0;
    }

    /** @return the engine's reason code of a refusal taken before the decision core ran; 0 if it decided. */
    public int refusedBefore() {
        return buffer.getShort(offset + REFUSED_BEFORE_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    /** @return the opener, the reviewer, or the actor of a revoke or close. */
    public int principal() {
        return buffer.getInt(offset + PRINCIPAL_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return the identity presenting the grant. */
    public int presenter() {
        return buffer.getInt(offset + PRESENTER_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return purpose index of an open or break-glass. */
    public int purpose() {
        return buffer.getInt(offset + PURPOSE_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return break-glass rule index. */
    public int rule() {
        return buffer.getInt(offset + RULE_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return capability index of an authorize. */
    public int capability() {
        return buffer.getInt(offset + CAPABILITY_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return data-class index of an authorize. */
    public int dataClass() {
        return buffer.getInt(offset + DATA_CLASS_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return the caller's request id. */
    public long requestId() {
        return buffer.getLong(offset + REQUEST_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return the grant used or acted on. */
    public long grantId() {
        return buffer.getLong(offset + GRANT_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return requested life of a break-glass grant. */
    public long ttlMillis() {
        return buffer.getLong(offset + TTL_MILLIS_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return number of children, 1..255. */
    public int childCount() {
        return childCount;
    }

    /**
     * @param index of the child, 0..{@link #childCount()} - 1.
     * @return the engine's id of the child's deciding rule, -1 none.
     */
    public int ruleId(final int index) {
        Bounds.checkIndex(index, childCount);
        return buffer.getInt(offset + childAt[index], ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @param index of the child, 0..{@link #childCount()} - 1.
     * @return the child's decision, positioned on it until the next call of this method or {@link #wrap}.
     */
    public DecisionDecoder child(final int index) {
        Bounds.checkIndex(index, childCount);
        final int at = offset + childAt[index];
        decision.wrap(buffer, at + CHILD_HEADER_LENGTH,
            buffer.getShort(at + RULE_ID_LENGTH, ByteOrder.LITTLE_ENDIAN) & 0xFFFF, null);
        return decision;
    }
}
