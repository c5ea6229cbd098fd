package dev.baton.codec;

/**
 * Body of an IDENTITY journal record: an identity interned (or an idle one renewed), in ring order, so
 * that replay assigns the same ids. Little-endian; no version byte of its own (the enclosing record's
 * {@code formatVersion} versions it).
 *
 * <pre>
 *   0               1               2               3
 *  +---------------+---------------+---------------+---------------+
 *  |                     id (i32)                                  |  0
 *  +-------------------------------+-------------------------------+
 *  |  nameLength N (u16)           |  N bytes UTF-8: the identity     4
 *  +-------------------------------+-------------------------------+
 *  total = 6 + N bytes
 * </pre>
 */
public final class IdentityBodyLayout {
    /** Journal record type of this body. */
    public static final int RECORD_TYPE = 3;

    /** Offset of {@code id}. */
    public static final int ID_OFFSET = 0;
    /** Bytes of {@code id}. */
    public static final int ID_LENGTH = 4;

    /** Bytes of the fixed block, up to the name. */
    public static final int BLOCK_LENGTH = 4;
    /** Bytes of the name length prefix. */
    public static final int NAME_LENGTH_LENGTH = 2;
    /** Smallest body: an empty name. */
    public static final int MIN_LENGTH = BLOCK_LENGTH + NAME_LENGTH_LENGTH;
    /** Largest body: a journal record's largest body. */
    public static final int MAX_LENGTH = JournalRecordLayout.MAX_BODY_LENGTH;
    /** Most bytes of name. */
    public static final int MAX_NAME_LENGTH = MAX_LENGTH - MIN_LENGTH;

    private IdentityBodyLayout() {
    }
}
