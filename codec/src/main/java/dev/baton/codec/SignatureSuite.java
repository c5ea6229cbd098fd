package dev.baton.codec;

/**
 * How a portable warrant is signed, chosen per key in the {@link WarrantKeyRing} and written in the
 * warrant's {@code suite} byte (so a verifier never guesses, and a key is only ever used with its own
 * suite).
 *
 * <p><b>Note:</b> immutable and thread-safe.
 */
public enum SignatureSuite {
    /**
     * HMAC-SHA256 truncated to 16 bytes: one trust domain, where every verifier may also mint.
     */
    HMAC_SHA256(1, 16),
    /**
     * Ed25519 (RFC 8032, the JDK's {@code EdDSA}): verifiers hold only the public key and cannot mint.
     */
    ED25519(2, 64);

    private final int code;
    private final int tagLength;

    SignatureSuite(final int code, final int tagLength) {
        this.code = code;
        this.tagLength = tagLength;
    }

    /** @return the wire code of the suite. */
    public int code() {
        return code;
    }

    /** @return bytes of the tag (truncated MAC or signature) at the end of the warrant. */
    public int tagLength() {
        return tagLength;
    }

    /**
     * The suite with a wire code.
     *
     * @param code from the wire.
     * @return the suite, or null for a code no suite has (the decoder refuses it).
     */
    public static SignatureSuite ofCode(final int code) {
        if (code == 1) {
            return HMAC_SHA256;
        }
        return code == 2 ? ED25519 : null;
    }
}
