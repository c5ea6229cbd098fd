package dev.baton.codec;

/**
 * Result of decoding or verifying a message. {@link #OK} means success; every other constant names
 * what was wrong. {@link ErrorDetail} carries the field, offset, length and capacity.
 *
 * <p><b>Note:</b> immutable and thread-safe; returning a constant allocates nothing.
 */
public enum CodecError {
    /** The message is well formed (and, for a verified warrant, authentic and presented by its holder). */
    OK("ok"),
    /** The buffer ends before a field the message declares. */
    TRUNCATED("truncated: the buffer ends before the field"),
    /** The format version is newer than this build supports; upgrade the reader. */
    UNSUPPORTED_VERSION("unsupported format version: newer than this build reads (value = found, capacity = newest supported); upgrade the reader"),
    /** The format version is 0, which no writer produces. */
    BAD_VERSION("bad format version: 0 is never written"),
    /** A length is negative, over its bound, or disagrees with the bytes given (trailing bytes). */
    BAD_LENGTH("bad length"),
    /** A count (capability words, hops) is over its bound. */
    BAD_COUNT("bad count: over its bound"),
    /** A field holds a value the format forbids (reserved bits, wrong type, non-canonical, bad UTF-8). */
    BAD_VALUE("bad value"),
    /** The warrant's MAC does not match: it was altered or signed with another secret. */
    BAD_MAC("bad MAC: the warrant was altered or not signed by this key ring"),
    /** The warrant names a key id this key ring does not hold. */
    UNKNOWN_KEY("unknown key id"),
    /** The warrant's key was rotated out and its grace window has passed. */
    KEY_RETIRED("key retired: rotated out and past its grace window"),
    /** The warrant was presented by an identity other than its holder. */
    NOT_HOLDER("not the holder: the presenting identity is not the warrant's holder"),
    /** A portable warrant's Ed25519 signature does not verify: altered, or signed by another key. */
    BAD_SIGNATURE("bad signature: the warrant was altered or not signed by this key"),
    /** A portable warrant names a key of another suite than its own (HMAC key for an Ed25519 warrant, or back). */
    SUITE_MISMATCH("suite mismatch: the warrant's suite is not its key's suite"),
    /** A journal record's hash does not match its content. */
    BAD_HASH("bad hash: the journal record was altered");

    private final String description;

    CodecError(final String description) {
        this.description = description;
    }

    /**
     * Fixed description of this error, without the numbers of a particular failure.
     *
     * @return the description; never null.
     */
    public String description() {
        return description;
    }
}
