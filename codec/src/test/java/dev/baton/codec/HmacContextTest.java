package dev.baton.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class HmacContextTest {
    @Test
    void shouldMatchRfc4231LargerThanBlockKeyVector() {
        // RFC 4231 §4.7 (test case 6): a 131-byte key, hashed first.
        final byte[] key = new byte[131];
        Arrays.fill(key, (byte)0xAA);
        final byte[] data = "Test Using Larger Than Block-Size Key - Hash Key First".getBytes(StandardCharsets.US_ASCII);
        final byte[] out = new byte[32];
        new HmacContext(MacAlgorithm.HMAC_SHA256)
            .compute(KeyRing.Key.derive(MacAlgorithm.HMAC_SHA256, 1, key), new UnsafeBuffer(data), 0, data.length, out);
        assertEquals("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", HexFormat.of().formatHex(out));
    }

    @Test
    void shouldMatchJdkMacForEveryAlgorithmOnHeapAndDirectBuffers() throws Exception {
        final SplittableRandom random = new SplittableRandom(7);
        for (final MacAlgorithm algorithm : MacAlgorithm.values()) {
            final HmacContext context = new HmacContext(algorithm);
            for (int run = 0; run < 200; run++) {
                final byte[] key = new byte[32 + random.nextInt(200)];
                final byte[] data = new byte[random.nextInt(2000)];
                random.nextBytes(key);
                random.nextBytes(data);
                final Mac mac = Mac.getInstance(algorithm.jcaMacName());
                mac.init(new SecretKeySpec(key, algorithm.jcaMacName()));
                final byte[] expected = mac.doFinal(data);

                final KeyRing.Key ringKey = KeyRing.Key.derive(algorithm, 1, key);
                final byte[] heap = new byte[algorithm.digestLength()];
                context.compute(ringKey, new UnsafeBuffer(data), 0, data.length, heap);
                assertArrayEquals(expected, heap, algorithm + " heap run " + run);

                final ByteBuffer direct = ByteBuffer.allocateDirect(data.length + 5);
                direct.position(5);
                direct.put(data);
                final byte[] off = new byte[algorithm.digestLength()];
                context.compute(ringKey, new UnsafeBuffer(direct), 5, data.length, off);
                assertArrayEquals(expected, off, algorithm + " direct run " + run);
            }
        }
    }
}
