package dev.baton.engine;

import dev.baton.codec.BodyPacker;
import dev.baton.codec.JournalChain;
import dev.baton.codec.JournalHasher;
import dev.baton.codec.JournalRecordEncoder;
import dev.baton.codec.JournalRecordLayout;
import dev.baton.codec.PackedDecisionBodyEncoder;
import dev.baton.codec.SealBodyLayout;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.bytes.MappedFile;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.core.io.SingleThreadedChecked;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wire;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;

/**
 * The append side of the decision journal: a Chronicle Queue of records (codec {@code JournalRecordLayout}:
 * type, sequence, body (packed when that is shorter: {@link BodyPacker}; against the record before it in the
 * batch when that one has the same type; a DECISION packed as it is encoded, {@link #beginDecision}), CRC32C),
 * each batch closed by a SEAL ({@link JournalChain}: SHA-256
 * over the batch, HMAC under the journal key). A batch's records and its SEAL are encoded one after the other
 * into a buffer and written as one Chronicle document when the SEAL closes the batch: one document header and
 * one lock per batch rather than per record, and a reader sees a batch entirely or not at all. Records not
 * yet sealed are in no file: an engine killed mid-batch never acknowledged them (it acknowledges after {@link
 * #endOfBatch()}). Readers also take one record per document, as journals written before this layout and the
 * fleet's copies hold them. {@link #endOfBatch()} seals the batch, forces it to disk as the {@link FsyncMode}
 * says (in {@code INTERVAL}, it asks the {@link JournalSyncer}'s thread to), and at a bounded interval signs a
 * checkpoint of the last SEAL known to be on disk into the anchor ({@link CheckpointAnchor}), outside the
 * journal directory.
 * <p>
 * <b>Note:</b> single writer, held to it by the directory's {@link JournalLock}: not thread-safe. Appending and
 * sealing allocate nothing in steady state; signing a checkpoint does (once per checkpoint interval).
 */
final class Journal implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Journal.class);
    /** A batch is sealed once it holds this many bytes, even before the end of the ring batch. */
    static final int SEAL_BYTES = 256 * 1024;
    /** Bodies shorter than this are stored as they are: packing them saves next to nothing. */
    static final int PACK_FROM = 16;
    /**
     * Whether the pretoucher leaves the kernel's read-ahead on the journal's mappings: {@code
     * -Dbaton.journal.readahead=true}; off by default (see {@link JournalPretoucher}).
     */
    static final boolean READ_AHEAD = Boolean.getBoolean("baton.journal.readahead");
    /** Bytes reserved past a batch's end as well: Chronicle writes its index arrays at the write position. */
    static final int RESERVE_MARGIN = 64 * 1024;
    /** Bytes Chronicle Queue adds to each document (one per sealed batch): its header. */
    static final int DOCUMENT_HEADER = 4;
    /**
     * The largest document the engine writes: a batch just short of {@link #SEAL_BYTES}, the largest
     * record, and the SEAL.
     */
    static final int MAX_DOCUMENT = SEAL_BYTES + JournalRecordLayout.MAX_LENGTH
        + JournalRecordLayout.MIN_LENGTH + SealBodyLayout.BLOCK_LENGTH;

    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final FsyncMode fsync;
    private final long intervalNanos;
    private final JournalRecordEncoder encoder = new JournalRecordEncoder();
    private final JournalHasher hasher = new JournalHasher();
    /** The open batch, encoded: its records, then its SEAL; written as one document. */
    private final UnsafeBuffer batch = new UnsafeBuffer(new byte[MAX_DOCUMENT]);
    private int batchLength;
    /** Records in the open batch: the chain takes them all at once when the batch is sealed. */
    private int batchRecords;
    private final UnsafeBuffer sealBody = new UnsafeBuffer(new byte[SealBodyLayout.BLOCK_LENGTH]);
    /** The body of the batch's last record, the base the next one of its type is packed against. */
    private final byte[] previous = new byte[JournalRecordLayout.MAX_BODY_LENGTH];
    /** Wraps exactly {@link #previous}'s body (rewrapped, never reallocated). */
    private final UnsafeBuffer base = new UnsafeBuffer(previous);
    /**
     * The record type of the batch's last record, or -1: none in the open batch. Its body is {@link #previous},
     * or for a DECISION, the last body {@link #decisions} packed.
     */
    private int previousType = -1;
    /** Packs every DECISION body, against the one before it when it is the record before. */
    private final PackedDecisionBodyEncoder decisions = new PackedDecisionBodyEncoder();
    private final CheckpointAnchor anchor;
    /** Bytes the pretoucher keeps touched ahead of the writer, or 0 (off). */
    private final long pretouchBytes;
    /** Touches the file's pages ahead of the writer, or null (off, or not started yet). */
    private volatile JournalPretoucher pretoucher;
    private final long checkpointRecords;
    private final long checkpointNanos;
    private final byte[] attestedHead = new byte[SealBodyLayout.HEAD_LENGTH];
    private JournalChain chain;
    private long nextSequence;
    private long lastSyncNanos;
    private boolean dirty;
    private long syncs;
    private long lastSyncTookNanos;
    /**
     * Forces the journal for {@link FsyncMode#INTERVAL} off the engine thread; null in the other modes, and
     * until the first force is due (started by the engine thread, so a failed start leaves no thread).
     */
    private JournalSyncer syncer;
    /** Forces the journal on the thread that writes it (BATCH, start-up, close). */
    private final CycleFileForcer forcer = new CycleFileForcer();
    /** The cycle file the appender writes, and its cycle (-1: not looked up yet). */
    private File syncFile;
    private int syncCycle = -1;
    /** The last SEAL written before the syncer's force under way, and its chain head: attested once it is done. */
    private long syncingSeal = -1;
    private final byte[] syncingHead = new byte[SealBodyLayout.HEAD_LENGTH];
    private long bytesWritten;
    /** Why the journal stopped writing ({@link #stopWriting}), or null. */
    private String writeFailed;
    private volatile long bytesPublished;
    private long lastSeal = -1;
    /** The end of what is written to the cycle file the last batch went to (a byte offset), or -1: not known. */
    private long writtenEnd = -1;
    /** The cycle file the last batch went to (with {@link #writtenEnd}), or null: not known. */
    private MappedFile writtenFile;
    /**
     * Reserves {@link #writtenFile}'s blocks ahead of the writer when the pretoucher has not (it is off, or
     * behind): so a full disk refuses a batch before it is written, never halfway through. Null until needed.
     */
    private FileReservation reservation;
    /** The file {@link #reservation} was opened for. */
    private MappedFile reservationFile;
    private long attestable = -1;
    private long lastCheckpoint = -1;
    private long lastCheckpointNanos = System.nanoTime();
    private long checkpointsWritten;
    /** Records handed to replay (neither SEALs nor VOID), the last one's sequence, and whether it is a STOP. */
    private long applied;
    private long lastApplied = -1;
    private boolean lastIsStop;
    /** The Chronicle index of the document the last SEAL ends, and the byte offset of its header. */
    private long sealIndex = -1;
    private long sealPosition = -1;

    /** The directory's writer lock, released when the journal closes. */
    private final JournalLock lock;

    /** @param lock the directory's writer lock, taken by the caller; {@link #close()} releases it. */
    Journal(final EngineConfig config, final JournalLock lock) {
        this.lock = lock;
        this.fsync = config.fsync;
        this.intervalNanos = config.fsyncIntervalMillis * 1_000_000L;
        this.chain = new JournalChain(config.journalKey);
        this.anchor = config.anchor == null ? null
            : new CheckpointAnchor(config.anchor, config.checkpointKeys.getPrivate(), fsync != FsyncMode.NONE);
        this.checkpointRecords = config.checkpointRecords;
        this.checkpointNanos = config.checkpointMillis * 1_000_000L;
        this.queue = SingleChronicleQueueBuilder.single(config.journal.toFile())
            .rollCycle(config.rollCycle)
            .syncMode(fsync == FsyncMode.NONE ? SyncMode.NONE : SyncMode.SYNC)
            .timeoutMS(2_000) // how long an append waits for Chronicle's write lock (a writer killed
                              // mid-document leaves an unpublished header: readers never see it)
            .build();
        this.appender = queue.createAppender();
        this.pretouchBytes = config.pretouchBytes;
    }

    /**
     * Opens the configured journal directory for appending, creating it and taking its lock (without the
     * recovery {@link EngineRecovery} runs first: for tests of the append side).
     *
     * @throws JournalException if another engine holds the directory.
     */
    static Journal open(final EngineConfig config) {
        try {
            java.nio.file.Files.createDirectories(config.journal);
        } catch (final IOException e) {
            throw new java.io.UncheckedIOException("cannot create journal directory " + config.journal, e);
        }
        final JournalLock lock = JournalLock.acquire(config.journal);
        try {
            return new Journal(config, lock);
        } catch (final RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Starts the pretoucher thread, if the configuration asks for one: once the engine is running (so a
     * start that fails leaves no thread behind). {@link #close()} stops it.
     */
    void startPretoucher() {
        if (pretouchBytes > 0 && pretoucher == null) {
            pretoucher = new JournalPretoucher(pretouchBytes, READ_AHEAD, "baton-pretouch");
        }
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

    /**
     * Continues a journal a reader verified: at {@code position}, with the chain as read (including the
     * records after its last SEAL, which the caller seals VOID).
     */
    void resume(final long position, final JournalChain readChain) {
        nextSequence = position;
        chain = readChain;
    }

    /** Continues the counts of what a replay hands over, as a replay of the journal so far left them. */
    void resumeCounts(final long records, final long lastRecord, final boolean stopped) {
        applied = records;
        lastApplied = lastRecord;
        lastIsStop = stopped;
    }

    long nextSequence() {
        return nextSequence;
    }

    /** @return records appended since the last SEAL (and, after a resume, records read after it). */
    long unsealed() {
        return chain.pendingRecords() + batchRecords;
    }

    /**
     * Appends one record to the open batch (sealing it if it has grown past {@link #SEAL_BYTES}).
     *
     * @return its sequence.
     */
    long append(final int type, final DirectBuffer body, final int offset, final int length) {
        return append(type, 0, body, offset, length);
    }

    /**
     * Appends a DECISION body in the compact form ({@link DecisionRecord#encode}), stored under
     * {@link JournalRecordLayout#FLAG_COMPACT}.
     *
     * @return its sequence.
     */
    long appendCompactDecision(final DirectBuffer body, final int offset, final int length) {
        return append(RecordType.DECISION, JournalRecordLayout.FLAG_COMPACT, body, offset, length);
    }

    /**
     * Starts a DECISION record in the compact form, its body packed as it is given ({@link
     * DecisionRecord#encode(Request, int, long, dev.baton.core.CompiledPolicy, PackedDecisionBodyEncoder)}),
     * straight into the open batch; {@link #endDecision()} appends it. Stored as {@link
     * #appendCompactDecision} stores the same body, byte for byte. Until it ends, nothing is appended: a body
     * given up part way (an exception) leaves the journal as it was.
     *
     * @return the body's encoder, begun.
     */
    PackedDecisionBodyEncoder beginDecision() {
        encoder.wrap(batch, batchLength).sequence(nextSequence).recordType(RecordType.DECISION);
        return decisions.begin(batch.byteArray(), encoder.bodyOffset(), previousType == RecordType.DECISION);
    }

    /**
     * Appends the DECISION record {@link #beginDecision()} started, once its body is given.
     *
     * @return its sequence.
     */
    long endDecision() {
        storeDecision(JournalRecordLayout.FLAG_COMPACT, decisions.end());
        return appended(RecordType.DECISION);
    }

    private long append(final int type, final int form, final DirectBuffer body, final int offset, final int length) {
        if (type == RecordType.DECISION) { // one base for every DECISION: the decision encoder's
            storeDecision(form, beginDecision().packEncoded(body, offset, length));
        } else {
            encode(type, form, body, offset, length);
        }
        return appended(type);
    }

    /** Counts the record just encoded into the open batch (sealing it if it has grown past {@link #SEAL_BYTES}). */
    private long appended(final int type) {
        final long sequence = nextSequence++;
        batchRecords++;
        applied++;
        lastApplied = sequence;
        lastIsStop = type == RecordType.STOP;
        if (batchLength + chain.pendingBytes() >= SEAL_BYTES) {
            seal(0);
        }
        return sequence;
    }

    /**
     * Completes a DECISION record whose body {@link #decisions} packed into the open batch: stores it packed
     * if that is shorter (as {@link #encode} decides), else as it is.
     */
    private void storeDecision(final int form, final int packed) {
        final int length = decisions.length();
        if (packed > 0 && length >= PACK_FROM) {
            encoder.flags(packedFlags(form, previousType == RecordType.DECISION)).bodyLength(packed);
        } else {
            decisions.copyBody(batch.byteArray(), encoder.bodyOffset());
            encoder.flags(form).bodyLength(length);
        }
        batchLength += hasher.seal(encoder);
        previousType = RecordType.DECISION;
    }

    /**
     * Encodes one record at the end of the open batch: packed, and against the record before it when that one
     * is of the same type (a batch's decisions share their timestamp, policy version, identities and text).
     */
    private void encode(final int type, final int form, final DirectBuffer body, final int offset, final int length) {
        encoder.wrap(batch, batchLength).sequence(nextSequence).recordType(type);
        if (type == RecordType.SEAL) {
            encoder.body(body, offset, length);
            previousType = -1; // the next batch starts afresh: its first record is read without the one before
            batchLength += hasher.seal(encoder);
            return;
        }
        final boolean delta = type == previousType;
        final int packed = length < PACK_FROM ? -1
            : BodyPacker.pack(body, offset, length, delta ? base : null, batch, encoder.bodyOffset(), length - 1);
        if (packed > 0) {
            encoder.flags(packedFlags(form, delta)).bodyLength(packed);
        } else {
            encoder.flags(form).body(body, offset, length);
        }
        batchLength += hasher.seal(encoder);
        body.getBytes(offset, previous, 0, length);
        base.wrap(previous, 0, length);
        previousType = type;
    }

    /** @return the flags of a record stored packed, against the record before it if {@code delta}. */
    private static int packedFlags(final int form, final boolean delta) {
        return form | (delta ? JournalRecordLayout.FLAG_PACKED | JournalRecordLayout.FLAG_DELTA
            : JournalRecordLayout.FLAG_PACKED);
    }

    /**
     * Writes the open batch, its SEAL last, as one Chronicle document.
     *
     * @throws JournalException if an earlier write failed: the chain has moved past what the file holds.
     */
    private void writeBatch() {
        if (writeFailed != null) {
            throw new JournalException("the journal writes nothing more after a failed write: " + writeFailed);
        }
        final JournalPretoucher ahead = pretoucher;
        if (ahead != null && ahead.fault() != null) { // the file cannot grow ahead: stop before a write tears there
            throw cannotGrow(ahead.fault());
        }
        reserve(ahead);
        try (DocumentContext dc = appender.writingDocument()) {
            final Bytes<?> bytes = dc.wire().bytes();
            sealPosition = bytes.writePosition() - DOCUMENT_HEADER;
            bytes.write(batch.byteArray(), 0, batchLength);
        } catch (final RuntimeException | Error e) { // an Error too: a full disk faults the mapped write (SIGBUS)
            stopWriting(e.toString());
            throw e;
        }
        sealIndex = appender.lastIndexAppended();
        bytesWritten += batchLength + DOCUMENT_HEADER;
        batchLength = 0;
        dirty = true;
    }

    /**
     * Makes sure the blocks this batch will be written to are reserved ({@link FileReservation}): by the
     * pretoucher, or else here, {@link FileReservation#STEP} at a time. Known only once a batch has gone to the
     * file: the first batch of a new cycle file is written unreserved.
     *
     * @throws JournalException if the file system has no room: nothing of the batch is written.
     */
    private void reserve(final JournalPretoucher ahead) {
        final MappedFile file = writtenFile;
        if (file == null) {
            return;
        }
        final long end = writtenEnd + DOCUMENT_HEADER + batchLength + RESERVE_MARGIN;
        if (ahead != null && ahead.reserved(file, end)) {
            return;
        }
        if (reservationFile != file) { // a new cycle file (or the first time): reserve in it from here on
            if (reservation != null) {
                reservation.close();
            }
            reservationFile = file;
            reservation = FileReservation.open(file.file(), writtenEnd & -JournalPretoucher.PAGE);
        }
        if (reservation == null) {
            return;
        }
        final String refused = reservation.upTo(end, file.capacity());
        if (refused != null) {
            throw cannotGrow(refused);
        }
    }

    /** Stops writing ({@link #stopWriting}) because the file cannot grow: @return the error to throw. */
    private JournalException cannotGrow(final String why) {
        stopWriting("the journal file cannot grow: " + why);
        return new JournalException(writeFailed + "; is the disk full? The engine stops before it writes there");
    }

    /**
     * Closes the open batch with a SEAL, if it holds a record.
     *
     * @param flags {@link SealBodyLayout#FLAG_VOID} to mark its records as never acknowledged, or 0.
     */
    void seal(final int flags) {
        if (unsealed() == 0) {
            return;
        }
        chain.addAll(batch, 0, batchLength, batchRecords); // one digest update for the batch
        batchRecords = 0;
        final long sequence = nextSequence;
        encode(RecordType.SEAL, 0, sealBody, 0, chain.seal(sealBody, 0, sequence, flags));
        nextSequence++;
        writeBatch();
        lastSeal = sequence;
        final Wire wire = appender.wire();
        final Bytes<?> bytes = wire == null ? null : wire.bytes();
        if (bytes instanceof MappedBytes) {
            writtenEnd = bytes.writePosition();
            writtenFile = ((MappedBytes) bytes).mappedFile();
            final JournalPretoucher pretoucher = this.pretoucher;
            if (pretoucher != null) {
                pretoucher.writerAt(((MappedBytes) bytes).mappedFile(), writtenEnd);
            }
        } else {
            writtenEnd = -1;
            writtenFile = null;
        }
        if (fsync == FsyncMode.NONE) {
            attestable = sequence;
            chain.getHead(attestedHead, 0);
        }
    }

    /** Seals and forces everything appended so far to disk, whatever the mode says (start-up, close). */
    void force() {
        seal(0);
        if (dirty && fsync != FsyncMode.NONE) {
            sync(System.nanoTime());
        }
        lastSyncNanos = System.nanoTime();
    }

    private void sync(final long now) {
        final File file = cycleFile();
        try {
            if (file != null) { // null: nothing written yet
                forcer.force(file, writtenEnd); // the file up to the written end, every chunk of it
            }
        } catch (final IOException e) {
            throw new JournalException("forcing the journal to disk failed: " + e);
        }
        lastSyncTookNanos = System.nanoTime() - now;
        syncs++;
        lastSyncNanos = now;
        dirty = false;
        if (lastSeal >= 0) {
            attestable = lastSeal;
            chain.getHead(attestedHead, 0);
        }
    }

    /** @return records a replay of the journal so far hands over (neither SEALs nor in VOID batches). */
    long applied() {
        return applied;
    }

    /** @return the sequence of the last record {@link #applied()} counts, or -1. */
    long lastApplied() {
        return lastApplied;
    }

    /** @return whether that record is a STOP. */
    boolean lastIsStop() {
        return lastIsStop;
    }

    /** @return the sequence of the last SEAL, or -1. */
    long lastSeal() {
        return lastSeal;
    }

    /** @return the Chronicle Queue index of the document holding the last SEAL (its batch's), or -1. */
    long lastSealIndex() {
        return sealIndex;
    }

    /** @return the byte offset, in {@link #currentFile()}, of the header of the document the last SEAL ends, or -1. */
    long lastSealPosition() {
        return sealPosition;
    }

    /** @return the name of the roll-cycle file the appender writes (allocates). */
    String currentFile() {
        return appender.currentFile().getName();
    }

    /** @param dst receives the head of the last SEAL. */
    void getHead(final byte[] dst) {
        chain.getHead(dst, 0);
    }

    /**
     * @return how many times the journal was forced to disk (for tests of the fsync modes); in INTERVAL, the
     *     syncer's forces the engine thread has collected.
     */
    long syncs() {
        return syncs;
    }

    /**
     * @return in INTERVAL, the end of the range the syncer's last completed force wrote back (-1: the whole
     *     file, or none yet); for tests.
     */
    long lastForcedEnd() {
        return syncer == null ? -1 : syncer.lastForcedEnd();
    }

    /** @return how long the last force to disk took (0 before the first; in INTERVAL, the last one collected). */
    long lastSyncTookNanos() {
        return lastSyncTookNanos;
    }

    /** @return bytes written to the journal files by this writer: records and one document header per batch. */
    long bytesWritten() {
        return bytesWritten;
    }

    /** @return {@link #bytesWritten()} as of the last end of batch or close, for any thread. */
    long bytesPublished() {
        return bytesPublished;
    }

    /** @return checkpoints signed into the anchor by this writer. */
    long checkpoints() {
        return checkpointsWritten;
    }

    /**
     * Seals the batch and forces it to disk if the mode asks for it now; then signs a checkpoint of the
     * last forced SEAL if one is due. INTERVAL is paced by real elapsed time ({@code System.nanoTime}),
     * never by the engine's decision clock, which may be simulated.
     */
    void endOfBatch() {
        seal(0);
        if (fsync == FsyncMode.INTERVAL) {
            collectSync();
        }
        if (dirty && fsync != FsyncMode.NONE) {
            final long now = System.nanoTime();
            if (fsync == FsyncMode.BATCH) {
                sync(now);
            } else if (now - lastSyncNanos >= intervalNanos) {
                requestSync(now);
            }
        }
        checkpoint(false);
        bytesPublished = bytesWritten;
    }

    /**
     * Hands an {@link FsyncMode#INTERVAL} force to the syncer thread, unless the last one is still under way
     * (then the next end of batch asks again).
     */
    private void requestSync(final long now) {
        if (syncer == null) {
            syncer = new JournalSyncer("baton-journal-syncer");
        }
        if (syncer.busy()) {
            return;
        }
        final File file = cycleFile();
        if (file == null) { // nothing written yet
            return;
        }
        syncingSeal = lastSeal;
        chain.getHead(syncingHead, 0);
        if (syncer.request(file, writtenEnd)) { // what is written, not the pages touched ahead of it
            lastSyncNanos = now;
            dirty = false; // set again by the next batch written
        }
    }

    /**
     * @return the cycle file the appender writes (the store's File, which Chronicle keeps), looked up once per
     *     cycle; null before it has written anything.
     */
    private File cycleFile() {
        final int cycle = appender.cycle();
        if (cycle != syncCycle || syncFile == null) {
            syncFile = appender.currentFile();
            syncCycle = cycle;
        }
        return syncFile;
    }

    /** Takes the syncer's last force, if it is done: the SEAL written before it is on disk, and may be attested. */
    private void collectSync() {
        if (syncer != null && syncer.poll()) {
            syncs++;
            lastSyncTookNanos = syncer.lastForceNanos();
            if (syncingSeal >= 0) {
                attestable = syncingSeal;
                System.arraycopy(syncingHead, 0, attestedHead, 0, attestedHead.length);
            }
        }
    }

    /** Signs a checkpoint of the last SEAL on disk, if there is a new one and it is due (or {@code always}). */
    void checkpoint(final boolean always) {
        if (anchor == null || attestable <= lastCheckpoint) {
            return;
        }
        final long now = System.nanoTime();
        if (always || attestable - lastCheckpoint >= checkpointRecords || now - lastCheckpointNanos >= checkpointNanos) {
            anchor.append(attestable, System.currentTimeMillis(), attestedHead);
            lastCheckpoint = attestable;
            lastCheckpointNanos = now;
            checkpointsWritten++;
            if (LOG.isDebugEnabled()) { // once per checkpoint interval; guarded: boxing allocates
                LOG.debug("Baton journal: checkpoint {} signed, attesting the SEAL at sequence {}",
                    checkpointsWritten, attestable);
            }
        }
    }

    /**
     * Writes nothing more from here on, {@link #close()} included, which then only releases the files and the
     * lock: a write failed (or may have), so the chain has moved past what the file holds. A restart reads the
     * journal up to its last whole batch.
     *
     * @param why what failed.
     */
    void stopWriting(final String why) {
        if (writeFailed == null) {
            writeFailed = why;
        }
    }

    /** @return the pretoucher, or null when it is off (for tests). */
    JournalPretoucher pretoucher() {
        return pretoucher;
    }

    @Override
    public void close() {
        final JournalPretoucher pretoucher = this.pretoucher;
        if (pretoucher != null) {
            pretoucher.close(); // first: it holds references into the queue's files
        }
        ownedByCurrentThread();
        try {
            if (writeFailed == null) {
                seal(0);
            }
            if (syncer != null) {
                syncer.close(); // waits for a force under way; the force below covers everything anyway
                try {
                    collectSync();
                } catch (final JournalException e) { // the engine stopped on it already; force once more below
                    LOG.warn("Baton journal: {}", e.getMessage());
                }
            }
            if (writeFailed == null) {
                if (dirty && fsync != FsyncMode.NONE) {
                    sync(System.nanoTime());
                }
                bytesPublished = bytesWritten;
                checkpoint(true);
            }
        } finally {
            forcer.close();
            if (reservation != null) {
                reservation.close();
            }
            if (anchor != null) {
                anchor.close();
            }
            try {
                appender.close();
                queue.close();
            } finally {
                lock.close(); // last: another engine may open the directory from here on
            }
        }
    }
}
