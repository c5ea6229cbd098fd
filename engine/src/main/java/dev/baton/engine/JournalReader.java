package dev.baton.engine;

import dev.baton.codec.CodecError;
import dev.baton.codec.ErrorDetail;
import dev.baton.codec.JournalChain;
import dev.baton.codec.JournalHasher;
import dev.baton.codec.JournalRecordDecoder;
import dev.baton.codec.JournalRecordLayout;
import dev.baton.codec.SealBodyDecoder;
import dev.baton.codec.SealBodyLayout;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a decision journal from the start, checking every record: its structure, its CRC, that
 * sequences run without a gap, and every SEAL: it must close the records read since the one before,
 * their bytes must hash to its head and, when the reader holds the journal key, its mac must verify.
 * With a checkpoint anchor and its public key ({@link JournalTrust}), the head at each signed
 * checkpoint must be the one signed, and the journal must reach the last checkpoint. Records are
 * handed to the visitor only once their SEAL verifies; a SEAL marked VOID releases none, and records
 * after the last SEAL (an engine killed mid-batch, before acknowledging them) are held back:
 * {@link #unsealed()} counts them. {@link #readWhole} hands over every record instead, whole and as
 * stored, SEALs and VOID batches included (for copying the journal). Reading stops at the first problem, which {@link #broken()}
 * describes and {@link #problem()} names; everything handed out before it is verified.
 * <p>
 * The files are first scanned without Chronicle Queue ({@link JournalScan}): reading never goes past
 * the complete records the scan counted, and once it has read them all, damage the scan found after
 * them is reported as {@link #broken()} too. A file that ends inside a record is a {@link #cut()}.
 * <p>
 * A Chronicle document holds a sealed batch or one record ({@link JournalDocuments}).
 * <p>
 * <b>Note:</b> not thread-safe. Reading allocates nothing per record; it holds one batch (at most
 * {@link Journal#MAX_DOCUMENT} bytes) in a buffer allocated once.
 */
public final class JournalReader implements AutoCloseable {
    /** Told of each verified record. */
    @FunctionalInterface
    public interface Visitor {
        /**
         * @param sequence the record's sequence (0, 1, 2, ...; SEALs take sequences too).
         * @param type     its {@link RecordType} (never {@link RecordType#SEAL}).
         * @param body     buffer holding the body (valid during the call).
         * @param offset   where the body starts.
         * @param length   body length.
         * @return false to stop reading.
         */
        boolean onRecord(long sequence, int type, UnsafeBuffer body, int offset, int length);
    }

    /** Told of each verified record whole, as stored: for copying a journal record for record ({@link #readWhole}). */
    @FunctionalInterface
    public interface WholeRecordVisitor {
        /**
         * @param sequence the record's sequence (0, 1, 2, ..., every one: SEALs and VOID batches included).
         * @param type     its {@link RecordType} ({@link RecordType#SEAL} too).
         * @param record   buffer holding the whole record as stored: header, body (packed if its flag says
         *                 so) and CRC (valid during the call).
         * @param offset   where the record starts.
         * @param length   the record's length.
         * @return false to stop reading.
         */
        boolean onRecord(long sequence, int type, UnsafeBuffer record, int offset, int length);
    }

    /** A batch of records read one per document, or one document of a whole batch, and its SEAL. */
    static final int BATCH_CAPACITY = Journal.MAX_DOCUMENT;

    private final Path dir;
    /** Where the chain is anchored: the beginning, a SEAL vouched for, or a trusted SEAL of what remains. */
    private final ChainAnchor anchor;
    private JournalScan scan;
    private final JournalTrust trust;
    final JournalChain chain;
    private SingleChronicleQueue queue;
    ExcerptTailer tailer;
    final JournalRecordDecoder decoder = new JournalRecordDecoder();
    final SealBodyDecoder seal = new SealBodyDecoder();
    private final JournalHasher hasher = new JournalHasher();
    final ErrorDetail detail = new ErrorDetail();
    final UnsafeBuffer batch = new UnsafeBuffer(new byte[BATCH_CAPACITY]);
    private final StoredBodies bodies = new StoredBodies();
    private final int[] starts = new int[BATCH_CAPACITY / JournalRecordLayout.MIN_LENGTH + 1];
    final JournalCheckpoints checkpoints;
    long readIndex; // Chronicle indexes of the record last read and of the last verified SEAL
    long sealIndex = -1;
    private int batchBytes;
    private final JournalDocuments documents = new JournalDocuments(batch);
    /** Whether records go out whole, SEALs included ({@link #readWhole}); fixed by the first read. */
    private Boolean whole;
    private int batchRecords;
    private int released;
    private int releasedEnd;
    long position;
    long sealed;
    private long delivered;
    private String broken;
    JournalProblem problem;

    /** As {@link #JournalReader(Path, JournalTrust, JournalCursor)} from record 0, with no key. */
    public JournalReader(final Path dir) {
        this(dir, JournalTrust.none());
    }

    /** As {@link #JournalReader(Path, JournalTrust, JournalCursor)} from record 0. */
    public JournalReader(final Path dir, final JournalTrust trust) {
        this(dir, trust, JournalStart.beginning());
    }

    /**
     * Reads from record 0, or from just after the SEAL a cursor names ({@link JournalStart#after}: the
     * records up to it are not read again, the chain continues from its head; a SEAL there that is not the
     * cursor's reads as {@link JournalProblem#REWRITTEN}).
     *
     * @param from where to start, or null for record 0.
     * @see #JournalReader(Path, JournalTrust, JournalStart)
     */
    public JournalReader(final Path dir, final JournalTrust trust, final JournalCursor from) {
        this(dir, trust, from == null ? JournalStart.beginning() : JournalStart.after(from));
    }

    /**
     * Scans the journal's files from {@code start} on; Chronicle Queue opens them only when there is a
     * record to read.
     *
     * @param dir   a journal directory.
     * @param trust the journal key and checkpoint anchor to check against, if any.
     * @param start where to start: the beginning, after a SEAL vouched for (a cursor, a snapshot), or what
     *              remains of a journal whose head was archived.
     * @throws IllegalArgumentException if it does not exist or is not a directory.
     * @throws java.io.UncheckedIOException if a journal or anchor file cannot be read.
     */
    public JournalReader(final Path dir, final JournalTrust trust, final JournalStart start) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no journal directory at " + dir);
        }
        this.dir = dir;
        this.trust = trust;
        this.anchor = new ChainAnchor(this, start);
        this.scan = anchor.scan(dir);
        this.position = start.atSeal() ? start.sealSequence : scan.first();
        this.chain = new JournalChain(trust.journalKey());
        this.checkpoints = trust.anchor() == null ? null
            : new JournalCheckpoints(CheckpointAnchor.read(trust.anchor(), trust.checkpointKey()));
        if (broken == null && checkpoints != null && checkpoints.problem() != null) {
            fail(JournalProblem.BAD_CHECKPOINT, checkpoints.problem());
        }
        JvmOptions.quietChronicle(); // before read() loads Chronicle's classes
    }

    /**
     * Follows a journal still being written: scans again for records appended since ({@link JournalScan#next}),
     * so the next read continues on this reader's open queue. @return records now readable (0 once broken).
     */
    public long refresh() {
        if (broken == null) {
            scan = scan.next(dir);
        }
        return broken == null ? scan.records() - position : 0;
    }

    /** @return whether {@code dir} holds journal files (a new engine starts with an empty directory). */
    public static boolean hasRecords(final Path dir) {
        return !JournalScan.files(dir).isEmpty();
    }

    /** Reads and verifies records until the end, a broken record, or the visitor says stop: @return records handed over. */
    public long read(final Visitor visitor) {
        return read(visitor, Long.MAX_VALUE);
    }

    /**
     * Reads and verifies records, handing at most {@code limit} to the visitor, until the end, a broken
     * record, or the visitor says stop. Having read the last complete record, reports any damage found
     * after it, and a tail cut before the last signed checkpoint.
     *
     * @return number of records handed to the visitor in this call.
     */
    public long read(final Visitor visitor, final long limit) {
        mode(false);
        return readAll(visitor, null, limit);
    }

    /**
     * Reads and verifies like {@link #read(Visitor, long)}, but hands over every record whole, exactly as
     * stored and in sequence order: each batch's records followed by its SEAL, once the SEAL verifies,
     * VOID batches included (their records were never applied, but they are part of the chain). For
     * copying the journal elsewhere (the fleet's shipper) so a copy verifies by the same rules. One
     * reader reads either this way or with {@link #read(Visitor, long)}, not both.
     *
     * @param visitor told of each record.
     * @param limit   at most this many records are handed over in this call.
     * @return number of records handed to the visitor in this call.
     * @throws IllegalStateException if this reader was read with {@link #read(Visitor, long)}.
     */
    public long readWhole(final WholeRecordVisitor visitor, final long limit) {
        mode(true);
        return readAll(null, visitor, limit);
    }

    private void mode(final boolean wholeRecords) {
        if (whole == null) {
            whole = wholeRecords;
        } else if (whole != wholeRecords) {
            throw new IllegalStateException("a journal reader reads either bodies (read) or whole records"
                + " (readWhole), not both");
        }
    }

    private long readAll(final Visitor visitor, final WholeRecordVisitor wholeVisitor, final long limit) {
        if (tailer == null && broken == null && anchor.start.atSeal() && !open()) {
            return 0; // the SEAL started after is checked first, whatever the scan counted after it
        }
        long count = 0;
        while (count < limit) {
            if (released < releasedEnd) {
                count++;
                if (wholeVisitor != null ? !releaseWhole(wholeVisitor) : !release(visitor)) {
                    return count;
                }
                continue;
            }
            if (broken != null || position >= scan.records() || !readRecord()) {
                break;
            }
        }
        if (broken == null && position == scan.records() && released == releasedEnd) {
            atEnd();
        }
        return count;
    }

    private boolean release(final Visitor visitor) {
        final int at = starts[released++];
        decoder.wrap(batch, at, starts[released] - at, null);
        delivered++;
        if (!bodies.open(decoder)) {
            fail(JournalProblem.MALFORMED, "record at sequence " + decoder.sequence() + ": " + bodies.expandProblem());
            return false;
        }
        return visitor.onRecord(decoder.sequence(), decoder.recordType(), bodies.body(), bodies.offset(),
            bodies.length());
    }

    private boolean releaseWhole(final WholeRecordVisitor visitor) {
        final int at = starts[released++];
        final int length = starts[released] - at;
        decoder.wrap(batch, at, length, null);
        delivered++;
        return visitor.onRecord(decoder.sequence(), decoder.recordType(), batch, at, length);
    }

    private void atEnd() {
        if (!anchor.anchored) {
            fail(JournalProblem.UNANCHORED, anchor.unanchored(scan.first()));
            return;
        }
        if (checkpoints != null) {
            final String cut = checkpoints.beyond(sealed - 1, position);
            if (cut != null) {
                fail(JournalProblem.CUT_BEFORE_CHECKPOINT, cut);
                return;
            }
        }
        final String damage = scan.damage();
        if (damage != null) {
            fail(JournalProblem.DAMAGED, damage);
        }
    }

    /** Reads, checks and files one record; @return false if it broke the journal. */
    private boolean readRecord() {
        if (tailer == null && !open()) {
            return false;
        }
        if (batchRecords == 0) {
            released = 0;
            releasedEnd = 0;
        }
        if (documents.next == documents.end && !readDocument()) {
            return false;
        }
        final int at = documents.next;
        final int length = JournalDocuments.recordLength(batch, at, documents.end - at);
        if (length < 0) {
            return fail(JournalProblem.MALFORMED, "record " + position + ": its document ends " + (documents.end - at)
                + " bytes into it, inside the record (document at index " + readIndex + ")");
        }
        documents.next = at + length;
        if (!check(at, length)) {
            return false;
        }
        position++;
        if (!anchor.anchored) {
            return anchor.anchor();
        }
        if (decoder.recordType() == RecordType.SEAL) {
            return onSeal(at, length);
        }
        chain.add(batch, at, length);
        starts[batchRecords++] = at;
        batchBytes = at + length;
        starts[batchRecords] = batchBytes;
        return true;
    }

    /**
     * Reads the next document into {@link #batch}: after the records of the open batch, or at 0 when none
     * is open. @return false if there is none or it does not fit (the reader failed).
     */
    private boolean readDocument() {
        final int at = batchRecords == 0 ? 0 : batchBytes;
        final long length = documents.read(tailer, at, BATCH_CAPACITY - at);
        if (length == JournalDocuments.NONE) {
            return fail(JournalProblem.DAMAGED, "record " + position + ": the journal files hold " + scan.records()
                + " complete records, but Chronicle Queue reads none after the first " + position
                + " (its directory listing or index does not reach the rest)");
        }
        if (length < 0) {
            return fail(JournalProblem.MALFORMED, "record " + position + ": a document of " + (-length)
                + " bytes does not fit the batch (" + batchRecords + " records since the last SEAL): the engine"
                + " seals every " + Journal.SEAL_BYTES + " bytes");
        }
        readIndex = documents.index;
        return true;
    }

    /** Opens the queue; a start after a SEAL moves to it and checks it is the SEAL vouched for. */
    private boolean open() {
        queue = SingleChronicleQueueBuilder.single(dir.toFile()).readOnly(true).build();
        tailer = queue.createTailer();
        return !anchor.start.atSeal() || anchor.openAtSeal();
    }

    boolean check(final int at, final int length) {
        if (decoder.wrap(batch, at, length, detail) != CodecError.OK) {
            return fail(JournalProblem.MALFORMED, "record " + position + ": malformed: " + detail.message());
        }
        if (hasher.verify(decoder, detail) != CodecError.OK) {
            return fail(JournalProblem.ALTERED, "record " + position + " (sequence " + decoder.sequence()
                + "): its CRC does not match its content: the record was altered");
        }
        final String stored = bodies.problem(decoder, anchor.anchored && batchRecords == 0);
        if (stored != null) { // before the chain is anchored, the reader may have started inside a batch
            return fail(JournalProblem.MALFORMED, "record " + position + " (sequence " + decoder.sequence() + "): "
                + stored);
        }
        final long sequence = decoder.sequence();
        if (sequence > position) {
            if (documents.comesLater(tailer, position, starts.length)) { // reordered, not dropped
                return fail(JournalProblem.REORDERED, "record " + position + ": sequence " + sequence + " where "
                    + position + " was expected, and sequence " + position + " comes later: records were reordered");
            }
            return fail(JournalProblem.DROPPED, "record " + position + ": sequence " + sequence + " where " + position
                + " was expected: records " + position + ".." + (sequence - 1) + " were dropped");
        }
        if (sequence < position) {
            return fail(JournalProblem.REORDERED, "record " + position + ": sequence " + sequence + " where " + position
                + " was expected: records were reordered or duplicated");
        }
        return true;
    }

    private boolean onSeal(final int at, final int length) {
        final long sequence = position - 1;
        if (seal.wrap(batch, decoder.bodyOffset(), decoder.bodyLength(), detail) != CodecError.OK) {
            return fail(JournalProblem.MALFORMED, "SEAL " + sequence + ": malformed: " + detail.message());
        }
        final String what = "the SEAL at sequence " + sequence + " over records " + (sequence - batchRecords) + ".."
            + (sequence - 1);
        switch (chain.verify(seal, sequence)) {
            case WRONG_COUNT:
                return fail(JournalProblem.REWRITTEN, what + " says it seals " + seal.recordCount()
                    + " records: a record was dropped, inserted or the SEAL rewritten");
            case WRONG_HEAD:
                return fail(JournalProblem.REWRITTEN, what + ": the records do not hash to its head: one of them"
                    + " was changed (its CRC recomputed), or a record before them was");
            case BAD_MAC:
                return fail(JournalProblem.FORGED, what + ": its mac does not verify under the journal key: the"
                    + " records and SEAL were rewritten without the key");
            case NOT_KEYED:
                return fail(JournalProblem.FORGED, what + " carries no mac, but the journal key is set: written"
                    + " without the key");
            default:
                break;
        }
        if (checkpoints != null) {
            final String mismatch = checkpoints.atSeal(sequence, chain);
            if (mismatch != null) {
                return fail(JournalProblem.REWRITTEN, mismatch);
            }
        }
        sealed = position;
        sealIndex = readIndex;
        if (Boolean.TRUE.equals(whole)) { // the SEAL goes out too, after its batch
            starts[batchRecords] = at;
            starts[batchRecords + 1] = at + length;
            releasedEnd = batchRecords + 1;
            batchRecords = 0;
            return true;
        }
        releasedEnd = (seal.flags() & SealBodyLayout.FLAG_VOID) != 0 ? 0 : batchRecords;
        batchRecords = 0;
        return true;
    }

    boolean fail(final JournalProblem kind, final String message) {
        problem = kind;
        broken = message;
        return false;
    }

    /** @return records verified so far: every record up to the last verified SEAL, SEALs included. */
    public long verified() {
        return sealed;
    }

    /** @return records of what remains read before its first trusted SEAL: CRC and sequence checked, never handed out. */
    public long skipped() {
        return anchor.skipped;
    }

    /** @return the sequence of the first record read: 0, or where a start other than the beginning put it. */
    public long firstSequence() {
        return anchor.start.atSeal() ? anchor.start.sealSequence : scan.first();
    }

    /** @return number of records read after the last verified SEAL (never acknowledged; not handed out). */
    public long unsealed() {
        return broken == null && anchor.anchored ? batchRecords : 0;
    }

    /** @return where a new reader continues after the last verified SEAL, or null before the first. Allocates. */
    public JournalCursor cursor() {
        return sealed == 0 ? null : new JournalCursor(sealed - 1, sealIndex, chain.head());
    }

    /** @return the chain head after the last verified SEAL (zeros before the first). */
    public byte[] lastHash() {
        return chain.head();
    }

    /** @return the checkpoints the journal was checked against (0 without an anchor). */
    public int checkpointsVerified() {
        return checkpoints == null ? 0 : checkpoints.matched();
    }

    /** @return what is wrong with the first record that failed verification, or null. */
    public String broken() {
        return broken;
    }

    /** @return the kind of what {@link #broken()} describes, or null. */
    public JournalProblem problem() {
        return problem;
    }

    /** @return where a journal file ends inside a record (the journal was truncated), described, or null. */
    public String cut() {
        return scan.cut();
    }

    /** @return the position after the last record read: where a writer continues. */
    long position() {
        return position;
    }

    /** @return the chain as read, the unsealed records in its open batch, for a writer to continue. */
    JournalChain chainForWriter() {
        return chain.copy();
    }

    List<CheckpointAnchor.Checkpoint> checkpointList() {
        return checkpoints == null ? List.of() : checkpoints.all();
    }

    @Override
    public void close() {
        if (tailer != null) {
            tailer.close();
            queue.close();
        }
    }
}
