package dev.baton.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WarrantAuthenticatorTest {
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[WarrantLayout.MAX_LENGTH]);
    private final WarrantEncoder encoder = new WarrantEncoder();
    private final WarrantDecoder decoder = new WarrantDecoder();
    private final ErrorDetail detail = new ErrorDetail();
    private KeyRing keyRing;
    private WarrantAuthenticator authenticator;
    private int length;

    @BeforeEach
    void setUp() {
        keyRing = Fixtures.keyRing();
        authenticator = new WarrantAuthenticator(keyRing);
        Fixtures.encodeTypicalWarrant(encoder, buffer, 0);
        length = authenticator.sign(encoder);
    }

    private CodecError verify(final int presenter, final long now) {
        return authenticator.verify(buffer, 0, length, presenter, now, decoder, detail);
    }

    @Test
    void shouldVerifyWarrantPresentedByHolder() {
        assertEquals(CodecError.OK, verify(Fixtures.HOLDER, Fixtures.NOW));
        assertEquals(Fixtures.KEY_ID, decoder.keyId());
    }

    @Test
    void shouldRejectTamperedWarrant() {
        int rejected = 0;
        final int bits = length * 8;
        for (int bit = 0; bit < bits; bit++) {
            final int index = bit >>> 3;
            final byte original = buffer.getByte(index);
            buffer.putByte(index, (byte)(original ^ (1 << (bit & 7))));
            final CodecError result = verify(Fixtures.HOLDER, Fixtures.NOW);
            buffer.putByte(index, original);
            if (result != CodecError.OK) {
                rejected++;
            }
        }
        assertEquals(bits, rejected, "every single-bit flip must be rejected");
        assertEquals(CodecError.OK, verify(Fixtures.HOLDER, Fixtures.NOW), "restored warrant verifies again");
    }

    @Test
    void shouldRefuseAVerifiedWarrantPresentedAgainByAnotherIdentity() {
        assertEquals(CodecError.OK, verify(Fixtures.HOLDER, Fixtures.NOW)); // now remembered as verified
        assertEquals(CodecError.NOT_HOLDER, verify(Fixtures.HOLDER + 1, Fixtures.NOW));
        assertEquals(CodecError.OK, verify(Fixtures.HOLDER, Fixtures.NOW));
    }

    @Test
    void shouldNotTrustAVerifiedWarrantOnceItsKeyIdIsBoundToAnotherSecret() {
        assertEquals(CodecError.OK, verify(Fixtures.HOLDER, Fixtures.NOW)); // remembered under the first key
        keyRing.rotate(8, Fixtures.secret(3), Fixtures.NOW);
        assertEquals(1, keyRing.purge(Fixtures.NOW + Fixtures.GRACE_MILLIS));
        keyRing.rotate(Fixtures.KEY_ID, Fixtures.secret(4), Fixtures.NOW + Fixtures.GRACE_MILLIS); // the id again
        assertEquals(CodecError.BAD_MAC, verify(Fixtures.HOLDER, Fixtures.NOW + Fixtures.GRACE_MILLIS),
            "the same bytes, MACed under the purged secret, must not pass under the new one");
    }

    @Test
    void shouldReportBadMacWhenPayloadFlipped() {
        buffer.putByte(WarrantLayout.GRANT_ID_OFFSET, (byte)(buffer.getByte(WarrantLayout.GRANT_ID_OFFSET) ^ 1));
        assertEquals(CodecError.BAD_MAC, verify(Fixtures.HOLDER, Fixtures.NOW));
        assertEquals("mac", detail.field());
    }

    @Test
    void shouldRefuseWarrantPresentedByAnotherIdentity() {
        assertEquals(CodecError.NOT_HOLDER, verify(Fixtures.HOLDER + 1, Fixtures.NOW));
        assertEquals(Fixtures.HOLDER + 1, detail.value());
    }

    @Test
    void shouldRefuseWarrantSignedByAnotherRing() {
        final WarrantAuthenticator other = new WarrantAuthenticator(new KeyRing(0, Fixtures.KEY_ID, Fixtures.secret(2)));
        assertEquals(CodecError.BAD_MAC, other.verify(buffer, 0, length, Fixtures.HOLDER, Fixtures.NOW, decoder, detail));
    }

    @Test
    void shouldRefuseUnknownKeyId() {
        buffer.putShort(WarrantLayout.KEY_ID_OFFSET, (short)999, ByteOrder.LITTLE_ENDIAN);
        assertEquals(CodecError.UNKNOWN_KEY, verify(Fixtures.HOLDER, Fixtures.NOW));
        assertEquals(999, detail.value());
    }

    @Test
    void shouldVerifyOldKeyWithinGraceWindowAfterRotation() {
        final long rotatedAt = Fixtures.NOW + 1_000;
        keyRing.rotate(8, Fixtures.secret(3), rotatedAt);
        assertEquals(8, keyRing.currentKeyId());
        assertEquals(CodecError.OK, verify(Fixtures.HOLDER, rotatedAt));
        assertEquals(CodecError.OK, verify(Fixtures.HOLDER, rotatedAt + Fixtures.GRACE_MILLIS - 1));
        assertEquals(CodecError.KEY_RETIRED, verify(Fixtures.HOLDER, rotatedAt + Fixtures.GRACE_MILLIS));
        assertEquals(Fixtures.KEY_ID, detail.value());
    }

    @Test
    void shouldSignWithNewKeyAfterRotation() {
        keyRing.rotate(8, Fixtures.secret(3), Fixtures.NOW);
        Fixtures.encodeTypicalWarrant(encoder, buffer, 0);
        length = authenticator.sign(encoder);
        assertEquals(CodecError.OK, verify(Fixtures.HOLDER, Fixtures.NOW + 10 * Fixtures.GRACE_MILLIS));
        assertEquals(8, decoder.keyId());
    }

    @Test
    void shouldForgetRetiredKeysOnPurge() {
        keyRing.rotate(8, Fixtures.secret(3), Fixtures.NOW);
        assertEquals(0, keyRing.purge(Fixtures.NOW + 1));
        assertEquals(1, keyRing.purge(Fixtures.NOW + Fixtures.GRACE_MILLIS));
        assertEquals(CodecError.UNKNOWN_KEY, keyRing.keyStatus(Fixtures.KEY_ID, Fixtures.NOW + Fixtures.GRACE_MILLIS));
        assertEquals(CodecError.OK, keyRing.keyStatus(8, Fixtures.NOW + Fixtures.GRACE_MILLIS));
    }

    @Test
    void shouldRefuseReusedKeyIdAndShortSecret() {
        assertThrows(IllegalArgumentException.class, () -> keyRing.rotate(Fixtures.KEY_ID, Fixtures.secret(9), Fixtures.NOW));
        assertThrows(IllegalArgumentException.class, () -> keyRing.rotate(9, new byte[31], Fixtures.NOW));
        assertThrows(IllegalArgumentException.class, () -> keyRing.rotate(KeyRing.MAX_KEY_ID + 1, Fixtures.secret(9), Fixtures.NOW));
    }

    @Test
    void shouldNeverPrintSecrets() {
        keyRing.rotate(8, Fixtures.secret(3), Fixtures.NOW);
        final String text = keyRing.toString() + keyRing.key(8) + keyRing.key(Fixtures.KEY_ID);
        assertTrue(text.contains("8") && text.contains("retiredAt"), text);
        for (final byte[] secret : new byte[][] {Fixtures.secret(1), Fixtures.secret(3)}) {
            final StringBuilder hex = new StringBuilder();
            for (final byte b : secret) {
                hex.append(String.format("%02x", b));
            }
            assertFalse(text.toLowerCase().contains(hex.substring(0, 8)), text);
            assertFalse(text.contains(java.util.Arrays.toString(secret)), text);
        }
    }

    @Test
    void shouldVerifyWarrantInDirectBufferAtOffset() {
        final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(WarrantLayout.MAX_LENGTH + 13));
        Fixtures.encodeTypicalWarrant(encoder, direct, 13);
        final int directLength = authenticator.sign(encoder);
        assertEquals(length, directLength);
        assertEquals(CodecError.OK,
            authenticator.verify(direct, 13, directLength, Fixtures.HOLDER, Fixtures.NOW, decoder, detail));
        for (int i = 0; i < length; i++) {
            assertEquals(buffer.getByte(i), direct.getByte(13 + i), "byte " + i);
        }
    }

    @Test
    void shouldRejectTruncatedWarrantAtEveryLength() {
        for (int cut = 0; cut < length; cut++) {
            final CodecError truncated = authenticator.verify(buffer, 0, cut, Fixtures.HOLDER, Fixtures.NOW, decoder, detail);
            assertNotEquals(CodecError.OK, truncated, "cut=" + cut);
        }
    }
}
