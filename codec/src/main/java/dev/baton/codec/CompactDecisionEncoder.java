package dev.baton.codec;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.CompactDecisionLayout.BLOCK_LENGTH;
import static dev.baton.codec.CompactDecisionLayout.DECIDING_CAPABILITY_OFFSET;
import static dev.baton.codec.CompactDecisionLayout.DECIDING_DATA_CLASS_OFFSET;
import static dev.baton.codec.CompactDecisionLayout.DECISION_ID_OFFSET;
import static dev.baton.codec.CompactDecisionLayout.DEPTH_OFFSET;
import static dev.baton.codec.CompactDecisionLayout.EXPIRES_AT_OFFSET;
import static dev.baton.codec.CompactDecisionLayout.FLAGS_OFFSET;
import static dev.baton.codec.CompactDecisionLayout.GRANT_ID_OFFSET;
import static dev.baton.codec.CompactDecisionLayout.INPUT_DIGEST_LENGTH;
import static dev.baton.codec.CompactDecisionLayout.OUTCOME_OFFSET;
import static dev.baton.codec.CompactDecisionLayout.OUTPUT_DIGEST_LENGTH;
import static dev.baton.codec.CompactDecisionLayout.PARENT_GRANT_ID_OFFSET;
import static dev.baton.codec.CompactDecisionLayout.POLICY_VERSION_OFFSET;
import static dev.baton.codec.CompactDecisionLayout.REASON_CODE_OFFSET;
import static dev.baton.codec.CompactDecisionLayout.RULE_LINE_OFFSET;
import static dev.baton.codec.CompactDecisionLayout.SECTIONS_OFFSET;
import static dev.baton.codec.CompactDecisionLayout.SUBJECT_OFFSET;
import static dev.baton.codec.CompactDecisionLayout.TIMESTAMP_OFFSET;

/**
 * Writes a compact decision ({@link CompactDecisionLayout}), the form the journal stores a DECISION body's
 * children in: fixed fields in any order, then {@link #scope}, {@link #inputDigest}, {@link #outputDigest}
 * and {@link #justification} in that order (skipped ones are left out or, for the justification, written
 * empty), then {@link #encodedLength()}. A scope or digest that holds nothing is left out, so every decision
 * has one compact form. The operation, request id, holder and purpose are not written: the DECISION body
 * around it holds them ({@link CompactDecisionBodies#expand}).
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing after construction.
 */
public final class CompactDecisionEncoder {
    private static final int STAGE_SCOPE = 0;
    private static final int STAGE_INPUT = 1;
    private static final int STAGE_OUTPUT = 2;
    private static final int STAGE_JUSTIFICATION = 3;
    private static final int STAGE_DONE = 4;

    private MutableDirectBuffer buffer;
    private int offset;
    private int limit;
    private int stage;
    private int sections;
    // The last justification String encoded and its bytes (length prefix included): a task's steps present the
    // same text again and again, and encoding it char by char was most of an encode.
    private final byte[] lastBytes = new byte[VarBytes.LENGTH_PREFIX + CompactDecisionLayout.MAX_JUSTIFICATION_LENGTH];
    private String lastText;
    private int lastLength;

    /**
     * Attaches to a buffer and zeroes the fixed block; deciding capability and data class start as
     * {@link DecisionLayout#NONE}.
     *
     * @param buffer to which the encoder is attached.
     * @param offset at which the compact decision starts.
     * @return this for chaining.
     */
    public CompactDecisionEncoder wrap(final MutableDirectBuffer buffer, final int offset) {
        wrapForEveryField(buffer, offset);
        buffer.setMemory(offset, BLOCK_LENGTH, (byte)0);
        buffer.putInt(offset + DECIDING_CAPABILITY_OFFSET, DecisionLayout.NONE, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(offset + DECIDING_DATA_CLASS_OFFSET, DecisionLayout.NONE, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * As {@link #wrap}, for a caller that sets every fixed field: writes {@code sections} and {@code reserved}
     * and nothing else, so a field left unset keeps whatever bytes the buffer held.
     *
     * @param buffer to which the encoder is attached.
     * @param offset at which the compact decision starts.
     * @return this for chaining.
     */
    public CompactDecisionEncoder wrapForEveryField(final MutableDirectBuffer buffer, final int offset) {
        Bounds.requireCapacity(buffer, offset, BLOCK_LENGTH);
        this.buffer = buffer;
        this.offset = offset;
        this.limit = offset + BLOCK_LENGTH;
        this.stage = STAGE_SCOPE;
        this.sections = 0;
        buffer.putShort(offset + SECTIONS_OFFSET, (short)0, ByteOrder.LITTLE_ENDIAN); // sections and reserved
        return this;
    }

    /**
     * @param outcome the answer; not UNKNOWN.
     * @return this for chaining.
     */
    public CompactDecisionEncoder outcome(final DecisionOutcome outcome) {
        buffer.putByte(offset + OUTCOME_OFFSET, (byte)DecisionValues.outcomeCode(outcome));
        return this;
    }

    /**
     * @param depth of the grant, 0..255.
     * @return this for chaining.
     */
    public CompactDecisionEncoder depth(final int depth) {
        buffer.putByte(offset + DEPTH_OFFSET, (byte)DecisionValues.depth(depth));
        return this;
    }

    /**
     * @param reasonCode the engine's reason code, 0..65535.
     * @return this for chaining.
     */
    public CompactDecisionEncoder reasonCode(final int reasonCode) {
        buffer.putShort(offset + REASON_CODE_OFFSET, (short)DecisionValues.u16(reasonCode, "reasonCode"), ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param flags the engine's grant flags, 0..65535.
     * @return this for chaining.
     */
    public CompactDecisionEncoder flags(final int flags) {
        buffer.putShort(offset + FLAGS_OFFSET, (short)DecisionValues.u16(flags, "flags"), ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /** @param id the decision's id. @return this for chaining. */
    public CompactDecisionEncoder decisionId(final long id) {
        return putLong(DECISION_ID_OFFSET, id);
    }

    /** @param timestamp epoch millis taken for the decision. @return this for chaining. */
    public CompactDecisionEncoder timestamp(final long timestamp) {
        return putLong(TIMESTAMP_OFFSET, timestamp);
    }

    /** @param policyVersion the policy version in force. @return this for chaining. */
    public CompactDecisionEncoder policyVersion(final long policyVersion) {
        return putLong(POLICY_VERSION_OFFSET, policyVersion);
    }

    /** @param grantId the new or child grant, 0 none. @return this for chaining. */
    public CompactDecisionEncoder grantId(final long grantId) {
        return putLong(GRANT_ID_OFFSET, grantId);
    }

    /** @param parentGrantId the parent grant, 0 none. @return this for chaining. */
    public CompactDecisionEncoder parentGrantId(final long parentGrantId) {
        return putLong(PARENT_GRANT_ID_OFFSET, parentGrantId);
    }

    /** @param expiresAt epoch millis. @return this for chaining. */
    public CompactDecisionEncoder expiresAt(final long expiresAt) {
        return putLong(EXPIRES_AT_OFFSET, expiresAt);
    }

    /** @param line policy file line of the deciding rule. @return this for chaining. */
    public CompactDecisionEncoder ruleLine(final int line) {
        return putInt(RULE_LINE_OFFSET, line);
    }

    /** @param capability the deciding capability, -1 none. @return this for chaining. */
    public CompactDecisionEncoder decidingCapability(final int capability) {
        return putInt(DECIDING_CAPABILITY_OFFSET, capability);
    }

    /** @param dataClass the deciding data class, -1 none. @return this for chaining. */
    public CompactDecisionEncoder decidingDataClass(final int dataClass) {
        return putInt(DECIDING_DATA_CLASS_OFFSET, dataClass);
    }

    /** @param subject the delegatee, or the subject of the operation. @return this for chaining. */
    public CompactDecisionEncoder subject(final int subject) {
        return putInt(SUBJECT_OFFSET, subject);
    }

    /**
     * Writes the scope section, unless it holds nothing (no data bit, no capability word).
     *
     * @param grantedData    granted data-class bitset.
     * @param requestedData  requested data-class bitset.
     * @param granted        granted capability bitset; trailing zero words are trimmed.
     * @param grantedCount   words of it to take; at most 64 after trimming.
     * @param requested      requested capability bitset; trailing zero words are trimmed.
     * @param requestedCount words of it to take; at most 64 after trimming.
     * @return this for chaining.
     */
    public CompactDecisionEncoder scope(final long grantedData, final long requestedData, final long[] granted,
                                        final int grantedCount, final long[] requested, final int requestedCount) {
        advanceTo(STAGE_SCOPE);
        final int g = ScopeWords.trimmedCount(granted, grantedCount);
        final int r = ScopeWords.trimmedCount(requested, requestedCount);
        if (grantedData != 0 || requestedData != 0 || g != 0 || r != 0) {
            Bounds.requireCapacity(buffer, limit, 16);
            buffer.putLong(limit, grantedData, ByteOrder.LITTLE_ENDIAN);
            buffer.putLong(limit + 8, requestedData, ByteOrder.LITTLE_ENDIAN);
            limit += 16;
            limit += ScopeWords.put(buffer, limit, granted, g);
            limit += ScopeWords.put(buffer, limit, requested, r);
            section(CompactDecisionLayout.SECTION_SCOPE);
        }
        stage = STAGE_INPUT;
        return this;
    }

    /**
     * Writes the input digest section, unless the digest is all zero.
     *
     * @param src 32-byte digest of the tool input.
     * @param off in {@code src}.
     * @return this for chaining.
     */
    public CompactDecisionEncoder inputDigest(final byte[] src, final int off) {
        advanceTo(STAGE_INPUT);
        digest(src, off, INPUT_DIGEST_LENGTH, CompactDecisionLayout.SECTION_INPUT_DIGEST);
        stage = STAGE_OUTPUT;
        return this;
    }

    /**
     * Writes the output digest section, unless the digest is all zero.
     *
     * @param src 32-byte digest of the tool output.
     * @param off in {@code src}.
     * @return this for chaining.
     */
    public CompactDecisionEncoder outputDigest(final byte[] src, final int off) {
        advanceTo(STAGE_OUTPUT);
        digest(src, off, OUTPUT_DIGEST_LENGTH, CompactDecisionLayout.SECTION_OUTPUT_DIGEST);
        stage = STAGE_JUSTIFICATION;
        return this;
    }

    /**
     * Encodes the text as UTF-8 straight into the buffer, allocating nothing; an unpaired surrogate is
     * written as {@code '?'}, as {@link DecisionEncoder#justification(CharSequence)} does. The same
     * {@link String} instance as the last one is copied as the bytes it encoded to then (a String never changes;
     * any other {@link CharSequence} is encoded afresh every time).
     *
     * @param text justification; at most {@link CompactDecisionLayout#MAX_JUSTIFICATION_LENGTH} bytes as UTF-8.
     * @return this for chaining.
     */
    public CompactDecisionEncoder justification(final CharSequence text) {
        advanceTo(STAGE_JUSTIFICATION);
        if (text.length() == 0) {
            limit += VarBytes.putEmpty(buffer, limit);
        } else if (text == lastText) { // the same String as last time: its bytes, as encoded then
            Bounds.requireCapacity(buffer, limit, lastLength);
            buffer.putBytes(limit, lastBytes, 0, lastLength);
            limit += lastLength;
        } else {
            final int length = Utf8Text.put(buffer, limit, text);
            if (text instanceof String) { // immutable: the same object always encodes to the same bytes
                buffer.getBytes(limit, lastBytes, 0, length);
                lastText = (String)text;
                lastLength = length;
            }
            limit += length;
        }
        stage = STAGE_DONE;
        return this;
    }

    /** @return length of the compact decision, completing skipped parts (an empty justification). */
    public int encodedLength() {
        advanceTo(STAGE_DONE);
        return limit - offset;
    }

    private void digest(final byte[] src, final int off, final int length, final int bit) {
        if (isPresent(src, off, length)) {
            Bounds.requireCapacity(buffer, limit, length);
            buffer.putBytes(limit, src, off, length);
            limit += length;
            section(bit);
        }
    }

    /**
     * @return whether the digest of {@code length} bytes at {@code off} is present: an all-zero digest is an
     *     absent section.
     * @throws IllegalArgumentException if it is out of its array.
     */
    static boolean isPresent(final byte[] src, final int off, final int length) {
        if (off < 0 || off + length > src.length) {
            throw new IllegalArgumentException("digest out of its array: off=" + off + " length=" + src.length);
        }
        long any = 0;
        for (int i = 0; i < length; i++) {
            any |= src[off + i];
        }
        return any != 0;
    }

    private void section(final int bit) {
        sections |= bit;
        buffer.putByte(offset + SECTIONS_OFFSET, (byte)sections);
    }

    private CompactDecisionEncoder putLong(final int at, final long value) {
        buffer.putLong(offset + at, value, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    private CompactDecisionEncoder putInt(final int at, final int value) {
        buffer.putInt(offset + at, value, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    private void advanceTo(final int target) {
        if (stage > target) {
            throw new IllegalStateException(
                "compact decision parts out of order: scope, inputDigest, outputDigest, justification");
        }
        if (target == STAGE_DONE && stage <= STAGE_JUSTIFICATION) {
            limit += VarBytes.putEmpty(buffer, limit);
        }
        stage = Math.max(stage, target);
    }
}
