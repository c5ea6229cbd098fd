package dev.baton.codec;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.SwapBodyLayout.BLOCK_LENGTH;
import static dev.baton.codec.SwapBodyLayout.VERSION_ID_OFFSET;

/**
 * Writes the body of a SWAP journal record (layout in {@link SwapBodyLayout}).
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing.
 */
public final class SwapBodyEncoder {
    private MutableDirectBuffer buffer;
    private int offset;

    /**
     * @param buffer to which the encoder is attached.
     * @param offset at which the body starts.
     * @return this for chaining.
     */
    public SwapBodyEncoder wrap(final MutableDirectBuffer buffer, final int offset) {
        Bounds.requireCapacity(buffer, offset, BLOCK_LENGTH);
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * @param versionId the policy version switched to.
     * @return this for chaining.
     */
    public SwapBodyEncoder versionId(final long versionId) {
        buffer.putLong(offset + VERSION_ID_OFFSET, versionId, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /** @return length of the body. */
    public int encodedLength() {
        return BLOCK_LENGTH;
    }
}
