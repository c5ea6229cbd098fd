package dev.baton.codec;

/**
 * Body of a START journal record: the engine started, and the registry settings in force. A journal
 * keeps the settings of its first START: replay and later restarts adopt them. Little-endian; no
 * version byte of its own (the enclosing record's {@code formatVersion} versions it).
 *
 * <pre>
 *   0               1               2               3
 *  +---------------+---------------+---------------+---------------+
 *  |                     epochMillis (i64)                         |  0
 *  +---------------------------------------------------------------+
 *  |                     recovered (i64, records replayed)         |  8
 *  +---------------------------------------------------------------+
 *  |                     retentionMillis (i64)                     | 16
 *  +---------------------------------------------------------------+
 *  |                     maxGrants (i32)                           | 24
 *  +---------------------------------------------------------------+
 *  |                     initialGrants (i32)                       | 28
 *  +---------------------------------------------------------------+
 *  |                     reserved (i32, 0)                         | 32
 *  +---------------------------------------------------------------+
 *  total = 36 bytes; a START written before the settings were journaled is
 *  the first 16 bytes only (LEGACY_LENGTH), and is still read
 * </pre>
 */
public final class StartBodyLayout {
    /** Journal record type of this body. */
    public static final int RECORD_TYPE = 5;

    /** Offset of {@code epochMillis}. */
    public static final int EPOCH_MILLIS_OFFSET = 0;
    /** Bytes of {@code epochMillis}. */
    public static final int EPOCH_MILLIS_LENGTH = 8;
    /** Offset of {@code recovered}. */
    public static final int RECOVERED_OFFSET = 8;
    /** Bytes of {@code recovered}. */
    public static final int RECOVERED_LENGTH = 8;
    /** Offset of {@code retentionMillis}. */
    public static final int RETENTION_MILLIS_OFFSET = 16;
    /** Bytes of {@code retentionMillis}. */
    public static final int RETENTION_MILLIS_LENGTH = 8;
    /** Offset of {@code maxGrants}. */
    public static final int MAX_GRANTS_OFFSET = 24;
    /** Bytes of {@code maxGrants}. */
    public static final int MAX_GRANTS_LENGTH = 4;
    /** Offset of {@code initialGrants}. */
    public static final int INITIAL_GRANTS_OFFSET = 28;
    /** Bytes of {@code initialGrants}. */
    public static final int INITIAL_GRANTS_LENGTH = 4;
    /** Offset of {@code reserved}. */
    public static final int RESERVED_OFFSET = 32;
    /** Bytes of {@code reserved}. */
    public static final int RESERVED_LENGTH = 4;

    /** Bytes of the fixed block: the whole body. */
    public static final int BLOCK_LENGTH = 36;
    /** Bytes of a START written before the registry settings were journaled: epochMillis and recovered. */
    public static final int LEGACY_LENGTH = RETENTION_MILLIS_OFFSET;
    /** Smallest body: a legacy START. */
    public static final int MIN_LENGTH = LEGACY_LENGTH;
    /** Largest body. */
    public static final int MAX_LENGTH = BLOCK_LENGTH;

    private StartBodyLayout() {
    }
}
