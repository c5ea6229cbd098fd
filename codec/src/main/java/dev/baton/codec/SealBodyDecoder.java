package dev.baton.codec;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.SealBodyLayout.BLOCK_LENGTH;
import static dev.baton.codec.SealBodyLayout.FLAGS_OFFSET;
import static dev.baton.codec.SealBodyLayout.HEAD_LENGTH;
import static dev.baton.codec.SealBodyLayout.HEAD_OFFSET;
import static dev.baton.codec.SealBodyLayout.KNOWN_FLAGS;
import static dev.baton.codec.SealBodyLayout.MAC_LENGTH;
import static dev.baton.codec.SealBodyLayout.MAC_OFFSET;
import static dev.baton.codec.SealBodyLayout.RECORD_COUNT_OFFSET;
import static dev.baton.codec.SealBodyLayout.RESERVED_OFFSET;

/**
 * Reads the body of a SEAL journal record (layout in {@link SealBodyLayout}). {@link #wrap} validates
 * untrusted bytes (length, reserved bytes, flags) before any getter reads them; {@link JournalChain}
 * checks the head and the mac.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing.
 */
public final class SealBodyDecoder {
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
        CodecError error = Bounds.checkFixed(buffer, offset, length, BLOCK_LENGTH, "seal body", detail);
        if (error != CodecError.OK) {
            return error;
        }
        final int flags = buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
        if ((flags & ~KNOWN_FLAGS) != 0) {
            return Bounds.fail(detail, CodecError.BAD_VALUE, "flags", FLAGS_OFFSET, 1, KNOWN_FLAGS, flags);
        }
        for (int i = 0; i < SealBodyLayout.RESERVED_LENGTH; i++) {
            final int b = buffer.getByte(offset + RESERVED_OFFSET + i) & 0xFF;
            if (b != 0) {
                return Bounds.fail(detail, CodecError.BAD_VALUE, "reserved", RESERVED_OFFSET + i, 1, 0, b);
            }
        }
        this.buffer = buffer;
        this.offset = offset;
        return CodecError.OK;
    }

    /** @return the flags ({@link SealBodyLayout#FLAG_KEYED}, {@link SealBodyLayout#FLAG_VOID}). */
    public int flags() {
        return buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
    }

    /** @return records sealed: the N records right before this one. */
    public long recordCount() {
        return buffer.getInt(offset + RECORD_COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
    }

    /**
     * @param dst receives the 32-byte head.
     * @param off in {@code dst}.
     */
    public void getHead(final byte[] dst, final int off) {
        buffer.getBytes(offset + HEAD_OFFSET, dst, off, HEAD_LENGTH);
    }

    /**
     * @param dst receives the 32-byte mac.
     * @param off in {@code dst}.
     */
    public void getMac(final byte[] dst, final int off) {
        buffer.getBytes(offset + MAC_OFFSET, dst, off, MAC_LENGTH);
    }
}
