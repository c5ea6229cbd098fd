package dev.baton.codec;

/**
 * Body of a POLICY journal record: the full text of a policy version, so that replay compiles the
 * very policy each decision was made under. A text longer than one body is split into chunks, written
 * in order; each chunk repeats the version and the file name. A chunk boundary may fall inside a UTF-8
 * character: only the joined text is UTF-8. Little-endian; no version byte of its own (the enclosing
 * record's {@code formatVersion} versions it).
 *
 * <pre>
 *   0               1               2               3
 *  +---------------+---------------+---------------+---------------+
 *  |                     versionId (i64)                           |  0
 *  +-------------------------------+-------------------------------+
 *  |        chunk (u16, from 0)    |      chunkCount (u16, >= 1)   |  8
 *  +-------------------------------+-------------------------------+
 *  |  fileNameLength F (u16)       |  F bytes UTF-8: the file name    12
 *  +-------------------------------+-------------------------------+
 *  |  textLength T (u32)                                           |  14 + F
 *  +---------------------------------------------------------------+
 *  |  T bytes: this chunk of the policy text                       |  18 + F
 *  +---------------------------------------------------------------+
 *  total = 18 + F + T bytes, at most 65536
 * </pre>
 */
public final class PolicyBodyLayout {
    /** Journal record type of this body. */
    public static final int RECORD_TYPE = 2;

    /** Offset of {@code versionId}. */
    public static final int VERSION_ID_OFFSET = 0;
    /** Bytes of {@code versionId}. */
    public static final int VERSION_ID_LENGTH = 8;
    /** Offset of {@code chunk}. */
    public static final int CHUNK_OFFSET = 8;
    /** Bytes of {@code chunk}. */
    public static final int CHUNK_LENGTH = 2;
    /** Offset of {@code chunkCount}. */
    public static final int CHUNK_COUNT_OFFSET = 10;
    /** Bytes of {@code chunkCount}. */
    public static final int CHUNK_COUNT_LENGTH = 2;

    /** Bytes of the fixed block, up to the file name. */
    public static final int BLOCK_LENGTH = 12;
    /** Bytes of the file name length prefix. */
    public static final int FILE_NAME_LENGTH_LENGTH = 2;
    /** Bytes of the text length prefix. */
    public static final int TEXT_LENGTH_LENGTH = 4;
    /** Most bytes of file name. */
    public static final int MAX_FILE_NAME_LENGTH = 0xFFFF;
    /** Smallest body: empty file name and text. */
    public static final int MIN_LENGTH = BLOCK_LENGTH + FILE_NAME_LENGTH_LENGTH + TEXT_LENGTH_LENGTH;
    /** Largest body: a journal record's largest body. */
    public static final int MAX_LENGTH = JournalRecordLayout.MAX_BODY_LENGTH;

    private PolicyBodyLayout() {
    }
}
