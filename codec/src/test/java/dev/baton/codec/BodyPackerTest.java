package dev.baton.codec;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BodyPackerTest {
    private final UnsafeBuffer packed = new UnsafeBuffer(new byte[80_000]);
    private final UnsafeBuffer unpacked = new UnsafeBuffer(new byte[70_000]);

    @Property
    void shouldUnpackWhatItPackedForAnyBody(@ForAll @Size(max = 3000) final byte[] body,
                                            @ForAll @IntRange(max = 100) final int zeroPercent) {
        for (int i = 0; i < body.length; i++) {
            if (Math.floorMod(body[i] * 31 + i, 100) < zeroPercent) {
                body[i] = 0;
            }
        }
        final int n = BodyPacker.pack(new UnsafeBuffer(body), 0, body.length, packed, 0, packed.capacity());
        assertTrue(n > 0);
        final int m = BodyPacker.unpack(packed, 0, n, unpacked, 0, 65_536);
        assertEquals(body.length, m);
        assertEquals(m, BodyPacker.unpack(packed, 0, n, null, 0, 65_536), "checked without unpacking: the same");
        final byte[] back = new byte[m];
        unpacked.getBytes(0, back);
        assertArrayEquals(body, back);
    }

    @Property
    void shouldUnpackWhatItPackedForBodiesOfSmallNumbers(@ForAll @Size(max = 400) final long[] words,
                                                         @ForAll @IntRange(min = 0, max = 64) final int bits,
                                                         @ForAll @IntRange(min = 3, max = 4000) final int limit) {
        // Little-endian numbers of at most `bits` bits: their non-zero bytes are the low ones, the packer's
        // one-store path; a limit below the packed size must give up (-1), never write past it.
        final byte[] body = new byte[words.length * 8 + words.length % 8];
        final UnsafeBuffer in = new UnsafeBuffer(body);
        for (int i = 0; i < words.length; i++) {
            in.putLong(i * 8, bits == 64 ? words[i] : words[i] & ((1L << bits) - 1), java.nio.ByteOrder.LITTLE_ENDIAN);
        }
        final byte[] fence = new byte[limit + 16];
        final UnsafeBuffer out = new UnsafeBuffer(fence);
        final int n = BodyPacker.pack(in, 0, body.length, out, 8, limit);
        final int full = BodyPacker.pack(in, 0, body.length, packed, 0, packed.capacity());
        // The packer checks room conservatively (a whole word's worth), so it may give up just under the limit.
        assertTrue(n == -1 || n == full && full <= limit, "packs within the limit, or gives up: " + n + " of " + full);
        for (int i = 8 + limit; i < fence.length; i++) {
            assertEquals(0, fence[i], "nothing written past the limit");
        }
        final int m = BodyPacker.unpack(packed, 0, full, unpacked, 0, 65_536);
        final byte[] back = new byte[Math.max(0, m)];
        unpacked.getBytes(0, back);
        assertArrayEquals(body, back);
    }

    /** Checking packed bytes without unpacking them (a null destination) agrees with unpacking, for any bytes. */
    @Property
    void shouldCheckPackedBytesAsUnpackingJudgesThem(@ForAll @Size(max = 600) final byte[] packedBytes,
                                                     @ForAll @IntRange(min = 0, max = 5000) final int capacity) {
        final UnsafeBuffer in = new UnsafeBuffer(packedBytes);
        assertEquals(BodyPacker.unpack(in, 0, packedBytes.length, unpacked, 0, capacity),
            BodyPacker.unpack(in, 0, packedBytes.length, null, 0, capacity));
    }

    /**
     * A body packed against a base (the record before it in its batch) comes back from unpacking and XORing
     * the same base, whichever of the two is longer; and the more bytes it shares with its base, the fewer
     * it packs to: a body equal to its base packs to its length and one run of zero words.
     */
    @Property
    void shouldGiveABodyBackFromItsDeltaAgainstAnyBase(@ForAll @Size(max = 1200) final byte[] body,
                                                       @ForAll @Size(max = 1200) final byte[] other,
                                                       @ForAll @IntRange(max = 100) final int sharedPercent,
                                                       @ForAll @IntRange(max = 7) final int offset) {
        final byte[] base = other.clone();
        for (int i = 0; i < Math.min(body.length, base.length); i++) {
            if (Math.floorMod(body[i] * 31 + i, 100) < sharedPercent) {
                base[i] = body[i];
            }
        }
        final byte[] padded = new byte[offset + base.length + 5]; // the base wrapped inside a larger array
        System.arraycopy(base, 0, padded, offset, base.length);
        Arrays.fill(padded, offset + base.length, padded.length, (byte)0x5A); // never read: past its end
        final UnsafeBuffer baseView = new UnsafeBuffer(padded, offset, base.length);
        final int n = BodyPacker.pack(new UnsafeBuffer(body), 0, body.length, baseView, packed, 0, packed.capacity());
        assertTrue(n > 0);
        final int m = BodyPacker.unpack(packed, 0, n, unpacked, 0, 65_536);
        assertEquals(body.length, m);
        BodyPacker.xorBase(unpacked, 0, m, baseView);
        final byte[] back = new byte[m];
        unpacked.getBytes(0, back);
        assertArrayEquals(body, back);
        if (body.length >= 16 && body.length % 8 == 0) {
            final UnsafeBuffer itself = new UnsafeBuffer(body.clone());
            assertEquals(1 + (body.length >= 128 ? 1 : 0) + 2,
                BodyPacker.pack(new UnsafeBuffer(body), 0, body.length, itself, packed, 0, packed.capacity()),
                "a body equal to its base: the length, then one run of zero words");
        }
    }

    /**
     * The packed bytes are exactly the format's, byte for byte: a straightforward reading of the format
     * (word by word, a tag and the non-zero bytes in order, or a zero tag and the count of further zero
     * words) packs every body to the same bytes as the word-at-a-time packer.
     */
    @Property
    void shouldPackEveryBodyToTheBytesTheFormatDefines(@ForAll @Size(max = 600) final byte[] body,
                                                       @ForAll @IntRange(max = 100) final int zeroPercent,
                                                       @ForAll @IntRange(max = 7) final int offset) {
        for (int i = 0; i < body.length; i++) {
            if (Math.floorMod(body[i] * 37 + i, 100) < zeroPercent) {
                body[i] = 0;
            }
        }
        final byte[] expected = referencePack(body);
        final byte[] shifted = new byte[body.length + offset];
        System.arraycopy(body, 0, shifted, offset, body.length);
        final int n = BodyPacker.pack(new UnsafeBuffer(shifted), offset, body.length, packed, offset, packed.capacity() - 8);
        final byte[] found = new byte[n];
        packed.getBytes(offset, found);
        assertArrayEquals(expected, found);
    }

    /** The format read literally, one byte at a time. */
    private static byte[] referencePack(final byte[] body) {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int v = body.length;
        while (v >= 0x80) {
            out.write(v & 0x7F | 0x80);
            v >>>= 7;
        }
        out.write(v);
        int i = 0;
        while (i < body.length) {
            if (zeroWord(body, i)) {
                int more = 0;
                while (more < 255 && i + 8 * (more + 2) <= body.length && zeroWord(body, i + 8 * (more + 1))) {
                    more++;
                }
                out.write(0);
                out.write(more);
                i += 8 * (more + 1);
                continue;
            }
            int tag = 0;
            for (int k = 0; k < 8 && i + k < body.length; k++) {
                tag |= body[i + k] != 0 ? 1 << k : 0;
            }
            out.write(tag);
            for (int k = 0; k < 8 && i + k < body.length; k++) {
                if (body[i + k] != 0) {
                    out.write(body[i + k]);
                }
            }
            i += 8;
        }
        return out.toByteArray();
    }

    private static boolean zeroWord(final byte[] body, final int at) {
        for (int k = at; k < Math.min(at + 8, body.length); k++) {
            if (body[k] != 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    void shouldShrinkAMostlyZeroBodyAndGiveUpPastTheLimit() {
        final byte[] body = new byte[256];
        body[3] = 7;
        body[200] = 9;
        final int n = BodyPacker.pack(new UnsafeBuffer(body), 0, body.length, packed, 0, body.length - 1);
        assertTrue(n > 0 && n < 16, "packed " + n);
        final byte[] dense = new byte[64];
        Arrays.fill(dense, (byte) 1);
        assertEquals(-1, BodyPacker.pack(new UnsafeBuffer(dense), 0, dense.length, packed, 0, dense.length - 1));
    }

    @Test
    void shouldRefuseMalformedPackedBytes() {
        final byte[] body = {1, 0, 0, 0, 0, 0, 0, 0, 5};
        final int n = BodyPacker.pack(new UnsafeBuffer(body), 0, body.length, packed, 0, 100);
        assertEquals(body.length, BodyPacker.unpack(packed, 0, n, unpacked, 0, 100));
        assertEquals(-1, BodyPacker.unpack(packed, 0, n - 1, unpacked, 0, 100), "a byte short");
        assertEquals(-1, BodyPacker.unpack(packed, 0, n, unpacked, 0, 8), "longer than the capacity");
        packed.putByte(n, (byte) 1);
        assertEquals(-1, BodyPacker.unpack(packed, 0, n + 1, unpacked, 0, 100), "a word past the length");
        packed.putByte(2, (byte) 0);
        assertEquals(-1, BodyPacker.unpack(packed, 0, n, unpacked, 0, 100), "a tag bit on a zero byte");
    }
}
