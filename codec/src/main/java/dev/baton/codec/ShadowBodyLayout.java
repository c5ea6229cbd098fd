package dev.baton.codec;

/**
 * Body of a SHADOW journal record: a candidate policy was attached beside the live one (its text is in
 * the POLICY records just before), or detached. Between an attach and the next SHADOW record every
 * request is decided by both; only the live decision counts, and each disagreement is a
 * {@link ShadowDecisionBodyLayout SHADOW_DECISION} record. Little-endian; no version byte (the enclosing
 * record's {@code formatVersion} versions it).
 *
 * <pre>
 *   0               1               2               3
 *  +---------------+---------------+---------------+---------------+
 *  |                candidateVersion (i64)                         |  0
 *  +---------------------------------------------------------------+
 *  |                epochMillis (i64)                              |  8
 *  +---------------+-----------------------------------------------+
 *  | attached (u8) |                 reserved (7 bytes, zero)      | 16
 *  +---------------+-----------------------------------------------+
 *  total = 24 bytes
 * </pre>
 * {@code attached} is 1 for an attach, 0 for a detach (whose {@code candidateVersion} names the
 * candidate detached); any other value is malformed.
 */
public final class ShadowBodyLayout {
    /** Journal record type of this body. */
    public static final int RECORD_TYPE = 16;

    /** Offset of {@code candidateVersion}: the candidate policy's version id. */
    public static final int CANDIDATE_VERSION_OFFSET = 0;
    /** Bytes of {@code candidateVersion}. */
    public static final int CANDIDATE_VERSION_LENGTH = 8;
    /** Offset of {@code epochMillis}: the engine's wall clock when it was attached or detached. */
    public static final int EPOCH_MILLIS_OFFSET = 8;
    /** Bytes of {@code epochMillis}. */
    public static final int EPOCH_MILLIS_LENGTH = 8;
    /** Offset of {@code attached}. */
    public static final int ATTACHED_OFFSET = 16;
    /** Bytes of {@code attached}. */
    public static final int ATTACHED_LENGTH = 1;
    /** Offset of {@code reserved}: zero. */
    public static final int RESERVED_OFFSET = 17;
    /** Bytes of {@code reserved}. */
    public static final int RESERVED_LENGTH = 7;

    /** Bytes of the fixed block: the whole body. */
    public static final int BLOCK_LENGTH = 24;
    /** Smallest body. */
    public static final int MIN_LENGTH = BLOCK_LENGTH;
    /** Largest body. */
    public static final int MAX_LENGTH = BLOCK_LENGTH;

    private ShadowBodyLayout() {
    }
}
