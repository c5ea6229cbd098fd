package dev.baton.codec;

/**
 * Wire layout of a journal record, format version 1: one event plus the hash link that chains records.
 * Little-endian. The body's layout follows from {@code recordType}: {@link DecisionBodyLayout} (1),
 * {@link PolicyBodyLayout} (2), {@link IdentityBodyLayout} (3), {@link SwapBodyLayout} (4),
 * {@link StartBodyLayout} (5), {@link StopBodyLayout} (6); a reader skips a type it does not know.
 * The bodies have no version byte: this record's {@code formatVersion} versions them too.
 *
 * <pre>
 *   0               1               2               3
 *  +---------------+---------------+-------------------------------+
 *  | formatVersion | reserved (0)  |       recordType (u16)        |  0
 *  +---------------+---------------+-------------------------------+
 *  |                     bodyLength L (u32, at most 65536)         |  4
 *  +---------------------------------------------------------------+
 *  |                     sequence (u64)                            |  8
 *  +---------------------------------------------------------------+
 *  |                     previousHash (32 bytes)                   | 16
 *  +---------------------------------------------------------------+
 *  |                     body (L bytes, by recordType)             | 48
 *  +---------------------------------------------------------------+
 *  |                     recordHash (32 bytes)                     | 48 + L
 *  +---------------------------------------------------------------+
 *  recordHash = SHA-256(every byte before it) = SHA-256(header || previousHash || body)
 *  total = 80 + L bytes
 * </pre>
 *
 * <p>The first record of a journal has an all-zero previous hash. Changing, dropping, inserting or
 * reordering any record breaks the chain at the next record.
 */
public final class JournalRecordLayout {
    /** Format version this build writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;
    /** Record type of a DECISION body ({@link DecisionBodyLayout}); each body layout names its own {@code RECORD_TYPE}. */
    public static final int RECORD_TYPE_DECISION = 1;

    /** Offset of {@code formatVersion}. */
    public static final int FORMAT_VERSION_OFFSET = 0;
    /** Bytes of {@code formatVersion}. */
    public static final int FORMAT_VERSION_LENGTH = 1;
    /** Offset of {@code reserved}. */
    public static final int RESERVED_OFFSET = 1;
    /** Bytes of {@code reserved}. */
    public static final int RESERVED_LENGTH = 1;
    /** Offset of {@code recordType}. */
    public static final int RECORD_TYPE_OFFSET = 2;
    /** Bytes of {@code recordType}. */
    public static final int RECORD_TYPE_LENGTH = 2;
    /** Offset of {@code bodyLength}. */
    public static final int BODY_LENGTH_OFFSET = 4;
    /** Bytes of {@code bodyLength}. */
    public static final int BODY_LENGTH_LENGTH = 4;
    /** Offset of {@code sequence}. */
    public static final int SEQUENCE_OFFSET = 8;
    /** Bytes of {@code sequence}. */
    public static final int SEQUENCE_LENGTH = 8;
    /** Offset of {@code previousHash}. */
    public static final int PREVIOUS_HASH_OFFSET = 16;
    /** Bytes of {@code previousHash}. */
    public static final int PREVIOUS_HASH_LENGTH = 32;

    /** Bytes of the fixed block, up to the body. */
    public static final int BLOCK_LENGTH = 48;
    /** Bytes of the record hash. */
    public static final int RECORD_HASH_LENGTH = 32;
    /** Largest body. */
    public static final int MAX_BODY_LENGTH = 1 << 16;
    /** Smallest record: empty body. */
    public static final int MIN_LENGTH = BLOCK_LENGTH + RECORD_HASH_LENGTH;
    /** Largest record. */
    public static final int MAX_LENGTH = MIN_LENGTH + MAX_BODY_LENGTH;

    private JournalRecordLayout() {
    }
}
