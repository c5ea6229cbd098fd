package dev.baton.codec;

import org.agrona.MutableDirectBuffer;

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
 * Writes the body of a SHADOW_DECISION journal record (layout in {@link ShadowDecisionBodyLayout}):
 * {@link #wrap} clears the body, then set every field.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing.
 */
public final class ShadowDecisionBodyEncoder {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private MutableDirectBuffer out;
    private int offset;

    /** @return this, writing at {@code offset} of {@code dst}, the body cleared. */
    public ShadowDecisionBodyEncoder wrap(final MutableDirectBuffer dst, final int offset) {
        this.out = dst;
        this.offset = offset;
        dst.setMemory(offset, BLOCK_LENGTH, (byte) 0);
        return this;
    }

    /** @return this, with the decision's id, its request's id and the candidate's version set. */
    public ShadowDecisionBodyEncoder decision(final long decisionId, final long requestId, final long candidateVersion,
                                           final int child, final Operation operation) {
        out.putLong(offset + DECISION_ID_OFFSET, decisionId, LE);
        out.putLong(offset + REQUEST_ID_OFFSET, requestId, LE);
        out.putLong(offset + CANDIDATE_VERSION_OFFSET, candidateVersion, LE);
        out.putShort(offset + CHILD_OFFSET, (short) child, LE);
        out.putByte(offset + OPERATION_OFFSET, (byte) operation.code());
        return this;
    }

    /** @return this, with the live decision set. */
    public ShadowDecisionBodyEncoder live(final DecisionOutcome outcome, final int reason, final int rule,
                                       final long grantId) {
        out.putByte(offset + LIVE_OUTCOME_OFFSET, (byte) outcome.code());
        out.putShort(offset + LIVE_REASON_OFFSET, (short) reason, LE);
        out.putInt(offset + LIVE_RULE_OFFSET, rule, LE);
        out.putLong(offset + LIVE_GRANT_ID_OFFSET, grantId, LE);
        return this;
    }

    /** @return this, with the candidate's decision set. */
    public ShadowDecisionBodyEncoder shadow(final DecisionOutcome outcome, final int reason, final int rule,
                                         final long grantId) {
        out.putByte(offset + SHADOW_OUTCOME_OFFSET, (byte) outcome.code());
        out.putShort(offset + SHADOW_REASON_OFFSET, (short) reason, LE);
        out.putInt(offset + SHADOW_RULE_OFFSET, rule, LE);
        out.putLong(offset + SHADOW_GRANT_ID_OFFSET, grantId, LE);
        return this;
    }

    /** @return the body's length, {@link ShadowDecisionBodyLayout#BLOCK_LENGTH}. */
    public int encodedLength() {
        return BLOCK_LENGTH;
    }
}
