package dev.baton.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input for requests, decisions and journal records: typed errors, never exceptions. */
class MessageDecoderTest {
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8192]);
    private final ErrorDetail detail = new ErrorDetail();

    private int encodeDelegate() {
        final UnsafeBuffer warrant = new UnsafeBuffer(new byte[WarrantLayout.MAX_LENGTH]);
        final WarrantEncoder encoder = new WarrantEncoder();
        Fixtures.encodeTypicalWarrant(encoder, warrant, 0);
        final int warrantLength = new WarrantAuthenticator(Fixtures.keyRing()).sign(encoder);
        return new DelegateRequestEncoder().wrap(buffer, 0).requestId(9).presenter(Fixtures.HOLDER).delegatee(77)
            .timestamp(Fixtures.NOW).requestedData(1).requestedCapabilities(new long[] {3, 5}, 2)
            .warrant(warrant, 0, warrantLength).encodedLength();
    }

    private int encodeAuthorize(final String justification) {
        return new AuthorizeRequestEncoder().wrap(buffer, 0).requestId(9).presenter(Fixtures.HOLDER).capability(12)
            .dataClass(2).timestamp(Fixtures.NOW).justification(justification).encodedLength();
    }

    private int encodeDecision() {
        return new DecisionEncoder().wrap(buffer, 0).decisionId(1).operation(Operation.AUTHORIZE)
            .outcome(DecisionOutcome.DENY).grantedCapabilities(new long[] {1}, 1)
            .requestedCapabilities(new long[] {1, 2}, 2).justification("because").encodedLength();
    }

    @Test
    void shouldRejectEveryTruncationOfEveryMessage() {
        final DelegateRequestDecoder delegate = new DelegateRequestDecoder();
        final int delegateLength = encodeDelegate();
        for (int cut = 0; cut < delegateLength; cut++) {
            assertNotEquals(CodecError.OK, delegate.wrap(buffer, 0, cut, detail), "delegate cut=" + cut);
        }
        final AuthorizeRequestDecoder authorize = new AuthorizeRequestDecoder();
        final int authorizeLength = encodeAuthorize("ticket #4711");
        for (int cut = 0; cut < authorizeLength; cut++) {
            assertNotEquals(CodecError.OK, authorize.wrap(buffer, 0, cut, detail), "authorize cut=" + cut);
        }
        final DecisionDecoder decision = new DecisionDecoder();
        final int decisionLength = encodeDecision();
        for (int cut = 0; cut < decisionLength; cut++) {
            assertNotEquals(CodecError.OK, decision.wrap(buffer, 0, cut, detail), "decision cut=" + cut);
        }
    }

    @Test
    void shouldTellRequestTypesApartAndRefuseTheWrongOne() {
        final int length = encodeDelegate();
        assertEquals(RequestType.DELEGATE, RequestType.peek(buffer, 0, length));
        assertEquals(RequestType.UNKNOWN, RequestType.peek(buffer, 0, 1));
        assertEquals(RequestType.UNKNOWN, RequestType.peek(buffer, buffer.capacity(), 5));
        assertEquals(CodecError.BAD_VALUE, new AuthorizeRequestDecoder().wrap(buffer, 0, length, detail));
        assertEquals("type", detail.field());
    }

    @Test
    void shouldRefuseOversizedEmbeddedWarrant() {
        final DelegateRequestDecoder decoder = new DelegateRequestDecoder();
        final int length = encodeDelegate();
        final int warrantLengthAt = DelegateRequestLayout.BLOCK_LENGTH + 16;
        buffer.putShort(warrantLengthAt, (short)0xFFFF, ByteOrder.LITTLE_ENDIAN);
        assertEquals(CodecError.BAD_LENGTH, decoder.wrap(buffer, 0, length, detail));
        assertEquals("warrant", detail.field());
        assertEquals(0xFFFF, detail.value());
    }

    @Test
    void shouldExposeEmbeddedWarrantForVerification() {
        final DelegateRequestDecoder request = new DelegateRequestDecoder();
        assertEquals(CodecError.OK, request.wrap(buffer, 0, encodeDelegate(), detail));
        final CodecError verified = new WarrantAuthenticator(Fixtures.keyRing()).verify(request.buffer(),
            request.warrantOffset(), request.warrantLength(), request.presenter(), Fixtures.NOW, new WarrantDecoder(), detail);
        assertEquals(CodecError.OK, verified);
    }

    @Test
    void shouldRefuseOversizedOrMalformedJustification() {
        final AuthorizeRequestDecoder decoder = new AuthorizeRequestDecoder();
        final int length = encodeAuthorize("ok");
        buffer.putShort(AuthorizeRequestLayout.BLOCK_LENGTH, (short)1025, ByteOrder.LITTLE_ENDIAN);
        assertEquals(CodecError.BAD_LENGTH, decoder.wrap(buffer, 0, length, detail));
        assertEquals(1025, detail.value());
        assertEquals(1024, detail.capacity());

        encodeAuthorize("ok");
        buffer.putByte(AuthorizeRequestLayout.BLOCK_LENGTH + 2, (byte)0xC0);
        assertEquals(CodecError.BAD_VALUE, decoder.wrap(buffer, 0, length, detail));
        assertEquals("justification", detail.field());
        assertThrows(IllegalArgumentException.class, () -> encodeAuthorize("x".repeat(1025)));
        assertThrows(IllegalArgumentException.class,
            () -> new DecisionEncoder().wrap(buffer, 0).justification(new byte[] {(byte)0xED, (byte)0xA0, (byte)0x80}, 0, 3));
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
    void shouldRefuseNewerDecisionAndRequestVersions() {
        final int length = encodeDecision();
        buffer.putByte(0, (byte)9);
        assertEquals(CodecError.UNSUPPORTED_VERSION, new DecisionDecoder().wrap(buffer, 0, length, detail));
        assertTrue(detail.message().contains("newer"), detail.message());
        final int delegateLength = encodeDelegate();
        buffer.putByte(0, (byte)2);
        assertEquals(CodecError.UNSUPPORTED_VERSION, new DelegateRequestDecoder().wrap(buffer, 0, delegateLength, detail));
    }

    @Test
    void shouldBreakJournalChainWhenRecordAltered() {
        final JournalHasher hasher = new JournalHasher();
        final JournalRecordDecoder decoder = new JournalRecordDecoder();
        final byte[] body = "decision".getBytes(StandardCharsets.UTF_8);
        final int first = hasher.seal(new JournalRecordEncoder().wrap(buffer, 0).sequence(0).recordType(1)
            .previousHash(new byte[32], 0).body(new UnsafeBuffer(body), 0, body.length));
        assertEquals(CodecError.OK, decoder.wrap(buffer, 0, first, detail));
        final byte[] firstHash = new byte[32];
        decoder.getRecordHash(firstHash, 0);

        final int second = hasher.seal(new JournalRecordEncoder().wrap(buffer, first).sequence(1).recordType(1)
            .previousHash(firstHash, 0).body(new UnsafeBuffer(body), 0, body.length));
        assertEquals(CodecError.OK, decoder.wrap(buffer, first, second, detail));
        assertTrue(decoder.previousHashEquals(firstHash, 0));
        assertEquals(CodecError.OK, hasher.verify(decoder, detail));

        buffer.putByte(JournalRecordLayout.BLOCK_LENGTH, (byte)'D');
        assertEquals(CodecError.OK, decoder.wrap(buffer, 0, first, detail));
        assertEquals(CodecError.BAD_HASH, hasher.verify(decoder, detail));
        assertEquals("recordHash", detail.field());
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
