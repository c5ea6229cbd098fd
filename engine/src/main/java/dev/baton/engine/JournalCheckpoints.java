package dev.baton.engine;

import dev.baton.codec.JournalChain;

import java.security.MessageDigest;
import java.util.List;

/**
 * Matches a journal, as a reader walks its SEALs, against the signed checkpoints of its anchor: each
 * checkpoint names a SEAL's sequence and the head it closed, and the journal must have that SEAL with
 * that head, and must reach the last one.
 * <p>
 * <b>Note:</b> not thread-safe; one per reader. Allocates nothing per SEAL.
 */
final class JournalCheckpoints {
    private final CheckpointAnchor.Loaded loaded;
    private final byte[] head = new byte[32];
    private int next;

    JournalCheckpoints(final CheckpointAnchor.Loaded loaded) {
        this.loaded = loaded;
    }

    String problem() {
        return loaded.problem;
    }

    List<CheckpointAnchor.Checkpoint> all() {
        return loaded.checkpoints;
    }

    /** @return checkpoints matched so far. */
    int matched() {
        return next;
    }

    /** A SEAL at {@code sequence} verified, the chain now at its head: @return a mismatch, or null. */
    String atSeal(final long sequence, final JournalChain chain) {
        if (next >= loaded.checkpoints.size()) {
            return null;
        }
        final CheckpointAnchor.Checkpoint c = loaded.checkpoints.get(next);
        if (c.sealSequence < sequence) {
            return c.describe() + ": record " + c.sealSequence + " is not a SEAL in this journal: records up to"
                + " it were rewritten (the chain was recomputed without the checkpoint key)";
        }
        if (c.sealSequence > sequence) {
            return null;
        }
        chain.getHead(head, 0);
        if (!MessageDigest.isEqual(head, c.head)) {
            return c.describe() + ": the chain head there is not the one signed: records up to sequence "
                + sequence + " were rewritten (their heads recomputed without the checkpoint key)";
        }
        next++;
        return null;
    }

    /** A reader starting after the SEAL at {@code sequence}: takes the checkpoints up to it as matched. */
    void skipThrough(final long sequence) {
        while (next < loaded.checkpoints.size() && loaded.checkpoints.get(next).sealSequence <= sequence) {
            next++;
        }
    }

    /** At the end of the journal: @return the first checkpoint it does not reach (a cut tail), or null. */
    String beyond(final long lastSeal, final long records) {
        if (next >= loaded.checkpoints.size()) {
            return null;
        }
        final CheckpointAnchor.Checkpoint c = loaded.checkpoints.get(next);
        final int missing = loaded.checkpoints.size() - next;
        return "the journal ends after " + records + " records (its last verified SEAL at sequence " + lastSeal
            + "), but " + c.describe() + " and " + (missing - 1) + " later checkpoint(s) attest more: the tail"
            + " of the journal was cut";
    }
}
