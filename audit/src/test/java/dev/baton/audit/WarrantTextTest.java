package dev.baton.audit;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link WarrantText}. */
class WarrantTextTest {
    private static final byte[] BYTES = {1, 0, 7, (byte) 0xFB, (byte) 0xFF, 0x3E};

    @Test
    void shouldDecodeHexBase64AndUrlSafeBase64WithOrWithoutPrefix() {
        assertArrayEquals(BYTES, WarrantText.decode("010007fbff3e", "x"));
        assertArrayEquals(BYTES, WarrantText.decode("warrant: 0100 07fb\nff3e", "x"));
        assertArrayEquals(BYTES, WarrantText.decode(Base64.getEncoder().encodeToString(BYTES), "x"));
        assertArrayEquals(BYTES, WarrantText.decode(Base64.getUrlEncoder().encodeToString(BYTES), "x"));
    }

    @Test
    void shouldSayWhatToGiveInstead() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WarrantText.decode("warrant:", "x"))
            .getMessage().startsWith("the warrant is empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WarrantText.decode("zz!", "'zz!'"))
            .getMessage().startsWith("'zz!' is neither an existing file nor hex nor base64 text"));
        assertEquals("a".repeat(37) + "...", WarrantText.abbreviate("a".repeat(41)));
    }
}
