package dev.baton.codec;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.ShadowDecisionBodyLayout.BLOCK_LENGTH;
import static dev.baton.codec.ShadowDecisionBodyLayout.CANDIDATE_VERSION_OFFSET;
import static dev.baton.codec.ShadowDecisionBodyLayout.CHILD_OFFSET;
import static dev.baton.codec.ShadowDecisionBodyLayout.DECISION_ID_OFFSET;
import static dev.baton.codec.ShadowDecisionBodyLayout.LIVE_GRANT_ID_OFFSET;
import static dev.baton.codec.ShadowDecisionBodyLayout.LIVE_OUTCOME_OFFSET;
import static dev.baton.codec.ShadowDecisionBodyLayout.LIVE_REASON_OFFSET;
import static dev.baton.codec.ShadowDecisionBodyLayout.LIVE_RULE_OFFSET;
import static dev.baton.codec.ShadowDecisionBodyLayout.OPERATION_OFFSET;
import static dev.baton.codec.ShadowDecisionBodyLayout.REQUEST_ID_OFFSET;
import static dev.baton.codec.ShadowDecisionBodyLayout.SHADOW_GRANT_ID_OFFSET;
import static dev.baton.codec.ShadowDecisionBodyLayout.SHADOW_OUTCOME_OFFSET;
import static dev.baton.codec.ShadowDecisionBodyLayout.SHADOW_REASON_OFFSET;
import static dev.baton.codec.ShadowDecisionBodyLayout.SHADOW_RULE_OFFSET;

/**
 * Reads the body of a SHADOW_DECISION journal record (layout in {@link ShadowDecisionBodyLayout}).
 * {@link #wrap} validates untrusted bytes (exact length, known outcomes and operation, reserved bytes
 * zero) before any getter reads them.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing.
 */
public final class ShadowDecisionBodyDecoder {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private DirectBuffer buffer;
    private int offset;

    /**
     * @param buffer holding the body.
     * @param offset of the body.
     * @param length of the body; must be exact.
     * @param detail filled on failure; may be null.
     * @return {@link CodecError#OK} or what was wrong.
     */
    public CodecError wrap(final DirectBuffer buffer, final int offset, final int length, final ErrorDetail detail) {
        this.buffer = null;
        this.offset = offset;
        CodecError error = Bounds.checkFixed(buffer, offset, length, BLOCK_LENGTH, "shadow decision body", detail);
        if (error == CodecError.OK) {
            error = known(buffer, offset, detail);
        }
        if (error == CodecError.OK) {
            error = zero(buffer, offset, ShadowDecisionBodyLayout.RESERVED_OFFSET, BLOCK_LENGTH, detail);
        }
        this.buffer = error == CodecError.OK ? buffer : null;
        return error;
    }

    private static CodecError known(final DirectBuffer b, final int offset, final ErrorDetail detail) {
        final int op = b.getByte(offset + OPERATION_OFFSET) & 0xFF;
        if (Operation.get(op) == Operation.UNKNOWN) {
            return Bounds.fail(detail, CodecError.BAD_VALUE, "operation", OPERATION_OFFSET, 1, 0, op);
        }
        final int live = b.getByte(offset + LIVE_OUTCOME_OFFSET) & 0xFF;
        if (DecisionOutcome.get(live) == DecisionOutcome.UNKNOWN) {
            return Bounds.fail(detail, CodecError.BAD_VALUE, "liveOutcome", LIVE_OUTCOME_OFFSET, 1, 0, live);
        }
        final int shadow = b.getByte(offset + SHADOW_OUTCOME_OFFSET) & 0xFF;
        if (DecisionOutcome.get(shadow) == DecisionOutcome.UNKNOWN) {
            return Bounds.fail(detail, CodecError.BAD_VALUE, "shadowOutcome", SHADOW_OUTCOME_OFFSET, 1, 0, shadow);
        }
        return CodecError.OK;
    }

    /** BAD_VALUE unless bytes {@code from} to {@code to} (relative) are zero. */
    static CodecError zero(final DirectBuffer b, final int offset, final int from, final int to,
                           final ErrorDetail detail) {
        for (int i = from; i < to; i++) {
            if (b.getByte(offset + i) != 0) {
                return Bounds.fail(detail, CodecError.BAD_VALUE, "reserved", i, 1, 0, b.getByte(offset + i));
            }
        }
        return CodecError.OK;
    }

    /** @return the id of the decision (in the DECISION record before). */
    public long decisionId() {
        return buffer.getLong(offset + DECISION_ID_OFFSET, LE);
    }

    /** @return the id of its request. */
    public long requestId() {
        return buffer.getLong(offset + REQUEST_ID_OFFSET, LE);
    }

    /** @return the candidate policy's version id. */
    public long candidateVersion() {
        return buffer.getLong(offset + CANDIDATE_VERSION_OFFSET, LE);
    }

    /** @return which decision of its DECISION record. */
    public int child() {
        return buffer.getShort(offset + CHILD_OFFSET, LE) & 0xFFFF;
    }

    /** @return the operation. */
    public Operation operation() {
        return Operation.get(buffer.getByte(offset + OPERATION_OFFSET) & 0xFF);
    }

    /** @return the live outcome. */
    public DecisionOutcome liveOutcome() {
        return DecisionOutcome.get(buffer.getByte(offset + LIVE_OUTCOME_OFFSET) & 0xFF);
    }

    /** @return the live reason code. */
    public int liveReason() {
        return buffer.getShort(offset + LIVE_REASON_OFFSET, LE) & 0xFFFF;
    }

    /** @return the live rule id, or -1. */
    public int liveRule() {
        return buffer.getInt(offset + LIVE_RULE_OFFSET, LE);
    }

    /** @return the grant the live decision created or used, or 0. */
    public long liveGrantId() {
        return buffer.getLong(offset + LIVE_GRANT_ID_OFFSET, LE);
    }

    /** @return the candidate's outcome. */
    public DecisionOutcome shadowOutcome() {
        return DecisionOutcome.get(buffer.getByte(offset + SHADOW_OUTCOME_OFFSET) & 0xFF);
    }

    /** @return the candidate's reason code. */
    public int shadowReason() {
        return buffer.getShort(offset + SHADOW_REASON_OFFSET, LE) & 0xFFFF;
    }

    /** @return the candidate's rule id (of the candidate policy), or -1. */
    public int shadowRule() {
        return buffer.getInt(offset + SHADOW_RULE_OFFSET, LE);
    }

    /** @return the grant the candidate's decision created or used, in its own registry, or 0. */
    public long shadowGrantId() {
        return buffer.getLong(offset + SHADOW_GRANT_ID_OFFSET, LE);
    }
}
