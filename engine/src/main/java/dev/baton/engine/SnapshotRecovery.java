package dev.baton.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Bounded recovery: rebuilds the state of a journal from its newest snapshot that verifies, replaying only
 * the records after the snapshot's SEAL; falls back to the snapshot before it, and finally to a full
 * replay. A snapshot is <i>ignored</i>, and the next one tried, when its file does not verify (torn,
 * altered, without the mac the journal key requires), when the journal does not hold its SEAL where it
 * says ({@link JournalProblem#NOT_AT_SNAPSHOT}), or when the records after it do not replay to what they
 * recorded from its state (its state was not the journal's). A record that fails verification after the
 * snapshot is the journal's problem, not the snapshot's: that replay is returned as it is, and whoever
 * asked refuses it as it would a full replay.
 * <p>
 * <b>Note:</b> not thread-safe; allocates.
 */
public final class SnapshotRecovery {
    private final JournalReplay replay;
    private final String used;
    private final long replayedRecords;
    private final long replayedDecisions;
    private final List<String> ignored;

    private SnapshotRecovery(final JournalReplay replay, final Snapshot used, final List<String> ignored) {
        this.replay = replay;
        this.used = used == null ? null : used.toString();
        this.replayedRecords = replay.records() - (used == null ? 0 : used.records);
        this.replayedDecisions = replay.decisions() - (used == null ? 0 : used.decisions);
        this.ignored = List.copyOf(ignored);
    }

    /**
     * {@link #recover(Path, JournalTrust, SnapshotStore, byte[], Supplier)} with the journal key of
     * {@code trust}, if it holds one (then only snapshots whose mac verifies under it are used).
     *
     * @return the recovery.
     */
    public static SnapshotRecovery recover(final Path journal, final JournalTrust trust, final SnapshotStore store,
                                           final Supplier<JournalReplay> replays) {
        return recover(journal, trust, store, trust.journalKey(), replays);
    }

    /**
     * @param journal    the journal directory.
     * @param trust      what the journal is checked against.
     * @param store      the snapshots.
     * @param journalKey the journal key (then only snapshots whose mac verifies under it are used), or null.
     * @param replays    a new replay each time one is needed (same settings and listener).
     * @return the recovery: the replay, the snapshot it started from (or none) and the snapshots ignored.
     */
    public static SnapshotRecovery recover(final Path journal, final JournalTrust trust, final SnapshotStore store,
                                           final byte[] journalKey, final Supplier<JournalReplay> replays) {
        final List<String> ignored = new ArrayList<>();
        for (final Path file : store.newestFirst()) {
            final Snapshot snapshot;
            final JournalReplay r = replays.get();
            try {
                snapshot = store.read(file, journalKey);
                r.resume(snapshot);
            } catch (final IllegalStateException e) {
                ignored.add(e.getMessage());
                continue;
            }
            r.replay(journal, trust, snapshot.start(), Long.MAX_VALUE);
            if (r.brokenKind() == JournalProblem.NOT_AT_SNAPSHOT) {
                ignored.add(file.getFileName() + ": " + r.broken());
            } else if (r.problem() != null || r.mismatches() != 0) {
                ignored.add(file.getFileName() + ": the journal after it does not replay from its state: "
                    + (r.problem() != null ? r.problem() : r.firstMismatch()));
            } else {
                return new SnapshotRecovery(r, snapshot, ignored);
            }
        }
        return new SnapshotRecovery(replays.get().replay(journal, trust, Long.MAX_VALUE), null, ignored);
    }

    /** @return the replay: the state rebuilt, or the journal's problem. */
    public JournalReplay replay() {
        return replay;
    }

    /** @return the snapshot recovery started from, described, or null for a full replay. */
    public String snapshotUsed() {
        return used;
    }

    /** @return records replayed from the journal (after the snapshot, or all of them). */
    public long replayedRecords() {
        return replayedRecords;
    }

    /** @return decisions re-executed (after the snapshot, or all of them). */
    public long replayedDecisions() {
        return replayedDecisions;
    }

    /** @return why each snapshot passed over was ignored, newest first. */
    public List<String> ignored() {
        return ignored;
    }
}
