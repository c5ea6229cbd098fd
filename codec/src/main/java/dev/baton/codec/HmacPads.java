package dev.baton.codec;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The inner and outer pads of an HMAC key (RFC 2104 §2), derived once when a key is made so that
 * signing starts from them: a key longer than the hash's block is hashed first, then zero-padded to
 * the block, then XORed with 0x36 and 0x5C. The intermediate key bytes are wiped.
 *
 * <p><b>Note:</b> stateless and thread-safe; allocates the two pads per call (key set-up only). Uses
 * no Agrona, so the portable warrant classes may call it.
 */
final class HmacPads {
    /** The inner pad, {@code block} bytes. */
    final byte[] inner;
    /** The outer pad, {@code block} bytes. */
    final byte[] outer;

    private HmacPads(final byte[] inner, final byte[] outer) {
        this.inner = inner;
        this.outer = outer;
    }

    /**
     * @param secret the key's secret (not changed).
     * @param block  the hash's block length in bytes (64 for SHA-256).
     * @param digest a fresh digest of the HMAC's hash, used for a secret longer than the block.
     * @return the pads.
     */
    static HmacPads of(final byte[] secret, final int block, final MessageDigest digest) {
        final byte[] k = new byte[block];
        if (secret.length > k.length) {
            final byte[] hashed = digest.digest(secret);
            System.arraycopy(hashed, 0, k, 0, hashed.length);
            Arrays.fill(hashed, (byte) 0);
        } else {
            System.arraycopy(secret, 0, k, 0, secret.length);
        }
        final byte[] inner = new byte[block];
        final byte[] outer = new byte[block];
        for (int i = 0; i < block; i++) {
            inner[i] = (byte) (k[i] ^ 0x36);
            outer[i] = (byte) (k[i] ^ 0x5C);
        }
        Arrays.fill(k, (byte) 0);
        return new HmacPads(inner, outer);
    }
}
