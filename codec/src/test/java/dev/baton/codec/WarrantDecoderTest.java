package dev.baton.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WarrantDecoderTest {
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[WarrantLayout.MAX_LENGTH + 64]);
    private final WarrantEncoder encoder = new WarrantEncoder();
    private final WarrantDecoder decoder = new WarrantDecoder();
    private final ErrorDetail detail = new ErrorDetail();
    private int length;

    @BeforeEach
    void setUp() {
        Fixtures.encodeTypicalWarrant(encoder, buffer, 0);
        length = new WarrantAuthenticator(Fixtures.keyRing()).sign(encoder);
    }

    @Test
    void shouldDecodeEveryField() {
        assertEquals(CodecError.OK, decoder.wrap(buffer, 0, length, detail));
        assertEquals(WarrantLayout.FORMAT_VERSION, decoder.formatVersion());
        assertEquals(WarrantLayout.FLAG_EXTERNAL, decoder.flags());
        assertEquals(3, decoder.principal());
        assertEquals(1_000_003L, decoder.grantId());
        assertEquals(1_000_002L, decoder.parentId());
        assertEquals(1_000_001L, decoder.rootId());
        assertEquals(Fixtures.HOLDER, decoder.holder());
        assertEquals(5, decoder.purpose());
        assertEquals(2, decoder.depth());
        assertEquals(Fixtures.NOW, decoder.issuedAt());
        assertEquals(Fixtures.NOW + 15 * 60_000L, decoder.expiresAt());
        assertEquals(0x7A3B_91C2_44D0_1E6FL, decoder.policyVersion());
        assertEquals(0b1011L, decoder.dataClasses());
        assertEquals(4, decoder.capabilityWordCount());
        assertEquals(-1L, decoder.capabilityWord(1));
        assertEquals(0L, decoder.capabilityWord(63));
        final long[] words = new long[64];
        words[10] = 99;
        assertEquals(4, decoder.getCapabilities(words));
        assertEquals(Long.MIN_VALUE, words[3]);
        assertEquals(0L, words[10], "rest of the destination is zero-filled");
        assertEquals(3, decoder.hopCount());
        assertEquals(11, decoder.hopIdentity(0));
        assertEquals(Fixtures.HOLDER, decoder.hopIdentity(2));
        assertEquals(5, decoder.hopPurpose(2));
        assertThrows(IndexOutOfBoundsException.class, () -> decoder.hopIdentity(3));
    }

    @Test
    void shouldRefuseNewerFormatVersionSayingSo() {
        buffer.putByte(0, (byte)2);
        assertEquals(CodecError.UNSUPPORTED_VERSION, decoder.wrap(buffer, 0, length, detail));
        assertEquals(2, detail.value());
        assertEquals(WarrantLayout.FORMAT_VERSION, detail.capacity());
        assertTrue(detail.message().contains("newer"), detail.message());
        // Even a newer warrant shorter than our block says "newer", not "truncated".
        assertEquals(CodecError.UNSUPPORTED_VERSION, decoder.wrap(buffer, 0, 1, detail));
    }

    @Test
    void shouldRefuseVersionZero() {
        buffer.putByte(0, (byte)0);
        assertEquals(CodecError.BAD_VERSION, decoder.wrap(buffer, 0, length, detail));
    }

    @Test
    void shouldReportTruncationWithOffsetLengthAndCapacity() {
        assertEquals(CodecError.TRUNCATED, decoder.wrap(buffer, 0, 20, detail));
        assertTrue(detail.message().contains("offset=0 length=70 capacity=20"), detail.message());
        assertEquals(CodecError.TRUNCATED, decoder.wrap(buffer, 0, length - 1, detail));
        assertEquals(CodecError.TRUNCATED, decoder.wrap(new UnsafeBuffer(new byte[0]), 0, 0, detail));
    }

    @Test
    void shouldRefuseRegionOutsideBuffer() {
        assertEquals(CodecError.TRUNCATED, decoder.wrap(buffer, buffer.capacity() - 10, length, detail));
        assertEquals(CodecError.BAD_LENGTH, decoder.wrap(buffer, -1, length, detail));
        assertEquals(CodecError.BAD_LENGTH, decoder.wrap(buffer, 0, -5, detail));
        assertEquals(CodecError.TRUNCATED, decoder.wrap(buffer, Integer.MAX_VALUE, Integer.MAX_VALUE, detail));
        assertEquals(CodecError.BAD_LENGTH, decoder.wrap(null, 0, 10, detail));
    }

    @Test
    void shouldRefuseTrailingBytes() {
        assertEquals(CodecError.BAD_LENGTH, decoder.wrap(buffer, 0, length + 1, detail));
        assertEquals(1, detail.value());
    }

    @Test
    void shouldRefuseTooManyWordsOrHops() {
        buffer.putByte(WarrantLayout.CAPABILITY_WORD_COUNT_OFFSET, (byte)65);
        assertEquals(CodecError.BAD_COUNT, decoder.wrap(buffer, 0, length, detail));
        assertEquals(65, detail.value());
        buffer.putByte(WarrantLayout.CAPABILITY_WORD_COUNT_OFFSET, (byte)0xFF);
        assertEquals(CodecError.BAD_COUNT, decoder.wrap(buffer, 0, length, detail));
        buffer.putByte(WarrantLayout.CAPABILITY_WORD_COUNT_OFFSET, (byte)4);
        buffer.putByte(WarrantLayout.BLOCK_LENGTH + 32, (byte)9);
        assertEquals(CodecError.BAD_COUNT, decoder.wrap(buffer, 0, length, detail));
        assertEquals("hopCount", detail.field());
    }

    @Test
    void shouldRefuseNonCanonicalScopeAndReservedFlags() {
        buffer.putLong(WarrantLayout.BLOCK_LENGTH + 24, 0L, ByteOrder.LITTLE_ENDIAN);
        assertEquals(CodecError.BAD_VALUE, decoder.wrap(buffer, 0, length, detail));
        assertEquals("capabilities", detail.field());
        setUp();
        buffer.putByte(WarrantLayout.FLAGS_OFFSET, (byte)0x80);
        assertEquals(CodecError.BAD_VALUE, decoder.wrap(buffer, 0, length, detail));
        assertEquals("flags", detail.field());
    }

    @Test
    void shouldKeepLastHopsAndFlagTruncatedChain() {
        final int[] identities = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        final int[] purposes = {21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
        encoder.wrap(buffer, 0).flags(WarrantLayout.FLAG_BREAK_GLASS)
            .validity(0, 1).capabilities(new long[] {1, 0, 0}, 3).chain(identities, purposes, 12);
        final int signed = new WarrantAuthenticator(Fixtures.keyRing()).sign(encoder);
        assertEquals(WarrantLayout.encodedLength(1, 8), signed);
        assertEquals(CodecError.OK, decoder.wrap(buffer, 0, signed, detail));
        assertEquals(WarrantLayout.FLAG_BREAK_GLASS | WarrantLayout.FLAG_CHAIN_TRUNCATED, decoder.flags());
        assertEquals(8, decoder.hopCount());
        assertEquals(5, decoder.hopIdentity(0));
        assertEquals(32, decoder.hopPurpose(7));
        assertEquals(1, decoder.capabilityWordCount(), "trailing zero words trimmed");
    }

    @Test
    void shouldRejectEncoderMisuse() {
        encoder.wrap(buffer, 0);
        assertThrows(IllegalArgumentException.class, () -> encoder.flags(0x40));
        assertThrows(IllegalArgumentException.class, () -> encoder.depth(256));
        assertThrows(IllegalArgumentException.class, () -> encoder.validity(10, 9));
        assertThrows(IllegalArgumentException.class, () -> encoder.validity(0, WarrantLayout.MAX_TTL_MILLIS + 1));
        final long[] tooWide = new long[65];
        tooWide[64] = 1;
        assertThrows(IllegalArgumentException.class, () -> encoder.wrap(buffer, 0).capabilities(tooWide, 65));
        encoder.wrap(buffer, 0).chain(new int[0], new int[0], 0);
        assertThrows(IllegalStateException.class, () -> encoder.capabilities(new long[] {1}, 1));
        assertThrows(IllegalArgumentException.class, () -> encoder.wrap(new UnsafeBuffer(new byte[10]), 0));
    }
}
