package dev.baton.engine;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;

/**
 * Signed checkpoints verified under the engine's Ed25519 public key, for an auditor who holds them apart
 * from the anchor file (for example shipped to a topic, one entry per record): each entry is the anchor
 * file's 112 bytes (see docs/durability.md, "Tamper evidence": SEAL sequence, time, chain head,
 * signature). Entries are checked in order; the first whose signature fails or whose SEAL sequence does
 * not grow stops the log, and {@link #problem()} says which. A journal copy is then matched against the
 * checkpoints that verified: the SEAL at each checkpoint's sequence must close the signed head.
 * <p>
 * <b>Note:</b> immutable once built, thread-safe. Building allocates (a signature verifier, the entries).
 */
public final class CheckpointLog {
    /** Bytes of one checkpoint entry, as in the anchor file. */
    public static final int ENTRY_LENGTH = CheckpointAnchor.ENTRY_LENGTH;

    private final List<CheckpointAnchor.Checkpoint> checkpoints;
    private final String problem;

    private CheckpointLog(final CheckpointAnchor.Loaded loaded) {
        this.checkpoints = List.copyOf(loaded.checkpoints);
        this.problem = loaded.problem;
    }

    /**
     * @param entries checkpoint entries in the order the engine signed them, each {@link #ENTRY_LENGTH}
     *                bytes.
     * @param key     the engine's checkpoint public key (Ed25519).
     * @param source  names where they come from, in {@link #problem()}.
     * @return the checkpoints that verified, up to the first that does not.
     * @throws IllegalArgumentException if the key is not an Ed25519 public key.
     */
    public static CheckpointLog verify(final List<byte[]> entries, final PublicKey key, final String source) {
        final byte[] all = new byte[entries.size() * ENTRY_LENGTH];
        for (int i = 0; i < entries.size(); i++) {
            final byte[] e = entries.get(i);
            if (e.length != ENTRY_LENGTH) {
                final CheckpointAnchor.Loaded loaded = CheckpointAnchor.parse(Arrays.copyOf(all, i * ENTRY_LENGTH),
                    source, key);
                return new CheckpointLog(withProblem(loaded, "checkpoint " + i + " of " + source + " has " + e.length
                    + " bytes, not " + ENTRY_LENGTH + ": not a checkpoint entry"));
            }
            System.arraycopy(e, 0, all, i * ENTRY_LENGTH, ENTRY_LENGTH);
        }
        return new CheckpointLog(CheckpointAnchor.parse(all, source, key));
    }

    private static CheckpointAnchor.Loaded withProblem(final CheckpointAnchor.Loaded loaded, final String problem) {
        if (loaded.problem == null) {
            loaded.problem = problem;
        }
        return loaded;
    }

    /** @return checkpoints that verified. */
    public int size() {
        return checkpoints.size();
    }

    /** @return the sequence of the SEAL checkpoint {@code i} attests. */
    public long sealSequence(final int i) {
        return checkpoints.get(i).sealSequence;
    }

    /** @return the chain head checkpoint {@code i} signed (copied). */
    public byte[] head(final int i) {
        return checkpoints.get(i).head.clone();
    }

    /** @return checkpoint {@code i} described (index, signing time, SEAL sequence), for messages. */
    public String describe(final int i) {
        return checkpoints.get(i).describe();
    }

    /** @return what is wrong with the first entry that did not verify, or null if all did. */
    public String problem() {
        return problem;
    }
}
