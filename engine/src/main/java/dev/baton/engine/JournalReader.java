package dev.baton.engine;

import dev.baton.codec.CodecError;
import dev.baton.codec.ErrorDetail;
import dev.baton.codec.JournalHasher;
import dev.baton.codec.JournalRecordDecoder;
import dev.baton.codec.JournalRecordLayout;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a decision journal from the start, checking every record: its structure, its own hash, that
 * it links to the previous record's hash and that sequences run without a gap. Reading stops at the
 * first record that fails, which {@link #broken()} then describes; everything before it is verified.
 * <p>
 * The files are first scanned without Chronicle Queue ({@link JournalScan}): reading never goes past
 * the complete records the scan counted, and once it has read them all, damage the scan found after
 * them (a record marked not complete, data past the end, a missing roll-cycle file, a file that is not
 * a journal file) is reported as {@link #broken()} too. A file that ends inside a record is a {@link #cut()}.
 * <p>
 * <b>Note:</b> not thread-safe. Reading allocates nothing per record.
 */
public final class JournalReader implements AutoCloseable {
    /** Told of each verified record. */
    @FunctionalInterface
    public interface Visitor {
        /**
         * @param sequence the record's sequence (0, 1, 2, ...).
         * @param type     its {@link RecordType}.
         * @param body     buffer holding the body (valid during the call).
         * @param offset   where the body starts.
         * @param length   body length.
         * @return false to stop reading.
         */
        boolean onRecord(long sequence, int type, UnsafeBuffer body, int offset, int length);
    }

    private final Path dir;
    private final JournalScan scan;
    private SingleChronicleQueue queue;
    private ExcerptTailer tailer;
    private final JournalRecordDecoder decoder = new JournalRecordDecoder();
    private final JournalHasher hasher = new JournalHasher();
    private final ErrorDetail detail = new ErrorDetail();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[JournalRecordLayout.BLOCK_LENGTH
        + JournalRecordLayout.MAX_BODY_LENGTH + JournalRecordLayout.RECORD_HASH_LENGTH]);
    private final byte[] lastHash = new byte[JournalRecordLayout.RECORD_HASH_LENGTH];
    private long verified;
    private String broken;

    /**
     * Scans the journal's files; Chronicle Queue opens them only when there is a record to read.
     *
     * @param dir a journal directory.
     * @throws IllegalArgumentException if it does not exist or is not a directory.
     * @throws java.io.UncheckedIOException if a journal file cannot be read.
     */
    public JournalReader(final Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no journal directory at " + dir);
        }
        this.dir = dir;
        this.scan = JournalScan.of(dir);
        JvmOptions.quietChronicle(); // before read() loads Chronicle's classes
    }

    /** @return whether {@code dir} holds journal files (a new engine starts with an empty directory). */
    public static boolean hasRecords(final Path dir) {
        return !JournalScan.files(dir).isEmpty();
    }

    /**
     * Reads and verifies records until the end, a broken record, or the visitor says stop.
     *
     * @return number of records verified in this call.
     */
    public long read(final Visitor visitor) {
        return read(visitor, Long.MAX_VALUE);
    }

    /**
     * Reads and verifies at most {@code limit} records, until the end, a broken record, or the visitor
     * says stop. Having read the last complete record, reports any damage found after it.
     *
     * @return number of records verified in this call.
     */
    public long read(final Visitor visitor, final long limit) {
        long count = 0;
        while (broken == null && verified < scan.records() && count < limit) {
            if (tailer == null) {
                queue = SingleChronicleQueueBuilder.single(dir.toFile()).readOnly(true).build();
                tailer = queue.createTailer();
            }
            final int length;
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    broken = "record " + verified + ": the journal files hold " + scan.records() + " complete"
                        + " records, but Chronicle Queue reads none after the first " + verified + " (its directory"
                        + " listing or index does not reach the rest)";
                    break;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                final long remaining = bytes.readRemaining();
                if (remaining > buffer.capacity()) {
                    broken = "record " + verified + ": length " + remaining + " exceeds the largest record "
                        + buffer.capacity();
                    break;
                }
                length = (int) remaining;
                bytes.read(buffer.byteArray(), 0, length);
            }
            if (!check(length)) {
                break;
            }
            final long sequence = decoder.sequence();
            decoder.getRecordHash(lastHash, 0);
            verified++;
            count++;
            if (!visitor.onRecord(sequence, decoder.recordType(), buffer, decoder.bodyOffset(), decoder.bodyLength())) {
                break;
            }
        }
        if (broken == null && verified == scan.records()) {
            broken = scan.damage();
        }
        return count;
    }

    private boolean check(final int length) {
        final CodecError structure = decoder.wrap(buffer, 0, length, detail);
        if (structure != CodecError.OK) {
            broken = "record " + verified + ": malformed: " + detail.message();
            return false;
        }
        if (hasher.verify(decoder, detail) != CodecError.OK) {
            broken = "record " + verified + " (sequence " + decoder.sequence()
                + "): its hash does not match its content: the record was altered";
            return false;
        }
        if (decoder.sequence() != verified) {
            broken = "record " + verified + ": sequence " + decoder.sequence() + " where " + verified
                + " was expected: a record is missing or out of order";
            return false;
        }
        if (!decoder.previousHashEquals(lastHash, 0)) {
            broken = "record " + verified + " (sequence " + decoder.sequence()
                + "): it does not link to the previous record's hash: a record before it was altered, dropped or"
                + " inserted";
            return false;
        }
        return true;
    }

    /** @return number of records verified so far. */
    public long verified() {
        return verified;
    }

    /** @return the record hash of the last verified record (zeros before the first). */
    public byte[] lastHash() {
        return Arrays.copyOf(lastHash, lastHash.length);
    }

    /** @return what is wrong with the first record that failed verification, or null. */
    public String broken() {
        return broken;
    }

    /** @return where a journal file ends inside a record (the journal was truncated), described, or null. */
    public String cut() {
        return scan.cut();
    }

    @Override
    public void close() {
        if (tailer != null) {
            tailer.close();
            queue.close();
        }
    }
}
