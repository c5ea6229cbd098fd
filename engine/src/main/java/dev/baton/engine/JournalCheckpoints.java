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
    private int skipped;

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
        return next - skipped;
    }

    /** @return whether a checkpoint attests the SEAL at {@code sequence}. */
    boolean attests(final long sequence) {
        for (final CheckpointAnchor.Checkpoint c : loaded.checkpoints) {
            if (c.sealSequence == sequence) {
                return true;
            }
        }
        return false;
    }

    /**
     * A reader starts after the records up to {@code sequence} (archived, or vouched for by a snapshot):
     * checkpoints of SEALs before it are passed over, not matched.
     */
    void skipBefore(final long sequence) {
        while (next < loaded.checkpoints.size() && loaded.checkpoints.get(next).sealSequence < sequence) {
            next++;
        }
        skipped = next;
    }

    /** @return checkpoints passed over by {@link #skipBefore} (not matched against the journal). */
    int skipped() {
        return skipped;
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
