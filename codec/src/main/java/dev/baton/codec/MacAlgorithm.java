package dev.baton.codec;

/**
 * HMAC variants a {@link KeyRing} can use. The wire carries the first {@link WarrantLayout#MAC_LENGTH}
 * bytes of the HMAC whatever the variant; the variant is configuration, not on the wire.
 */
public enum MacAlgorithm {
    /** HMAC-SHA256 (RFC 2104 with SHA-256), the default. */
    HMAC_SHA256("SHA-256", "HmacSHA256", 64, 32),
    /** HMAC-SHA384. */
    HMAC_SHA384("SHA-384", "HmacSHA384", 128, 48),
    /** HMAC-SHA512. */
    HMAC_SHA512("SHA-512", "HmacSHA512", 128, 64);

    private final String digestName;
    private final String jcaMacName;
    private final int blockLength;
    private final int digestLength;

    MacAlgorithm(final String digestName, final String jcaMacName, final int blockLength, final int digestLength) {
        this.digestName = digestName;
        this.jcaMacName = jcaMacName;
        this.blockLength = blockLength;
        this.digestLength = digestLength;
    }

    /** @return JCA name of the underlying {@link java.security.MessageDigest}. */
    public String digestName() {
        return digestName;
    }

    /** @return JCA name of the equivalent {@link javax.crypto.Mac}, which computes the same tags. */
    public String jcaMacName() {
        return jcaMacName;
    }

    /** @return block length of the hash in bytes (the HMAC key pad length). */
    public int blockLength() {
        return blockLength;
    }

    /** @return full HMAC output length in bytes. */
    public int digestLength() {
        return digestLength;
    }
}
