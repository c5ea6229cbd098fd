package dev.baton.fleet;

import dev.baton.engine.JournalCursor;
import dev.baton.engine.JournalReader;
import dev.baton.engine.JournalTrust;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * Follows a live engine's journal with the engine's own reader ({@link JournalReader}), from a given
 * sequence on, handing over each verified record: either its body, as the engine applied it (SEALs and
 * VOID batches are not handed over: {@link #bodies}), or the whole record as stored, every one, SEALs
 * and VOID batches included ({@link #wholeRecords}: what the shipper copies). One reader follows the
 * journal: at the end of what it counted, the next {@link #poll} has it scan only what was appended since
 * ({@link JournalReader#refresh}) and read on. The tail keeps the reader's {@link JournalCursor} (the last
 * verified SEAL, every record up to it handed over); when a reader reports a broken record (one being
 * appended can look unfinished), it is closed and the next poll opens a new one at that cursor, which
 * verifies on from the cursor's chain head and reads nothing before it again.
 * <p>
 * A record the reader calls broken stops the tail there; it retries at the next poll (a record being
 * appended can look unfinished) and reports {@link #broken()} if it is still broken.
 * <p>
 * <b>Note:</b> not thread-safe (one thread polls). Allocates a cursor per poll that reached the end, a
 * reader per reopening.
 */
final class JournalTail implements AutoCloseable {
    /** Takes verified records; returns false to stop this poll. */
    interface Sink {
        /**
         * @param sequence the record's sequence.
         * @param type     its record type.
         * @param buffer   holding the body, or the whole record as stored (valid during the call).
         * @param offset   where it starts.
         * @param length   its length.
         * @return false to stop this poll here (the record was taken).
         */
        boolean onRecord(long sequence, int type, UnsafeBuffer buffer, int offset, int length);
    }

    private final Path dir;
    private final boolean whole;
    private JournalReader reader;
    /** Where the next reader starts: after the last SEAL a reader verified and handed over, or null. */
    private JournalCursor cursor;
    /** Whether the open reader reached the end of what it counted (then the next poll refreshes it). */
    private boolean atEnd;
    private long next;
    private long seen;
    private String broken;
    private int brokenPolls;

    private JournalTail(final Path dir, final long next, final boolean whole) {
        this.dir = dir;
        this.next = next;
        this.whole = whole;
    }

    /**
     * @param dir  the engine's journal directory.
     * @param next the first sequence to hand over.
     * @return a tail handing over the bodies of applied records (no SEAL, no VOID batch), unpacked.
     */
    static JournalTail bodies(final Path dir, final long next) {
        return new JournalTail(dir, next, false);
    }

    /**
     * @param dir  the engine's journal directory.
     * @param next the first sequence to hand over.
     * @return a tail handing over every record whole, as stored, SEALs included.
     */
    static JournalTail wholeRecords(final Path dir, final long next) {
        return new JournalTail(dir, next, true);
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
            reader = new JournalReader(dir, JournalTrust.none(), cursor);
        } else if (atEnd) {
            reader.refresh(); // follows the journal on the open queue: only what is new is scanned
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
        atEnd = !stopped[0];
        if (atEnd && reader.cursor() != null && reader.broken() == null) {
            cursor = reader.cursor(); // all it verified was handed over (or skipped as handed over before)
        }
        if (reader.broken() != null) { // a record being appended can look unfinished: a new reader, at the cursor
            reader.close();
            reader = null;
        }
        return taken[0];
    }

    private void read(final Sink sink, final int[] taken, final boolean[] stopped) {
        final JournalReader.WholeRecordVisitor take = (sequence, type, buffer, offset, length) -> {
            if (sequence < next) {
                return true;
            }
            final boolean more = sink.onRecord(sequence, type, buffer, offset, length);
            next = sequence + 1;
            taken[0]++;
            stopped[0] = !more;
            return more;
        };
        if (whole) {
            reader.readWhole(take, Long.MAX_VALUE);
        } else {
            reader.read(take::onRecord);
        }
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
