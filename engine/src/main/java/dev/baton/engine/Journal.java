package dev.baton.engine;

import dev.baton.codec.JournalHasher;
import dev.baton.codec.JournalRecordEncoder;
import dev.baton.codec.JournalRecordLayout;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.core.io.SingleThreadedChecked;
import net.openhft.chronicle.core.io.Syncable;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * The append side of the decision journal: a Chronicle Queue of hash-chained records (codec
 * {@code JournalRecordLayout}: sequence, previous record's SHA-256, type, body, this record's SHA-256).
 * Records are written in full inside one Chronicle document, so a reader sees a record entirely or not
 * at all; {@link #endOfBatch()} forces them to disk as the {@link FsyncMode} says.
 * <p>
 * <b>Note:</b> single writer: not thread-safe. Appending allocates nothing in steady state.
 */
final class Journal implements AutoCloseable {
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final FsyncMode fsync;
    private final long intervalNanos;
    private final JournalRecordEncoder encoder = new JournalRecordEncoder();
    private final JournalHasher hasher = new JournalHasher();
    private final UnsafeBuffer record = new UnsafeBuffer(new byte[JournalRecordLayout.BLOCK_LENGTH
        + JournalRecordLayout.MAX_BODY_LENGTH + JournalRecordLayout.RECORD_HASH_LENGTH]);
    private final byte[] previousHash = new byte[JournalRecordLayout.RECORD_HASH_LENGTH];
    private long nextSequence;
    private long lastSyncNanos;
    private boolean dirty;
    private long syncs;

    Journal(final Path dir, final RollCycle rollCycle, final FsyncMode fsync, final long intervalMillis) {
        this.fsync = fsync;
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.queue = SingleChronicleQueueBuilder.single(dir.toFile())
            .rollCycle(rollCycle)
            .syncMode(fsync == FsyncMode.NONE ? SyncMode.NONE : SyncMode.SYNC)
            .timeoutMS(2_000) // how long an append waits for Chronicle's write lock (a writer killed
                              // mid-document leaves an unpublished header: readers never see it)
            .build();
        this.appender = queue.createAppender();
    }

    /**
     * Makes the calling thread the appender's owner: Chronicle confines an appender to one thread, and
     * the journal is opened on the starting thread, written on the engine thread and closed on the
     * closing thread, one after the other.
     */
    void ownedByCurrentThread() {
        if (appender instanceof SingleThreadedChecked) {
            ((SingleThreadedChecked) appender).singleThreadedCheckReset();
        }
    }

    /** Continues the chain after {@code lastSequence} whose record hash is {@code lastHash}. */
    void resume(final long lastSequence, final byte[] lastHash) {
        nextSequence = lastSequence + 1;
        System.arraycopy(lastHash, 0, previousHash, 0, previousHash.length);
    }

    long nextSequence() {
        return nextSequence;
    }

    /**
     * Appends one record.
     *
     * @return its sequence.
     */
    long append(final int type, final DirectBuffer body, final int offset, final int length) {
        final long sequence = nextSequence++;
        encoder.wrap(record, 0).sequence(sequence).recordType(type).previousHash(previousHash, 0)
            .body(body, offset, length);
        final int total = hasher.seal(encoder);
        record.getBytes(total - JournalRecordLayout.RECORD_HASH_LENGTH, previousHash);
        try (DocumentContext dc = appender.writingDocument()) {
            dc.wire().bytes().write(record.byteArray(), 0, total);
        }
        dirty = true;
        return sequence;
    }

    /** Forces everything appended so far to disk, whatever the mode says (start-up, close). */
    void force() {
        if (dirty && fsync != FsyncMode.NONE) {
            Syncable.syncIfAvailable(appender.wire().bytes());
            syncs++;
            dirty = false;
        }
        lastSyncNanos = System.nanoTime();
    }

    /** @return how many times the journal was forced to disk (for tests of the fsync modes). */
    long syncs() {
        return syncs;
    }

    /**
     * Forces what was appended to disk if the mode asks for it now. INTERVAL is paced by real elapsed
     * time ({@code System.nanoTime}), never by the engine's decision clock, which may be simulated.
     */
    void endOfBatch() {
        if (!dirty || fsync == FsyncMode.NONE) {
            return;
        }
        final long now = System.nanoTime();
        if (fsync == FsyncMode.INTERVAL && now - lastSyncNanos < intervalNanos) {
            return;
        }
        Syncable.syncIfAvailable(appender.wire().bytes());
        syncs++;
        lastSyncNanos = now;
        dirty = false;
    }

    @Override
    public void close() {
        ownedByCurrentThread();
        if (dirty && fsync != FsyncMode.NONE) {
            Syncable.syncIfAvailable(appender.wire().bytes());
        }
        appender.close();
        queue.close();
    }
}
