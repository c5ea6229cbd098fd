package dev.baton.codec;

import org.agrona.DirectBuffer;

import java.security.DigestException;
import java.security.MessageDigest;

/**
 * HMAC (RFC 2104) on a reusable {@link MessageDigest}: H((K ^ opad) || H((K ^ ipad) || m)).
 * {@code javax.crypto.Mac.doFinal} allocates its result on every call (48 bytes on JDK 17, measured);
 * {@code MessageDigest.digest(byte[], int, int)} writes into our array, so this allocates nothing.
 * HMAC-SHA256 over a heap buffer starts from the key's pad midstates ({@link HmacMidstate}) where the JVM
 * allows it. Tests check it against {@code javax.crypto.Mac} and the RFC 4231 vectors.
 *
 * <p><b>Note:</b> not thread-safe; one per thread.
 */
final class HmacContext {
    private final MacAlgorithm algorithm;
    private final MessageDigest digest;
    private final byte[] inner;
    private final byte[] scratch = new byte[512];
    /** HMAC-SHA256 from the key's pad midstates, for heap buffers; null for SHA-384/512 or where the JVM gives none. */
    private final HmacMidstate midstate;

    HmacContext(final MacAlgorithm algorithm) {
        this.algorithm = algorithm;
        this.digest = KeyRing.newDigest(algorithm);
        this.inner = new byte[algorithm.digestLength()];
        this.midstate = algorithm == MacAlgorithm.HMAC_SHA256 ? HmacMidstate.create() : null;
    }

    /**
     * Computes the full HMAC of {@code buffer[index, index + length)} into {@code out[0, digestLength)}.
     */
    void compute(final KeyRing.Key key, final DirectBuffer buffer, final int index, final int length, final byte[] out) {
        final int digestLength = algorithm.digestLength();
        final byte[] array = buffer.byteArray();
        if (null != midstate && null != key.midstates && null != array) {
            midstate.hmac(key.midstates[0], key.midstates[1], array, buffer.wrapAdjustment() + index, length, out,
                digestLength);
            return;
        }
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
