package dev.baton.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Gives back the DECISION body ({@link DecisionBodyLayout}) that a record marked
 * {@link JournalRecordLayout#FLAG_COMPACT} stores with compact children ({@link CompactDecisionLayout}), byte
 * for byte as the engine would have encoded it in full. The body's fixed block is the same in both forms; each
 * child's compact decision becomes a {@link DecisionLayout decision}, taking its operation, request id, holder
 * (the presenter) and purpose from the body and filling absent sections with zeros.
 * <p>
 * Checks the compact form's structure (every length, the sections and reserved bits, no empty section, nothing
 * after the last child); the expanded body is then decoded, and validated, as any DECISION body.
 *
 * <p><b>Note:</b> stateless; thread-safe. Allocates nothing (only {@code detail} is written on failure).
 */
public final class CompactDecisionBodies {
    private static final int SCOPE_DATA_LENGTH =
        CompactDecisionLayout.GRANTED_DATA_LENGTH + CompactDecisionLayout.REQUESTED_DATA_LENGTH;

    private CompactDecisionBodies() {
    }

    /**
     * @param src    holding the compact body.
     * @param offset of it.
     * @param length of it.
     * @param dst    where the DECISION body goes (not overlapping the compact body).
     * @param at     offset in {@code dst}; the body may take up to {@code dst.capacity() - at} bytes.
     * @param detail what was wrong, when the result is -1; may be null.
     * @return the DECISION body's length, or -1 if the compact body is malformed or its expansion does not fit.
     */
    public static int expand(final DirectBuffer src, final int offset, final int length,
                             final MutableDirectBuffer dst, final int at, final ErrorDetail detail) {
        if (Bounds.checkRegion(src, offset, length, detail) != CodecError.OK
            || Bounds.checkAvailable(0, DecisionBodyLayout.BLOCK_LENGTH, length, "decision body block", detail)
                != CodecError.OK) {
            return -1;
        }
        final int capacity = dst.capacity() - at;
        if (capacity < DecisionBodyLayout.BLOCK_LENGTH) {
            Bounds.fail(detail, CodecError.BAD_LENGTH, "expanded decision body", 0, DecisionBodyLayout.BLOCK_LENGTH,
                capacity, 0);
            return -1;
        }
        final Operation operation = DecisionBodyLayout.operation(src.getByte(offset + DecisionBodyLayout.OPERATION_OFFSET) & 0xFF);
        if (operation == Operation.UNKNOWN) {
            Bounds.fail(detail, CodecError.BAD_VALUE, "operation", DecisionBodyLayout.OPERATION_OFFSET, 1, 0,
                src.getByte(offset + DecisionBodyLayout.OPERATION_OFFSET) & 0xFF);
            return -1;
        }
        final int children = src.getByte(offset + DecisionBodyLayout.CHILD_COUNT_OFFSET) & 0xFF;
        if (children == 0) {
            Bounds.fail(detail, CodecError.BAD_COUNT, "childCount", DecisionBodyLayout.CHILD_COUNT_OFFSET, 1,
                DecisionBodyLayout.MAX_CHILDREN, 0);
            return -1;
        }
        final long requestId = src.getLong(offset + DecisionBodyLayout.REQUEST_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
        final int presenter = src.getInt(offset + DecisionBodyLayout.PRESENTER_OFFSET, ByteOrder.LITTLE_ENDIAN);
        final int purpose = src.getInt(offset + DecisionBodyLayout.PURPOSE_OFFSET, ByteOrder.LITTLE_ENDIAN);
        dst.putBytes(at, src, offset, DecisionBodyLayout.BLOCK_LENGTH);
        int in = DecisionBodyLayout.BLOCK_LENGTH;
        int out = DecisionBodyLayout.BLOCK_LENGTH;
        for (int c = 0; c < children; c++) {
            if (Bounds.checkAvailable(in, DecisionBodyLayout.CHILD_HEADER_LENGTH, length, "child", detail) != CodecError.OK) {
                return -1;
            }
            final int compactLength = src.getShort(offset + in + DecisionBodyLayout.RULE_ID_LENGTH, ByteOrder.LITTLE_ENDIAN)
                & 0xFFFF;
            final int child = in + DecisionBodyLayout.CHILD_HEADER_LENGTH;
            if (Bounds.checkAvailable(child, compactLength, length, "compact decision", detail) != CodecError.OK) {
                return -1;
            }
            if (out + DecisionBodyLayout.CHILD_HEADER_LENGTH > capacity) {
                Bounds.fail(detail, CodecError.BAD_LENGTH, "expanded decision body", out,
                    DecisionBodyLayout.CHILD_HEADER_LENGTH, capacity, 0);
                return -1;
            }
            dst.putInt(at + out, src.getInt(offset + in, ByteOrder.LITTLE_ENDIAN), ByteOrder.LITTLE_ENDIAN);
            final int decision = out + DecisionBodyLayout.CHILD_HEADER_LENGTH;
            final int full = decision(src, offset + child, compactLength, operation, requestId, presenter, purpose,
                dst, at + decision, capacity - decision, detail);
            if (full < 0) {
                return -1;
            }
            dst.putShort(at + out + DecisionBodyLayout.RULE_ID_LENGTH, (short)full, ByteOrder.LITTLE_ENDIAN);
            in = child + compactLength;
            out = decision + full;
        }
        if (in != length) {
            Bounds.fail(detail, CodecError.BAD_LENGTH, "decision body", in, length - in, length, length - in);
            return -1;
        }
        return out;
    }

    /**
     * Expands one compact decision of exactly {@code length} bytes at {@code src[in]} into {@code dst[out]}.
     *
     * @return the decision's length, or -1.
     */
    private static int decision(final DirectBuffer src, final int in, final int length, final Operation operation,
                                final long requestId, final int presenter, final int purpose,
                                final MutableDirectBuffer dst, final int out, final int capacity,
                                final ErrorDetail detail) {
        if (Bounds.checkAvailable(0, CompactDecisionLayout.MIN_LENGTH, length, "compact decision", detail) != CodecError.OK) {
            return -1;
        }
        final int sections = src.getByte(in + CompactDecisionLayout.SECTIONS_OFFSET) & 0xFF;
        if ((sections & ~CompactDecisionLayout.KNOWN_SECTIONS) != 0) {
            Bounds.fail(detail, CodecError.BAD_VALUE, "sections", CompactDecisionLayout.SECTIONS_OFFSET, 1,
                CompactDecisionLayout.KNOWN_SECTIONS, sections);
            return -1;
        }
        if (src.getByte(in + CompactDecisionLayout.RESERVED_OFFSET) != 0) {
            Bounds.fail(detail, CodecError.BAD_VALUE, "reserved", CompactDecisionLayout.RESERVED_OFFSET, 1, 0,
                src.getByte(in + CompactDecisionLayout.RESERVED_OFFSET) & 0xFF);
            return -1;
        }
        // The variable part, checked before anything is written past the fixed block.
        int v = CompactDecisionLayout.BLOCK_LENGTH;
        final int scope = v;
        int grantedWords = 0;
        int requestedWords = 0;
        if ((sections & CompactDecisionLayout.SECTION_SCOPE) != 0) {
            v += SCOPE_DATA_LENGTH;
            if (ScopeWords.check(src, in, v, length, "grantedWords", detail) != CodecError.OK) {
                return -1;
            }
            grantedWords = ScopeWords.count(src, in + v);
            v += ScopeWords.encodedLength(grantedWords);
            if (ScopeWords.check(src, in, v, length, "requestedWords", detail) != CodecError.OK) {
                return -1;
            }
            requestedWords = ScopeWords.count(src, in + v);
            v += ScopeWords.encodedLength(requestedWords);
            if (grantedWords == 0 && requestedWords == 0 && src.getLong(in + scope, ByteOrder.LITTLE_ENDIAN) == 0
                && src.getLong(in + scope + CompactDecisionLayout.GRANTED_DATA_LENGTH, ByteOrder.LITTLE_ENDIAN) == 0) {
                return empty(detail, "scope", scope, v - scope);
            }
        }
        final int input = v;
        if ((sections & CompactDecisionLayout.SECTION_INPUT_DIGEST) != 0) {
            if (badDigest(src, in, input, CompactDecisionLayout.INPUT_DIGEST_LENGTH, length, "inputDigest", detail)) {
                return -1;
            }
            v += CompactDecisionLayout.INPUT_DIGEST_LENGTH;
        }
        final int output = v;
        if ((sections & CompactDecisionLayout.SECTION_OUTPUT_DIGEST) != 0) {
            if (badDigest(src, in, output, CompactDecisionLayout.OUTPUT_DIGEST_LENGTH, length, "outputDigest", detail)) {
                return -1;
            }
            v += CompactDecisionLayout.OUTPUT_DIGEST_LENGTH;
        }
        if (VarBytes.check(src, in, v, length, CompactDecisionLayout.MAX_JUSTIFICATION_LENGTH, "justification", detail)
            != CodecError.OK) {
            return -1;
        }
        final int text = VarBytes.length(src, in + v);
        final int justification = v;
        v += VarBytes.LENGTH_PREFIX + text;
        if (v != length) {
            Bounds.fail(detail, CodecError.BAD_LENGTH, "compact decision", v, length - v, length, length - v);
            return -1;
        }
        final int full = DecisionLayout.MIN_LENGTH + 8 * (grantedWords + requestedWords) + text;
        if (full > capacity) {
            Bounds.fail(detail, CodecError.BAD_LENGTH, "expanded decision body", out, full, capacity, 0);
            return -1;
        }
        dst.putByte(out + DecisionLayout.FORMAT_VERSION_OFFSET, (byte)DecisionLayout.FORMAT_VERSION);
        dst.putByte(out + DecisionLayout.OPERATION_OFFSET, (byte)operation.code());
        dst.putByte(out + DecisionLayout.OUTCOME_OFFSET, src.getByte(in + CompactDecisionLayout.OUTCOME_OFFSET));
        dst.putByte(out + DecisionLayout.DEPTH_OFFSET, src.getByte(in + CompactDecisionLayout.DEPTH_OFFSET));
        dst.putInt(out + DecisionLayout.REASON_CODE_OFFSET, src.getInt(in + CompactDecisionLayout.REASON_CODE_OFFSET)); // and flags
        dst.putLong(out + DecisionLayout.DECISION_ID_OFFSET, src.getLong(in + CompactDecisionLayout.DECISION_ID_OFFSET));
        dst.putLong(out + DecisionLayout.REQUEST_ID_OFFSET, requestId, ByteOrder.LITTLE_ENDIAN);
        dst.putLong(out + DecisionLayout.TIMESTAMP_OFFSET, src.getLong(in + CompactDecisionLayout.TIMESTAMP_OFFSET));
        // policyVersion, grantId, parentGrantId and expiresAt lie in the same order in both forms
        dst.putBytes(out + DecisionLayout.POLICY_VERSION_OFFSET, src, in + CompactDecisionLayout.POLICY_VERSION_OFFSET, 32);
        final boolean hasScope = (sections & CompactDecisionLayout.SECTION_SCOPE) != 0;
        dst.putLong(out + DecisionLayout.GRANTED_DATA_OFFSET, hasScope ? src.getLong(in + scope) : 0);
        dst.putLong(out + DecisionLayout.REQUESTED_DATA_OFFSET,
            hasScope ? src.getLong(in + scope + CompactDecisionLayout.GRANTED_DATA_LENGTH) : 0);
        // ruleLine, decidingCapability and decidingDataClass lie in the same order in both forms
        dst.putBytes(out + DecisionLayout.RULE_LINE_OFFSET, src, in + CompactDecisionLayout.RULE_LINE_OFFSET, 12);
        dst.putInt(out + DecisionLayout.HOLDER_OFFSET, presenter, ByteOrder.LITTLE_ENDIAN);
        dst.putInt(out + DecisionLayout.SUBJECT_OFFSET, src.getInt(in + CompactDecisionLayout.SUBJECT_OFFSET));
        dst.putInt(out + DecisionLayout.PURPOSE_OFFSET, purpose, ByteOrder.LITTLE_ENDIAN);
        digest(src, (sections & CompactDecisionLayout.SECTION_INPUT_DIGEST) != 0 ? in + input : -1,
            dst, out + DecisionLayout.INPUT_DIGEST_OFFSET, DecisionLayout.INPUT_DIGEST_LENGTH);
        digest(src, (sections & CompactDecisionLayout.SECTION_OUTPUT_DIGEST) != 0 ? in + output : -1,
            dst, out + DecisionLayout.OUTPUT_DIGEST_OFFSET, DecisionLayout.OUTPUT_DIGEST_LENGTH);
        int o = out + DecisionLayout.BLOCK_LENGTH;
        if (hasScope) { // both word lists, counts included, as they are
            final int words = ScopeWords.encodedLength(grantedWords) + ScopeWords.encodedLength(requestedWords);
            dst.putBytes(o, src, in + scope + SCOPE_DATA_LENGTH, words);
            o += words;
        } else {
            dst.putShort(o, (short)0); // two empty word lists
            o += 2;
        }
        dst.putBytes(o, src, in + justification, VarBytes.LENGTH_PREFIX + text);
        return full;
    }

    private static void digest(final DirectBuffer src, final int from, final MutableDirectBuffer dst, final int to,
                               final int length) {
        if (from >= 0) {
            dst.putBytes(to, src, from, length);
        } else {
            dst.setMemory(to, length, (byte)0);
        }
    }

    /**
     * @return whether the digest section of {@code size} bytes at relative offset {@code at} of the compact decision
     *     at {@code in} (of {@code length} bytes) is refused: cut short, or present but all zero.
     */
    private static boolean badDigest(final DirectBuffer src, final int in, final int at, final int size,
                                     final int length, final String field, final ErrorDetail detail) {
        if (Bounds.checkAvailable(at, size, length, field, detail) != CodecError.OK) {
            return true;
        }
        return allZero(src, in + at, size) && empty(detail, field, at, size) < 0;
    }

    private static boolean allZero(final DirectBuffer src, final int index, final int length) {
        long any = 0;
        for (int i = 0; i < length; i += 8) {
            any |= src.getLong(index + i);
        }
        return any == 0;
    }

    private static int empty(final ErrorDetail detail, final String section, final int offset, final int length) {
        Bounds.fail(detail, CodecError.BAD_VALUE, section + " (a section present but empty)", offset, length, 0, 0);
        return -1;
    }
}
