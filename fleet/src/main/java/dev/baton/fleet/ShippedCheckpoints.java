package dev.baton.fleet;

import dev.baton.codec.JournalChain;
import dev.baton.engine.CheckpointLog;

import java.security.MessageDigest;

/**
 * Matches a shipped journal, SEAL by SEAL as {@link ShippedJournal#verify} walks it, against the engine's
 * verified signed checkpoints: the journal must have a SEAL at each checkpoint's sequence whose head is
 * the one signed, and must reach the last checkpoint.
 * <p>
 * <b>Note:</b> not thread-safe; one per verification. Allocates a head buffer.
 */
final class ShippedCheckpoints {
    private final CheckpointLog log;
    private final byte[] head = new byte[32];
    private int next;

    ShippedCheckpoints(final CheckpointLog log) {
        this.log = log;
    }

    /** The SEAL at {@code sequence} verified, the chain at its head: @return a mismatch, or null. */
    String atSeal(final long sequence, final JournalChain chain) {
        if (next >= log.size() || log.sealSequence(next) > sequence) {
            return null;
        }
        if (log.sealSequence(next) < sequence) {
            return log.describe(next) + ": shipped record " + log.sealSequence(next) + " is not a SEAL: the shipped"
                + " journal up to it is not the one signed";
        }
        chain.getHead(head, 0);
        if (!MessageDigest.isEqual(head, log.head(next))) {
            return log.describe(next) + ": the shipped journal's chain head there is not the one signed: records up"
                + " to sequence " + sequence + " were rewritten";
        }
        next++;
        return null;
    }

    /** At the end of the shipped records: @return the first checkpoint they do not reach, or null. */
    String beyond(final long records) {
        return next >= log.size() ? null : log.describe(next) + " and " + (log.size() - next - 1) + " later"
            + " checkpoint(s) attest more than the " + records + " shipped records: the shipped journal was cut";
    }

    /** @return checkpoints matched. */
    int matched() {
        return next;
    }
}
