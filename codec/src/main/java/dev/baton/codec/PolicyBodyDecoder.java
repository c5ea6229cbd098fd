package dev.baton.codec;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.PolicyBodyLayout.BLOCK_LENGTH;
import static dev.baton.codec.PolicyBodyLayout.CHUNK_COUNT_OFFSET;
import static dev.baton.codec.PolicyBodyLayout.CHUNK_OFFSET;
import static dev.baton.codec.PolicyBodyLayout.MAX_FILE_NAME_LENGTH;
import static dev.baton.codec.PolicyBodyLayout.TEXT_LENGTH_LENGTH;
import static dev.baton.codec.PolicyBodyLayout.VERSION_ID_OFFSET;

/**
 * Reads the body of a POLICY journal record (layout in {@link PolicyBodyLayout}). {@link #wrap}
 * validates untrusted bytes (the chunk numbering, the file name's UTF-8, the text length against the
 * body) before any getter reads them. The text chunk is opaque bytes: join the chunks, then decode.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing, except {@link #fileName()}.
 */
public final class PolicyBodyDecoder {
    private DirectBuffer buffer;
    private int offset;
    private int textAt;

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
        error = Bounds.checkAvailable(0, BLOCK_LENGTH, length, "policy body block", detail);
        if (error != CodecError.OK) {
            return error;
        }
        final int chunk = buffer.getShort(offset + CHUNK_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int chunkCount = buffer.getShort(offset + CHUNK_COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (chunk >= chunkCount) {
            return Bounds.fail(detail, CodecError.BAD_VALUE, "chunk", CHUNK_OFFSET, chunk, chunkCount, chunk);
        }
        error = Utf8Text.check(buffer, offset, BLOCK_LENGTH, length, MAX_FILE_NAME_LENGTH, "fileName", detail);
        if (error != CodecError.OK) {
            return error;
        }
        final int at = BLOCK_LENGTH + VarBytes.LENGTH_PREFIX + VarBytes.length(buffer, offset + BLOCK_LENGTH);
        error = Bounds.checkAvailable(at, TEXT_LENGTH_LENGTH, length, "textLength", detail);
        if (error != CodecError.OK) {
            return error;
        }
        final long textLength = buffer.getInt(offset + at, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
        error = Bounds.checkAvailable(at + TEXT_LENGTH_LENGTH, textLength, length, "text", detail);
        if (error != CodecError.OK) {
            return error;
        }
        error = Bounds.checkExactLength(at + TEXT_LENGTH_LENGTH + (int)textLength, length, "policy body", detail);
        if (error != CodecError.OK) {
            return error;
        }
        this.buffer = buffer;
        this.offset = offset;
        this.textAt = offset + at;
        return CodecError.OK;
    }

    /** @return buffer of the wrapped body. */
    public DirectBuffer buffer() {
        return buffer;
    }

    /** @return the policy version the text belongs to. */
    public long versionId() {
        return buffer.getLong(offset + VERSION_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return this chunk's number, from 0. */
    public int chunk() {
        return buffer.getShort(offset + CHUNK_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    /** @return how many chunks the text has, at least 1. */
    public int chunkCount() {
        return buffer.getShort(offset + CHUNK_COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    /** @return bytes of the file name. */
    public int fileNameLength() {
        return VarBytes.length(buffer, offset + BLOCK_LENGTH);
    }

    /** @return the policy file's name. Allocates. */
    public String fileName() {
        return Utf8Text.string(buffer, offset + BLOCK_LENGTH);
    }

    /** @return bytes of policy text in this chunk. */
    public int textLength() {
        return buffer.getInt(textAt, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return index in {@link #buffer()} of this chunk's first text byte. */
    public int textOffset() {
        return textAt + TEXT_LENGTH_LENGTH;
    }

    /**
     * @param dst receives this chunk's text bytes; needs {@link #textLength()} bytes from {@code off}.
     * @param off in {@code dst}.
     * @return bytes copied.
     */
    public int getText(final byte[] dst, final int off) {
        final int length = textLength();
        buffer.getBytes(textOffset(), dst, off, length);
        return length;
    }
}
