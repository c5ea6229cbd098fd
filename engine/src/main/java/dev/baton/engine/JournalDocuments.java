package dev.baton.engine;

import dev.baton.codec.JournalRecordLayout;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * The Chronicle documents of a journal as a {@link JournalReader} takes them: each read whole into the
 * reader's batch buffer, then walked record by record by the records' own headers. A document holds a
 * sealed batch, its SEAL last (what the engine writes), or one record (journals written before batch
 * documents, and the fleet's copies).
 * <p>
 * <b>Note:</b> part of one reader; not thread-safe. Allocates nothing per document; one look-ahead
 * buffer once a gap in the sequence is found.
 */
final class JournalDocuments {
    /** {@link #read}: there is no next document. */
    static final long NONE = Long.MIN_VALUE;

    private final UnsafeBuffer batch;
    /** The records of the document last read not yet taken: from {@code next} to {@code end} in the batch. */
    int next;
    int end;
    /** The Chronicle index of the document last read. */
    long index = -1;

    JournalDocuments(final UnsafeBuffer batch) {
        this.batch = batch;
    }

    /**
     * Reads the next document into the batch buffer at {@code at}.
     *
     * @param room the most bytes it may take there.
     * @return its length; {@link #NONE} if there is none; minus its length if it does not fit.
     */
    long read(final ExcerptTailer tailer, final int at, final int room) {
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return NONE;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final long remaining = bytes.readRemaining();
            if (remaining > room) {
                return -remaining;
            }
            bytes.read(batch.byteArray(), at, (int) remaining);
            index = dc.index();
            next = at;
            end = at + (int) remaining;
            return remaining;
        }
    }

    /**
     * @return the length of the record at {@code at} by its header, or -1 if the {@code available} bytes
     *     do not hold it; a header too short or too long to say is taken whole (the record check names
     *     what is wrong).
     */
    static int recordLength(final DirectBuffer buffer, final int at, final int available) {
        if (available < JournalRecordLayout.BLOCK_LENGTH) {
            return available;
        }
        final long body = buffer.getInt(at + JournalRecordLayout.BODY_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN)
            & 0xFFFF_FFFFL;
        if (body > JournalRecordLayout.MAX_BODY_LENGTH) {
            return available;
        }
        final int length = JournalRecordLayout.MIN_LENGTH + (int) body;
        return length <= available ? length : -1;
    }

    /**
     * Looks ahead for {@code sequence}: in the rest of the document last read, then in at most
     * {@code documents} more (the tailer moves on; the reader has failed by then).
     */
    boolean comesLater(final ExcerptTailer tailer, final long sequence, final int documents) {
        if (holds(batch, next, end, sequence)) {
            return true;
        }
        final UnsafeBuffer ahead = new UnsafeBuffer(new byte[JournalReader.BATCH_CAPACITY]); // once, on a broken journal
        for (int i = 0; i < documents; i++) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    return false;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                final int n = (int) Math.min(bytes.readRemaining(), JournalReader.BATCH_CAPACITY);
                bytes.read(ahead.byteArray(), 0, n);
                if (holds(ahead, 0, n, sequence)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return whether the records from {@code from} to {@code to}, walked by their headers, hold {@code sequence}. */
    private static boolean holds(final DirectBuffer buffer, final int from, final int to, final long sequence) {
        for (int at = from, n; to - at >= JournalRecordLayout.MIN_LENGTH; at += n) {
            if (buffer.getLong(at + JournalRecordLayout.SEQUENCE_OFFSET, ByteOrder.LITTLE_ENDIAN) == sequence) {
                return true;
            }
            n = recordLength(buffer, at, to - at);
            if (n < 0) {
                return false;
            }
        }
        return false;
    }
}
