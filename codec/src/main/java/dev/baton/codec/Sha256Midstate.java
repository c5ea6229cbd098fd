package dev.baton.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * HMAC-SHA256 from precomputed pad midstates: the SHA-256 state after the {@code K xor ipad} and
 * {@code K xor opad} blocks is computed once per key, so each tag costs the message blocks plus one
 * outer block instead of two more. Pure Java (FIPS 180-4 §6.2): it cannot use the JVM's SHA-256
 * intrinsic, which {@code MessageDigest} does. {@code PortableWarrantBenchmark} measures the two side
 * by side; the authenticator uses whichever docs/performance.md reports faster.
 *
 * <p><b>Note:</b> not thread-safe; one per thread. Allocates nothing after construction.
 */
final class Sha256Midstate {
    private static final int[] K = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
    private static final VarHandle BIG_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final int[] IV = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

    private final int[] w = new int[64];
    private final int[] state = new int[8];
    private final byte[] tail = new byte[128];
    private final byte[] innerDigest = new byte[32];

    /**
     * The state after one 64-byte pad block (computed once per key).
     *
     * @param pad 64 bytes.
     * @return the 8-word midstate.
     */
    static int[] midstate(final byte[] pad) {
        final Sha256Midstate s = new Sha256Midstate();
        System.arraycopy(IV, 0, s.state, 0, 8);
        s.compress(pad, 0);
        return s.state.clone();
    }

    /**
     * HMAC-SHA256 of {@code message} given the pad midstates, the first {@code outLength} bytes into {@code out}.
     */
    void hmac(final int[] inner, final int[] outer, final byte[] message, final int offset, final int length,
              final byte[] out, final int outLength) {
        System.arraycopy(inner, 0, state, 0, 8);
        finish(message, offset, length, 64);
        for (int i = 0; i < 8; i++) {
            BIG_INT.set(innerDigest, i * 4, state[i]);
        }
        System.arraycopy(outer, 0, state, 0, 8);
        finish(innerDigest, 0, 32, 64);
        for (int i = 0; i < outLength; i++) {
            out[i] = (byte)(state[i >> 2] >>> (24 - 8 * (i & 3)));
        }
    }

    /** Hashes {@code length} bytes after {@code prefix} bytes already compressed, with the final padding. */
    private void finish(final byte[] message, final int offset, final int length, final int prefix) {
        int at = offset;
        final int end = offset + length;
        while (end - at >= 64) {
            compress(message, at);
            at += 64;
        }
        final int rest = end - at;
        final byte[] t = tail;
        System.arraycopy(message, at, t, 0, rest);
        t[rest] = (byte)0x80;
        final int padded = rest + 9 <= 64 ? 64 : 128;
        for (int i = rest + 1; i < padded - 8; i++) {
            t[i] = 0;
        }
        final long bits = (long)(prefix + length) * 8;
        for (int i = 0; i < 8; i++) {
            t[padded - 1 - i] = (byte)(bits >>> (8 * i));
        }
        compress(t, 0);
        if (padded == 128) {
            compress(t, 64);
        }
    }

    private void compress(final byte[] block, final int offset) {
        final int[] x = w;
        for (int i = 0; i < 16; i++) {
            x[i] = (int)BIG_INT.get(block, offset + i * 4);
        }
        for (int i = 16; i < 64; i++) {
            final int a = x[i - 15];
            final int b = x[i - 2];
            x[i] = x[i - 16] + (Integer.rotateRight(a, 7) ^ Integer.rotateRight(a, 18) ^ (a >>> 3)) + x[i - 7]
                + (Integer.rotateRight(b, 17) ^ Integer.rotateRight(b, 19) ^ (b >>> 10));
        }
        int a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
        for (int i = 0; i < 64; i++) {
            final int t1 = h + (Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25))
                + ((e & f) ^ (~e & g)) + K[i] + x[i];
            final int t2 = (Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22))
                + ((a & b) ^ (a & c) ^ (b & c));
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
}
