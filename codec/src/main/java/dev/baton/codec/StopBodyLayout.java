package dev.baton.codec;

/**
 * Body of a STOP journal record: the engine stopped cleanly, after its last decision.
 * Little-endian. Journal bodies carry no version byte: the enclosing record's {@code formatVersion}
 * ({@link JournalRecordLayout}) versions them.
 *
 * <pre>
 *   0               1               2               3
 *  +---------------+---------------+---------------+---------------+
 *  |                     epochMillis (i64)                         |  0
 *  +---------------------------------------------------------------+
 *  total = 8 bytes
 * </pre>
 */
public final class StopBodyLayout {
    /** Journal record type of this body. */
    public static final int RECORD_TYPE = 6;

    /** Offset of {@code epochMillis}. */
    public static final int EPOCH_MILLIS_OFFSET = 0;
    /** Bytes of {@code epochMillis}. */
    public static final int EPOCH_MILLIS_LENGTH = 8;

    /** Bytes of the fixed block: the whole body. */
    public static final int BLOCK_LENGTH = 8;
    /** Smallest body. */
    public static final int MIN_LENGTH = BLOCK_LENGTH;
    /** Largest body. */
    public static final int MAX_LENGTH = BLOCK_LENGTH;

    private StopBodyLayout() {
    }
}
