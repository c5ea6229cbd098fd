package dev.baton.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.JournalRecordLayout.BLOCK_LENGTH;
import static dev.baton.codec.JournalRecordLayout.BODY_LENGTH_OFFSET;
import static dev.baton.codec.JournalRecordLayout.FORMAT_VERSION;
import static dev.baton.codec.JournalRecordLayout.MAX_BODY_LENGTH;
import static dev.baton.codec.JournalRecordLayout.RECORD_TYPE_OFFSET;
import static dev.baton.codec.JournalRecordLayout.FLAGS_OFFSET;
import static dev.baton.codec.JournalRecordLayout.KNOWN_FLAGS;
import static dev.baton.codec.JournalRecordLayout.SEQUENCE_OFFSET;

/**
 * Writes a journal record (layout in {@link JournalRecordLayout}) up to its body; {@link
 * JournalHasher#seal} then appends the record CRC. The body is either copied in with {@link #body} or
 * encoded in place at {@link #bodyOffset()} and declared with {@link #bodyLength(int)}.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing.
 */
public final class JournalRecordEncoder {
    private MutableDirectBuffer buffer;
    private int offset;

    /**
     * @param buffer to which the encoder is attached.
     * @param offset at which the record starts.
     * @return this for chaining.
     */
    public JournalRecordEncoder wrap(final MutableDirectBuffer buffer, final int offset) {
        Bounds.requireCapacity(buffer, offset, BLOCK_LENGTH);
        this.buffer = buffer;
        this.offset = offset;
        buffer.putByte(offset, (byte)FORMAT_VERSION);
        buffer.putByte(offset + FLAGS_OFFSET, (byte)0);
        buffer.putInt(offset + BODY_LENGTH_OFFSET, 0, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param sequence position of the record in the journal.
     * @return this for chaining.
     */
    public JournalRecordEncoder sequence(final long sequence) {
        buffer.putLong(offset + SEQUENCE_OFFSET, sequence, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param recordType 0..65535; {@link JournalRecordLayout#RECORD_TYPE_DECISION} for a decision.
     * @return this.
     */
    public JournalRecordEncoder recordType(final int recordType) {
        if (recordType < 0 || recordType > 0xFFFF) {
            throw new IllegalArgumentException("recordType=" + recordType + " bound=65535");
        }
        buffer.putShort(offset + RECORD_TYPE_OFFSET, (short)recordType, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * @param flags {@link JournalRecordLayout#FLAG_PACKED} for a packed body (with {@link
     *              JournalRecordLayout#FLAG_DELTA} for one packed against the record before it), with or without
     *              {@link JournalRecordLayout#FLAG_COMPACT} for a DECISION body of compact decisions, or 0.
     * @return this for chaining.
     */
    public JournalRecordEncoder flags(final int flags) {
        if ((flags & ~KNOWN_FLAGS) != 0
            || (flags & (JournalRecordLayout.FLAG_PACKED | JournalRecordLayout.FLAG_DELTA)) == JournalRecordLayout.FLAG_DELTA) {
            throw new IllegalArgumentException("flags=" + flags + " known=" + KNOWN_FLAGS
                + " (DELTA only with PACKED)");
        }
        buffer.putByte(offset + FLAGS_OFFSET, (byte)flags);
        return this;
    }

    /** @return index in the buffer where the body starts, for encoding it in place. */
    public int bodyOffset() {
        return offset + BLOCK_LENGTH;
    }

    /**
     * Declares the length of a body encoded in place at {@link #bodyOffset()}.
     *
     * @param length 0..{@link JournalRecordLayout#MAX_BODY_LENGTH}.
     * @return this for chaining.
     */
    public JournalRecordEncoder bodyLength(final int length) {
        if (length < 0 || length > MAX_BODY_LENGTH) {
            throw new IllegalArgumentException("bodyLength=" + length + " bound=" + MAX_BODY_LENGTH);
        }
        Bounds.requireCapacity(buffer, offset + BLOCK_LENGTH, length);
        buffer.putInt(offset + BODY_LENGTH_OFFSET, length, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /**
     * Copies a body in.
     *
     * @param src    holding the body.
     * @param index  of the body in {@code src}.
     * @param length of the body, 0..{@link JournalRecordLayout#MAX_BODY_LENGTH}.
     * @return this for chaining.
     */
    public JournalRecordEncoder body(final DirectBuffer src, final int index, final int length) {
        bodyLength(length);
        if (length > 0) {
            buffer.putBytes(offset + BLOCK_LENGTH, src, index, length);
        }
        return this;
    }

    /** @return bytes the record CRC covers: block plus body. */
    public int unsealedLength() {
        return BLOCK_LENGTH + buffer.getInt(offset + BODY_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return buffer the encoder is attached to. */
    public MutableDirectBuffer buffer() {
        return buffer;
    }

    /** @return offset of the record. */
    public int offset() {
        return offset;
    }
}
