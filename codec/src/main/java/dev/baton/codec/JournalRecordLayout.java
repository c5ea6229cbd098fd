package dev.baton.codec;

/**
 * Wire layout of a journal record, format version 2: one event, its position, and a CRC32C check
 * value. Little-endian. The body's layout follows from {@code recordType}: {@link DecisionBodyLayout}
 * (1), {@link PolicyBodyLayout} (2), {@link IdentityBodyLayout} (3), {@link SwapBodyLayout} (4),
 * {@link StartBodyLayout} (5), {@link StopBodyLayout} (6), {@link SealBodyLayout} (7), {@link ShadowBodyLayout}
 * (16), {@link ShadowDecisionBodyLayout} (17), {@link ForeignRevocationBodyLayout} (18); a reader skips a
 * type it does not know. The bodies have no version byte: this record's {@code formatVersion} versions
 * them too.
 *
 * <pre>
 *   0               1               2               3
 *  +---------------+---------------+-------------------------------+
 *  | formatVersion |     flags     |       recordType (u16)        |  0
 *  +---------------+---------------+-------------------------------+
 *  |                     bodyLength L (u32, at most 65536)         |  4
 *  +---------------------------------------------------------------+
 *  |                     sequence (u64)                            |  8
 *  +---------------------------------------------------------------+
 *  |                     body (L bytes, by recordType)             | 16
 *  +---------------------------------------------------------------+
 *  |                     recordCrc (u32)                           | 16 + L
 *  +---------------------------------------------------------------+
 *  flags bit 0 PACKED: the body is stored packed ({@link BodyPacker}); L is its packed length
 *  flags bit 1 DELTA (only with PACKED): what unpacks is the body XORed with the body of the record just
 *        before it in its batch (zero past that body's end); never on a batch's first record or a SEAL
 *  recordCrc = CRC32C(every byte before it)
 *  total = 20 + L bytes
 * </pre>
 *
 * <p>The CRC names a record damaged by accident; it is no defence against a writer. What binds the
 * records together is the chain of SEAL records ({@link SealBodyLayout}, {@link JournalChain}): every
 * batch of records ends with a SEAL holding SHA-256 over the previous SEAL's head and the batch's
 * record bytes, and an HMAC of that head under the journal key.
 */
public final class JournalRecordLayout {
    /** Format version this build writes and the only one it reads. */
    public static final int FORMAT_VERSION = 2;
    /** Record type of a DECISION body ({@link DecisionBodyLayout}); each body layout names its own {@code RECORD_TYPE}. */
    public static final int RECORD_TYPE_DECISION = 1;

    /** Offset of {@code formatVersion}. */
    public static final int FORMAT_VERSION_OFFSET = 0;
    /** Bytes of {@code formatVersion}. */
    public static final int FORMAT_VERSION_LENGTH = 1;
    /** Offset of {@code flags}. */
    public static final int FLAGS_OFFSET = 1;
    /** Bytes of {@code flags}. */
    public static final int FLAGS_LENGTH = 1;
    /** {@code flags} bit: the body is packed ({@link BodyPacker}); readers unpack it before decoding it. */
    public static final int FLAG_PACKED = 1;
    /**
     * {@code flags} bit, only with {@link #FLAG_PACKED}: the packed body is the body XORed with the body of
     * the record before it in its batch ({@link BodyPacker#xorBase} undoes it); never set on a batch's first
     * record. A reader decodes a batch's records in order.
     */
    public static final int FLAG_DELTA = 2;
    /**
     * {@code flags} bit, DECISION records only: the body (unpacked, and XORed back for a delta) is a DECISION
     * body whose children are compact decisions ({@link CompactDecisionLayout});
     * {@link CompactDecisionBodies#expand} gives the DECISION body back. A reader refuses it on another type.
     */
    public static final int FLAG_COMPACT = 4;
    /** {@code flags} bits a writer may set; a reader refuses others. */
    public static final int KNOWN_FLAGS = FLAG_PACKED | FLAG_DELTA | FLAG_COMPACT;
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

    /** Bytes of the fixed block, up to the body. */
    public static final int BLOCK_LENGTH = 16;
    /** Bytes of the record CRC. */
    public static final int RECORD_CRC_LENGTH = 4;
    /** Largest body. */
    public static final int MAX_BODY_LENGTH = 1 << 16;
    /** Smallest record: empty body. */
    public static final int MIN_LENGTH = BLOCK_LENGTH + RECORD_CRC_LENGTH;
    /** Largest record. */
    public static final int MAX_LENGTH = MIN_LENGTH + MAX_BODY_LENGTH;

    private JournalRecordLayout() {
    }
}
