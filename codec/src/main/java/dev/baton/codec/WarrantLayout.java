package dev.baton.codec;

/**
 * Wire layout of a warrant, format version 1. All integers little-endian; {@code u*} unsigned.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  | formatVersion |     flags     |            keyId (u16)        |  0
 *  +---------------+---------------+-------------------------------+
 *  |                     principal (i32)                           |  4
 *  +---------------------------------------------------------------+
 *  |                     grantId (i64)                             |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     parentId (i64, 0 for a root grant)        | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     rootId (i64)                              | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     issuedAt (i64, epoch millis)              | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     policyVersion (i64)                       | 40
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     dataClasses (i64 bitset)                  | 48
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     holder (i32)                              | 56
 *  +---------------------------------------------------------------+
 *  |                     purpose (i32)                             | 60
 *  +---------------------------------------------------------------+
 *  |                     ttl (u32 millis; expiry = issuedAt + ttl) | 64
 *  +---------------+---------------+-------------------------------+
 *  |     depth     |  capWords N   |  N x capability word (i64) ...  68
 *  +---------------+---------------+-------------------------------+
 *  |  hopCount H   |  H x (identity i32, purpose i32) ...            70 + 8N
 *  +---------------+-----------------------------------------------+
 *  |                     mac (16 bytes)                            |  71 + 8N + 8H
 *  +---------------------------------------------------------------+
 *  total = 87 + 8N + 8H bytes (typical: N = 4, H = 3: 143 bytes)
 * </pre>
 *
 * <p>{@code capWords} are the capability bitset with trailing zero words trimmed (at most 64 words,
 * 4096 capabilities). The hops are the holders of the grants from the root grant down to this one,
 * each with the purpose it held; when the chain is longer than {@link #MAX_HOPS}, only the last
 * {@code MAX_HOPS} are kept and {@link #FLAG_CHAIN_TRUNCATED} is set. The MAC is HMAC over every byte
 * before it, truncated to 16 bytes (see {@link WarrantAuthenticator}).
 */
public final class WarrantLayout {
    /** Format version this build writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    /** Offset of {@code formatVersion}. */
    public static final int FORMAT_VERSION_OFFSET = 0;
    /** Bytes of {@code formatVersion}. */
    public static final int FORMAT_VERSION_LENGTH = 1;
    /** Offset of {@code flags}. */
    public static final int FLAGS_OFFSET = 1;
    /** Bytes of {@code flags}. */
    public static final int FLAGS_LENGTH = 1;
    /** Offset of {@code keyId}. */
    public static final int KEY_ID_OFFSET = 2;
    /** Bytes of {@code keyId}. */
    public static final int KEY_ID_LENGTH = 2;
    /** Offset of {@code principal}. */
    public static final int PRINCIPAL_OFFSET = 4;
    /** Bytes of {@code principal}. */
    public static final int PRINCIPAL_LENGTH = 4;
    /** Offset of {@code grantId}. */
    public static final int GRANT_ID_OFFSET = 8;
    /** Bytes of {@code grantId}. */
    public static final int GRANT_ID_LENGTH = 8;
    /** Offset of {@code parentId}. */
    public static final int PARENT_ID_OFFSET = 16;
    /** Bytes of {@code parentId}. */
    public static final int PARENT_ID_LENGTH = 8;
    /** Offset of {@code rootId}. */
    public static final int ROOT_ID_OFFSET = 24;
    /** Bytes of {@code rootId}. */
    public static final int ROOT_ID_LENGTH = 8;
    /** Offset of {@code issuedAt}. */
    public static final int ISSUED_AT_OFFSET = 32;
    /** Bytes of {@code issuedAt}. */
    public static final int ISSUED_AT_LENGTH = 8;
    /** Offset of {@code policyVersion}. */
    public static final int POLICY_VERSION_OFFSET = 40;
    /** Bytes of {@code policyVersion}. */
    public static final int POLICY_VERSION_LENGTH = 8;
    /** Offset of {@code dataClasses}. */
    public static final int DATA_CLASSES_OFFSET = 48;
    /** Bytes of {@code dataClasses}. */
    public static final int DATA_CLASSES_LENGTH = 8;
    /** Offset of {@code holder}. */
    public static final int HOLDER_OFFSET = 56;
    /** Bytes of {@code holder}. */
    public static final int HOLDER_LENGTH = 4;
    /** Offset of {@code purpose}. */
    public static final int PURPOSE_OFFSET = 60;
    /** Bytes of {@code purpose}. */
    public static final int PURPOSE_LENGTH = 4;
    /** Offset of {@code ttl}. */
    public static final int TTL_OFFSET = 64;
    /** Bytes of {@code ttl}. */
    public static final int TTL_LENGTH = 4;
    /** Offset of {@code depth}. */
    public static final int DEPTH_OFFSET = 68;
    /** Bytes of {@code depth}. */
    public static final int DEPTH_LENGTH = 1;
    /** Offset of {@code capabilityWordCount}. */
    public static final int CAPABILITY_WORD_COUNT_OFFSET = 69;
    /** Bytes of {@code capabilityWordCount}. */
    public static final int CAPABILITY_WORD_COUNT_LENGTH = 1;

    /** Bytes of the fixed block, up to the first capability word. */
    public static final int BLOCK_LENGTH = 70;

    /** Bytes of one capability word. */
    public static final int CAPABILITY_WORD_LENGTH = 8;
    /** Most capability words: 4096 capabilities. */
    public static final int MAX_CAPABILITY_WORDS = ScopeWords.MAX_WORDS;
    /** Bytes of the hop count. */
    public static final int HOP_COUNT_LENGTH = 1;
    /** Bytes of one hop: identity (i32) then purpose (i32). */
    public static final int HOP_LENGTH = 8;
    /** Most hops carried; longer chains keep their last hops. */
    public static final int MAX_HOPS = 8;
    /** Bytes of the truncated MAC. */
    public static final int MAC_LENGTH = 16;

    /** Smallest warrant: no capability words, no hops. */
    public static final int MIN_LENGTH = BLOCK_LENGTH + HOP_COUNT_LENGTH + MAC_LENGTH;
    /** Largest warrant: 64 capability words, 8 hops. */
    public static final int MAX_LENGTH =
        MIN_LENGTH + MAX_CAPABILITY_WORDS * CAPABILITY_WORD_LENGTH + MAX_HOPS * HOP_LENGTH;

    /** An emergency grant, always reviewed afterwards. */
    public static final int FLAG_BREAK_GLASS = 1;
    /** The holder is outside the root holder's trust domain. */
    public static final int FLAG_EXTERNAL = 1 << 1;
    /** A reviewer approved the grant. */
    public static final int FLAG_REVIEWED = 1 << 2;
    /** The chain had more than {@link #MAX_HOPS} hops; the first ones were dropped. */
    public static final int FLAG_CHAIN_TRUNCATED = 1 << 3;
    /** Flags defined in version 1; other bits must be zero. */
    public static final int KNOWN_FLAGS = FLAG_BREAK_GLASS | FLAG_EXTERNAL | FLAG_REVIEWED | FLAG_CHAIN_TRUNCATED;

    /** Largest ttl: the u32 field in millis, about 49.7 days. */
    public static final long MAX_TTL_MILLIS = 0xFFFF_FFFFL;

    private WarrantLayout() {
    }

    /**
     * Encoded length of a signed warrant.
     *
     * @param capabilityWords words after trimming, 0..64.
     * @param hops            hops carried, 0..8.
     * @return bytes including the MAC.
     */
    public static int encodedLength(final int capabilityWords, final int hops) {
        return MIN_LENGTH + capabilityWords * CAPABILITY_WORD_LENGTH + hops * HOP_LENGTH;
    }
}
