package dev.baton.codec;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.JournalRecordLayout.BLOCK_LENGTH;
import static dev.baton.codec.JournalRecordLayout.BODY_LENGTH_OFFSET;
import static dev.baton.codec.JournalRecordLayout.FORMAT_VERSION;
import static dev.baton.codec.JournalRecordLayout.MAX_BODY_LENGTH;
import static dev.baton.codec.JournalRecordLayout.RECORD_CRC_LENGTH;
import static dev.baton.codec.JournalRecordLayout.RECORD_TYPE_OFFSET;
import static dev.baton.codec.JournalRecordLayout.FLAGS_OFFSET;
import static dev.baton.codec.JournalRecordLayout.FLAG_COMPACT;
import static dev.baton.codec.JournalRecordLayout.FLAG_DELTA;
import static dev.baton.codec.JournalRecordLayout.FLAG_PACKED;
import static dev.baton.codec.JournalRecordLayout.KNOWN_FLAGS;
import static dev.baton.codec.JournalRecordLayout.SEQUENCE_OFFSET;

/**
 * Reads a journal record (layout in {@link JournalRecordLayout}). {@link #wrap} validates the structure
 * of untrusted bytes; {@link JournalHasher#verify} checks the record CRC; the SEAL records
 * ({@link JournalChain}) bind records together. The body is opaque here: decode it by its record type.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing.
 */
public final class JournalRecordDecoder {
    private DirectBuffer buffer;
    private int offset;
    private int length;

    /**
     * @param buffer holding the record.
     * @param offset of the record.
     * @param length of the record; must be exact.
     * @param detail filled on failure; may be null.
     * @return {@link CodecError#OK} or what was wrong.
     */
    public CodecError wrap(final DirectBuffer buffer, final int offset, final int length, final ErrorDetail detail) {
        this.buffer = null;
        CodecError error = Bounds.checkRegionAndVersion(buffer, offset, length, FORMAT_VERSION, detail);
        if (error != CodecError.OK) {
            return error;
        }
        final int version = buffer.getByte(offset) & 0xFF;
        if (version != FORMAT_VERSION) { // format 1 chained a SHA-256 per record: another frame altogether
            return Bounds.fail(detail, CodecError.UNSUPPORTED_VERSION, "formatVersion", 0, 1, FORMAT_VERSION, version);
        }
        error = Bounds.checkAvailable(0, BLOCK_LENGTH, length, "journal record block", detail);
        if (error != CodecError.OK) {
            return error;
        }
        final int flags = buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
        if ((flags & ~KNOWN_FLAGS) != 0 || (flags & (FLAG_PACKED | FLAG_DELTA)) == FLAG_DELTA // a delta is always packed
            || (flags & FLAG_COMPACT) != 0 && (buffer.getShort(offset + RECORD_TYPE_OFFSET, ByteOrder.LITTLE_ENDIAN)
                & 0xFFFF) != JournalRecordLayout.RECORD_TYPE_DECISION) {
            return Bounds.fail(detail, CodecError.BAD_VALUE, "flags", FLAGS_OFFSET, 1, KNOWN_FLAGS, flags);
        }
        final long bodyLength = buffer.getInt(offset + BODY_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
        if (bodyLength > MAX_BODY_LENGTH) {
            return Bounds.fail(detail, CodecError.BAD_LENGTH, "bodyLength", BODY_LENGTH_OFFSET, bodyLength, MAX_BODY_LENGTH, bodyLength);
        }
        error = Bounds.checkExactLength(BLOCK_LENGTH + (int)bodyLength + RECORD_CRC_LENGTH, length, "journal record", detail);
        if (error != CodecError.OK) {
            return error;
        }
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return CodecError.OK;
    }

    /** @return buffer of the wrapped record. */
    public DirectBuffer buffer() {
        return buffer;
    }

    /** @return offset of the wrapped record. */
    public int offset() {
        return offset;
    }

    /** @return length of the wrapped record, CRC included. */
    public int encodedLength() {
        return length;
    }

    /** @return position of the record in the journal. */
    public long sequence() {
        return buffer.getLong(offset + SEQUENCE_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return record type; {@link JournalRecordLayout#RECORD_TYPE_DECISION} for a decision. */
    public int recordType() {
        return buffer.getShort(offset + RECORD_TYPE_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    /**
     * @return the flags ({@link JournalRecordLayout#FLAG_PACKED}, {@link JournalRecordLayout#FLAG_DELTA},
     *     {@link JournalRecordLayout#FLAG_COMPACT}).
     */
    public int flags() {
        return buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
    }

    /** @return index in {@link #buffer()} of the body. */
    public int bodyOffset() {
        return offset + BLOCK_LENGTH;
    }

    /** @return bytes of body. */
    public int bodyLength() {
        return buffer.getInt(offset + BODY_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return index in {@link #buffer()} of the record CRC. */
    public int recordCrcOffset() {
        return offset + length - RECORD_CRC_LENGTH;
    }
}
