package dev.baton.codec;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.DecisionLayout.BLOCK_LENGTH;
import static dev.baton.codec.DecisionLayout.DECIDING_CAPABILITY_OFFSET;
import static dev.baton.codec.DecisionLayout.DECIDING_DATA_CLASS_OFFSET;
import static dev.baton.codec.DecisionLayout.DECISION_ID_OFFSET;
import static dev.baton.codec.DecisionLayout.DEPTH_OFFSET;
import static dev.baton.codec.DecisionLayout.EXPIRES_AT_OFFSET;
import static dev.baton.codec.DecisionLayout.FLAGS_OFFSET;
import static dev.baton.codec.DecisionLayout.FORMAT_VERSION;
import static dev.baton.codec.DecisionLayout.GRANTED_DATA_OFFSET;
import static dev.baton.codec.DecisionLayout.GRANT_ID_OFFSET;
import static dev.baton.codec.DecisionLayout.HOLDER_OFFSET;
import static dev.baton.codec.DecisionLayout.INPUT_DIGEST_LENGTH;
import static dev.baton.codec.DecisionLayout.INPUT_DIGEST_OFFSET;
import static dev.baton.codec.DecisionLayout.OPERATION_OFFSET;
import static dev.baton.codec.DecisionLayout.OUTCOME_OFFSET;
import static dev.baton.codec.DecisionLayout.OUTPUT_DIGEST_LENGTH;
import static dev.baton.codec.DecisionLayout.OUTPUT_DIGEST_OFFSET;
import static dev.baton.codec.DecisionLayout.PARENT_GRANT_ID_OFFSET;
import static dev.baton.codec.DecisionLayout.POLICY_VERSION_OFFSET;
import static dev.baton.codec.DecisionLayout.PURPOSE_OFFSET;
import static dev.baton.codec.DecisionLayout.REASON_CODE_OFFSET;
import static dev.baton.codec.DecisionLayout.REQUESTED_DATA_OFFSET;
import static dev.baton.codec.DecisionLayout.REQUEST_ID_OFFSET;
import static dev.baton.codec.DecisionLayout.RULE_LINE_OFFSET;
import static dev.baton.codec.DecisionLayout.SUBJECT_OFFSET;
import static dev.baton.codec.DecisionLayout.TIMESTAMP_OFFSET;

/**
 * Reads a decision (layout in {@link DecisionLayout}). {@link #wrap} validates untrusted bytes before
 * any getter reads them. Unknown operation and outcome codes decode to {@code UNKNOWN}.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing, except {@link #justification()}.
 */
public final class DecisionDecoder {
    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int requestedIndex;
    private int justificationIndex;

    /**
     * @param buffer holding the decision.
     * @param offset of the decision.
     * @param length of the decision; must be exact.
     * @param detail filled on failure; may be null.
     * @return {@link CodecError#OK} or what was wrong.
     */
    public CodecError wrap(final DirectBuffer buffer, final int offset, final int length, final ErrorDetail detail) {
        this.buffer = null;
        CodecError error = Bounds.checkRegionAndVersion(buffer, offset, length, FORMAT_VERSION, detail);
        if (error != CodecError.OK) {
            return error;
        }
        error = Bounds.checkAvailable(0, BLOCK_LENGTH, length, "decision block", detail);
        if (error != CodecError.OK) {
            return error;
        }
        error = ScopeWords.check(buffer, offset, BLOCK_LENGTH, length, "grantedCapabilities", detail);
        if (error != CodecError.OK) {
            return error;
        }
        final int requestedAt = BLOCK_LENGTH + ScopeWords.encodedLength(ScopeWords.count(buffer, offset + BLOCK_LENGTH));
        error = ScopeWords.check(buffer, offset, requestedAt, length, "requestedCapabilities", detail);
        if (error != CodecError.OK) {
            return error;
        }
        final int justificationAt = requestedAt + ScopeWords.encodedLength(ScopeWords.count(buffer, offset + requestedAt));
        error = Utf8Text.check(buffer, offset, justificationAt, length, Utf8Text.MAX_LENGTH, "justification", detail);
        if (error != CodecError.OK) {
            return error;
        }
        final int end = justificationAt + VarBytes.LENGTH_PREFIX + VarBytes.length(buffer, offset + justificationAt);
        error = Bounds.checkExactLength(end, length, "decision", detail);
        if (error != CodecError.OK) {
            return error;
        }
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.requestedIndex = offset + requestedAt;
        this.justificationIndex = offset + justificationAt;
        return CodecError.OK;
    }

    /** @return buffer of the wrapped decision. */
    public DirectBuffer buffer() {
        return buffer;
    }

    /** @return offset of the wrapped decision. */
    public int offset() {
        return offset;
    }

    /** @return length of the wrapped decision. */
    public int encodedLength() {
        return length;
    }

    /** @return the operation, {@link Operation#UNKNOWN} for a code this build does not know. */
    public Operation operation() {
        return Operation.get(buffer.getByte(offset + OPERATION_OFFSET) & 0xFF);
    }

    /** @return the outcome, {@link DecisionOutcome#UNKNOWN} for a code this build does not know. */
    public DecisionOutcome outcome() {
        return DecisionOutcome.get(buffer.getByte(offset + OUTCOME_OFFSET) & 0xFF);
    }

    /** @return depth of the grant. */
    public int depth() {
        return buffer.getByte(offset + DEPTH_OFFSET) & 0xFF;
    }

    /** @return the engine's reason code. */
    public int reasonCode() {
        return buffer.getShort(offset + REASON_CODE_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    /** @return the engine's grant flags. */
    public int flags() {
        return buffer.getShort(offset + FLAGS_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    /** @return decision id. */
    public long decisionId() {
        return getLong(DECISION_ID_OFFSET);
    }

    /** @return request id. */
    public long requestId() {
        return getLong(REQUEST_ID_OFFSET);
    }

    /** @return epoch millis of the decision. */
    public long timestamp() {
        return getLong(TIMESTAMP_OFFSET);
    }

    /** @return policy version. */
    public long policyVersion() {
        return getLong(POLICY_VERSION_OFFSET);
    }

    /** @return new or child grant id, 0 none. */
    public long grantId() {
        return getLong(GRANT_ID_OFFSET);
    }

    /** @return parent grant id, 0 none. */
    public long parentGrantId() {
        return getLong(PARENT_GRANT_ID_OFFSET);
    }

    /** @return expiry, epoch millis. */
    public long expiresAt() {
        return getLong(EXPIRES_AT_OFFSET);
    }

    /** @return granted data-class bitset. */
    public long grantedData() {
        return getLong(GRANTED_DATA_OFFSET);
    }

    /** @return requested data-class bitset. */
    public long requestedData() {
        return getLong(REQUESTED_DATA_OFFSET);
    }

    /** @return policy file line of the deciding rule. */
    public int ruleLine() {
        return getInt(RULE_LINE_OFFSET);
    }

    /** @return deciding capability, {@link DecisionLayout#NONE} none. */
    public int decidingCapability() {
        return getInt(DECIDING_CAPABILITY_OFFSET);
    }

    /** @return deciding data class, {@link DecisionLayout#NONE} none. */
    public int decidingDataClass() {
        return getInt(DECIDING_DATA_CLASS_OFFSET);
    }

    /** @return holder identity. */
    public int holder() {
        return getInt(HOLDER_OFFSET);
    }

    /** @return delegatee or subject identity. */
    public int subject() {
        return getInt(SUBJECT_OFFSET);
    }

    /** @return purpose id. */
    public int purpose() {
        return getInt(PURPOSE_OFFSET);
    }

    /**
     * @param dst receives the 32-byte input digest.
     * @param off in {@code dst}.
     */
    public void getInputDigest(final byte[] dst, final int off) {
        buffer.getBytes(offset + INPUT_DIGEST_OFFSET, dst, off, INPUT_DIGEST_LENGTH);
    }

    /**
     * @param dst receives the 32-byte output digest.
     * @param off in {@code dst}.
     */
    public void getOutputDigest(final byte[] dst, final int off) {
        buffer.getBytes(offset + OUTPUT_DIGEST_OFFSET, dst, off, OUTPUT_DIGEST_LENGTH);
    }

    /** @return granted capability words carried. */
    public int grantedWordCount() {
        return ScopeWords.count(buffer, offset + BLOCK_LENGTH);
    }

    /**
     * @param index of the word.
     * @return granted word, 0 past the last one carried.
     */
    public long grantedWord(final int index) {
        return ScopeWords.word(buffer, offset + BLOCK_LENGTH, index);
    }

    /**
     * @param dst receives the granted words, rest zero-filled.
     * @return words copied.
     */
    public int getGrantedCapabilities(final long[] dst) {
        return ScopeWords.copy(buffer, offset + BLOCK_LENGTH, dst);
    }

    /** @return requested capability words carried. */
    public int requestedWordCount() {
        return ScopeWords.count(buffer, requestedIndex);
    }

    /**
     * @param index of the word.
     * @return requested word, 0 past the last one carried.
     */
    public long requestedWord(final int index) {
        return ScopeWords.word(buffer, requestedIndex, index);
    }

    /**
     * @param dst receives the requested words, rest zero-filled.
     * @return words copied.
     */
    public int getRequestedCapabilities(final long[] dst) {
        return ScopeWords.copy(buffer, requestedIndex, dst);
    }

    /** @return bytes of justification. */
    public int justificationLength() {
        return Utf8Text.length(buffer, justificationIndex);
    }

    /**
     * @param dst receives the UTF-8 bytes.
     * @param off in {@code dst}.
     * @return bytes copied.
     */
    public int getJustification(final byte[] dst, final int off) {
        return Utf8Text.copy(buffer, justificationIndex, dst, off);
    }

    /** @return the justification; allocates. */
    public String justification() {
        return Utf8Text.string(buffer, justificationIndex);
    }

    private long getLong(final int at) {
        return buffer.getLong(offset + at, ByteOrder.LITTLE_ENDIAN);
    }

    private int getInt(final int at) {
        return buffer.getInt(offset + at, ByteOrder.LITTLE_ENDIAN);
    }
}
