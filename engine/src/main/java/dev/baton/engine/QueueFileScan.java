package dev.baton.engine;

import dev.baton.codec.CodecError;
import dev.baton.codec.JournalHasher;
import dev.baton.codec.JournalRecordDecoder;
import dev.baton.codec.JournalRecordLayout;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static dev.baton.engine.JournalScan.END_OF_FILE;
import static dev.baton.engine.JournalScan.LENGTH_MASK;
import static dev.baton.engine.JournalScan.META_DATA;
import static dev.baton.engine.JournalScan.NOT_COMPLETE;
import static dev.baton.engine.JournalScan.QUEUE_HEADER;
import static dev.baton.engine.JournalScan.TORN_REACH;

/**
 * One {@code .cq4} file of a journal, walked for {@link JournalScan} through a window of plain reads:
 * its document headers, the records inside each data document, and what lies past the end of its data.
 * <p>
 * <b>Note:</b> not thread-safe; one per file and scan. Allocates its buffers once.
 */
final class QueueFileScan implements AutoCloseable {
    private static final int WINDOW = 1 << 16;
    private static final int CHUNK = 1 << 20;
    final Path file;
    final String name;
    private final FileChannel channel;
    private final long size;
    private final ByteBuffer window = ByteBuffer.allocate(WINDOW).order(ByteOrder.LITTLE_ENDIAN);
    private long windowStart = -1;
    private int windowLength;
    private final JournalRecordDecoder decoder = new JournalRecordDecoder();
    private final JournalHasher hasher = new JournalHasher();
    private UnsafeBuffer record;
    long records;
    long firstSequence = -1;
    /** Where the data ends, and the header found there (0, a not-complete header or END_OF_FILE). */
    long end;
    int endHeader;
    String cut;

    QueueFileScan(final Path file) throws IOException {
        this.file = file;
        this.name = file.getFileName().toString();
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.size = channel.size();
    }

    /**
     * Continues a walk of this file at byte {@code from} (where its data ended at an earlier scan),
     * {@code known} records lying before it.
     */
    String walkFrom(final long from, final long known, final long base) throws IOException {
        records = known;
        return walkDocuments(from, base);
    }

    /**
     * Walks the documents from the queue header to the end of the data, counting records.
     *
     * @param from the byte offset to start at (0: the queue header, checked first).
     * @param base the sequence this file's first record should have.
     * @return damage to the queue header, or a record marked metadata, or null.
     */
    String walk(final long base, final long from) throws IOException {
        if (size == 0) {
            return "record " + base + ": " + name + " is empty (0 bytes): not a journal file (one begins with a"
                + " Chronicle Queue header)";
        }
        final int first = size < 4 ? 0 : intAt(0);
        if (!isQueueHeader(first)) {
            return "record " + base + ": " + name + " does not begin with a Chronicle Queue header (its first "
                + "word is " + hex(first) + "): it is not a journal file, or it was damaged";
        }
        return walkDocuments(from, base);
    }

    private String walkDocuments(final long start, final long base) throws IOException {
        long position = start;
        while (true) {
            if (position + 4 > size) {
                end = position;
                cut = position == size ? null : cut(position, 4);
                return null;
            }
            final int header = intAt(position);
            if (header == 0 || (header & NOT_COMPLETE) != 0) {
                end = position;
                endHeader = header;
                return null;
            }
            final long next = position + 4 + (header & LENGTH_MASK);
            if (next > size) {
                end = position;
                cut = cut(position, next - position);
                return null;
            }
            final int length = header & LENGTH_MASK;
            if ((header & META_DATA) != 0 && position > 0 && byteAt(position + 4) == JournalRecordLayout.FORMAT_VERSION) {
                final long sequence = recordsAt(position, length);
                if (sequence >= 0) {
                    return "record " + (base + records) + ": its document at byte " + position + " of " + name
                        + " is marked metadata (header " + hex(header) + "), yet holds complete records (sequence "
                        + sequence + " first): the file was damaged, and readers would pass over them";
                }
            }
            if ((header & META_DATA) == 0) {
                if (records == 0 && length >= JournalRecordLayout.MIN_LENGTH
                    && byteAt(position + 4) == JournalRecordLayout.FORMAT_VERSION) {
                    firstSequence = longAt(position + 4 + JournalRecordLayout.SEQUENCE_OFFSET);
                }
                records += recordsIn(position + 4, length);
            }
            position = (next + 3) & ~3L;
        }
    }

    private boolean isQueueHeader(final int header) throws IOException {
        final int length = header & LENGTH_MASK;
        if ((header & (NOT_COMPLETE | META_DATA)) != META_DATA || length < QUEUE_HEADER.length
            || 4L + length > size) {
            return false;
        }
        for (int i = 0; i < QUEUE_HEADER.length; i++) {
            if (byteAt(4 + i) != (QUEUE_HEADER[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks what lies past the end of the data: nothing but the partial bytes of a torn append.
     *
     * @param next the sequence the record at the end would have.
     * @return the damage, or null.
     */
    String tail(final long next) throws IOException {
        if (end + 4 > size) {
            return null;
        }
        final long[] found = completeRecordAfter(end + 4, Math.min(size, end + 4 + TORN_REACH));
        final long stray = found == null ? firstNonZero(end + 4 + TORN_REACH) : -1;
        final boolean unfinished = endHeader != 0 && endHeader != END_OF_FILE;
        if (!unfinished && found == null && stray < 0 || stillBeingWritten()) {
            return null;
        }
        final String lost = "; every record from there on is lost to readers, and an engine would append"
            + " out of their reach";
        final String follows = found == null ? "" : ", and a complete record (sequence " + found[1]
            + ") follows it at byte " + found[0];
        if (unfinished) {
            return "record " + next + ": its document at byte " + end + " of " + name + " is marked not"
                + " complete (header " + hex(endHeader) + ")" + follows + ": the file was damaged (a writer"
                + " killed mid-append leaves a zero header, never this)" + lost;
        }
        final String ends = endHeader == 0 ? "the data of " + name + " ends at byte " + end + " (a zero header)"
            : name + " is closed at byte " + end + " (an end-of-file marker)";
        if (found != null) {
            return "record " + next + ": " + ends + ", but a complete record (sequence " + found[1]
                + ") lies beyond it at byte " + found[0] + ": a header was zeroed or the file damaged" + lost;
        }
        return "record " + next + ": " + ends + ", but byte " + stray + " holds data, " + (stray - end)
            + " bytes past it, further than an append cut short by a crash reaches (" + TORN_REACH
            + " bytes): the file was damaged" + lost;
    }

    /** A writer still appending publishes the header at the end; a damaged one stays as it was. */
    private boolean stillBeingWritten() throws IOException {
        windowStart = -1;
        final int now = intAt(end);
        return now != endHeader && now != 0 && (now & NOT_COMPLETE) == 0;
    }

    /** @return {byte offset, sequence} of the first CRC-verified record whose document starts in the range. */
    private long[] completeRecordAfter(final long from, final long to) throws IOException {
        for (long q = from; q + 4 <= to; q += 4) {
            final int header = intAt(q);
            if (header != 0 && (header & (NOT_COMPLETE | META_DATA)) == 0) {
                final long sequence = recordsAt(q, header & LENGTH_MASK);
                if (sequence >= 0) {
                    return new long[] {q, sequence};
                }
            }
        }
        return null;
    }

    /**
     * @return the records a data document of {@code length} bytes at {@code start} holds, walked by their
     * headers: bytes left over that hold no whole record count as one more (the reader reports it), and so
     * does an empty document.
     */
    private long recordsIn(final long start, final int length) throws IOException {
        final long end = start + length;
        long at = start;
        long n = 0;
        while (end - at >= JournalRecordLayout.BLOCK_LENGTH) {
            final long body = intAt(at + JournalRecordLayout.BODY_LENGTH_OFFSET) & 0xFFFF_FFFFL;
            final long next = at + JournalRecordLayout.MIN_LENGTH + body;
            if (body > JournalRecordLayout.MAX_BODY_LENGTH || next > end) {
                break;
            }
            n++;
            at = next;
        }
        return at < end || n == 0 ? n + 1 : n;
    }

    /**
     * @return the sequence of the first record of the document at {@code q}, if whole records fill it
     * exactly and every CRC verifies; else -1 (bytes that merely look like a header do not).
     */
    private long recordsAt(final long q, final int length) throws IOException {
        if (length < JournalRecordLayout.MIN_LENGTH || length > Journal.MAX_DOCUMENT || q + 4 + length > size) {
            return -1;
        }
        if (record == null) {
            record = new UnsafeBuffer(new byte[Journal.MAX_DOCUMENT]);
        }
        final ByteBuffer bytes = ByteBuffer.wrap(record.byteArray(), 0, length);
        int n = 0;
        while (n >= 0 && bytes.hasRemaining()) {
            n = channel.read(bytes, q + 4 + bytes.position());
        }
        if (bytes.hasRemaining()) {
            return -1;
        }
        long first = -1;
        int at = 0;
        while (at < length) {
            final long body = length - at < JournalRecordLayout.BLOCK_LENGTH ? -1
                : record.getInt(at + JournalRecordLayout.BODY_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
            final long whole = JournalRecordLayout.MIN_LENGTH + body;
            if (body < 0 || body > JournalRecordLayout.MAX_BODY_LENGTH || at + whole > length
                || decoder.wrap(record, at, (int) whole, null) != CodecError.OK
                || hasher.verify(decoder, null) != CodecError.OK) {
                return -1;
            }
            first = first < 0 ? decoder.sequence() : first;
            at += (int) whole;
        }
        return first;
    }

    /** @return the offset of the first non-zero byte at or after {@code from}, or -1. */
    private long firstNonZero(final long from) throws IOException {
        // Direct buffers and mismatch (a vectorised compare): this runs over the rest of the file.
        final ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
        final ByteBuffer zeros = ByteBuffer.allocateDirect(CHUNK);
        long position = from;
        while (position < size) {
            chunk.clear();
            final int n = channel.read(chunk, position);
            if (n <= 0) {
                return -1;
            }
            chunk.flip();
            final int at = chunk.mismatch(zeros.clear().limit(n));
            if (at >= 0) {
                return position + at;
            }
            position += n;
        }
        return -1;
    }

    private String cut(final long start, final long length) {
        return "the file " + name + " ends at byte " + size + ", inside a document that starts at byte " + start
            + " and needs " + length + " bytes: the journal was truncated";
    }

    private int intAt(final long position) throws IOException {
        return fill(position, 4).getInt((int) (position - windowStart));
    }

    private long longAt(final long position) throws IOException {
        return fill(position, 8).getLong((int) (position - windowStart));
    }

    private int byteAt(final long position) throws IOException {
        return fill(position, 1).get((int) (position - windowStart)) & 0xFF;
    }

    private ByteBuffer fill(final long position, final int length) throws IOException {
        if (windowStart < 0 || position < windowStart || position + length > windowStart + windowLength) {
            window.clear();
            windowStart = position;
            windowLength = Math.max(0, channel.read(window, position));
            if (windowLength < length) {
                throw new IOException(name + " ends at byte " + size + ", before byte " + (position + length));
            }
        }
        return window;
    }

    private static String hex(final int word) {
        return String.format("0x%08x", word);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
