package dev.baton.codec;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.ForeignRevocationBodyLayout.APPLIED_AT_OFFSET;
import static dev.baton.codec.ForeignRevocationBodyLayout.BLOCK_LENGTH;
import static dev.baton.codec.ForeignRevocationBodyLayout.ENGINE_ID_OFFSET;
import static dev.baton.codec.ForeignRevocationBodyLayout.EXPIRES_AT_OFFSET;
import static dev.baton.codec.ForeignRevocationBodyLayout.GRANT_ID_LENGTH;
import static dev.baton.codec.ForeignRevocationBodyLayout.GRANT_ID_OFFSET;
import static dev.baton.codec.ForeignRevocationBodyLayout.REVOKED_AT_OFFSET;
import static dev.baton.codec.ForeignRevocationBodyLayout.REVOKED_LOCAL_LENGTH;
import static dev.baton.codec.ForeignRevocationBodyLayout.REVOKED_LOCAL_OFFSET;

/**
 * Reads the body of a FOREIGN_REVOCATION journal record (layout in {@link ForeignRevocationBodyLayout}).
 * {@link #wrap} validates untrusted bytes (exact length, {@code grantId} strictly positive,
 * {@code revokedLocal} not negative) before any getter reads them.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing.
 */
public final class ForeignRevocationBodyDecoder {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private DirectBuffer buffer;
    private int offset;

    /**
     * @param buffer holding the body.
     * @param offset of the body.
     * @param length of the body; must be exact.
     * @param detail filled on failure; may be null.
     * @return {@link CodecError#OK} or what was wrong.
     */
    public CodecError wrap(final DirectBuffer buffer, final int offset, final int length, final ErrorDetail detail) {
        this.buffer = null;
        this.offset = offset;
        CodecError error = Bounds.checkFixed(buffer, offset, length, BLOCK_LENGTH, "foreign revocation body", detail);
        if (error == CodecError.OK) {
            final long grant = buffer.getLong(offset + GRANT_ID_OFFSET, LE);
            final int local = buffer.getInt(offset + REVOKED_LOCAL_OFFSET, LE);
            if (grant <= 0) {
                error = Bounds.fail(detail, CodecError.BAD_VALUE, "grantId", GRANT_ID_OFFSET, GRANT_ID_LENGTH,
                    BLOCK_LENGTH, grant);
            } else if (local < 0) {
                error = Bounds.fail(detail, CodecError.BAD_VALUE, "revokedLocal", REVOKED_LOCAL_OFFSET,
                    REVOKED_LOCAL_LENGTH, BLOCK_LENGTH, local);
            }
        }
        this.buffer = error == CodecError.OK ? buffer : null;
        return error;
    }

    /** @return the engine that issued the revoked grant. */
    public int engineId() {
        return buffer.getInt(offset + ENGINE_ID_OFFSET, LE);
    }

    /** @return the local grants newly revoked by applying it (mirrors of the grant and their descendants). */
    public int revokedLocal() {
        return buffer.getInt(offset + REVOKED_LOCAL_OFFSET, LE);
    }

    /** @return the grant's id in its engine, strictly positive. */
    public long grantId() {
        return buffer.getLong(offset + GRANT_ID_OFFSET, LE);
    }

    /** @return the grant's expiry, epoch millis: the engine keeps the revocation until then. */
    public long expiresAt() {
        return buffer.getLong(offset + EXPIRES_AT_OFFSET, LE);
    }

    /** @return when its engine revoked it, epoch millis, as the feed said. */
    public long revokedAt() {
        return buffer.getLong(offset + REVOKED_AT_OFFSET, LE);
    }

    /** @return the engine time it was applied at, epoch millis. */
    public long appliedAt() {
        return buffer.getLong(offset + APPLIED_AT_OFFSET, LE);
    }
}
