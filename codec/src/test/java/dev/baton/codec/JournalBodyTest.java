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

/**
 * The journal record bodies: the encoders write exactly the bytes journals have always held (the
 * expected bytes are built here with literal offsets, as the engine wrote them before the codec owned
 * the layouts, so existing journals still replay), and the decoders refuse bad input with a typed error.
 */
class JournalBodyTest {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[JournalRecordLayout.MAX_BODY_LENGTH + 4096]);
    private final UnsafeBuffer expected = new UnsafeBuffer(new byte[4096]);
    private final ErrorDetail detail = new ErrorDetail();

    private void assertSameBytes(final int expectedLength, final int length) {
        assertEquals(expectedLength, length, "length");
        for (int i = 0; i < length; i++) {
            assertEquals(expected.getByte(i), buffer.getByte(i), "byte " + i);
        }
    }

    /** A fan-out of two children, encoded; returns its length. */
    private int encodeFanOut() {
        final DecisionBodyEncoder body = new DecisionBodyEncoder().wrap(buffer, 0).operation(Operation.FAN_OUT_CHILD)
            .viaWarrant(true).refusedBefore(0).principal(-1).presenter(42).purpose(-1).rule(-1).capability(-1)
            .dataClass(-2).requestId(9).grantId(1_000_003L).ttlMillis(0);
        body.child(3).operation(Operation.FAN_OUT_CHILD).outcome(DecisionOutcome.ALLOW).decisionId(1)
            .requestedCapabilities(new long[] {5}, 1);
        body.child(-1).operation(Operation.FAN_OUT_CHILD).outcome(DecisionOutcome.DENY).decisionId(2);
        return body.encodedLength();
    }

    @Test
    void shouldWriteTheDecisionBodyTheJournalHasAlwaysHeld() {
        final int length = encodeFanOut();
        expected.setMemory(0, 4096, (byte)0);
        expected.putByte(0, (byte)2); // FAN_OUT's code: the engine's ordinal of old
        expected.putByte(1, (byte)2); // via warrant
        expected.putShort(2, (short)0, LE);
        expected.putInt(4, -1, LE);
        expected.putInt(8, 42, LE);
        expected.putInt(12, -1, LE);
        expected.putInt(16, -1, LE);
        expected.putInt(20, -1, LE);
        expected.putInt(24, -2, LE);
        expected.putInt(28, 2, LE); // children, then three zero bytes
        expected.putLong(32, 9, LE);
        expected.putLong(40, 1_000_003L, LE);
        expected.putLong(48, 0, LE);
        final DecisionEncoder decision = new DecisionEncoder();
        int cursor = 56;
        expected.putInt(cursor, 3, LE);
        int len = decision.wrap(expected, cursor + 6).operation(Operation.FAN_OUT_CHILD).outcome(DecisionOutcome.ALLOW)
            .decisionId(1).requestedCapabilities(new long[] {5}, 1).encodedLength();
        expected.putShort(cursor + 4, (short)len, LE);
        cursor += 6 + len;
        expected.putInt(cursor, -1, LE);
        len = decision.wrap(expected, cursor + 6).operation(Operation.FAN_OUT_CHILD).outcome(DecisionOutcome.DENY)
            .decisionId(2).encodedLength();
        expected.putShort(cursor + 4, (short)len, LE);
        cursor += 6 + len;
        assertSameBytes(cursor, length);
    }

    @Test
    void shouldReadBackTheDecisionBody() {
        final int length = encodeFanOut();
        final DecisionBodyDecoder decoder = new DecisionBodyDecoder();
        assertEquals(CodecError.OK, decoder.wrap(buffer, 0, length, detail), detail::message);
        assertEquals(Operation.FAN_OUT_CHILD, decoder.operation());
        assertTrue(decoder.viaWarrant());
        assertFalse(decoder.approve());
        assertEquals(42, decoder.presenter());
        assertEquals(-2, decoder.dataClass());
        assertEquals(9, decoder.requestId());
        assertEquals(1_000_003L, decoder.grantId());
        assertEquals(2, decoder.childCount());
        assertEquals(3, decoder.ruleId(0));
        assertEquals(-1, decoder.ruleId(1));
        assertEquals(2, decoder.child(1).decisionId());
        assertEquals(5, decoder.child(0).requestedWord(0));
        assertEquals(DecisionOutcome.ALLOW, decoder.child(0).outcome());
    }

    @Test
    void shouldKeepTheJournalsOperationCodes() {
        final Operation[] byCode = {Operation.OPEN, Operation.DELEGATE, Operation.FAN_OUT_CHILD, Operation.AUTHORIZE,
            Operation.REVOKE, Operation.CLOSE, Operation.REVIEW, Operation.BREAK_GLASS, Operation.COMPLETE};
        for (int code = 0; code < byCode.length; code++) {
            assertEquals(code, DecisionBodyLayout.operationCode(byCode[code]));
            assertEquals(byCode[code], DecisionBodyLayout.operation(code));
        }
        assertEquals(Operation.UNKNOWN, DecisionBodyLayout.operation(9));
        assertThrows(IllegalArgumentException.class, () -> DecisionBodyLayout.operationCode(Operation.UNKNOWN));
    }

    @Test
    void shouldRefuseMalformedDecisionBodies() {
        final DecisionBodyDecoder decoder = new DecisionBodyDecoder();
        final int length = encodeFanOut();
        for (int cut = 0; cut < length; cut++) {
            assertNotEquals(CodecError.OK, decoder.wrap(buffer, 0, cut, detail), "cut=" + cut);
        }
        assertEquals(CodecError.BAD_LENGTH, decoder.wrap(buffer, 0, length + 1, detail));

        buffer.putByte(DecisionBodyLayout.FLAGS_OFFSET, (byte)6);
        assertEquals(CodecError.BAD_VALUE, decoder.wrap(buffer, 0, length, detail));
        assertEquals("flags", detail.field());
        buffer.putByte(DecisionBodyLayout.FLAGS_OFFSET, (byte)2);

        buffer.putByte(DecisionBodyLayout.RESERVED_OFFSET + 2, (byte)1);
        assertEquals(CodecError.BAD_VALUE, decoder.wrap(buffer, 0, length, detail));
        assertEquals("reserved", detail.field());
        assertEquals(DecisionBodyLayout.RESERVED_OFFSET + 2, detail.offset());
        buffer.putByte(DecisionBodyLayout.RESERVED_OFFSET + 2, (byte)0);

        buffer.putByte(DecisionBodyLayout.CHILD_COUNT_OFFSET, (byte)0);
        assertEquals(CodecError.BAD_COUNT, decoder.wrap(buffer, 0, length, detail));
        assertEquals("childCount", detail.field());
        buffer.putByte(DecisionBodyLayout.CHILD_COUNT_OFFSET, (byte)2);

        final int decisionAt = DecisionBodyLayout.BLOCK_LENGTH + DecisionBodyLayout.CHILD_HEADER_LENGTH;
        buffer.putByte(decisionAt, (byte)9);
        assertEquals(CodecError.UNSUPPORTED_VERSION, decoder.wrap(buffer, 0, length, detail));
        assertEquals(decisionAt, detail.offset(), "a child's error names its offset in the body");
        assertTrue(detail.message().startsWith("UNSUPPORTED_VERSION: formatVersion"), detail.message());
    }

    @Test
    void shouldRefuseADecisionBodyPastTheLargestJournalBody() {
        final DecisionBodyEncoder body = new DecisionBodyEncoder().wrap(buffer, 0).operation(Operation.FAN_OUT_CHILD);
        final long[] words = new long[64];
        java.util.Arrays.fill(words, -1L);
        final int child = DecisionBodyEncoder.childLength(64, 0);
        final int fits = (DecisionBodyLayout.MAX_LENGTH - DecisionBodyLayout.BLOCK_LENGTH) / child;
        for (int i = 0; i < fits; i++) {
            body.child(i).grantedCapabilities(words, 64).requestedCapabilities(words, 64);
        }
        assertEquals(DecisionBodyLayout.BLOCK_LENGTH + fits * child, body.encodedLength());
        body.child(fits).grantedCapabilities(words, 64).requestedCapabilities(words, 64);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, body::encodedLength);
        assertTrue(e.getMessage().contains("bound=65536"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> new DecisionBodyEncoder().wrap(buffer, 0).encodedLength());
    }

    @Test
    void shouldWriteThePolicyBodyTheJournalHasAlwaysHeld() {
        final byte[] file = "policies/grüße.yaml".getBytes(StandardCharsets.UTF_8);
        final byte[] text = "version: 1\n".getBytes(StandardCharsets.UTF_8);
        final int length = new PolicyBodyEncoder().wrap(buffer, 0).versionId(0x1234L).chunk(1, 3)
            .fileName(file, 0, file.length).text(text, 0, text.length).encodedLength();
        expected.putLong(0, 0x1234L, LE);
        expected.putShort(8, (short)1, LE);
        expected.putShort(10, (short)3, LE);
        expected.putShort(12, (short)file.length, LE);
        expected.putBytes(14, file);
        expected.putInt(14 + file.length, text.length, LE);
        expected.putBytes(18 + file.length, text);
        assertSameBytes(18 + file.length + text.length, length);

        final PolicyBodyDecoder decoder = new PolicyBodyDecoder();
        assertEquals(CodecError.OK, decoder.wrap(buffer, 0, length, detail), detail::message);
        assertEquals(0x1234L, decoder.versionId());
        assertEquals(1, decoder.chunk());
        assertEquals(3, decoder.chunkCount());
        assertEquals("policies/grüße.yaml", decoder.fileName());
        final byte[] read = new byte[decoder.textLength()];
        decoder.getText(read, 0);
        assertEquals("version: 1\n", new String(read, StandardCharsets.UTF_8));
        assertEquals(PolicyBodyLayout.MAX_LENGTH - 18 - file.length, PolicyBodyEncoder.maxTextLength(file.length));
    }

    @Test
    void shouldRefuseMalformedPolicyBodies() {
        final byte[] file = "p.yaml".getBytes(StandardCharsets.UTF_8);
        final PolicyBodyDecoder decoder = new PolicyBodyDecoder();
        final int length = new PolicyBodyEncoder().wrap(buffer, 0).versionId(7).chunk(0, 1).fileName(file, 0, file.length)
            .text(file, 0, 3).encodedLength();
        for (int cut = 0; cut < length; cut++) {
            assertNotEquals(CodecError.OK, decoder.wrap(buffer, 0, cut, detail), "cut=" + cut);
        }
        buffer.putShort(PolicyBodyLayout.CHUNK_OFFSET, (short)1, LE);
        assertEquals(CodecError.BAD_VALUE, decoder.wrap(buffer, 0, length, detail));
        assertEquals("chunk", detail.field());
        buffer.putShort(PolicyBodyLayout.CHUNK_OFFSET, (short)0, LE);

        buffer.putInt(PolicyBodyLayout.BLOCK_LENGTH + 2 + file.length, -1, LE);
        assertEquals(CodecError.TRUNCATED, decoder.wrap(buffer, 0, length, detail));
        assertEquals("text", detail.field());
        assertEquals(0xFFFF_FFFFL, detail.length());
        buffer.putInt(PolicyBodyLayout.BLOCK_LENGTH + 2 + file.length, 3, LE);

        buffer.putByte(PolicyBodyLayout.BLOCK_LENGTH + 2, (byte)0xC0);
        assertEquals(CodecError.BAD_VALUE, decoder.wrap(buffer, 0, length, detail));
        assertEquals("fileName", detail.field());
        assertThrows(IllegalArgumentException.class, () -> new PolicyBodyEncoder().wrap(buffer, 0).chunk(1, 1));
        assertThrows(IllegalStateException.class, () -> new PolicyBodyEncoder().wrap(buffer, 0).text(file, 0, 1));
    }

    @Test
    void shouldWriteTheIdentityBodyTheJournalHasAlwaysHeld() {
        final byte[] name = "spiffe://acme.example/agent/planner".getBytes(StandardCharsets.UTF_8);
        final int length = new IdentityBodyEncoder().wrap(buffer, 0).id(17).name(name, 0, name.length).encodedLength();
        expected.putInt(0, 17, LE);
        expected.putShort(4, (short)name.length, LE);
        expected.putBytes(6, name);
        assertSameBytes(6 + name.length, length);

        final IdentityBodyDecoder decoder = new IdentityBodyDecoder();
        assertEquals(CodecError.OK, decoder.wrap(buffer, 0, length, detail), detail::message);
        assertEquals(17, decoder.id());
        assertEquals("spiffe://acme.example/agent/planner", decoder.name());
        for (int cut = 0; cut < length; cut++) {
            assertNotEquals(CodecError.OK, decoder.wrap(buffer, 0, cut, detail), "cut=" + cut);
        }
        buffer.putByte(6, (byte)0xFF);
        assertEquals(CodecError.BAD_VALUE, decoder.wrap(buffer, 0, length, detail));
        assertEquals("name", detail.field());
        assertThrows(IllegalStateException.class, () -> new IdentityBodyEncoder().wrap(buffer, 0).id(1).encodedLength());
    }

    @Test
    void shouldWriteTheStartSwapAndStopBodiesTheJournalHasAlwaysHeld() {
        int length = new StartBodyEncoder().wrap(buffer, 0).epochMillis(Fixtures.NOW).recovered(12).retentionMillis(60_000)
            .maxGrants(1 << 20).initialGrants(4096).encodedLength();
        expected.putLong(0, Fixtures.NOW, LE);
        expected.putLong(8, 12, LE);
        expected.putLong(16, 60_000, LE);
        expected.putInt(24, 1 << 20, LE);
        expected.putInt(28, 4096, LE);
        expected.putInt(32, 0, LE);
        assertSameBytes(36, length);
        length = new SwapBodyEncoder().wrap(buffer, 0).versionId(0x7A3BL).encodedLength();
        expected.putLong(0, 0x7A3BL, LE);
        assertSameBytes(8, length);
        length = new StopBodyEncoder().wrap(buffer, 0).epochMillis(Fixtures.NOW + 1).encodedLength();
        expected.putLong(0, Fixtures.NOW + 1, LE);
        assertSameBytes(8, length);
    }

    @Test
    void shouldReadTheFullAndTheLegacyStartBody() {
        final StartBodyDecoder decoder = new StartBodyDecoder();
        new StartBodyEncoder().wrap(buffer, 0).epochMillis(Fixtures.NOW).recovered(12).retentionMillis(60_000)
            .maxGrants(1 << 20).initialGrants(4096);
        assertEquals(CodecError.OK, decoder.wrap(buffer, 0, StartBodyLayout.BLOCK_LENGTH, detail));
        assertTrue(decoder.hasSettings());
        assertEquals(60_000, decoder.retentionMillis());
        assertEquals(1 << 20, decoder.maxGrants());
        assertEquals(4096, decoder.initialGrants());

        assertEquals(CodecError.OK, decoder.wrap(buffer, 0, StartBodyLayout.LEGACY_LENGTH, detail));
        assertFalse(decoder.hasSettings());
        assertEquals(Fixtures.NOW, decoder.epochMillis());
        assertEquals(12, decoder.recovered());
        assertEquals(0, decoder.maxGrants());

        assertEquals(CodecError.TRUNCATED, decoder.wrap(buffer, 0, 24, detail));
        assertEquals(CodecError.BAD_LENGTH, decoder.wrap(buffer, 0, 40, detail));
        buffer.putInt(StartBodyLayout.RESERVED_OFFSET, 1, LE);
        assertEquals(CodecError.BAD_VALUE, decoder.wrap(buffer, 0, StartBodyLayout.BLOCK_LENGTH, detail));
        assertEquals("reserved", detail.field());
    }

    @Test
    void shouldRefuseFixedBodiesOfAnotherLength() {
        assertEquals(CodecError.TRUNCATED, new SwapBodyDecoder().wrap(buffer, 0, 7, detail));
        assertEquals(CodecError.BAD_LENGTH, new StopBodyDecoder().wrap(buffer, 0, 9, detail));
        assertEquals(CodecError.TRUNCATED, new StopBodyDecoder().wrap(buffer, buffer.capacity() - 4, 8, detail));
        assertEquals("region", detail.field());
        assertEquals(CodecError.BAD_LENGTH, new SwapBodyDecoder().wrap(null, 0, 8, detail));
    }
}
