package dev.baton.codec;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.StopBodyLayout.BLOCK_LENGTH;
import static dev.baton.codec.StopBodyLayout.EPOCH_MILLIS_OFFSET;

/**
 * Reads the body of a STOP journal record (layout in {@link StopBodyLayout}). {@link #wrap} validates
 * untrusted bytes before any getter reads them.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing.
 */
public final class StopBodyDecoder {
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
        final CodecError error = Bounds.checkFixed(buffer, offset, length, BLOCK_LENGTH, "stop body", detail);
        this.buffer = error == CodecError.OK ? buffer : null;
        this.offset = offset;
        return error;
    }

    /** @return when the engine stopped, epoch millis of its wall clock. */
    public long epochMillis() {
        return buffer.getLong(offset + EPOCH_MILLIS_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }
}
