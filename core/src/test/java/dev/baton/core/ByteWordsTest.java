package dev.baton.core;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link ByteWords#word} equals the bytes packed one by one, little-endian and zero above the value,
 * wherever the value lies in its array: far from the end (one eight-byte read, masked) and within eight
 * bytes of it (read byte by byte), for every length 0..8.
 */
class ByteWordsTest {
    @Property(tries = 500)
    void shouldPackTheValueBytesAndNothingElse(@ForAll final long seed) {
        final Random rnd = new Random(seed);
        final byte[] b = new byte[1 + rnd.nextInt(24)];
        rnd.nextBytes(b);
        for (int off = 0; off < b.length; off++) {
            for (int len = 0; len <= Math.min(Long.BYTES, b.length - off); len++) {
                long expected = 0;
                for (int k = 0; k < len; k++) {
                    expected |= (b[off + k] & 0xffL) << 8 * k;
                }
                assertEquals(expected, ByteWords.word(b, off, len), "off " + off + " len " + len + " of " + b.length);
            }
        }
    }
}
