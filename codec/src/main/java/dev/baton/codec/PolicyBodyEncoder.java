package dev.baton.codec;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.PolicyBodyLayout.BLOCK_LENGTH;
import static dev.baton.codec.PolicyBodyLayout.CHUNK_COUNT_OFFSET;
import static dev.baton.codec.PolicyBodyLayout.CHUNK_OFFSET;
import static dev.baton.codec.PolicyBodyLayout.MAX_FILE_NAME_LENGTH;
import static dev.baton.codec.PolicyBodyLayout.MAX_LENGTH;
import static dev.baton.codec.PolicyBodyLayout.MIN_LENGTH;
import static dev.baton.codec.PolicyBodyLayout.TEXT_LENGTH_LENGTH;
import static dev.baton.codec.PolicyBodyLayout.VERSION_ID_OFFSET;

/**
 * Writes the body of a POLICY journal record (layout in {@link PolicyBodyLayout}): fixed fields in any
 * order, then {@link #fileName} and {@link #text} in that order, then {@link #encodedLength()}. Size the
 * chunks with {@link #maxTextLength(int)}.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing.
 */
public final class PolicyBodyEncoder {
    private MutableDirectBuffer buffer;
    private int offset;
    private int textAt;
    private int limit;

    /**
     * @param fileNameLength bytes of the file name as UTF-8.
     * @return the most text bytes one body with that file name can carry.
     */
    public static int maxTextLength(final int fileNameLength) {
        return MAX_LENGTH - MIN_LENGTH - fileNameLength;
    }

    /**
     * @param buffer to which the encoder is attached.
     * @param offset at which the body starts.
     * @return this for chaining.
     */
    public PolicyBodyEncoder wrap(final MutableDirectBuffer buffer, final int offset) {
        Bounds.requireCapacity(buffer, offset, BLOCK_LENGTH);
        this.buffer = buffer;
        this.offset = offset;
        this.textAt = -1;
        this.limit = -1;
        return this;
    }

    /**
     * @param versionId the policy version the text belongs to.
     * @return this for chaining.
     */
    public PolicyBodyEncoder versionId(final long versionId) {
        buffer.putLong(offset + VERSION_ID_OFFSET, versionId, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param chunk      this chunk's number, from 0.
     * @param chunkCount how many chunks the text has, 1..65535, more than {@code chunk}.
     * @return this for chaining.
     */
    public PolicyBodyEncoder chunk(final int chunk, final int chunkCount) {
        if (chunkCount < 1 || chunkCount > 0xFFFF || chunk < 0 || chunk >= chunkCount) {
            throw new IllegalArgumentException("chunk=" + chunk + " chunkCount=" + chunkCount + " bound=65535");
        }
        buffer.putShort(offset + CHUNK_OFFSET, (short)chunk, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(offset + CHUNK_COUNT_OFFSET, (short)chunkCount, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param utf8 the policy file's name, well-formed UTF-8.
     * @param off  of the name in {@code utf8}.
     * @param len  bytes, at most {@link PolicyBodyLayout#MAX_FILE_NAME_LENGTH}.
     * @return this for chaining.
     */
    public PolicyBodyEncoder fileName(final byte[] utf8, final int off, final int len) {
        textAt = offset + BLOCK_LENGTH + Utf8Text.put(buffer, offset + BLOCK_LENGTH, utf8, off, len, MAX_FILE_NAME_LENGTH);
        return this;
    }

    /**
     * @param src bytes of the policy text.
     * @param off of this chunk in {@code src}.
     * @param len bytes of this chunk, at most {@link #maxTextLength(int)} for the file name written.
     * @return this for chaining.
     */
    public PolicyBodyEncoder text(final byte[] src, final int off, final int len) {
        if (textAt < 0) {
            throw new IllegalStateException("policy body fields out of order: fileName, then text");
        }
        final int bound = MAX_LENGTH - (textAt - offset) - TEXT_LENGTH_LENGTH;
        if (off < 0 || len < 0 || len > bound || off + len > src.length) {
            throw new IllegalArgumentException("text off=" + off + " length=" + len + " bound=" + bound);
        }
        Bounds.requireCapacity(buffer, textAt, TEXT_LENGTH_LENGTH + len);
        buffer.putInt(textAt, len, ByteOrder.LITTLE_ENDIAN);
        buffer.putBytes(textAt + TEXT_LENGTH_LENGTH, src, off, len);
        limit = textAt + TEXT_LENGTH_LENGTH + len;
        return this;
    }

    /**
     * @return length of the body.
     * @throws IllegalStateException if the file name or text was not written.
     */
    public int encodedLength() {
        if (limit < 0) {
            throw new IllegalStateException("a policy body needs its file name and text");
        }
        return limit - offset;
    }
}
