package dev.baton.verifier;

import dev.baton.codec.WarrantKey;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;

/**
 * Proof of possession: the holder of a warrant that carries its Ed25519 key ({@code PROOF_REQUIRED})
 * signs each presentation, so a stolen warrant alone is useless. A proof is {@link #LENGTH} bytes:
 * <pre>
 *   timestamp (i64, epoch millis, little-endian) | nonce (16 random bytes) | Ed25519 signature (64 bytes)
 * </pre>
 * The signature covers the domain tag {@code baton.pop.v1\0}, the whole warrant, the call's 32-byte
 * digest, the timestamp and the nonce: it is bound to this warrant and this call. The verifier refuses
 * a proof whose timestamp is more than its window from its clock ({@link VerifyReason#PROOF_STALE}),
 * and one whose nonce it already accepted within the window ({@link VerifyReason#PROOF_REPLAYED}).
 *
 * <p><b>Note:</b> {@link #create} is thread-safe and allocates (the holder's side, once per call);
 * a {@code ProofOfPossession} instance (the verifier's side) is not thread-safe: one per verifier.
 */
public final class ProofOfPossession {
    /** Bytes of a proof. */
    public static final int LENGTH = 8 + 16 + 64;
    /** Bytes of the call digest a proof covers. */
    public static final int DIGEST_LENGTH = 32;
    static final int NONCE_OFFSET = 8;
    static final int SIGNATURE_OFFSET = 24;
    private static final byte[] DOMAIN = "baton.pop.v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Signature ed25519 = newSignature();
    private final byte[] holderKey = new byte[WarrantKey.ED25519_PUBLIC_KEY_LENGTH];
    private PublicKey lastKey;

    /**
     * The holder signs a presentation of {@code warrant} for a call.
     *
     * @param holderPrivateKey the holder's Ed25519 private key (its public half is in the warrant).
     * @param warrant          the warrant bytes.
     * @param offset           where the warrant starts.
     * @param length           its length.
     * @param callDigest       32-byte digest of the call (the verifying side computes the same).
     * @param nowMillis        epoch millis.
     * @return the proof, {@link #LENGTH} bytes.
     */
    public static byte[] create(final PrivateKey holderPrivateKey, final byte[] warrant, final int offset,
                                final int length, final byte[] callDigest, final long nowMillis) {
        if (callDigest.length != DIGEST_LENGTH) {
            throw new IllegalArgumentException("call digest length=" + callDigest.length + " expected=32");
        }
        final byte[] proof = new byte[LENGTH];
        LONG.set(proof, 0, nowMillis);
        final byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        System.arraycopy(nonce, 0, proof, NONCE_OFFSET, nonce.length);
        try {
            final Signature s = newSignature();
            s.initSign(holderPrivateKey);
            update(s, warrant, offset, length, callDigest, proof, 0);
            s.sign(proof, SIGNATURE_OFFSET, 64);
        } catch (final GeneralSecurityException ex) {
            throw new IllegalArgumentException("not an Ed25519 private key", ex);
        }
        return proof;
    }

    private static void update(final Signature s, final byte[] warrant, final int offset, final int length,
                               final byte[] callDigest, final byte[] proof, final int proofOffset)
        throws GeneralSecurityException {
        s.update(DOMAIN);
        s.update(warrant, offset, length);
        s.update(callDigest, 0, DIGEST_LENGTH);
        s.update(proof, proofOffset, SIGNATURE_OFFSET);
    }

    static long timestamp(final byte[] proof, final int offset) {
        return (long)LONG.get(proof, offset);
    }

    static long nonceHigh(final byte[] proof, final int offset) {
        return (long)LONG.get(proof, offset + NONCE_OFFSET);
    }

    static long nonceLow(final byte[] proof, final int offset) {
        return (long)LONG.get(proof, offset + NONCE_OFFSET + 8);
    }

    /** Checks a proof's signature with the holder key at {@code keyIndex} of the warrant; never throws. */
    boolean verify(final byte[] warrant, final int offset, final int length, final int keyIndex,
                   final byte[] callDigest, final byte[] proof, final int proofOffset) {
        try {
            ed25519.initVerify(holderKey(warrant, keyIndex));
            update(ed25519, warrant, offset, length, callDigest, proof, proofOffset);
            return ed25519.verify(proof, proofOffset + SIGNATURE_OFFSET, 64);
        } catch (final GeneralSecurityException | RuntimeException ex) {
            return false;
        }
    }

    /** The holder key, parsed once while the same key is presented again. */
    private PublicKey holderKey(final byte[] warrant, final int keyIndex) {
        boolean same = null != lastKey;
        for (int i = 0; i < holderKey.length && same; i++) {
            same = holderKey[i] == warrant[keyIndex + i];
        }
        if (!same) {
            System.arraycopy(warrant, keyIndex, holderKey, 0, holderKey.length);
            lastKey = null;
            lastKey = WarrantKey.publicKey(holderKey);
        }
        return lastKey;
    }

    private static Signature newSignature() {
        try {
            return Signature.getInstance("Ed25519");
        } catch (final GeneralSecurityException ex) {
            throw new IllegalStateException("Ed25519 is required by the Java SE platform (15+)", ex);
        }
    }
}
