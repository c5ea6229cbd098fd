package dev.baton.codec;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.StartBodyLayout.BLOCK_LENGTH;
import static dev.baton.codec.StartBodyLayout.EPOCH_MILLIS_OFFSET;
import static dev.baton.codec.StartBodyLayout.INITIAL_GRANTS_OFFSET;
import static dev.baton.codec.StartBodyLayout.LEGACY_LENGTH;
import static dev.baton.codec.StartBodyLayout.MAX_GRANTS_OFFSET;
import static dev.baton.codec.StartBodyLayout.RECOVERED_OFFSET;
import static dev.baton.codec.StartBodyLayout.RESERVED_OFFSET;
import static dev.baton.codec.StartBodyLayout.RETENTION_MILLIS_OFFSET;

/**
 * Reads the body of a START journal record (layout in {@link StartBodyLayout}), the full form or the
 * legacy one ({@link #hasSettings()} false). {@link #wrap} validates untrusted bytes before any getter
 * reads them.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing.
 */
public final class StartBodyDecoder {
    private DirectBuffer buffer;
    private int offset;
    private int length;

    /**
     * @param buffer holding the body.
     * @param offset of the body.
     * @param length of the body; must be exact: {@link StartBodyLayout#BLOCK_LENGTH} or
     *               {@link StartBodyLayout#LEGACY_LENGTH}.
     * @param detail filled on failure; may be null.
     * @return {@link CodecError#OK} or what was wrong.
     */
    public CodecError wrap(final DirectBuffer buffer, final int offset, final int length, final ErrorDetail detail) {
        this.buffer = null;
        CodecError error = Bounds.checkRegion(buffer, offset, length, detail);
        if (error != CodecError.OK) {
            return error;
        }
        if (length != LEGACY_LENGTH) {
            error = Bounds.checkExactLength(BLOCK_LENGTH, length, "start body", detail);
            if (error != CodecError.OK) {
                return error;
            }
            final int reserved = buffer.getInt(offset + RESERVED_OFFSET, ByteOrder.LITTLE_ENDIAN);
            if (reserved != 0) {
                return Bounds.fail(detail, CodecError.BAD_VALUE, "reserved", RESERVED_OFFSET, 4, 0, reserved);
            }
        }
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return CodecError.OK;
    }

    /** @return length of the wrapped body. */
    public int encodedLength() {
        return length;
    }

    /** @return when the engine started, epoch millis of its wall clock. */
    public long epochMillis() {
        return buffer.getLong(offset + EPOCH_MILLIS_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return journal records replayed before this start. */
    public long recovered() {
        return buffer.getLong(offset + RECOVERED_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @return whether the body records the registry settings; false for a legacy START, whose
     *     settings getters answer 0.
     */
    public boolean hasSettings() {
        return length == BLOCK_LENGTH;
    }

    /** @return how long a dead grant is remembered, or 0 for a legacy START. */
    public long retentionMillis() {
        return hasSettings() ? buffer.getLong(offset + RETENTION_MILLIS_OFFSET, ByteOrder.LITTLE_ENDIAN) : 0;
    }

    /** @return the grant registry's bound, or 0 for a legacy START. */
    public int maxGrants() {
        return hasSettings() ? buffer.getInt(offset + MAX_GRANTS_OFFSET, ByteOrder.LITTLE_ENDIAN) : 0;
    }

    /** @return the grant registry's preallocated slots, or 0 for a legacy START. */
    public int initialGrants() {
        return hasSettings() ? buffer.getInt(offset + INITIAL_GRANTS_OFFSET, ByteOrder.LITTLE_ENDIAN) : 0;
    }
}
