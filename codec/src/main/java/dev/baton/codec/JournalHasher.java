package dev.baton.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import static dev.baton.codec.JournalRecordLayout.RECORD_CRC_LENGTH;

/**
 * Computes and checks a journal record's check value: CRC32C over every byte of the record before it
 * (header and body); see {@link JournalRecordLayout}. The CRC finds and names a record damaged by
 * accident; what defends the journal against its writer is the SEAL chain ({@link JournalChain}).
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing after construction (a
 * record held off-heap is copied through a 512-byte scratch array).
 */
public final class JournalHasher {
    private final CRC32C crc = new CRC32C();
    private final byte[] scratch = new byte[512];

    /**
     * Appends the record CRC to the record an encoder has just written.
     *
     * @param encoder holding a complete record up to its body.
     * @return length of the sealed record.
     */
    public int seal(final JournalRecordEncoder encoder) {
        return seal(encoder.buffer(), encoder.offset(), encoder.unsealedLength());
    }

    /**
     * Appends the record CRC after {@code unsealedLength} bytes.
     *
     * @param buffer         holding the record; needs 4 more bytes.
     * @param offset         of the record.
     * @param unsealedLength block plus body.
     * @return length of the record with its CRC.
     */
    public int seal(final MutableDirectBuffer buffer, final int offset, final int unsealedLength) {
        Bounds.requireCapacity(buffer, offset, unsealedLength + RECORD_CRC_LENGTH);
        buffer.putInt(offset + unsealedLength, compute(buffer, offset, unsealedLength), ByteOrder.LITTLE_ENDIAN);
        return unsealedLength + RECORD_CRC_LENGTH;
    }

    /**
     * Checks the record CRC of a wrapped record.
     *
     * @param record wrapped with {@link CodecError#OK}.
     * @param detail filled on failure; may be null.
     * @return {@link CodecError#OK} or {@link CodecError#BAD_HASH}.
     */
    public CodecError verify(final JournalRecordDecoder record, final ErrorDetail detail) {
        final DirectBuffer buffer = record.buffer();
        if (null == buffer) {
            throw new IllegalStateException("record not wrapped: call wrap and check it returned OK");
        }
        final int covered = record.encodedLength() - RECORD_CRC_LENGTH;
        final int expected = compute(buffer, record.offset(), covered);
        final int found = buffer.getInt(record.offset() + covered, ByteOrder.LITTLE_ENDIAN);
        if (expected != found) {
            return Bounds.fail(detail, CodecError.BAD_HASH, "recordCrc", covered, RECORD_CRC_LENGTH,
                record.encodedLength(), found & 0xFFFF_FFFFL);
        }
        return CodecError.OK;
    }

    private int compute(final DirectBuffer buffer, final int offset, final int length) {
        crc.reset();
        final byte[] array = buffer.byteArray();
        if (array != null) {
            crc.update(array, buffer.wrapAdjustment() + offset, length);
        } else {
            for (int done = 0; done < length; done += scratch.length) {
                final int n = Math.min(scratch.length, length - done);
                buffer.getBytes(offset + done, scratch, 0, n);
                crc.update(scratch, 0, n);
            }
        }
        return (int)crc.getValue();
    }
}
