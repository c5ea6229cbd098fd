package dev.baton.codec;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.ForeignRevocationBodyLayout.APPLIED_AT_OFFSET;
import static dev.baton.codec.ForeignRevocationBodyLayout.BLOCK_LENGTH;
import static dev.baton.codec.ForeignRevocationBodyLayout.ENGINE_ID_OFFSET;
import static dev.baton.codec.ForeignRevocationBodyLayout.EXPIRES_AT_OFFSET;
import static dev.baton.codec.ForeignRevocationBodyLayout.GRANT_ID_OFFSET;
import static dev.baton.codec.ForeignRevocationBodyLayout.REVOKED_AT_OFFSET;
import static dev.baton.codec.ForeignRevocationBodyLayout.REVOKED_LOCAL_OFFSET;

/**
 * Writes the body of a FOREIGN_REVOCATION journal record (layout in {@link ForeignRevocationBodyLayout}).
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing.
 */
public final class ForeignRevocationBodyEncoder {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private MutableDirectBuffer buffer;
    private int offset;

    /**
     * @param buffer to which the encoder is attached.
     * @param offset at which the body starts.
     * @return this for chaining.
     */
    public ForeignRevocationBodyEncoder wrap(final MutableDirectBuffer buffer, final int offset) {
        Bounds.requireCapacity(buffer, offset, BLOCK_LENGTH);
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * @param engineId engine that issued the revoked grant.
     * @param grantId  the grant's id there.
     * @return this for chaining.
     */
    public ForeignRevocationBodyEncoder grant(final int engineId, final long grantId) {
        buffer.putInt(offset + ENGINE_ID_OFFSET, engineId, LE);
        buffer.putLong(offset + GRANT_ID_OFFSET, grantId, LE);
        return this;
    }

    /**
     * @param expiresAt the grant's expiry, epoch millis.
     * @param revokedAt when its engine revoked it, epoch millis.
     * @param appliedAt the engine time it was applied at, epoch millis.
     * @return this for chaining.
     */
    public ForeignRevocationBodyEncoder times(final long expiresAt, final long revokedAt, final long appliedAt) {
        buffer.putLong(offset + EXPIRES_AT_OFFSET, expiresAt, LE);
        buffer.putLong(offset + REVOKED_AT_OFFSET, revokedAt, LE);
        buffer.putLong(offset + APPLIED_AT_OFFSET, appliedAt, LE);
        return this;
    }

    /**
     * @param revokedLocal local grants newly revoked by applying it, 0 or more.
     * @return the body's length.
     */
    public int revokedLocal(final int revokedLocal) {
        buffer.putInt(offset + REVOKED_LOCAL_OFFSET, revokedLocal, LE);
        return BLOCK_LENGTH;
    }
}
