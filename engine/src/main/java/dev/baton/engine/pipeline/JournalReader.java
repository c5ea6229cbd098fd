package dev.baton.engine.pipeline;

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

    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final JournalRecordDecoder decoder = new JournalRecordDecoder();
    private final JournalHasher hasher = new JournalHasher();
    private final ErrorDetail detail = new ErrorDetail();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[JournalRecordLayout.BLOCK_LENGTH
        + JournalRecordLayout.MAX_BODY_LENGTH + JournalRecordLayout.RECORD_HASH_LENGTH]);
    private final byte[] lastHash = new byte[JournalRecordLayout.RECORD_HASH_LENGTH];
    private long verified;
    private String broken;

    /**
     * @param dir a journal directory.
     * @throws IllegalArgumentException if it does not exist or is not a directory.
     */
    public JournalReader(final Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no journal directory at " + dir);
        }
        this.queue = SingleChronicleQueueBuilder.single(dir.toFile()).readOnly(true).build();
        this.tailer = queue.createTailer();
    }

    /** @return whether {@code dir} holds journal files (a new engine starts with an empty directory). */
    public static boolean hasRecords(final Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".cq4"));
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list journal directory " + dir, e);
        }
    }

    /**
     * Reads and verifies records until the end, a broken record, or the visitor says stop.
     *
     * @return number of records verified in this call.
     */
    public long read(final Visitor visitor) {
        long count = 0;
        while (broken == null) {
            final int length;
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
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

    @Override
    public void close() {
        tailer.close();
        queue.close();
    }
}
