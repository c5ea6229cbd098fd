package dev.baton.codec;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.StartBodyLayout.BLOCK_LENGTH;
import static dev.baton.codec.StartBodyLayout.EPOCH_MILLIS_OFFSET;
import static dev.baton.codec.StartBodyLayout.INITIAL_GRANTS_OFFSET;
import static dev.baton.codec.StartBodyLayout.MAX_GRANTS_OFFSET;
import static dev.baton.codec.StartBodyLayout.RECOVERED_OFFSET;
import static dev.baton.codec.StartBodyLayout.RETENTION_MILLIS_OFFSET;

/**
 * Writes the body of a START journal record (layout in {@link StartBodyLayout}); always the full
 * {@link StartBodyLayout#BLOCK_LENGTH}, never the legacy form.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing.
 */
public final class StartBodyEncoder {
    private MutableDirectBuffer buffer;
    private int offset;

    /**
     * Attaches to a buffer and zeroes the body (so {@code reserved} is 0).
     *
     * @param buffer to which the encoder is attached.
     * @param offset at which the body starts.
     * @return this for chaining.
     */
    public StartBodyEncoder wrap(final MutableDirectBuffer buffer, final int offset) {
        Bounds.requireCapacity(buffer, offset, BLOCK_LENGTH);
        this.buffer = buffer;
        this.offset = offset;
        buffer.setMemory(offset, BLOCK_LENGTH, (byte)0);
        return this;
    }

    /**
     * @param epochMillis when the engine started, epoch millis of its wall clock.
     * @return this for chaining.
     */
    public StartBodyEncoder epochMillis(final long epochMillis) {
        buffer.putLong(offset + EPOCH_MILLIS_OFFSET, epochMillis, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param recovered journal records replayed before this start.
     * @return this for chaining.
     */
    public StartBodyEncoder recovered(final long recovered) {
        buffer.putLong(offset + RECOVERED_OFFSET, recovered, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param retentionMillis how long a dead grant is remembered.
     * @return this for chaining.
     */
    public StartBodyEncoder retentionMillis(final long retentionMillis) {
        buffer.putLong(offset + RETENTION_MILLIS_OFFSET, retentionMillis, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param maxGrants the grant registry's bound.
     * @return this for chaining.
     */
    public StartBodyEncoder maxGrants(final int maxGrants) {
        buffer.putInt(offset + MAX_GRANTS_OFFSET, maxGrants, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param initialGrants the grant registry's preallocated slots.
     * @return this for chaining.
     */
    public StartBodyEncoder initialGrants(final int initialGrants) {
        buffer.putInt(offset + INITIAL_GRANTS_OFFSET, initialGrants, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /** @return length of the body. */
    public int encodedLength() {
        return BLOCK_LENGTH;
    }
}
