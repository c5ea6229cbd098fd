package dev.baton.codec;

import java.security.DigestException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;

import static dev.baton.codec.PortableWarrantLayout.BLOCK_LENGTH;
import static dev.baton.codec.PortableWarrantLayout.KEY_ID_OFFSET;
import static dev.baton.codec.PortableWarrantLayout.SUITE_OFFSET;

/**
 * Signs portable warrants with the current key of a {@link WarrantKeyRing} and verifies their tags.
 *
 * <p>{@link SignatureSuite#HMAC_SHA256}: HMAC-SHA256 (RFC 2104) over every byte before the tag, suite
 * and key id included, truncated to 16 bytes, compared in constant time. {@link SignatureSuite#ED25519}:
 * an Ed25519 signature (RFC 8032, the JDK's {@code EdDSA} provider) over the same bytes. The suite
 * byte is covered by the tag, and a key only verifies warrants of its own suite
 * ({@link CodecError#SUITE_MISMATCH}), so a verifier cannot be tricked into checking an HMAC tag with
 * a public key. The HMAC starts from the key's pad midstates ({@link HmacMidstate}) where the JVM allows
 * it, else it hashes both pads on every call ({@code MessageDigest}); the tags are the same.
 *
 * <p><b>Note:</b> thread-safe: each thread gets its own digest, signature object and arrays on first
 * use. After that, HMAC signing and verification allocate nothing; Ed25519 allocates inside the JDK.
 */
public final class PortableWarrantAuthenticator {
    private final WarrantKeyRing keyRing;
    private final ThreadLocal<PerThread> perThread = ThreadLocal.withInitial(PerThread::new);

    /** @param keyRing the keys. */
    public PortableWarrantAuthenticator(final WarrantKeyRing keyRing) {
        this.keyRing = keyRing;
    }

    /** @return the key ring. */
    public WarrantKeyRing keyRing() {
        return keyRing;
    }

    /**
     * Writes the current key's suite and id into an encoded warrant, then its tag after the last byte.
     *
     * @param buffer         holding the unsigned warrant; needs room for the tag.
     * @param offset         of the warrant.
     * @param unsignedLength bytes before the tag ({@link PortableWarrantEncoder#encode}).
     * @return length of the signed warrant, or -1 when the current key cannot sign (a verifying-only ring).
     */
    public int sign(final byte[] buffer, final int offset, final int unsignedLength) {
        final WarrantKey key = keyRing.currentKey();
        if (!key.canSign()) {
            return -1;
        }
        final int tagLength = key.suite.tagLength();
        if (unsignedLength < BLOCK_LENGTH || offset < 0 || buffer.length - offset - unsignedLength < tagLength) {
            throw new IllegalArgumentException("offset=" + offset + " unsignedLength=" + unsignedLength
                + " capacity=" + buffer.length + " tag=" + tagLength);
        }
        buffer[offset + SUITE_OFFSET] = (byte)key.suite.code();
        LittleEndian.putShort(buffer, offset + KEY_ID_OFFSET, key.keyId);
        final PerThread t = perThread.get();
        if (key.suite == SignatureSuite.HMAC_SHA256) {
            t.hmac(key, buffer, offset, unsignedLength);
            System.arraycopy(t.tag, 0, buffer, offset + unsignedLength, tagLength);
        } else {
            t.sign(key, buffer, offset, unsignedLength);
        }
        return unsignedLength + tagLength;
    }

    /**
     * Verifies the tag of a decoded warrant: key known and within its grace window, suite matching the
     * key's, then the MAC or signature. Never throws on hostile input.
     *
     * @param decoder   wrapped over the warrant ({@link CodecError#OK}).
     * @param nowMillis epoch millis, for the key's grace window.
     * @param detail    filled on failure; may be null.
     * @return {@link CodecError#OK}, {@code UNKNOWN_KEY}, {@code KEY_RETIRED}, {@code SUITE_MISMATCH},
     *     {@code BAD_MAC} or {@code BAD_SIGNATURE}.
     */
    public CodecError verify(final PortableWarrantDecoder decoder, final long nowMillis, final ErrorDetail detail) {
        final int keyId = decoder.keyId();
        final int length = decoder.length();
        final CodecError status = keyRing.keyStatus(keyId, nowMillis);
        if (status != CodecError.OK) {
            return PortableWarrantDecoder.fail(detail, status, "keyId", KEY_ID_OFFSET, 2, length, keyId);
        }
        final WarrantKey key = keyRing.key(keyId);
        if (null == key || key.suite != decoder.suite()) {
            return PortableWarrantDecoder.fail(detail, CodecError.SUITE_MISMATCH, "suite", SUITE_OFFSET, 1, length,
                decoder.suite().code());
        }
        final int unsigned = decoder.unsignedLength();
        final byte[] buffer = decoder.buffer();
        final int offset = decoder.offset();
        final PerThread t = perThread.get();
        if (key.suite == SignatureSuite.HMAC_SHA256 && t.hasMidstate(key)) {
            return t.midstate.verify(key.innerState, key.outerState, buffer, offset, unsigned, buffer, offset + unsigned,
                PortableWarrantLayout.HMAC_TAG_LENGTH) ? CodecError.OK
                : PortableWarrantDecoder.fail(detail, CodecError.BAD_MAC, "tag", unsigned, 16, length, 0);
        }
        if (key.suite == SignatureSuite.HMAC_SHA256) {
            t.hmac(key, buffer, offset, unsigned);
            int diff = 0;
            for (int i = 0; i < PortableWarrantLayout.HMAC_TAG_LENGTH; i++) {
                diff |= t.tag[i] ^ buffer[offset + unsigned + i];
            }
            return diff == 0 ? CodecError.OK
                : PortableWarrantDecoder.fail(detail, CodecError.BAD_MAC, "tag", unsigned, 16, length, 0);
        }
        return t.verifySignature(key, buffer, offset, unsigned) ? CodecError.OK
            : PortableWarrantDecoder.fail(detail, CodecError.BAD_SIGNATURE, "tag", unsigned, 64, length, 0);
    }

    /** A thread's SHA-256 digest, Ed25519 signature object and tag array. */
    private static final class PerThread {
        private final MessageDigest sha256 = IdentityId.sha256();
        private final byte[] inner = new byte[32];
        private final byte[] tag = new byte[32];
        private final Signature ed25519;
        /** HMAC from the key's pad midstates; null where this JVM gives none ({@link HmacMidstate#create}). */
        private final HmacMidstate midstate = HmacMidstate.create();

        PerThread() {
            try {
                ed25519 = Signature.getInstance("Ed25519");
            } catch (final GeneralSecurityException ex) {
                throw new IllegalStateException("Ed25519 is required by the Java SE platform (15+)", ex);
            }
        }

        boolean hasMidstate(final WarrantKey key) {
            return null != midstate && null != key.innerState;
        }

        void hmac(final WarrantKey key, final byte[] buffer, final int offset, final int length) {
            if (hasMidstate(key)) {
                midstate.hmac(key.innerState, key.outerState, buffer, offset, length, tag, PortableWarrantLayout.HMAC_TAG_LENGTH);
                return;
            }
            try {
                sha256.update(key.innerPad, 0, key.innerPad.length);
                sha256.update(buffer, offset, length);
                sha256.digest(inner, 0, inner.length);
                sha256.update(key.outerPad, 0, key.outerPad.length);
                sha256.update(inner, 0, inner.length);
                sha256.digest(tag, 0, tag.length);
            } catch (final DigestException ex) {
                sha256.reset();
                throw new IllegalStateException("digest output array too small", ex);
            }
        }

        void sign(final WarrantKey key, final byte[] buffer, final int offset, final int length) {
            try {
                ed25519.initSign(key.privateKey);
                ed25519.update(buffer, offset, length);
                ed25519.sign(buffer, offset + length, PortableWarrantLayout.SIGNATURE_LENGTH);
            } catch (final GeneralSecurityException ex) {
                throw new IllegalStateException("Ed25519 signing failed for key " + key.keyId, ex);
            }
        }

        boolean verifySignature(final WarrantKey key, final byte[] buffer, final int offset, final int length) {
            try {
                ed25519.initVerify(key.publicKey);
                ed25519.update(buffer, offset, length);
                return ed25519.verify(buffer, offset + length, PortableWarrantLayout.SIGNATURE_LENGTH);
            } catch (final GeneralSecurityException | RuntimeException ex) {
                return false;
            }
        }
    }
}
