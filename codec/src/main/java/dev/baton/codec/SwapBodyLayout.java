package dev.baton.codec;

/**
 * Body of a SWAP journal record: the engine switched to a policy version, between two decisions.
 * Little-endian. Journal bodies carry no version byte: the enclosing record's {@code formatVersion}
 * ({@link JournalRecordLayout}) versions them.
 *
 * <pre>
 *   0               1               2               3
 *  +---------------+---------------+---------------+---------------+
 *  |                     versionId (i64)                           |  0
 *  +---------------------------------------------------------------+
 *  total = 8 bytes
 * </pre>
 */
public final class SwapBodyLayout {
    /** Journal record type of this body. */
    public static final int RECORD_TYPE = 4;

    /** Offset of {@code versionId}. */
    public static final int VERSION_ID_OFFSET = 0;
    /** Bytes of {@code versionId}. */
    public static final int VERSION_ID_LENGTH = 8;

    /** Bytes of the fixed block: the whole body. */
    public static final int BLOCK_LENGTH = 8;
    /** Smallest body. */
    public static final int MIN_LENGTH = BLOCK_LENGTH;
    /** Largest body. */
    public static final int MAX_LENGTH = BLOCK_LENGTH;

    private SwapBodyLayout() {
    }
}
