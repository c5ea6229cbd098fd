package dev.baton.codec;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KeyRingTest {
    @Test
    void shouldRefuseAnAllZeroSecret() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new KeyRing(0, 7, new byte[32]));
        assertEquals("key id 7: the secret is all zero bytes; use 32 or more random bytes", e.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> new KeyRing(MacAlgorithm.HMAC_SHA256, 0, 7, new byte[64]));
    }

    @Test
    void shouldRefuseASecretOfOneRepeatedByteWithoutPrintingIt() {
        final byte[] secret = new byte[48];
        Arrays.fill(secret, (byte)0x5A);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new KeyRing(0, 9, secret));
        assertEquals("key id 9: the secret is one byte repeated; use 32 or more random bytes", e.getMessage());
        assertFalse(e.getMessage().toLowerCase().contains("5a"), e.getMessage());
    }

    @Test
    void shouldRefuseAShortSecretNamingTheKeyId() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new KeyRing(0, 3, Arrays.copyOf(Fixtures.secret(1), 31)));
        assertEquals("key id 3: the secret is 31 bytes; at least 32 (256 bits) are required", e.getMessage());
        assertEquals("key id 4: no secret",
            assertThrows(IllegalArgumentException.class, () -> new KeyRing(0, 4, null)).getMessage());
    }

    @Test
    void shouldRefuseAWeakSecretOnRotationAndKeepTheCurrentKey() {
        final KeyRing ring = Fixtures.keyRing();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ring.rotate(8, new byte[32], Fixtures.NOW));
        assertEquals("key id 8: the secret is all zero bytes; use 32 or more random bytes", e.getMessage());
        assertEquals(Fixtures.KEY_ID, ring.currentKeyId());
        assertEquals(CodecError.UNKNOWN_KEY, ring.keyStatus(8, Fixtures.NOW));
    }

    @Test
    void shouldAcceptASecretOfTheMinimumLengthThatIsNotOneByteRepeated() {
        final byte[] secret = new byte[KeyRing.MIN_SECRET_LENGTH];
        secret[31] = 1;
        assertEquals(1, new KeyRing(0, 1, secret).currentKeyId());
        assertEquals(2, new KeyRing(0, 2, HexFormat.of().parseHex(
            "6b3a55f0c2d1e4a79801bc3f5e6d7a8b9c0d1e2f30415263748596a7b8c9dafe")).currentKeyId());
    }
}
