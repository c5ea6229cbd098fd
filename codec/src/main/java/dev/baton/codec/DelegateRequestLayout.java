package dev.baton.codec;

/**
 * Wire layout of a delegate request, format version 1: the holder of a warrant asks to hand a sub-task
 * to another agent with a requested scope. Little-endian.
 *
 * <pre>
 *   0               1               2               3
 *  +---------------+---------------+-------------------------------+
 *  | formatVersion | type = 1      |        reserved (u16, 0)      |  0
 *  +---------------+---------------+-------------------------------+
 *  |                     presenter (i32)                           |  4
 *  +---------------------------------------------------------------+
 *  |                     requestId (i64)                           |  8
 *  +---------------------------------------------------------------+
 *  |                     timestamp (i64, epoch millis)             | 16
 *  +---------------------------------------------------------------+
 *  |                     requestedData (i64 bitset)                | 24
 *  +---------------------------------------------------------------+
 *  |                     delegatee (i32)                           | 32
 *  +---------------+-----------------------------------------------+
 *  |  capWords N   |  N x requested capability word (i64) ...        36
 *  +---------------+---------------+-------------------------------+
 *  |  warrantLength W (u16)        |  W bytes: the presented warrant  37 + 8N
 *  +-------------------------------+-------------------------------+
 *  total = 39 + 8N + W bytes
 * </pre>
 */
public final class DelegateRequestLayout {
    /** Format version this build writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    /** Offset of {@code formatVersion}. */
    public static final int FORMAT_VERSION_OFFSET = 0;
    /** Bytes of {@code formatVersion}. */
    public static final int FORMAT_VERSION_LENGTH = 1;
    /** Offset of {@code type}. */
    public static final int TYPE_OFFSET = RequestType.TYPE_OFFSET;
    /** Bytes of {@code type}. */
    public static final int TYPE_LENGTH = 1;
    /** Offset of {@code reserved}. */
    public static final int RESERVED_OFFSET = 2;
    /** Bytes of {@code reserved}. */
    public static final int RESERVED_LENGTH = 2;
    /** Offset of {@code presenter}. */
    public static final int PRESENTER_OFFSET = 4;
    /** Bytes of {@code presenter}. */
    public static final int PRESENTER_LENGTH = 4;
    /** Offset of {@code requestId}. */
    public static final int REQUEST_ID_OFFSET = 8;
    /** Bytes of {@code requestId}. */
    public static final int REQUEST_ID_LENGTH = 8;
    /** Offset of {@code timestamp}. */
    public static final int TIMESTAMP_OFFSET = 16;
    /** Bytes of {@code timestamp}. */
    public static final int TIMESTAMP_LENGTH = 8;
    /** Offset of {@code requestedData}. */
    public static final int REQUESTED_DATA_OFFSET = 24;
    /** Bytes of {@code requestedData}. */
    public static final int REQUESTED_DATA_LENGTH = 8;
    /** Offset of {@code delegatee}. */
    public static final int DELEGATEE_OFFSET = 32;
    /** Bytes of {@code delegatee}. */
    public static final int DELEGATEE_LENGTH = 4;
    /** Offset of {@code capabilityWordCount}. */
    public static final int CAPABILITY_WORD_COUNT_OFFSET = 36;
    /** Bytes of {@code capabilityWordCount}. */
    public static final int CAPABILITY_WORD_COUNT_LENGTH = 1;

    /** Bytes of the fixed block, up to the first capability word. */
    public static final int BLOCK_LENGTH = 37;
    /** Bytes of one requested capability word. */
    public static final int CAPABILITY_WORD_LENGTH = 8;
    /** Bytes of the warrant length prefix. */
    public static final int WARRANT_LENGTH_LENGTH = 2;
    /** Smallest request: no words, empty warrant. */
    public static final int MIN_LENGTH = BLOCK_LENGTH + WARRANT_LENGTH_LENGTH;
    /** Largest request: 64 words and the largest warrant. */
    public static final int MAX_LENGTH = MIN_LENGTH + ScopeWords.MAX_WORDS * CAPABILITY_WORD_LENGTH + WarrantLayout.MAX_LENGTH;

    private DelegateRequestLayout() {
    }
}
