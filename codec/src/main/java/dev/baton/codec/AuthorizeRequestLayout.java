package dev.baton.codec;

/**
 * Wire layout of an authorize request, format version 1: the holder of a warrant asks to call a tool.
 * Little-endian.
 *
 * <pre>
 *   0               1               2               3
 *  +---------------+---------------+-------------------------------+
 *  | formatVersion | type = 2      |        reserved (u16, 0)      |  0
 *  +---------------+---------------+-------------------------------+
 *  |                     presenter (i32)                           |  4
 *  +---------------------------------------------------------------+
 *  |                     requestId (i64)                           |  8
 *  +---------------------------------------------------------------+
 *  |                     timestamp (i64, epoch millis)             | 16
 *  +---------------------------------------------------------------+
 *  |                     capability (i32, index)                   | 24
 *  +---------------------------------------------------------------+
 *  |                     dataClass (i32, index)                    | 28
 *  +---------------------------------------------------------------+
 *  |                     inputDigest (32 bytes, e.g. SHA-256)      | 32
 *  +-------------------------------+-------------------------------+
 *  |  justificationLength J (u16)  |  J bytes UTF-8, J at most 1024   64
 *  +-------------------------------+-------------------------------+
 *  |  warrantLength W (u16)        |  W bytes: the presented warrant  66 + J
 *  +-------------------------------+-------------------------------+
 *  total = 68 + J + W bytes
 * </pre>
 */
public final class AuthorizeRequestLayout {
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
    /** Offset of {@code capability}. */
    public static final int CAPABILITY_OFFSET = 24;
    /** Bytes of {@code capability}. */
    public static final int CAPABILITY_LENGTH = 4;
    /** Offset of {@code dataClass}. */
    public static final int DATA_CLASS_OFFSET = 28;
    /** Bytes of {@code dataClass}. */
    public static final int DATA_CLASS_LENGTH = 4;
    /** Offset of {@code inputDigest}. */
    public static final int INPUT_DIGEST_OFFSET = 32;
    /** Bytes of {@code inputDigest}. */
    public static final int INPUT_DIGEST_LENGTH = 32;

    /** Bytes of the fixed block, up to the justification. */
    public static final int BLOCK_LENGTH = 64;
    /** Bytes of the justification length prefix. */
    public static final int JUSTIFICATION_LENGTH_LENGTH = 2;
    /** Bytes of the warrant length prefix. */
    public static final int WARRANT_LENGTH_LENGTH = 2;
    /** Most bytes of justification. */
    public static final int MAX_JUSTIFICATION_LENGTH = Utf8Text.MAX_LENGTH;
    /** Smallest request: empty justification, empty warrant. */
    public static final int MIN_LENGTH = BLOCK_LENGTH + JUSTIFICATION_LENGTH_LENGTH + WARRANT_LENGTH_LENGTH;
    /** Largest request. */
    public static final int MAX_LENGTH = MIN_LENGTH + MAX_JUSTIFICATION_LENGTH + WarrantLayout.MAX_LENGTH;

    private AuthorizeRequestLayout() {
    }
}
