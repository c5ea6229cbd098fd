package dev.baton.codec;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.IdentityBodyLayout.BLOCK_LENGTH;
import static dev.baton.codec.IdentityBodyLayout.ID_OFFSET;
import static dev.baton.codec.IdentityBodyLayout.MAX_NAME_LENGTH;

/**
 * Writes the body of an IDENTITY journal record (layout in {@link IdentityBodyLayout}): {@link #id},
 * then {@link #name}, then {@link #encodedLength()}.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing.
 */
public final class IdentityBodyEncoder {
    private MutableDirectBuffer buffer;
    private int offset;
    private int limit;

    /**
     * @param buffer to which the encoder is attached.
     * @param offset at which the body starts.
     * @return this for chaining.
     */
    public IdentityBodyEncoder wrap(final MutableDirectBuffer buffer, final int offset) {
        Bounds.requireCapacity(buffer, offset, BLOCK_LENGTH);
        this.buffer = buffer;
        this.offset = offset;
        this.limit = -1;
        return this;
    }

    /**
     * @param id the id the identity was given.
     * @return this for chaining.
     */
    public IdentityBodyEncoder id(final int id) {
        buffer.putInt(offset + ID_OFFSET, id, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param utf8 the identity, well-formed UTF-8.
     * @param off  of the name in {@code utf8}.
     * @param len  bytes, at most {@link IdentityBodyLayout#MAX_NAME_LENGTH}.
     * @return this for chaining.
     */
    public IdentityBodyEncoder name(final byte[] utf8, final int off, final int len) {
        limit = offset + BLOCK_LENGTH + Utf8Text.put(buffer, offset + BLOCK_LENGTH, utf8, off, len, MAX_NAME_LENGTH);
        return this;
    }

    /**
     * @return length of the body.
     * @throws IllegalStateException if no name was written.
     */
    public int encodedLength() {
        if (limit < 0) {
            throw new IllegalStateException("an identity body needs its name");
        }
        return limit - offset;
    }
}
