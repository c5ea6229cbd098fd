package dev.baton.codec;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.ForeignWarrantBodyLayout.BLOCK_LENGTH;
import static dev.baton.codec.ForeignWarrantBodyLayout.CHECKS_OFFSET;
import static dev.baton.codec.ForeignWarrantBodyLayout.ISSUER_ENGINE_OFFSET;
import static dev.baton.codec.ForeignWarrantBodyLayout.LOCAL_GRANT_ID_OFFSET;
import static dev.baton.codec.ForeignWarrantBodyLayout.PRESENTER_OFFSET;
import static dev.baton.codec.ForeignWarrantBodyLayout.VERIFIED_AT_OFFSET;
import static dev.baton.codec.ForeignWarrantBodyLayout.WARRANT_LENGTH_LENGTH;

/**
 * Reads the body of a FOREIGN_WARRANT journal record (layout in {@link ForeignWarrantBodyLayout}).
 * {@link #wrap} validates untrusted bytes before any getter reads them: the lengths, and the embedded
 * warrant's structure ({@link PortableWarrantDecoder}, no key: its signature was checked when it was
 * accepted), whose last hop's engine must be {@code issuerEngine}. The decoded warrant is in
 * {@link #warrant()}.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing after construction.
 */
public final class ForeignWarrantBodyDecoder {
    private final byte[] bytes = new byte[PortableWarrantLayout.MAX_LENGTH];
    private final PortableWarrantDecoder warrant = new PortableWarrantDecoder();
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
        CodecError error = Bounds.checkRegion(buffer, offset, length, detail);
        if (error == CodecError.OK) {
            error = Bounds.checkAvailable(0, BLOCK_LENGTH + WARRANT_LENGTH_LENGTH, length, "foreign warrant body block",
                detail);
        }
        if (error != CodecError.OK) {
            return error;
        }
        final int n = buffer.getShort(offset + BLOCK_LENGTH, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (n > PortableWarrantLayout.MAX_LENGTH) {
            return Bounds.fail(detail, CodecError.BAD_LENGTH, "warrantLength", BLOCK_LENGTH, WARRANT_LENGTH_LENGTH,
                PortableWarrantLayout.MAX_LENGTH, n);
        }
        error = Bounds.checkExactLength(BLOCK_LENGTH + WARRANT_LENGTH_LENGTH + n, length, "foreign warrant body", detail);
        if (error != CodecError.OK) {
            return error;
        }
        buffer.getBytes(offset + BLOCK_LENGTH + WARRANT_LENGTH_LENGTH, bytes, 0, n);
        error = warrant.wrap(bytes, 0, n, detail);
        if (error != CodecError.OK) {
            return error;
        }
        final int issuer = buffer.getInt(offset + ISSUER_ENGINE_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (warrant.engineId() != issuer) {
            return Bounds.fail(detail, CodecError.BAD_VALUE, "issuerEngine", ISSUER_ENGINE_OFFSET,
                ForeignWarrantBodyLayout.ISSUER_ENGINE_LENGTH, warrant.engineId(), issuer);
        }
        this.buffer = buffer;
        this.offset = offset;
        return CodecError.OK;
    }

    /** @return the local grant mirroring the warrant's grant. */
    public long localGrantId() {
        return buffer.getLong(offset + LOCAL_GRANT_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return engine time of the verification, epoch millis. */
    public long verifiedAt() {
        return buffer.getLong(offset + VERIFIED_AT_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return interned identity that presented it. */
    public int presenter() {
        return buffer.getInt(offset + PRESENTER_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return the engine that issued it. */
    public int issuerEngine() {
        return buffer.getInt(offset + ISSUER_ENGINE_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return the verifier's checks that ran, bit i for check i. */
    public int checks() {
        return buffer.getInt(offset + CHECKS_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return the embedded warrant, decoded (its bytes are {@link PortableWarrantDecoder#buffer()}). */
    public PortableWarrantDecoder warrant() {
        return warrant;
    }
}
