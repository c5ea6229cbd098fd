package dev.baton.engine;

import dev.baton.codec.CodecError;
import dev.baton.codec.SealBodyLayout;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.DocumentContext;

import java.security.MessageDigest;

/**
 * Where a {@link JournalReader}'s chain starts when it does not start at record 0: at a snapshot's or a
 * cursor's SEAL (checked to be that SEAL, with that head), or at the first SEAL of what remains of an archived journal
 * that can be trusted without its predecessors (a signed checkpoint attests it, or its mac verifies under
 * the journal key). The chain then continues from that SEAL's head.
 * <p>
 * <b>Note:</b> part of one reader; not thread-safe. Anchoring allocates once.
 */
final class ChainAnchor {
    private final JournalReader r;
    final JournalStart start;
    /** Whether the chain is anchored: from the beginning, at a snapshot's SEAL, or at a trusted SEAL. */
    boolean anchored;
    /** Records of what remains read before the first trusted SEAL. */
    long skipped;

    ChainAnchor(final JournalReader reader, final JournalStart start) {
        this.r = reader;
        this.start = start;
        this.anchored = !start.remaining;
    }

    /** @return the scan of what the reader will read from its start (none, and the reader failed, if the SEAL's file is gone). */
    JournalScan scan(final java.nio.file.Path dir) {
        if (start.file != null && !java.nio.file.Files.isRegularFile(dir.resolve(start.file))) {
            r.fail(JournalProblem.NOT_AT_SNAPSHOT, "the journal file " + start.file + " holding the SEAL at sequence "
                + start.sealSequence + " is missing");
            return JournalScan.none(start.sealSequence);
        }
        return start.file != null ? JournalScan.from(dir, start.file, start.position, start.sealSequence)
            : start.remaining ? JournalScan.remaining(dir) : JournalScan.of(dir);
    }

    /** The tailer is open: moves it to the SEAL started after, checks it, and anchors the chain there. */
    boolean openAtSeal() {
        final String what = start.describeSeal();
        if (!r.tailer.moveToIndex(start.index)) {
            return r.fail(start.mismatch, what + " is not in this journal: it has no record at its index");
        }
        final int length;
        try (DocumentContext dc = r.tailer.readingDocument()) {
            final Bytes<?> bytes = dc.isPresent() ? dc.wire().bytes() : null;
            if (bytes == null || bytes.readRemaining() > JournalReader.BATCH_CAPACITY) {
                return r.fail(start.mismatch, what + " is not in this journal: it has no such record");
            }
            length = (int) bytes.readRemaining();
            bytes.read(r.batch.byteArray(), 0, length);
            r.readIndex = dc.index();
        }
        // The SEAL ends its document: a batch's records come before it (they precede the start).
        int last = 0;
        int lastLength = length;
        for (int at = 0, n; at < length; at += n) {
            n = JournalDocuments.recordLength(r.batch, at, length - at);
            if (n <= 0) {
                return r.fail(start.mismatch, what + " is not in this journal: the document at its index does not"
                    + " hold whole records");
            }
            last = at;
            lastLength = n;
        }
        if (!r.check(last, lastLength)) { // another sequence there: another journal, or one rewritten
            return r.fail(start.mismatch, what + ": the record there is not that SEAL: " + r.broken());
        }
        if (r.decoder.recordType() != RecordType.SEAL
            || r.seal.wrap(r.batch, r.decoder.bodyOffset(), r.decoder.bodyLength(), r.detail) != CodecError.OK) {
            return r.fail(start.mismatch, what + ": the record there is not a SEAL: it belongs to another journal");
        }
        final byte[] head = start.head();
        final byte[] found = new byte[head.length];
        r.seal.getHead(found, 0);
        if (!MessageDigest.isEqual(head, found)) {
            return r.fail(start.mismatch, what + ": the SEAL there closes another head: the journal up to it is not"
                + " the one vouched for");
        }
        r.position++;
        return trust(head, start.sealSequence);
    }

    /** Before the first trusted SEAL of what remains: the record just read anchors the chain if it is one. */
    boolean anchor() {
        final long sequence = r.position - 1;
        if (r.decoder.recordType() != RecordType.SEAL
            || r.seal.wrap(r.batch, r.decoder.bodyOffset(), r.decoder.bodyLength(), r.detail) != CodecError.OK
            || !(r.checkpoints != null && r.checkpoints.attests(sequence) || r.chain.macVerifies(r.seal, sequence))) {
            skipped++;
            return true;
        }
        final byte[] head = new byte[SealBodyLayout.HEAD_LENGTH];
        r.seal.getHead(head, 0);
        anchored = true;
        return trust(head, sequence);
    }

    /** Continues the chain from a SEAL vouched for from outside; checks the checkpoints from it on. */
    private boolean trust(final byte[] head, final long sequence) {
        r.chain.startAt(head);
        r.sealed = r.position;
        r.sealIndex = r.readIndex;
        if (r.checkpoints != null) {
            r.checkpoints.skipBefore(sequence);
            final String mismatch = r.checkpoints.atSeal(sequence, r.chain);
            if (mismatch != null) {
                return r.fail(JournalProblem.REWRITTEN, mismatch);
            }
        }
        return true;
    }

    /** @return why what remains cannot be verified: no trusted SEAL in it. */
    String unanchored(final long first) {
        return "the head of the journal is gone (the first record left is sequence " + first + ") and none of the "
            + skipped + " records left is a SEAL a signed checkpoint attests"
            + (r.chain.keyed() ? " or whose mac verifies under the journal key" : "") + ": nothing in it can be verified";
    }
}
