package dev.baton.codec;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.DecisionLayout.BLOCK_LENGTH;
import static dev.baton.codec.DecisionLayout.DECIDING_CAPABILITY_OFFSET;
import static dev.baton.codec.DecisionLayout.DECIDING_DATA_CLASS_OFFSET;
import static dev.baton.codec.DecisionLayout.DECISION_ID_OFFSET;
import static dev.baton.codec.DecisionLayout.DEPTH_OFFSET;
import static dev.baton.codec.DecisionLayout.EXPIRES_AT_OFFSET;
import static dev.baton.codec.DecisionLayout.FLAGS_OFFSET;
import static dev.baton.codec.DecisionLayout.FORMAT_VERSION;
import static dev.baton.codec.DecisionLayout.FORMAT_VERSION_LENGTH;
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
 * Writes a decision (layout in {@link DecisionLayout}). Fixed fields in any order, then
 * {@link #grantedCapabilities}, {@link #requestedCapabilities} and {@link #justification} in that
 * order (skipped ones are written empty), then {@link #encodedLength()}.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing after construction.
 */
public final class DecisionEncoder {
    private static final int STAGE_GRANTED = 0;
    private static final int STAGE_REQUESTED = 1;
    private static final int STAGE_JUSTIFICATION = 2;
    private static final int STAGE_DONE = 3;

    private MutableDirectBuffer buffer;
    private int offset;
    private int limit;
    private int stage;

    /**
     * Attaches to a buffer, writes the format version and zeroes the fixed block; deciding capability
     * and data class start as {@link DecisionLayout#NONE}.
     *
     * @param buffer to which the encoder is attached.
     * @param offset at which the decision starts.
     * @return this for chaining.
     */
    public DecisionEncoder wrap(final MutableDirectBuffer buffer, final int offset) {
        wrapForEveryField(buffer, offset); // writes the format version
        buffer.setMemory(offset + FORMAT_VERSION_LENGTH, BLOCK_LENGTH - FORMAT_VERSION_LENGTH, (byte)0);
        buffer.putInt(offset + DECIDING_CAPABILITY_OFFSET, DecisionLayout.NONE, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(offset + DECIDING_DATA_CLASS_OFFSET, DecisionLayout.NONE, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * As {@link #wrap}, for a caller that sets every fixed field of {@link DecisionLayout}: writes the format
     * version and nothing else, so a field left unset keeps whatever bytes the buffer held (no zeroing of the
     * block, about a sixth of an encode).
     *
     * @param buffer to which the encoder is attached.
     * @param offset at which the decision starts.
     * @return this for chaining.
     */
    public DecisionEncoder wrapForEveryField(final MutableDirectBuffer buffer, final int offset) {
        Bounds.requireCapacity(buffer, offset, BLOCK_LENGTH);
        this.buffer = buffer;
        this.offset = offset;
        this.limit = offset + BLOCK_LENGTH;
        this.stage = STAGE_GRANTED;
        buffer.putByte(offset, (byte)FORMAT_VERSION);
        return this;
    }

    /**
     * @param operation what was decided; not UNKNOWN.
     * @return this for chaining.
     */
    public DecisionEncoder operation(final Operation operation) {
        if (operation == Operation.UNKNOWN) {
            throw new IllegalArgumentException("UNKNOWN is never written");
        }
        buffer.putByte(offset + OPERATION_OFFSET, (byte)operation.code());
        return this;
    }

    /**
     * @param outcome the answer; not UNKNOWN.
     * @return this for chaining.
     */
    public DecisionEncoder outcome(final DecisionOutcome outcome) {
        buffer.putByte(offset + OUTCOME_OFFSET, (byte)DecisionValues.outcomeCode(outcome));
        return this;
    }

    /**
     * @param depth of the grant, 0..255.
     * @return this for chaining.
     */
    public DecisionEncoder depth(final int depth) {
        buffer.putByte(offset + DEPTH_OFFSET, (byte)DecisionValues.depth(depth));
        return this;
    }

    /**
     * @param reasonCode the engine's reason code, 0..65535.
     * @return this for chaining.
     */
    public DecisionEncoder reasonCode(final int reasonCode) {
        buffer.putShort(offset + REASON_CODE_OFFSET, (short)DecisionValues.u16(reasonCode, "reasonCode"), ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param flags the engine's grant flags, 0..65535, opaque to the codec.
     * @return this for chaining.
     */
    public DecisionEncoder flags(final int flags) {
        buffer.putShort(offset + FLAGS_OFFSET, (short)DecisionValues.u16(flags, "flags"), ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param id decision id.
     * @return this for chaining.
     */
    public DecisionEncoder decisionId(final long id) {
        return putLong(DECISION_ID_OFFSET, id);
    }

    /**
     * @param id id of the request decided.
     * @return this for chaining.
     */
    public DecisionEncoder requestId(final long id) {
        return putLong(REQUEST_ID_OFFSET, id);
    }

    /**
     * @param timestamp epoch millis taken for the decision.
     * @return this for chaining.
     */
    public DecisionEncoder timestamp(final long timestamp) {
        return putLong(TIMESTAMP_OFFSET, timestamp);
    }

    /**
     * @param policyVersion policy the decision was made under.
     * @return this for chaining.
     */
    public DecisionEncoder policyVersion(final long policyVersion) {
        return putLong(POLICY_VERSION_OFFSET, policyVersion);
    }

    /**
     * @param grantId the new or child grant, 0 none.
     * @return this for chaining.
     */
    public DecisionEncoder grantId(final long grantId) {
        return putLong(GRANT_ID_OFFSET, grantId);
    }

    /**
     * @param parentGrantId the parent grant, 0 none.
     * @return this for chaining.
     */
    public DecisionEncoder parentGrantId(final long parentGrantId) {
        return putLong(PARENT_GRANT_ID_OFFSET, parentGrantId);
    }

    /**
     * @param expiresAt expiry of the grant, epoch millis.
     * @return this for chaining.
     */
    public DecisionEncoder expiresAt(final long expiresAt) {
        return putLong(EXPIRES_AT_OFFSET, expiresAt);
    }

    /**
     * @param data granted data-class bitset.
     * @return this for chaining.
     */
    public DecisionEncoder grantedData(final long data) {
        return putLong(GRANTED_DATA_OFFSET, data);
    }

    /**
     * @param data requested data-class bitset.
     * @return this for chaining.
     */
    public DecisionEncoder requestedData(final long data) {
        return putLong(REQUESTED_DATA_OFFSET, data);
    }

    /**
     * @param line policy file line of the deciding rule.
     * @return this for chaining.
     */
    public DecisionEncoder ruleLine(final int line) {
        return putInt(RULE_LINE_OFFSET, line);
    }

    /**
     * @param capability deciding capability, {@link DecisionLayout#NONE} none.
     * @return this for chaining.
     */
    public DecisionEncoder decidingCapability(final int capability) {
        return putInt(DECIDING_CAPABILITY_OFFSET, capability);
    }

    /**
     * @param dataClass deciding data class, {@link DecisionLayout#NONE} none.
     * @return this for chaining.
     */
    public DecisionEncoder decidingDataClass(final int dataClass) {
        return putInt(DECIDING_DATA_CLASS_OFFSET, dataClass);
    }

    /**
     * @param holder identity holding the (parent) warrant.
     * @return this for chaining.
     */
    public DecisionEncoder holder(final int holder) {
        return putInt(HOLDER_OFFSET, holder);
    }

    /**
     * @param subject delegatee, or the subject of the operation.
     * @return this for chaining.
     */
    public DecisionEncoder subject(final int subject) {
        return putInt(SUBJECT_OFFSET, subject);
    }

    /**
     * @param purpose purpose id.
     * @return this for chaining.
     */
    public DecisionEncoder purpose(final int purpose) {
        return putInt(PURPOSE_OFFSET, purpose);
    }

    /**
     * @param src 32-byte digest of the tool input.
     * @param off in {@code src}.
     * @return this for chaining.
     */
    public DecisionEncoder inputDigest(final byte[] src, final int off) {
        buffer.putBytes(offset + INPUT_DIGEST_OFFSET, src, off, INPUT_DIGEST_LENGTH);
        return this;
    }

    /**
     * @param src 32-byte digest of the tool output.
     * @param off in {@code src}.
     * @return this for chaining.
     */
    public DecisionEncoder outputDigest(final byte[] src, final int off) {
        buffer.putBytes(offset + OUTPUT_DIGEST_OFFSET, src, off, OUTPUT_DIGEST_LENGTH);
        return this;
    }

    /**
     * @param words     granted capability bitset; trailing zero words are trimmed.
     * @param wordCount words to take; at most 64 after trimming.
     * @return this for chaining.
     */
    public DecisionEncoder grantedCapabilities(final long[] words, final int wordCount) {
        advanceTo(STAGE_GRANTED);
        limit += ScopeWords.put(buffer, limit, words, ScopeWords.trimmedCount(words, wordCount));
        stage = STAGE_REQUESTED;
        return this;
    }

    /**
     * @param words     requested capability bitset; trailing zero words are trimmed.
     * @param wordCount words to take; at most 64 after trimming.
     * @return this for chaining.
     */
    public DecisionEncoder requestedCapabilities(final long[] words, final int wordCount) {
        advanceTo(STAGE_REQUESTED);
        limit += ScopeWords.put(buffer, limit, words, ScopeWords.trimmedCount(words, wordCount));
        stage = STAGE_JUSTIFICATION;
        return this;
    }

    /**
     * @param utf8 well-formed UTF-8.
     * @param off  of the text.
     * @param len  bytes, at most {@link DecisionLayout#MAX_JUSTIFICATION_LENGTH}.
     * @return this for chaining.
     */
    public DecisionEncoder justification(final byte[] utf8, final int off, final int len) {
        advanceTo(STAGE_JUSTIFICATION);
        limit += Utf8Text.put(buffer, limit, utf8, off, len, Utf8Text.MAX_LENGTH);
        stage = STAGE_DONE;
        return this;
    }

    /**
     * Encodes the text as UTF-8 straight into the buffer, allocating nothing. An unpaired surrogate is
     * written as {@code '?'}, as {@code String.getBytes(UTF_8)} does.
     *
     * @param text justification; at most {@link DecisionLayout#MAX_JUSTIFICATION_LENGTH} bytes as UTF-8
     *             (measure with {@link #justificationLength(CharSequence)}).
     * @return this for chaining.
     */
    public DecisionEncoder justification(final CharSequence text) {
        advanceTo(STAGE_JUSTIFICATION);
        limit += Utf8Text.put(buffer, limit, text);
        stage = STAGE_DONE;
        return this;
    }

    /**
     * @param text a justification.
     * @return the bytes {@link #justification(CharSequence)} writes for it (without the length prefix).
     */
    public static int justificationLength(final CharSequence text) {
        return Utf8Text.encodedLength(text);
    }

    /** @return length of the decision, completing skipped fields as empty. */
    public int encodedLength() {
        advanceTo(STAGE_DONE);
        return limit - offset;
    }

    private DecisionEncoder putLong(final int at, final long value) {
        buffer.putLong(offset + at, value, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    private DecisionEncoder putInt(final int at, final int value) {
        buffer.putInt(offset + at, value, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    private void advanceTo(final int target) {
        if (stage > target) {
            throw new IllegalStateException(
                "decision fields out of order: grantedCapabilities, requestedCapabilities, justification");
        }
        while (stage < target) {
            if (stage == STAGE_JUSTIFICATION) {
                limit += VarBytes.putEmpty(buffer, limit);
            } else {
                Bounds.requireCapacity(buffer, limit, 1);
                buffer.putByte(limit, (byte)0);
                limit += 1;
            }
            stage++;
        }
    }
}
