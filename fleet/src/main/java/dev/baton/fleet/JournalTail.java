package dev.baton.fleet;

import dev.baton.codec.JournalRecordLayout;
import dev.baton.engine.JournalReader;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * Follows a live engine's journal with the engine's own reader ({@link JournalReader}), from a given
 * sequence on, handing over each verified, sealed record. The reader sees the records its scan counted
 * when it was opened; at their end the tail closes it and the next {@link #poll} opens a new one, which
 * reads (and verifies) the journal from its first record again and skips what was handed over already.
 * That re-read costs time in the journal's length: fine for the journals of tests and the demo; a large
 * journal wants a reader that starts at a sequence (journal v2's checkpoints, issue #13).
 * <p>
 * A record the reader calls broken stops the tail there; it retries at the next poll (a record being
 * appended can look unfinished) and reports {@link #broken()} if it is still broken.
 * <p>
 * <b>Note:</b> not thread-safe (one thread polls). Allocates a reader per reopening.
 */
final class JournalTail implements AutoCloseable {
    /** Takes sealed records; returns false to stop this poll. */
    interface Sink {
        /**
         * @param sequence the record's sequence.
         * @param type     its record type.
         * @param record   buffer holding the whole sealed record (valid during the call).
         * @param offset   where the record starts.
         * @param length   the record's length, header to record hash.
         * @return false to stop this poll here (the record was taken).
         */
        boolean onRecord(long sequence, int type, UnsafeBuffer record, int offset, int length);
    }

    private final Path dir;
    private JournalReader reader;
    private long next;
    private long seen;
    private String broken;
    private int brokenPolls;

    /**
     * @param dir  the engine's journal directory.
     * @param next the first sequence to hand over.
     */
    JournalTail(final Path dir, final long next) {
        this.dir = dir;
        this.next = next;
    }

    /** @return records handed over so far plus the skipped start: the next sequence to hand over. */
    long next() {
        return next;
    }

    /** @return records the last reader verified: how far the journal was seen to reach. */
    long seen() {
        return Math.max(seen, next);
    }

    /** @return the damage the reader reported twice in a row at the same place, or null. */
    String broken() {
        return brokenPolls >= 2 ? broken : null;
    }

    /**
     * Hands over records from {@link #next()} on, until the reader's end or the sink says stop.
     *
     * @return records handed over.
     */
    int poll(final Sink sink) {
        if (reader == null) {
            if (!JournalReader.hasRecords(dir)) {
                return 0;
            }
            reader = new JournalReader(dir);
        }
        final int[] taken = new int[1];
        final boolean[] stopped = new boolean[1];
        try {
            read(sink, taken, stopped);
        } catch (final RuntimeException e) { // the sink failed: the record it was given is read again next time
            reader.close();
            reader = null;
            throw e;
        }
        seen = Math.max(seen, reader.verified());
        if (reader.broken() != null) {
            brokenPolls = reader.broken().equals(broken) ? brokenPolls + 1 : 1;
            broken = reader.broken();
        } else if (taken[0] > 0) {
            brokenPolls = 0;
            broken = null;
        }
        if (!stopped[0]) { // at the end of what this reader counted (or broken): open a new one next time
            reader.close();
            reader = null;
        }
        return taken[0];
    }

    private void read(final Sink sink, final int[] taken, final boolean[] stopped) {
        reader.read((sequence, type, body, bodyOffset, bodyLength) -> {
            if (sequence < next) {
                return true;
            }
            final int start = bodyOffset - JournalRecordLayout.BLOCK_LENGTH;
            final boolean more = sink.onRecord(sequence, type, body, start,
                JournalRecordLayout.BLOCK_LENGTH + bodyLength + JournalRecordLayout.RECORD_HASH_LENGTH);
            next = sequence + 1;
            taken[0]++;
            stopped[0] = !more;
            return more;
        });
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
