package dev.baton.codec;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.StopBodyLayout.BLOCK_LENGTH;
import static dev.baton.codec.StopBodyLayout.EPOCH_MILLIS_OFFSET;

/**
 * Writes the body of a STOP journal record (layout in {@link StopBodyLayout}).
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing.
 */
public final class StopBodyEncoder {
    private MutableDirectBuffer buffer;
    private int offset;

    /**
     * @param buffer to which the encoder is attached.
     * @param offset at which the body starts.
     * @return this for chaining.
     */
    public StopBodyEncoder wrap(final MutableDirectBuffer buffer, final int offset) {
        Bounds.requireCapacity(buffer, offset, BLOCK_LENGTH);
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * @param epochMillis when the engine stopped, epoch millis of its wall clock.
     * @return this for chaining.
     */
    public StopBodyEncoder epochMillis(final long epochMillis) {
        buffer.putLong(offset + EPOCH_MILLIS_OFFSET, epochMillis, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /** @return length of the body. */
    public int encodedLength() {
        return BLOCK_LENGTH;
    }
}
