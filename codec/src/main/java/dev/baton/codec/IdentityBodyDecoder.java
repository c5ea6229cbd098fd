package dev.baton.codec;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.IdentityBodyLayout.BLOCK_LENGTH;
import static dev.baton.codec.IdentityBodyLayout.ID_OFFSET;
import static dev.baton.codec.IdentityBodyLayout.MAX_NAME_LENGTH;

/**
 * Reads the body of an IDENTITY journal record (layout in {@link IdentityBodyLayout}). {@link #wrap}
 * validates untrusted bytes, the name's UTF-8 included, before any getter reads them.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing, except {@link #name()}.
 */
public final class IdentityBodyDecoder {
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
        if (error != CodecError.OK) {
            return error;
        }
        error = Bounds.checkAvailable(0, BLOCK_LENGTH, length, "identity body block", detail);
        if (error != CodecError.OK) {
            return error;
        }
        error = Utf8Text.check(buffer, offset, BLOCK_LENGTH, length, MAX_NAME_LENGTH, "name", detail);
        if (error != CodecError.OK) {
            return error;
        }
        final int end = BLOCK_LENGTH + VarBytes.LENGTH_PREFIX + VarBytes.length(buffer, offset + BLOCK_LENGTH);
        error = Bounds.checkExactLength(end, length, "identity body", detail);
        if (error != CodecError.OK) {
            return error;
        }
        this.buffer = buffer;
        this.offset = offset;
        return CodecError.OK;
    }

    /** @return the id the identity was given. */
    public int id() {
        return buffer.getInt(offset + ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return bytes of the name. */
    public int nameLength() {
        return VarBytes.length(buffer, offset + BLOCK_LENGTH);
    }

    /**
     * @param dst receives the name's UTF-8; needs {@link #nameLength()} bytes from {@code off}.
     * @param off in {@code dst}.
     * @return bytes copied.
     */
    public int getName(final byte[] dst, final int off) {
        return Utf8Text.copy(buffer, offset + BLOCK_LENGTH, dst, off);
    }

    /** @return the identity. Allocates. */
    public String name() {
        return Utf8Text.string(buffer, offset + BLOCK_LENGTH);
    }
}
