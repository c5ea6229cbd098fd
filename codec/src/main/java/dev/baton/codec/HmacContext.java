package dev.baton.codec;

import org.agrona.DirectBuffer;

import java.security.DigestException;
import java.security.MessageDigest;

/**
 * HMAC (RFC 2104) on a reusable {@link MessageDigest}: H((K ^ opad) || H((K ^ ipad) || m)).
 * {@code javax.crypto.Mac.doFinal} allocates its result on every call (48 bytes on JDK 17, measured);
 * {@code MessageDigest.digest(byte[], int, int)} writes into our array, so this allocates nothing.
 * Tests check it against {@code javax.crypto.Mac} and the RFC 4231 vectors.
 *
 * <p><b>Note:</b> not thread-safe; one per thread.
 */
final class HmacContext {
    private final MacAlgorithm algorithm;
    private final MessageDigest digest;
    private final byte[] inner;
    private final byte[] scratch = new byte[512];

    HmacContext(final MacAlgorithm algorithm) {
        this.algorithm = algorithm;
        this.digest = KeyRing.newDigest(algorithm);
        this.inner = new byte[algorithm.digestLength()];
    }

    /**
     * Computes the full HMAC of {@code buffer[index, index + length)} into {@code out[0, digestLength)}.
     */
    void compute(final KeyRing.Key key, final DirectBuffer buffer, final int index, final int length, final byte[] out) {
        final int digestLength = algorithm.digestLength();
        try {
            digest.update(key.innerPad, 0, key.innerPad.length);
            DigestInput.update(digest, buffer, index, length, scratch);
            digest.digest(inner, 0, digestLength);
            digest.update(key.outerPad, 0, key.outerPad.length);
            digest.update(inner, 0, digestLength);
            digest.digest(out, 0, digestLength);
        } catch (final DigestException ex) {
            digest.reset();
            throw new IllegalStateException("digest output array too small", ex);
        }
    }
}
