package dev.baton.codec;

/**
 * Body of a FOREIGN_REVOCATION journal record: a revocation of another engine's grant (from the fleet's
 * revocation feed) applied by this engine on its ring, in ring order with its decisions. From then on the
 * foreign grant is in the engine's set of known-revoked foreign grants until {@code expiresAt}, and the local
 * mirrors of it or of any descendant of it (and their local descendants) are revoked. Replay applies it
 * again and requires the same count of local grants revoked. Little-endian; no version byte (the enclosing
 * record's {@code formatVersion} versions it).
 *
 * <pre>
 *   0               1               2               3
 *  +---------------+---------------+---------------+---------------+
 *  |                engineId (u32)                                 |  0
 *  +---------------------------------------------------------------+
 *  |                revokedLocal (i32, 0 or more)                  |  4
 *  +---------------------------------------------------------------+
 *  |                grantId (i64, in engineId)                     |  8
 *  |                expiresAt (i64, epoch millis)                  | 16
 *  |                revokedAt (i64, epoch millis)                  | 24
 *  |                appliedAt (i64, engine time, epoch millis)     | 32
 *  +---------------------------------------------------------------+
 *  total = 40 bytes
 * </pre>
 * A negative {@code revokedLocal}, or a {@code grantId} that is not strictly positive, is malformed.
 */
public final class ForeignRevocationBodyLayout {
    /** Journal record type of this body. */
    public static final int RECORD_TYPE = 18;

    /** Offset of {@code engineId}: the engine that issued (and revoked) the grant. */
    public static final int ENGINE_ID_OFFSET = 0;
    /** Bytes of {@code engineId}. */
    public static final int ENGINE_ID_LENGTH = 4;
    /** Offset of {@code revokedLocal}: local grants newly revoked by applying it (mirrors and descendants). */
    public static final int REVOKED_LOCAL_OFFSET = 4;
    /** Bytes of {@code revokedLocal}. */
    public static final int REVOKED_LOCAL_LENGTH = 4;
    /** Offset of {@code grantId}: the grant's id in its engine. */
    public static final int GRANT_ID_OFFSET = 8;
    /** Bytes of {@code grantId}. */
    public static final int GRANT_ID_LENGTH = 8;
    /** Offset of {@code expiresAt}: the grant's expiry; the engine forgets the revocation then. */
    public static final int EXPIRES_AT_OFFSET = 16;
    /** Bytes of {@code expiresAt}. */
    public static final int EXPIRES_AT_LENGTH = 8;
    /** Offset of {@code revokedAt}: when its engine revoked it, as the feed says. */
    public static final int REVOKED_AT_OFFSET = 24;
    /** Bytes of {@code revokedAt}. */
    public static final int REVOKED_AT_LENGTH = 8;
    /** Offset of {@code appliedAt}: the engine time it was applied at (replay sets its clock to it). */
    public static final int APPLIED_AT_OFFSET = 32;
    /** Bytes of {@code appliedAt}. */
    public static final int APPLIED_AT_LENGTH = 8;

    /** Bytes of the fixed block: the whole body. */
    public static final int BLOCK_LENGTH = 40;
    /** Smallest body. */
    public static final int MIN_LENGTH = BLOCK_LENGTH;
    /** Largest body. */
    public static final int MAX_LENGTH = BLOCK_LENGTH;

    private ForeignRevocationBodyLayout() {
    }
}
