package dev.baton.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input for decisions and journal records: typed errors, never exceptions. */
class MessageDecoderTest {
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8192]);
    private final ErrorDetail detail = new ErrorDetail();

    private int encodeDecision() {
        return new DecisionEncoder().wrap(buffer, 0).decisionId(1).operation(Operation.AUTHORIZE)
            .outcome(DecisionOutcome.DENY).grantedCapabilities(new long[] {1}, 1)
            .requestedCapabilities(new long[] {1, 2}, 2).justification("because").encodedLength();
    }

    @Test
    void shouldRejectEveryTruncationOfADecision() {
        final DecisionDecoder decision = new DecisionDecoder();
        final int decisionLength = encodeDecision();
        for (int cut = 0; cut < decisionLength; cut++) {
            assertNotEquals(CodecError.OK, decision.wrap(buffer, 0, cut, detail), "decision cut=" + cut);
        }
    }

    @Test
    void shouldRefuseOversizedOrMalformedJustification() {
        final DecisionDecoder decoder = new DecisionDecoder();
        final int length = encodeDecision();
        final int justificationAt = DecisionLayout.BLOCK_LENGTH + 1 + 8 + 1 + 16;
        buffer.putShort(justificationAt, (short)1025, ByteOrder.LITTLE_ENDIAN);
        assertEquals(CodecError.BAD_LENGTH, decoder.wrap(buffer, 0, length, detail));
        assertEquals(1025, detail.value());
        assertEquals(1024, detail.capacity());

        encodeDecision();
        buffer.putByte(justificationAt + 2, (byte)0xC0);
        assertEquals(CodecError.BAD_VALUE, decoder.wrap(buffer, 0, length, detail));
        assertEquals("justification", detail.field());
        assertThrows(IllegalArgumentException.class, () -> new DecisionEncoder().wrap(buffer, 0).justification("x".repeat(1025)));
        assertThrows(IllegalArgumentException.class,
            () -> new DecisionEncoder().wrap(buffer, 0).justification(new byte[] {(byte)0xED, (byte)0xA0, (byte)0x80}, 0, 3));
    }

    @Test
    void shouldEncodeCharSequenceJustificationLikeStringGetBytes() {
        final DecisionDecoder decoder = new DecisionDecoder();
        final String[] samples = {"", "plain", "Grüße", "€ 50", "日本語", "😀 ok", "lone \uD800 high", "a\uDC00b", "end\uD83D"};
        for (final String sample : samples) {
            final int length = new DecisionEncoder().wrap(buffer, 0).justification(new StringBuilder(sample)).encodedLength();
            assertEquals(CodecError.OK, decoder.wrap(buffer, 0, length, detail), detail::message);
            final byte[] expected = sample.getBytes(StandardCharsets.UTF_8);
            assertEquals(expected.length, DecisionEncoder.justificationLength(sample), sample);
            final byte[] actual = new byte[decoder.justificationLength()];
            decoder.getJustification(actual, 0);
            assertArrayEquals(expected, actual, sample);
        }
    }

    @Test
    void shouldValidateUtf8LikeTheJdk() {
        final String[] samples = {"", "plain", "Grüße", "€", "日本語", "😀 ok", "\uD800", "a\uDC00b"};
        for (final String sample : samples) {
            final byte[] utf8 = sample.getBytes(StandardCharsets.UTF_8);
            assertTrue(Utf8Text.isWellFormed(utf8, 0, utf8.length), sample);
        }
        final byte[][] bad = {
            {(byte)0xC0, (byte)0x80}, {(byte)0xE0, (byte)0x80, (byte)0x80}, {(byte)0xED, (byte)0xA0, (byte)0x80},
            {(byte)0xF4, (byte)0x90, (byte)0x80, (byte)0x80}, {(byte)0xE2, (byte)0x82}, {(byte)0x80}, {(byte)0xFF}};
        for (final byte[] sample : bad) {
            assertFalse(Utf8Text.isWellFormed(sample, 0, sample.length));
            assertFalse(Utf8Text.isWellFormed(new UnsafeBuffer(sample), 0, sample.length));
        }
    }

    @Test
    void shouldDecodeUnknownOperationAndOutcomeAsUnknown() {
        final DecisionDecoder decoder = new DecisionDecoder();
        final int length = encodeDecision();
        buffer.putByte(DecisionLayout.OPERATION_OFFSET, (byte)200);
        buffer.putByte(DecisionLayout.OUTCOME_OFFSET, (byte)0);
        assertEquals(CodecError.OK, decoder.wrap(buffer, 0, length, detail));
        assertEquals(Operation.UNKNOWN, decoder.operation());
        assertEquals(DecisionOutcome.UNKNOWN, decoder.outcome());
        assertEquals(DecisionLayout.NONE, decoder.decidingCapability());
        assertEquals("because", decoder.justification());
        assertThrows(IllegalArgumentException.class, () -> new DecisionEncoder().wrap(buffer, 0).operation(Operation.UNKNOWN));
    }

    @Test
    void shouldRefuseNewerDecisionVersion() {
        final int length = encodeDecision();
        buffer.putByte(0, (byte)9);
        assertEquals(CodecError.UNSUPPORTED_VERSION, new DecisionDecoder().wrap(buffer, 0, length, detail));
        assertTrue(detail.message().contains("newer"), detail.message());
    }

    @Test
    void shouldRefuseAFormatOneJournalRecordAsUnsupported() {
        final byte[] body = "decision".getBytes(StandardCharsets.UTF_8);
        final int length = new JournalHasher().seal(new JournalRecordEncoder().wrap(buffer, 0).sequence(0).recordType(1)
            .body(new UnsafeBuffer(body), 0, body.length));
        buffer.putByte(JournalRecordLayout.FORMAT_VERSION_OFFSET, (byte)1);
        assertEquals(CodecError.UNSUPPORTED_VERSION, new JournalRecordDecoder().wrap(buffer, 0, length, detail));
        assertEquals("formatVersion", detail.field());
    }

    @Test
    void shouldNameTheRecordWhoseByteChangedByItsCrc() {
        final JournalHasher hasher = new JournalHasher();
        final JournalRecordDecoder decoder = new JournalRecordDecoder();
        final byte[] body = "decision".getBytes(StandardCharsets.UTF_8);
        final int first = hasher.seal(new JournalRecordEncoder().wrap(buffer, 0).sequence(0).recordType(1)
            .body(new UnsafeBuffer(body), 0, body.length));
        final int second = hasher.seal(new JournalRecordEncoder().wrap(buffer, first).sequence(1).recordType(1)
            .body(new UnsafeBuffer(body), 0, body.length));
        assertEquals(CodecError.OK, decoder.wrap(buffer, first, second, detail));
        assertEquals(CodecError.OK, hasher.verify(decoder, detail));

        buffer.putByte(JournalRecordLayout.BLOCK_LENGTH, (byte)'D');
        assertEquals(CodecError.OK, decoder.wrap(buffer, 0, first, detail));
        assertEquals(CodecError.BAD_HASH, hasher.verify(decoder, detail));
        assertEquals("recordCrc", detail.field());
        assertEquals(CodecError.OK, decoder.wrap(buffer, first, second, detail));
        assertEquals(CodecError.OK, hasher.verify(decoder, detail), "the next record is untouched");
    }

    @Test
    void shouldRefuseOversizedJournalBody() {
        final JournalRecordDecoder decoder = new JournalRecordDecoder();
        final int length = new JournalHasher().seal(new JournalRecordEncoder().wrap(buffer, 0).sequence(3));
        buffer.putInt(JournalRecordLayout.BODY_LENGTH_OFFSET, -1, ByteOrder.LITTLE_ENDIAN);
        assertEquals(CodecError.BAD_LENGTH, decoder.wrap(buffer, 0, length, detail));
        assertEquals(0xFFFF_FFFFL, detail.value());
        buffer.putInt(JournalRecordLayout.BODY_LENGTH_OFFSET, 1, ByteOrder.LITTLE_ENDIAN);
        assertEquals(CodecError.TRUNCATED, decoder.wrap(buffer, 0, length, detail));
        assertThrows(IllegalStateException.class, () -> new JournalHasher().verify(new JournalRecordDecoder(), detail));
    }
}
