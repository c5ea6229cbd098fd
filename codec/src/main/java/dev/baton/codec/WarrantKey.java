package dev.baton.codec;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * One key of a {@link WarrantKeyRing}: its id, its {@link SignatureSuite}, and either the HMAC pads
 * derived from a secret, or an Ed25519 public key with (to sign) its private key. Built by
 * {@link #hmacSha256}, {@link #ed25519} or {@link #ed25519Verifying}. A verifying-only Ed25519 key
 * cannot sign: holding it does not let anyone mint a warrant.
 *
 * <p>Secrets are copied, never exposed and never printed ({@link #toString} shows the id and suite).
 *
 * <p><b>Note:</b> immutable and thread-safe; built once (allocates), read without allocation.
 */
public final class WarrantKey {
    /** Bytes of a raw Ed25519 public key (RFC 8032). */
    public static final int ED25519_PUBLIC_KEY_LENGTH = 32;
    /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410), followed by the 32 raw bytes. */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    final int keyId;
    final SignatureSuite suite;
    final byte[] innerPad;
    final byte[] outerPad;
    /** SHA-256 states after the inner and outer pad blocks; null for Ed25519, or without {@link HmacMidstate}. */
    final int[] innerState;
    final int[] outerState;
    final PublicKey publicKey;
    final PrivateKey privateKey;
    private final byte[] rawPublicKey;

    private WarrantKey(final int keyId, final SignatureSuite suite, final byte[] innerPad, final byte[] outerPad,
                       final PublicKey publicKey, final PrivateKey privateKey, final byte[] rawPublicKey) {
        if (keyId < 0 || keyId > KeyRing.MAX_KEY_ID) {
            throw new IllegalArgumentException("key id=" + keyId + " bound=" + KeyRing.MAX_KEY_ID);
        }
        this.keyId = keyId;
        this.suite = suite;
        this.innerPad = innerPad;
        this.outerPad = outerPad;
        final int[][] states = null == innerPad ? null : HmacMidstate.midstates(innerPad, outerPad);
        this.innerState = null == states ? null : states[0];
        this.outerState = null == states ? null : states[1];
        this.publicKey = publicKey;
        this.privateKey = privateKey;
        this.rawPublicKey = rawPublicKey;
    }

    /**
     * An HMAC-SHA256 key: it signs and verifies, for one trust domain.
     *
     * @param keyId  0..65535.
     * @param secret at least 32 bytes, not one byte repeated ({@link KeyRing#checkSecret}); copied.
     * @return the key.
     */
    public static WarrantKey hmacSha256(final int keyId, final byte[] secret) {
        KeyRing.checkSecret(keyId, secret);
        final HmacPads pads = HmacPads.of(secret, 64, IdentityId.sha256());
        return new WarrantKey(keyId, SignatureSuite.HMAC_SHA256, pads.inner, pads.outer, null, null, null);
    }

    /**
     * An Ed25519 key that signs (the issuing engine holds it).
     *
     * @param keyId 0..65535.
     * @param pair  an Ed25519 key pair ({@code KeyPairGenerator.getInstance("Ed25519")}).
     * @return the key.
     */
    public static WarrantKey ed25519(final int keyId, final KeyPair pair) {
        final byte[] raw = rawPublicKey(pair.getPublic());
        return new WarrantKey(keyId, SignatureSuite.ED25519, null, null, pair.getPublic(), pair.getPrivate(), raw);
    }

    /**
     * The verifying half of an Ed25519 key: it verifies and cannot sign.
     *
     * @param keyId        0..65535.
     * @param rawPublicKey 32-byte raw public key; copied.
     * @return the key.
     * @throws IllegalArgumentException if the bytes are not an Ed25519 public key.
     */
    public static WarrantKey ed25519Verifying(final int keyId, final byte[] rawPublicKey) {
        final byte[] raw = rawPublicKey.clone();
        return new WarrantKey(keyId, SignatureSuite.ED25519, null, null, publicKey(raw), null, raw);
    }

    /**
     * Parses a raw Ed25519 public key.
     *
     * @param raw 32 bytes (RFC 8032 encoding).
     * @return the JCA key.
     * @throws IllegalArgumentException if the bytes are not an Ed25519 public key.
     */
    public static PublicKey publicKey(final byte[] raw) {
        if (raw.length != ED25519_PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("Ed25519 public key length=" + raw.length + " expected=32");
        }
        final byte[] der = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + raw.length);
        System.arraycopy(raw, 0, der, X509_PREFIX.length, raw.length);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (final GeneralSecurityException ex) {
            throw new IllegalArgumentException("not an Ed25519 public key", ex);
        }
    }

    /**
     * The raw 32 bytes of an Ed25519 public key.
     *
     * @param key an Ed25519 public key.
     * @return its raw encoding (a new array).
     * @throws IllegalArgumentException if it is not an Ed25519 key.
     */
    public static byte[] rawPublicKey(final PublicKey key) {
        final byte[] der = key.getEncoded();
        if (!"Ed25519".equals(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm())
            || der.length != X509_PREFIX.length + ED25519_PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
        }
        return Arrays.copyOfRange(der, X509_PREFIX.length, der.length);
    }

    /** @return the key id. */
    public int keyId() {
        return keyId;
    }

    /** @return the suite this key signs and verifies with. */
    public SignatureSuite suite() {
        return suite;
    }

    /** @return whether this key can sign (an HMAC key, or an Ed25519 key with its private half). */
    public boolean canSign() {
        return suite == SignatureSuite.HMAC_SHA256 || null != privateKey;
    }

    /** @return the raw Ed25519 public key (a copy), or null for an HMAC key, which has none to publish. */
    public byte[] rawPublicKey() {
        return null == rawPublicKey ? null : rawPublicKey.clone();
    }

    /** @return the verifying half of an Ed25519 key; null for an HMAC key (its secret is never published). */
    public WarrantKey verifyingOnly() {
        return suite == SignatureSuite.ED25519
            ? new WarrantKey(keyId, suite, null, null, publicKey, null, rawPublicKey) : null;
    }

    @Override
    public String toString() {
        return "WarrantKey{" + keyId + " " + suite + (canSign() ? " signing" : " verifying") + "}";
    }
}
