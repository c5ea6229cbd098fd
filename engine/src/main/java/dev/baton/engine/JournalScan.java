package dev.baton.engine;

import dev.baton.codec.CodecError;
import dev.baton.codec.JournalHasher;
import dev.baton.codec.JournalRecordDecoder;
import dev.baton.codec.JournalRecordLayout;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks the raw {@code .cq4} files of a journal directory for damage Chronicle Queue's reader cannot
 * report. That reader stops without a word at a document header marked "not complete" and skips a
 * missing roll-cycle file, so one flipped bit, a zeroed header or a deleted file would read as a shorter
 * journal that verifies, and an engine restarted on it would append where no reader reaches. The scan
 * walks the document headers of every file with plain reads, before Chronicle maps any of them.
 *
 * <pre>
 *   a .cq4 file: documents, each a 4-byte little-endian header and its bytes, 4-byte aligned
 *   +------+-------------------------------+     header: bit 31 not complete, bit 30 metadata,
 *   | hdr  | queue header (SCQStore)       |             bits 0-29 length
 *   +------+-------------------------------+
 *   | hdr  | index (metadata), or one journal record per data document ...
 *   +------+---...
 *   | 0    | end of the data; zeros to the end of the file, but for the partial bytes of an
 *   +------+ append a crash cut short (0xC0000000 instead of 0: the file was closed at a roll)
 * </pre>
 *
 * {@link #damage()} names the first of:
 * <ul>
 *   <li>a file that is empty or does not begin with a queue header;</li>
 *   <li>a document marked metadata that holds a complete record (readers pass over metadata);</li>
 *   <li>a file whose first record does not continue the sequence: the first file begins at sequence 0,
 *       each next one where the one before left off (else a roll-cycle file is missing);</li>
 *   <li>a document marked not complete, other than the end-of-file marker. This Chronicle Queue keeps a
 *       document's header 0 until the document is whole, so a writer killed mid-append leaves a zero
 *       header; this one was damaged, and a writer would append after it, out of every reader's reach;</li>
 *   <li>a complete record past the end of the data, or any non-zero byte further past it than a torn
 *       append reaches ({@link #TORN_REACH}).</li>
 * </ul>
 * The partial bytes of a torn append behind the zero header that ends the data are not damage. A file
 * that ends inside a document is a {@link #cut()}.
 * <p>
 * <b>Note:</b> immutable. {@link #of} reads the files, allocating a few buffers.
 */
public final class JournalScan {
    /**
     * How far past the end of the data a writer killed mid-append can have left bytes: a header and the
     * largest record. A writer appends at the end of the data, so leftovers of every earlier tear lie
     * within this reach too.
     */
    public static final int TORN_REACH = 4 + JournalRecordLayout.MAX_LENGTH;
    private static final int NOT_COMPLETE = 0x8000_0000;
    private static final int META_DATA = 0x4000_0000;
    private static final int LENGTH_MASK = 0x3FFF_FFFF;
    /** Chronicle's end-of-file marker, written when an appender rolls to the next cycle. */
    private static final int END_OF_FILE = NOT_COMPLETE | META_DATA;
    /** How a queue header's bytes begin: the binary-wire field {@code header: !SCQStore}. */
    private static final byte[] QUEUE_HEADER = {(byte) 0xB9, 6, 'h', 'e', 'a', 'd', 'e', 'r', (byte) 0xB6, 8,
        'S', 'C', 'Q', 'S', 't', 'o', 'r', 'e'};

    private final long first;
    private final long records;
    private final String cut;
    private final String damage;
    /** Where a later scan can continue: the last file, the records before it, where its data ended. */
    private Path lastFile;
    private long lastBase;
    private long lastEnd;
    /** How this scan is repeated from scratch (its kind and starting point). */
    private java.util.function.Function<Path, JournalScan> again;

    private JournalScan(final long first, final long records, final String cut, final String damage) {
        this.first = first;
        this.records = records;
        this.cut = cut;
        this.damage = damage;
    }

    /**
     * Scans the journal in {@code dir} (an empty or missing directory holds no record and no damage).
     *
     * @throws UncheckedIOException if a file cannot be read.
     */
    public static JournalScan of(final Path dir) {
        return scan(files(dir), 0, 0, 0, 0, 0).again(JournalScan::of);
    }

    /**
     * Scans again for records appended since, walking only what is new: the last file from where its data
     * ended, and any later file. One that found damage or a cut, or whose last file is gone, is repeated
     * whole from where it started. @param dir the same journal directory. @return the new scan.
     */
    public JournalScan next(final Path dir) {
        final List<Path> files = files(dir);
        final int last = lastFile == null ? -1 : files.indexOf(lastFile);
        if (damage != null || cut != null || last < 0) {
            return again.apply(dir);
        }
        return scan(files, last, first, lastBase, lastEnd, records - lastBase).again(again);
    }

    /**
     * Scans a journal from a point inside it: the document at byte {@code position} of {@code file} must be
     * the record of sequence {@code sequence}; earlier files are not read (they may be archived). Only the
     * files from {@code file} on are scanned, and only from {@code position} on in it, so the scan costs
     * what the tail costs.
     *
     * @param file     a file name of the journal's (it must exist).
     * @param position byte offset of a document header in it.
     * @param sequence the sequence of the record there.
     * @throws UncheckedIOException if a file cannot be read.
     */
    static JournalScan from(final Path dir, final String file, final long position, final long sequence) {
        return scan(files(dir).stream().filter(f -> f.getFileName().toString().compareTo(file) >= 0).toList(),
            0, sequence, sequence, position, 0).again(d -> from(d, file, position, sequence));
    }

    /**
     * Scans what remains of a journal whose first files may be archived: the first file left may begin at
     * any sequence ({@link #first()}); the files after it must continue it.
     *
     * @throws UncheckedIOException if a file cannot be read.
     */
    static JournalScan remaining(final Path dir) {
        return scan(files(dir), 0, -1, 0, 0, 0).again(JournalScan::remaining);
    }

    /** @return a scan that found nothing to read, starting at {@code sequence}. */
    static JournalScan none(final long sequence) {
        return new JournalScan(sequence, sequence, null, null).again(d -> none(sequence));
    }

    private JournalScan again(final java.util.function.Function<Path, JournalScan> how) {
        this.again = how;
        return this;
    }

    /**
     * Scans {@code files} from index {@code start}, whose data is known up to byte {@code from} ({@code known}
     * records there, the file's first at sequence {@code base}).
     *
     * @param first the sequence of the first record scanned, or -1 to take it from the first file.
     */
    private static JournalScan scan(final List<Path> files, final int start, final long first, final long base,
                                    final long from, final long known) {
        long records = base;
        long firstRecord = first;
        Path previous = start == 0 ? null : files.get(start - 1);
        for (int i = start; i < files.size(); i++) {
            final Path file = files.get(i);
            try (FileScan f = new FileScan(file)) {
                String damage = i == start && known > 0 ? f.walkFrom(from, known, records)
                    : f.walk(records, i == start ? from : 0);
                if (i == start && firstRecord < 0) {
                    firstRecord = Math.max(0, f.firstSequence);
                    records = firstRecord;
                }
                final long fileBase = records;
                final String gap = continuity(f, records, previous);
                if (gap != null) {
                    return new JournalScan(firstRecord, records, null, gap);
                }
                records += f.records;
                if (damage != null) {
                    return new JournalScan(firstRecord, records, null, damage);
                }
                if (f.cut != null) {
                    return new JournalScan(firstRecord, records, f.cut, null);
                }
                if (f.endHeader != END_OF_FILE || i == files.size() - 1) {
                    damage = f.tail(records);
                    if (damage != null) {
                        return new JournalScan(firstRecord, records, null, damage);
                    }
                }
                if (i == files.size() - 1) {
                    final JournalScan whole = new JournalScan(Math.max(0, firstRecord), records, null, null);
                    whole.lastFile = file;
                    whole.lastBase = fileBase;
                    whole.lastEnd = f.end;
                    return whole;
                }
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot read journal file " + file, e);
            }
            previous = file;
        }
        return new JournalScan(Math.max(0, firstRecord), records, null, null);
    }

    /** @return the {@code .cq4} files of {@code dir} in cycle (name) order; none if it is not a directory. */
    static List<Path> files(final Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".cq4")).sorted().toList();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot list journal directory " + dir, e);
        }
    }

    private static String continuity(final FileScan f, final long expected, final Path previous) {
        final long first = f.firstSequence;
        if (first < 0 || first == expected) {
            return null; // no record, or one the reader's own checks will reject
        }
        final String name = f.file.getFileName().toString();
        if (previous == null && expected != 0) {
            return "record " + expected + ": " + name + ", where the scan starts, holds sequence " + first + " where "
                + expected + " was expected";
        }
        if (previous == null) {
            return "record 0: the first journal file, " + name + ", begins at sequence " + first + ", not 0: the"
                + " roll-cycle file(s) holding records 0.." + (first - 1) + " are missing";
        }
        if (first > expected) {
            return "record " + expected + ": " + name + " begins at sequence " + first + " where " + expected
                + " was expected: the roll-cycle file(s) holding records " + expected + ".." + (first - 1)
                + ", between " + previous.getFileName() + " and " + name + ", are missing";
        }
        return "record " + expected + ": " + name + " begins at sequence " + first + " where " + expected
            + " was expected: it repeats records of " + previous.getFileName() + " (a copied or renamed file)";
    }

    /** @return the sequence of the first record scanned (0 for a whole journal). */
    long first() {
        return first;
    }

    /** @return complete records before the first damage or cut: how many a reader may read. */
    public long records() {
        return records;
    }

    /** @return where a file ends inside a document (a truncated journal), described, or null. */
    public String cut() {
        return cut;
    }

    /** @return the first damage, naming the record, file and byte offset, or null. */
    public String damage() {
        return damage;
    }

    /** One file, read through a window of plain reads. */
    private static final class FileScan implements AutoCloseable {
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

        FileScan(final Path file) throws IOException {
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
                if ((header & META_DATA) != 0 && position > 0 && byteAt(position + 4) == JournalRecordLayout.FORMAT_VERSION) {
                    final long sequence = recordAt(position, header & LENGTH_MASK);
                    if (sequence >= 0) {
                        return "record " + (base + records) + ": its document at byte " + position + " of " + name
                            + " is marked metadata (header " + hex(header) + "), yet holds a complete record (sequence "
                            + sequence + "): the file was damaged, and readers would pass over the record";
                    }
                }
                if ((header & META_DATA) == 0) {
                    if (records == 0 && (header & LENGTH_MASK) >= JournalRecordLayout.MIN_LENGTH
                        && byteAt(position + 4) == JournalRecordLayout.FORMAT_VERSION) {
                        firstSequence = longAt(position + 4 + JournalRecordLayout.SEQUENCE_OFFSET);
                    }
                    records++;
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
                    final long sequence = recordAt(q, header & LENGTH_MASK);
                    if (sequence >= 0) {
                        return new long[] {q, sequence};
                    }
                }
            }
            return null;
        }

        /** @return the sequence of the CRC-verified record in the document at {@code q}, or -1 if it holds none. */
        private long recordAt(final long q, final int length) throws IOException {
            if (length < JournalRecordLayout.MIN_LENGTH || length > JournalRecordLayout.MAX_LENGTH || q + 4 + length > size) {
                return -1;
            }
            if (record == null) {
                record = new UnsafeBuffer(new byte[JournalRecordLayout.MAX_LENGTH]);
            }
            final ByteBuffer bytes = ByteBuffer.wrap(record.byteArray(), 0, length);
            int n = 0;
            while (n >= 0 && bytes.hasRemaining()) {
                n = channel.read(bytes, q + 4 + bytes.position());
            }
            return !bytes.hasRemaining() && decoder.wrap(record, 0, length, null) == CodecError.OK
                && hasher.verify(decoder, null) == CodecError.OK ? decoder.sequence() : -1;
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
}
