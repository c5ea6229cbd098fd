package dev.baton.codec;

/**
 * Body of a FOREIGN_WARRANT journal record: a portable warrant another engine issued, accepted after
 * every check passed, and the local grant that now mirrors it. Journaled just before the DECISION that
 * presented it, so that replay mirrors the same grant from these bytes alone, with no key. Little-endian;
 * no version byte of its own (the enclosing record's {@code formatVersion} versions it).
 *
 * <pre>
 *   0               1               2               3
 *  +---------------+---------------+---------------+---------------+
 *  |                     localGrantId (i64)                        |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     verifiedAt (i64, epoch millis)            |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     presenter (i32)                           | 16
 *  +---------------------------------------------------------------+
 *  |                     issuerEngine (u32)                        | 20
 *  +---------------------------------------------------------------+
 *  |                     checks (u32, bit i: verifier check i)     | 24
 *  +-------------------------------+-------------------------------+
 *  |  warrantLength N (u16)        |  N bytes: the portable warrant   28
 *  +-------------------------------+-------------------------------+
 *  total = 30 + N bytes
 * </pre>
 */
public final class ForeignWarrantBodyLayout {
    /** Journal record type of this body. */
    public static final int RECORD_TYPE = 12;

    /** Offset of {@code localGrantId}. */
    public static final int LOCAL_GRANT_ID_OFFSET = 0;
    /** Bytes of {@code localGrantId}. */
    public static final int LOCAL_GRANT_ID_LENGTH = 8;
    /** Offset of {@code verifiedAt}. */
    public static final int VERIFIED_AT_OFFSET = 8;
    /** Bytes of {@code verifiedAt}. */
    public static final int VERIFIED_AT_LENGTH = 8;
    /** Offset of {@code presenter}. */
    public static final int PRESENTER_OFFSET = 16;
    /** Bytes of {@code presenter}. */
    public static final int PRESENTER_LENGTH = 4;
    /** Offset of {@code issuerEngine}. */
    public static final int ISSUER_ENGINE_OFFSET = 20;
    /** Bytes of {@code issuerEngine}. */
    public static final int ISSUER_ENGINE_LENGTH = 4;
    /** Offset of {@code checks}. */
    public static final int CHECKS_OFFSET = 24;
    /** Bytes of {@code checks}. */
    public static final int CHECKS_LENGTH = 4;

    /** Bytes of the fixed block, up to the warrant. */
    public static final int BLOCK_LENGTH = 28;
    /** Bytes of the warrant's length prefix. */
    public static final int WARRANT_LENGTH_LENGTH = 2;
    /** Smallest body: the smallest portable warrant. */
    public static final int MIN_LENGTH = BLOCK_LENGTH + WARRANT_LENGTH_LENGTH + PortableWarrantLayout.MIN_LENGTH;
    /** Largest body: the largest portable warrant. */
    public static final int MAX_LENGTH = BLOCK_LENGTH + WARRANT_LENGTH_LENGTH + PortableWarrantLayout.MAX_LENGTH;

    private ForeignWarrantBodyLayout() {
    }
}
