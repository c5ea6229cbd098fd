package dev.baton.engine;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 *   | hdr  | index (metadata), or a data document: a sealed batch's records, SEAL last (or
 *   |      | one record, as journals before batch documents and the fleet's copies hold them)
 *   +------+---...
 *   | 0    | end of the data; zeros to the end of the file, but for the partial bytes of an
 *   +------+ append a crash cut short (0xC0000000 instead of 0: the file was closed at a roll)
 * </pre>
 *
 * {@link #damage()} names the first of:
 * <ul>
 *   <li>a file that is empty or does not begin with a queue header;</li>
 *   <li>a document marked metadata that holds complete records (readers pass over metadata);</li>
 *   <li>a file whose first record does not continue the sequence: the first file begins at sequence 0,
 *       each next one where the one before left off (else a roll-cycle file is missing);</li>
 *   <li>a document marked not complete, other than the end-of-file marker. This Chronicle Queue keeps a
 *       document's header 0 until the document is whole, so a writer killed mid-append leaves a zero
 *       header; this one was damaged, and a writer would append after it, out of every reader's reach;</li>
 *   <li>a complete document (whole records, every CRC verified) past the end of the data, or any non-zero
 *       byte further past it than a torn append reaches ({@link #TORN_REACH}).</li>
 * </ul>
 * The partial bytes of a torn append behind the zero header that ends the data are not damage. A file
 * that ends inside a document is a {@link #cut()}.
 * <p>
 * <b>Note:</b> immutable. {@link #of} reads the files, allocating a few buffers.
 */
public final class JournalScan {
    /**
     * How far past the end of the data a writer killed mid-append can have left bytes: a header and the
     * largest document (a batch). A writer appends at the end of the data, so leftovers of every earlier
     * tear lie within this reach too.
     */
    public static final int TORN_REACH = 4 + Journal.MAX_DOCUMENT;
    static final int NOT_COMPLETE = 0x8000_0000;
    static final int META_DATA = 0x4000_0000;
    static final int LENGTH_MASK = 0x3FFF_FFFF;
    /** Chronicle's end-of-file marker, written when an appender rolls to the next cycle. */
    static final int END_OF_FILE = NOT_COMPLETE | META_DATA;
    /** How a queue header's bytes begin: the binary-wire field {@code header: !SCQStore}. */
    static final byte[] QUEUE_HEADER = {(byte) 0xB9, 6, 'h', 'e', 'a', 'd', 'e', 'r', (byte) 0xB6, 8,
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
        return scan(files(dir), 0, 0, 0, 0, 0, 0).again(JournalScan::of);
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
        return scan(files, last, first, lastBase, lastEnd, records - lastBase, 0).again(again);
    }

    /**
     * Scans a journal from a point inside it: the document at byte {@code position} of {@code file} ends
     * with the record of sequence {@code sequence} (a SEAL; the reader checks it); earlier files are not
     * read (they may be archived). Only the files from {@code file} on are scanned, and only from {@code
     * position} on in it, so the scan costs what the tail costs. The scan's first record is that document's
     * first.
     *
     * @param file     a file name of the journal's (it must exist).
     * @param position byte offset of a document header in it.
     * @param sequence the sequence of the record that ends the document there.
     * @throws UncheckedIOException if a file cannot be read.
     */
    static JournalScan from(final Path dir, final String file, final long position, final long sequence) {
        return scan(files(dir).stream().filter(f -> f.getFileName().toString().compareTo(file) >= 0).toList(),
            0, -1, sequence, position, 0, sequence).again(d -> from(d, file, position, sequence));
    }

    /**
     * Scans what remains of a journal whose first files may be archived: the first file left may begin at
     * any sequence ({@link #first()}); the files after it must continue it.
     *
     * @throws UncheckedIOException if a file cannot be read.
     */
    static JournalScan remaining(final Path dir) {
        return scan(files(dir), 0, -1, 0, 0, 0, 0).again(JournalScan::remaining);
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
     * @param first    the sequence of the first record scanned, or -1 to take it from the first file.
     * @param fallback the first sequence when it is taken from a file that holds no record.
     */
    private static JournalScan scan(final List<Path> files, final int start, final long first, final long base,
                                    final long from, final long known, final long fallback) {
        long records = base;
        long firstRecord = first;
        Path previous = start == 0 ? null : files.get(start - 1);
        for (int i = start; i < files.size(); i++) {
            final Path file = files.get(i);
            try (QueueFileScan f = new QueueFileScan(file)) {
                String damage = i == start && known > 0 ? f.walkFrom(from, known, records)
                    : f.walk(records, i == start ? from : 0);
                if (i == start && firstRecord < 0) {
                    firstRecord = f.firstSequence < 0 ? fallback : f.firstSequence;
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

    private static String continuity(final QueueFileScan f, final long expected, final Path previous) {
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
}
