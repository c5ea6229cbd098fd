package dev.baton.codec;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A DECISION body written with compact children expands to exactly the body written in full from the same
 * values, and a malformed compact body is refused with the field named.
 */
class CompactDecisionBodiesTest {
    private static final int CAPACITY = 1 << 17;
    private final UnsafeBuffer compact = new UnsafeBuffer(new byte[CAPACITY]);
    private final UnsafeBuffer full = new UnsafeBuffer(new byte[CAPACITY]);
    private final UnsafeBuffer expanded = new UnsafeBuffer(new byte[CAPACITY]);
    private final ErrorDetail detail = new ErrorDetail();

    @Property
    void shouldExpandToTheBodyWrittenInFull(
        @ForAll @IntRange(max = 8) final int operationCode,
        @ForAll final int presenter,
        @ForAll final int purpose,
        @ForAll final long requestId,
        @ForAll @Size(min = 1, max = 6) final long[] decisionIds,
        @ForAll final int subject,
        @ForAll final long grantedData,
        @ForAll final long requestedData,
        @ForAll @Size(max = 3) final long[] words,
        @ForAll final boolean grantedWords,
        @ForAll @Size(max = 33) final byte[] input,
        @ForAll final boolean output,
        @ForAll @Size(max = 40) final String justification,
        @ForAll final int ruleLine,
        @ForAll @IntRange(max = 0xFFFF) final int reason) {
        final Operation operation = DecisionBodyLayout.operation(operationCode);
        final byte[] inputDigest = Arrays.copyOf(input, 32); // zero when the generator gave no or zero bytes
        final byte[] outputDigest = new byte[32];
        if (output) {
            Arrays.fill(outputDigest, (byte)0x5A);
        }
        final DecisionBodyEncoder f = header(new DecisionBodyEncoder().wrap(full, 0), operation, presenter, purpose, requestId);
        final DecisionBodyEncoder c = header(new DecisionBodyEncoder().wrap(compact, 0), operation, presenter, purpose, requestId);
        for (int i = 0; i < decisionIds.length; i++) {
            final DecisionOutcome outcome = i % 3 == 0 ? DecisionOutcome.ALLOW : i % 3 == 1 ? DecisionOutcome.DENY
                : DecisionOutcome.REVIEW;
            f.child(i - 1).operation(operation).outcome(outcome).depth(i).reasonCode(reason).flags(i * 7)
                .decisionId(decisionIds[i]).requestId(requestId).timestamp(1_700_000_000_000L + i)
                .policyVersion(42).grantId(i * 11L).parentGrantId(i * 13L).expiresAt(i * 17L).ruleLine(ruleLine)
                .decidingCapability(i - 1).decidingDataClass(i - 2).holder(presenter).subject(subject + i)
                .purpose(purpose).inputDigest(inputDigest, 0).outputDigest(outputDigest, 0)
                .grantedData(grantedData).requestedData(requestedData)
                .grantedCapabilities(words, grantedWords ? words.length : 0).requestedCapabilities(words, words.length)
                .justification(justification);
            final CompactDecisionEncoder child = c.compactChildForEveryField(i - 1).outcome(outcome).depth(i)
                .reasonCode(reason).flags(i * 7).decisionId(decisionIds[i]).timestamp(1_700_000_000_000L + i)
                .policyVersion(42).grantId(i * 11L).parentGrantId(i * 13L).expiresAt(i * 17L).ruleLine(ruleLine)
                .decidingCapability(i - 1).decidingDataClass(i - 2).subject(subject + i)
                .scope(grantedData, requestedData, words, grantedWords ? words.length : 0, words, words.length)
                .inputDigest(inputDigest, 0).outputDigest(outputDigest, 0);
            child.justification(justification);
        }
        final int fullLength = f.encodedLength();
        final int compactLength = c.encodedLength();
        final int length = CompactDecisionBodies.expand(compact, 0, compactLength, expanded, 3, detail);
        assertEquals(fullLength, length, detail::message);
        assertArrayEquals(Arrays.copyOf(full.byteArray(), fullLength),
            Arrays.copyOfRange(expanded.byteArray(), 3, 3 + length));
        assertTrue(compactLength < fullLength);
        assertEquals(CodecError.OK, new DecisionBodyDecoder().wrap(expanded, 3, length, detail), detail::message);
    }

    @Property
    void shouldRefuseOrExpandAnyBytesWithoutThrowing(@ForAll @Size(max = 400) final byte[] bytes,
                                                     @ForAll @IntRange(max = 400) final int flip) {
        // arbitrary bytes, and a well-formed compact body with one byte changed
        assertExpandsOrRefuses(new UnsafeBuffer(bytes), bytes.length);
        final int length = authorize("the order #4411");
        compact.putByte(flip % length, (byte)(compact.getByte(flip % length) ^ (1 + flip % 255)));
        assertExpandsOrRefuses(compact, length);
    }

    private void assertExpandsOrRefuses(final UnsafeBuffer body, final int length) {
        detail.clear();
        final int expandedLength = CompactDecisionBodies.expand(body, 0, length, expanded, 0, detail);
        if (expandedLength < 0) {
            assertTrue(detail.error() != CodecError.OK, "a refusal names what was wrong");
            return;
        }
        final DecisionBodyDecoder decoder = new DecisionBodyDecoder();
        if (decoder.wrap(expanded, 0, expandedLength, detail) == CodecError.OK) { // else refused as any DECISION body
            assertEquals(expandedLength, decoder.encodedLength(), "the expanded body is one whole DECISION body");
        }
    }

    @Test
    void shouldRefuseAnUnknownSectionBit() {
        final int length = authorize("");
        compact.putByte(child() + CompactDecisionLayout.SECTIONS_OFFSET, (byte)8);
        assertRefused(length, CodecError.BAD_VALUE, "sections");
    }

    @Test
    void shouldRefuseANonZeroReservedByte() {
        final int length = authorize("");
        compact.putByte(child() + CompactDecisionLayout.RESERVED_OFFSET, (byte)1);
        assertRefused(length, CodecError.BAD_VALUE, "reserved");
    }

    @Test
    void shouldRefuseAnEmptyDigestSection() {
        final DecisionBodyEncoder c = header(new DecisionBodyEncoder().wrap(compact, 0), Operation.AUTHORIZE, 1, 2, 3);
        final byte[] digest = new byte[32];
        digest[31] = 1;
        c.compactChildForEveryField(-1).outcome(DecisionOutcome.ALLOW).inputDigest(digest, 0);
        final int length = c.encodedLength();
        compact.putByte(child() + CompactDecisionLayout.BLOCK_LENGTH + 31, (byte)0); // the digest's one non-zero byte
        assertRefused(length, CodecError.BAD_VALUE, "inputDigest (a section present but empty)");
    }

    @Test
    void shouldRefuseAnEmptyScopeSection() {
        final DecisionBodyEncoder c = header(new DecisionBodyEncoder().wrap(compact, 0), Operation.DELEGATE, 1, 2, 3);
        c.compactChildForEveryField(-1).outcome(DecisionOutcome.ALLOW).scope(0, 4, new long[0], 0, new long[0], 0);
        final int length = c.encodedLength();
        compact.putLong(child() + CompactDecisionLayout.BLOCK_LENGTH + 8, 0); // requestedData, the one bit set
        assertRefused(length, CodecError.BAD_VALUE, "scope (a section present but empty)");
    }

    @Test
    void shouldLeaveOutSectionsThatHoldNothing() {
        final DecisionBodyEncoder c = header(new DecisionBodyEncoder().wrap(compact, 0), Operation.DELEGATE, 1, 2, 3);
        c.compactChildForEveryField(-1).outcome(DecisionOutcome.ALLOW).scope(0, 0, new long[] {0, 0}, 2, new long[1], 1)
            .inputDigest(new byte[32], 0).outputDigest(new byte[32], 0);
        assertEquals(DecisionBodyLayout.BLOCK_LENGTH + DecisionBodyLayout.CHILD_HEADER_LENGTH
            + CompactDecisionLayout.MIN_LENGTH, c.encodedLength());
        assertEquals(0, compact.getByte(child() + CompactDecisionLayout.SECTIONS_OFFSET));
    }

    @Test
    void shouldRefuseBytesAfterTheLastChild() {
        final int length = authorize("x");
        assertRefused(length + 1, CodecError.BAD_LENGTH, "decision body");
    }

    @Test
    void shouldRefuseACompactDecisionCutShort() {
        final int length = authorize("the order");
        compact.putShort(child() - 2, (short)(length - child() - 1), ByteOrder.LITTLE_ENDIAN);
        assertRefused(length, CodecError.TRUNCATED, "justification"); // its decision ends inside its text
        compact.putShort(child() - 2, (short)(CompactDecisionLayout.MIN_LENGTH - 1), ByteOrder.LITTLE_ENDIAN);
        assertRefused(length, CodecError.TRUNCATED, "compact decision");
    }

    @Test
    void shouldRefuseABodyWithoutChildrenOrWithAnUnknownOperation() {
        final int length = authorize("");
        compact.putByte(DecisionBodyLayout.CHILD_COUNT_OFFSET, (byte)0);
        assertRefused(length, CodecError.BAD_COUNT, "childCount");
        compact.putByte(DecisionBodyLayout.CHILD_COUNT_OFFSET, (byte)1);
        compact.putByte(DecisionBodyLayout.OPERATION_OFFSET, (byte)99);
        assertRefused(length, CodecError.BAD_VALUE, "operation");
    }

    @Test
    void shouldRefuseAnExpansionThatDoesNotFit() {
        final int length = authorize("");
        final UnsafeBuffer small = new UnsafeBuffer(new byte[DecisionBodyLayout.BLOCK_LENGTH + 10]);
        assertEquals(-1, CompactDecisionBodies.expand(compact, 0, length, small, 0, detail));
        assertEquals(CodecError.BAD_LENGTH, detail.error());
        assertEquals("expanded decision body", detail.field());
    }

    @Test
    void shouldNotMixCompactAndFullChildren() {
        final DecisionBodyEncoder c = header(new DecisionBodyEncoder().wrap(compact, 0), Operation.FAN_OUT_CHILD, 1, 2, 3);
        c.compactChildForEveryField(-1).outcome(DecisionOutcome.ALLOW);
        assertThrows(IllegalStateException.class, () -> c.child(-1));
        final DecisionBodyEncoder f = header(new DecisionBodyEncoder().wrap(full, 0), Operation.FAN_OUT_CHILD, 1, 2, 3);
        f.child(-1).operation(Operation.FAN_OUT_CHILD).outcome(DecisionOutcome.ALLOW);
        assertThrows(IllegalStateException.class, () -> f.compactChildForEveryField(-1));
    }

    @Test
    void shouldKeepTheCompactPartsInOrder() {
        final CompactDecisionEncoder e = new CompactDecisionEncoder().wrap(compact, 0).justification("late");
        assertThrows(IllegalStateException.class, () -> e.inputDigest(new byte[32], 0));
    }

    private int authorize(final String justification) {
        final DecisionBodyEncoder c = header(new DecisionBodyEncoder().wrap(compact, 0), Operation.AUTHORIZE, 1, 2, 3);
        c.compactChildForEveryField(-1).outcome(DecisionOutcome.DENY).depth(0).reasonCode(3).flags(0).decisionId(9)
            .timestamp(10).policyVersion(1).grantId(4).parentGrantId(0).expiresAt(0).ruleLine(7)
            .decidingCapability(2).decidingDataClass(-1).subject(-1).justification(justification);
        final int length = c.encodedLength();
        assertTrue(CompactDecisionBodies.expand(compact, 0, length, expanded, 0, detail) > 0, detail::message);
        return length;
    }

    /** @return the offset of the first child's compact decision. */
    private static int child() {
        return DecisionBodyLayout.BLOCK_LENGTH + DecisionBodyLayout.CHILD_HEADER_LENGTH;
    }

    private void assertRefused(final int length, final CodecError error, final String field) {
        detail.clear();
        assertEquals(-1, CompactDecisionBodies.expand(compact, 0, length, expanded, 0, detail));
        assertEquals(error, detail.error(), detail::message);
        assertEquals(field, detail.field(), detail::message);
    }

    private static DecisionBodyEncoder header(final DecisionBodyEncoder e, final Operation operation, final int presenter,
                                              final int purpose, final long requestId) {
        return e.operation(operation).presenter(presenter).purpose(purpose).requestId(requestId).principal(5)
            .capability(6).dataClass(-2).grantId(8).ttlMillis(0).rule(-1);
    }
}
