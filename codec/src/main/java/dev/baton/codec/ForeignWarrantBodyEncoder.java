package dev.baton.codec;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.ForeignWarrantBodyLayout.BLOCK_LENGTH;
import static dev.baton.codec.ForeignWarrantBodyLayout.CHECKS_OFFSET;
import static dev.baton.codec.ForeignWarrantBodyLayout.ISSUER_ENGINE_OFFSET;
import static dev.baton.codec.ForeignWarrantBodyLayout.LOCAL_GRANT_ID_OFFSET;
import static dev.baton.codec.ForeignWarrantBodyLayout.PRESENTER_OFFSET;
import static dev.baton.codec.ForeignWarrantBodyLayout.VERIFIED_AT_OFFSET;
import static dev.baton.codec.ForeignWarrantBodyLayout.WARRANT_LENGTH_LENGTH;

/**
 * Writes the body of a FOREIGN_WARRANT journal record (layout in {@link ForeignWarrantBodyLayout}):
 * {@link #wrap}, the fixed fields, then {@link #warrant}, which returns the body's length.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing.
 */
public final class ForeignWarrantBodyEncoder {
    private MutableDirectBuffer buffer;
    private int offset;

    /**
     * @param buffer to which the encoder is attached; room for {@link ForeignWarrantBodyLayout#MAX_LENGTH}.
     * @param offset at which the body starts.
     * @return this for chaining.
     */
    public ForeignWarrantBodyEncoder wrap(final MutableDirectBuffer buffer, final int offset) {
        Bounds.requireCapacity(buffer, offset, ForeignWarrantBodyLayout.MAX_LENGTH);
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * @param localGrantId the local grant mirroring the warrant's grant.
     * @param verifiedAt   engine time of the verification, epoch millis.
     * @param presenter    interned identity that presented it.
     * @param issuerEngine the engine that issued it (its last hop's).
     * @param checks       the verifier's checks that ran, bit i for check i.
     * @return this for chaining.
     */
    public ForeignWarrantBodyEncoder fields(final long localGrantId, final long verifiedAt, final int presenter,
                                           final int issuerEngine, final int checks) {
        buffer.putLong(offset + LOCAL_GRANT_ID_OFFSET, localGrantId, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(offset + VERIFIED_AT_OFFSET, verifiedAt, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(offset + PRESENTER_OFFSET, presenter, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(offset + ISSUER_ENGINE_OFFSET, issuerEngine, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(offset + CHECKS_OFFSET, checks, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param bytes  the verified warrant.
     * @param off    where it starts.
     * @param length its length, {@link PortableWarrantLayout#MIN_LENGTH}..{@link PortableWarrantLayout#MAX_LENGTH}.
     * @return length of the body.
     */
    public int warrant(final byte[] bytes, final int off, final int length) {
        if (length < PortableWarrantLayout.MIN_LENGTH || length > PortableWarrantLayout.MAX_LENGTH) {
            throw new IllegalArgumentException("a portable warrant has " + PortableWarrantLayout.MIN_LENGTH + ".."
                + PortableWarrantLayout.MAX_LENGTH + " bytes, found " + length);
        }
        buffer.putShort(offset + BLOCK_LENGTH, (short) length, ByteOrder.LITTLE_ENDIAN);
        buffer.putBytes(offset + BLOCK_LENGTH + WARRANT_LENGTH_LENGTH, bytes, off, length);
        return BLOCK_LENGTH + WARRANT_LENGTH_LENGTH + length;
    }
}
