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
        final byte[] back = new byte[m];
        unpacked.getBytes(0, back);
        assertArrayEquals(body, back);
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
