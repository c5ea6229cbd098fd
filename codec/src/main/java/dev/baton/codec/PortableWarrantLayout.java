package dev.baton.codec;

/**
 * Wire layout of a portable warrant, format version 2: self-contained, so that any process holding
 * the issuer's verifying key can check it offline. All integers little-endian; {@code u*} unsigned.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  | formatVersion |     suite     |     flags     |     depth     |  0
 *  +---------------+---------------+---------------+---------------+
 *  |          keyId (u16)          |  hopCount H   |  capWords N   |  4
 *  +-------------------------------+---------------+---------------+
 *  |                 layoutFingerprint (u64)                       |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 policyVersion (i64)                           | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 issuedAt (i64, epoch millis)                  | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 ttl (u32 millis; expiry = issuedAt + ttl)     | 32
 *  +-------------------------------+-------------------------------+
 *  |          purpose (u16)        |     extensionLength (u16)     | 36
 *  +-------------------------------+-------------------------------+
 *  |                 dataClasses (i64 bitset)                      | 40
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 principal (128-bit identity id)               | 48
 *  |                               ...                             |
 *  +---------------------------------------------------------------+
 *  |  holderKey (32 bytes, Ed25519, only with FLAG_PROOF_REQUIRED)    64
 *  +---------------------------------------------------------------+
 *  |  N x capability word (i64)                                    |
 *  +---------------------------------------------------------------+
 *  |  H x hop: grantId (i64), engineId (u32), holder (16 bytes)    |
 *  +---------------------------------------------------------------+
 *  |  extensions (extensionLength bytes, in this order):           |
 *  |    constraint list (ConstraintsLayout), with FLAG_CONSTRAINTS  |
 *  |    budgetCount B (u8), B x (budget u8, remaining i64),        |
 *  |      with FLAG_BUDGETS                                        |
 *  +---------------------------------------------------------------+
 *  |  tag (16 bytes HMAC-SHA256 or 64 bytes Ed25519, per suite)    |
 *  +---------------------------------------------------------------+
 *  total = 64 + 32 (if holder key) + 8N + 28H + extensionLength + tag
 *  (typical, N = 4, H = 3, no constraint: 196 bytes with an HMAC tag, 244 with an Ed25519 signature)
 * </pre>
 *
 * <p>The hops run from the root grant (hop 0) to this grant (hop H-1): each ancestor's grant id, the
 * engine that issued it and its holder. The chain is never truncated ({@link #MAX_HOPS} is one more
 * than the deepest delegation a policy allows), so the revocation of any ancestor can be checked
 * anywhere. The last hop is this grant: its holder is the only identity that may present the warrant
 * and its engine is the issuer that signed it. Identities are {@link IdentityId}s (128-bit truncated
 * SHA-256 of the canonical identity); purpose, capability and data-class numbers are indexes into
 * the policy's name tables, which {@code layoutFingerprint} ({@link LayoutFingerprint}) pins.
 *
 * <p>The extensions carry, signed, what the grant holds beyond its scope: its argument constraints (a
 * {@link ConstraintsLayout} list, arguments by index in the policy's declaration order, which the
 * fingerprint also pins when the policy declares arguments or budgets) and a snapshot of each budget's
 * remainder at issue time (advisory: the issuing engine's ledger stays the authority). A grant with
 * neither carries no extension byte and no flag.
 */
public final class PortableWarrantLayout {
    /** Format version of portable warrants. */
    public static final int FORMAT_VERSION = 2;

    /** Offset of {@code formatVersion}. */
    public static final int FORMAT_VERSION_OFFSET = 0;
    /** Bytes of {@code formatVersion}. */
    public static final int FORMAT_VERSION_LENGTH = 1;
    /** Offset of {@code suite}. */
    public static final int SUITE_OFFSET = 1;
    /** Bytes of {@code suite}. */
    public static final int SUITE_LENGTH = 1;
    /** Offset of {@code flags}. */
    public static final int FLAGS_OFFSET = 2;
    /** Bytes of {@code flags}. */
    public static final int FLAGS_LENGTH = 1;
    /** Offset of {@code depth}. */
    public static final int DEPTH_OFFSET = 3;
    /** Bytes of {@code depth}. */
    public static final int DEPTH_LENGTH = 1;
    /** Offset of {@code keyId}. */
    public static final int KEY_ID_OFFSET = 4;
    /** Bytes of {@code keyId}. */
    public static final int KEY_ID_LENGTH = 2;
    /** Offset of {@code hopCount}. */
    public static final int HOP_COUNT_OFFSET = 6;
    /** Bytes of {@code hopCount}. */
    public static final int HOP_COUNT_LENGTH = 1;
    /** Offset of {@code capabilityWordCount}. */
    public static final int CAPABILITY_WORD_COUNT_OFFSET = 7;
    /** Bytes of {@code capabilityWordCount}. */
    public static final int CAPABILITY_WORD_COUNT_LENGTH = 1;
    /** Offset of {@code layoutFingerprint}. */
    public static final int LAYOUT_FINGERPRINT_OFFSET = 8;
    /** Bytes of {@code layoutFingerprint}. */
    public static final int LAYOUT_FINGERPRINT_LENGTH = 8;
    /** Offset of {@code policyVersion}. */
    public static final int POLICY_VERSION_OFFSET = 16;
    /** Bytes of {@code policyVersion}. */
    public static final int POLICY_VERSION_LENGTH = 8;
    /** Offset of {@code issuedAt}. */
    public static final int ISSUED_AT_OFFSET = 24;
    /** Bytes of {@code issuedAt}. */
    public static final int ISSUED_AT_LENGTH = 8;
    /** Offset of {@code ttl}. */
    public static final int TTL_OFFSET = 32;
    /** Bytes of {@code ttl}. */
    public static final int TTL_LENGTH = 4;
    /** Offset of {@code purpose}. */
    public static final int PURPOSE_OFFSET = 36;
    /** Bytes of {@code purpose}. */
    public static final int PURPOSE_LENGTH = 2;
    /** Offset of {@code extensionLength}. */
    public static final int EXTENSION_LENGTH_OFFSET = 38;
    /** Bytes of {@code extensionLength}. */
    public static final int EXTENSION_LENGTH_LENGTH = 2;
    /** Offset of {@code dataClasses}. */
    public static final int DATA_CLASSES_OFFSET = 40;
    /** Bytes of {@code dataClasses}. */
    public static final int DATA_CLASSES_LENGTH = 8;
    /** Offset of {@code principal}. */
    public static final int PRINCIPAL_OFFSET = 48;
    /** Bytes of {@code principal}. */
    public static final int PRINCIPAL_LENGTH = IdentityId.LENGTH;

    /** Bytes of the fixed block. */
    public static final int BLOCK_LENGTH = 64;

    /** Bytes of the holder's Ed25519 public key, present only with {@link #FLAG_PROOF_REQUIRED}. */
    public static final int HOLDER_KEY_LENGTH = 32;
    /** Bytes of one capability word. */
    public static final int CAPABILITY_WORD_LENGTH = 8;
    /** Most capability words: 4096 capabilities. */
    public static final int MAX_CAPABILITY_WORDS = 64;
    /** Bytes of one hop: grant id (i64), engine id (u32), holder identity id (16 bytes). */
    public static final int HOP_LENGTH = 8 + 4 + IdentityId.LENGTH;
    /** Offset of the engine id within a hop. */
    public static final int HOP_ENGINE_AT = 8;
    /** Offset of the holder within a hop. */
    public static final int HOP_HOLDER_AT = 12;
    /** Most hops: the root plus the deepest delegation a policy allows (16). */
    public static final int MAX_HOPS = 17;
    /** Bytes of {@code budgetCount}. */
    public static final int BUDGET_COUNT_LENGTH = 1;
    /** Bytes of one budget entry: the budget's index (u8) and its remainder (i64). */
    public static final int BUDGET_ENTRY_LENGTH = 1 + 8;
    /** Most budgets a warrant carries (a policy declares at most 8). */
    public static final int MAX_BUDGETS = 8;
    /** Most extension bytes: the longest constraint list and every budget. */
    public static final int MAX_EXTENSION_LENGTH = ConstraintsLayout.MAX_LENGTH + BUDGET_COUNT_LENGTH
        + MAX_BUDGETS * BUDGET_ENTRY_LENGTH;
    /** Bytes of an HMAC-SHA256 tag (truncated). */
    public static final int HMAC_TAG_LENGTH = 16;
    /** Bytes of an Ed25519 signature. */
    public static final int SIGNATURE_LENGTH = 64;

    /** Smallest warrant: one hop, no capability, an HMAC tag. */
    public static final int MIN_LENGTH = BLOCK_LENGTH + HOP_LENGTH + HMAC_TAG_LENGTH;
    /** Largest warrant: holder key, 64 capability words, 17 hops, the longest extensions, a signature. */
    public static final int MAX_LENGTH = BLOCK_LENGTH + HOLDER_KEY_LENGTH
        + MAX_CAPABILITY_WORDS * CAPABILITY_WORD_LENGTH + MAX_HOPS * HOP_LENGTH + MAX_EXTENSION_LENGTH
        + SIGNATURE_LENGTH;

    /** An emergency grant, always reviewed afterwards. */
    public static final int FLAG_BREAK_GLASS = 1;
    /** The holder is outside the root holder's trust domain. */
    public static final int FLAG_EXTERNAL = 1 << 1;
    /** A reviewer approved the grant. */
    public static final int FLAG_REVIEWED = 1 << 2;
    /** The holder's key follows the block; every presentation must carry the holder's proof. */
    public static final int FLAG_PROOF_REQUIRED = 1 << 3;
    /** A constraint list leads the extensions; a verifier checks a call's arguments against it. */
    public static final int FLAG_CONSTRAINTS = 1 << 4;
    /** A budget snapshot follows the constraint list (if any) in the extensions. */
    public static final int FLAG_BUDGETS = 1 << 5;
    /** Flags defined in version 2; other bits must be zero. */
    public static final int KNOWN_FLAGS = FLAG_BREAK_GLASS | FLAG_EXTERNAL | FLAG_REVIEWED | FLAG_PROOF_REQUIRED
        | FLAG_CONSTRAINTS | FLAG_BUDGETS;

    /** Largest ttl: the u32 field in millis, about 49.7 days. */
    public static final long MAX_TTL_MILLIS = 0xFFFF_FFFFL;

    private PortableWarrantLayout() {
    }

    /**
     * Encoded length of a signed warrant.
     *
     * @param holderKey       whether the holder's key is carried.
     * @param capabilityWords words after trimming, 0..64.
     * @param hops            hops, 1..17.
     * @param suite           the signing suite (tag length).
     * @return bytes including the tag.
     */
    public static int encodedLength(
        final boolean holderKey, final int capabilityWords, final int hops, final SignatureSuite suite) {
        return unsignedLength(holderKey, capabilityWords, hops) + suite.tagLength();
    }

    /**
     * Bytes of the extensions.
     *
     * @param constraintsLength bytes of the constraint list, 0 for none.
     * @param budgets           budgets carried, 0..8.
     * @return {@code extensionLength}.
     */
    public static int extensionLength(final int constraintsLength, final int budgets) {
        return constraintsLength + (budgets == 0 ? 0 : BUDGET_COUNT_LENGTH + budgets * BUDGET_ENTRY_LENGTH);
    }

    /**
     * Bytes before the tag.
     *
     * @param holderKey       whether the holder's key is carried.
     * @param capabilityWords words after trimming.
     * @param hops            hops.
     * @return bytes covered by the tag.
     */
    public static int unsignedLength(final boolean holderKey, final int capabilityWords, final int hops) {
        return BLOCK_LENGTH + (holderKey ? HOLDER_KEY_LENGTH : 0) + capabilityWords * CAPABILITY_WORD_LENGTH
            + hops * HOP_LENGTH;
    }
}
