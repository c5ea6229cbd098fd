package dev.baton.engine;

import dev.baton.codec.CodecError;
import dev.baton.codec.SealBodyLayout;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.DocumentContext;

import java.security.MessageDigest;

/**
 * Where a {@link JournalReader}'s chain starts when it does not start at record 0: at a snapshot's SEAL
 * (checked to be that SEAL, with that head), or at the first SEAL of what remains of an archived journal
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

    /** The tailer is open: moves it to the snapshot's SEAL, checks it, and anchors the chain there. */
    boolean openAtSeal() {
        final String what = "the SEAL at sequence " + start.sealSequence + " (" + start.file + " byte "
            + start.position + ")";
        if (!r.tailer.moveToIndex(start.index)) {
            return r.fail(JournalProblem.NOT_AT_SNAPSHOT, what + ": the journal has no record at its index");
        }
        final int length;
        try (DocumentContext dc = r.tailer.readingDocument()) {
            final Bytes<?> bytes = dc.isPresent() ? dc.wire().bytes() : null;
            if (bytes == null || bytes.readRemaining() > JournalReader.BATCH_CAPACITY) {
                return r.fail(JournalProblem.NOT_AT_SNAPSHOT, what + ": the journal has no such record");
            }
            length = (int) bytes.readRemaining();
            bytes.read(r.batch.byteArray(), 0, length);
        }
        if (!r.check(0, length)) {
            r.problem = JournalProblem.NOT_AT_SNAPSHOT;
            return false;
        }
        if (r.decoder.recordType() != RecordType.SEAL
            || r.seal.wrap(r.batch, r.decoder.bodyOffset(), r.decoder.bodyLength(), r.detail) != CodecError.OK) {
            return r.fail(JournalProblem.NOT_AT_SNAPSHOT, what + ": the record there is not a SEAL");
        }
        final byte[] head = start.head();
        final byte[] found = new byte[head.length];
        r.seal.getHead(found, 0);
        if (!MessageDigest.isEqual(head, found)) {
            return r.fail(JournalProblem.NOT_AT_SNAPSHOT, what + ": its head is not the one the snapshot holds");
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
