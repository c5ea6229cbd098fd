package dev.baton.cli;

import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionSlot;
import dev.baton.core.DecisionCore;
import dev.baton.engine.DecisionRecord;
import dev.baton.engine.JournalReplay;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A journal read once for the audit commands: its extent ({@link JournalFiles}), the replay of every
 * record under the policy version it was recorded with ({@link JournalReplay}, which verifies the hash
 * chain as it goes), and, when asked for, every decision with its names resolved.
 * <p>
 * The journal is opened read-only and never modified. <b>Note:</b> holds every decision in memory when
 * {@code keepEntries} is set.
 */
final class AuditLog {
    /** Dead-grant retention the engine uses by default; replay must use the writer's value. */
    static final long RETENTION_MILLIS = 60_000;
    static final int INITIAL_GRANTS = 4096;
    static final int MAX_GRANTS = 1 << 24;

    final Path dir;
    final JournalFiles.Extent extent;
    final JournalReplay replay;
    final List<DecisionEntry> entries;
    final List<String> mismatches = new ArrayList<>();
    final long elapsedNanos;

    private AuditLog(final Path dir, final JournalFiles.Extent extent, final boolean keepEntries,
                     final Progress progress) {
        this.dir = dir;
        this.extent = extent;
        this.entries = keepEntries ? new ArrayList<>() : null;
        final JournalReplay[] self = new JournalReplay[1];
        final JournalReplay.Listener listener = (record, child, replayed, policy, matches) ->
            onDecision(self[0], record, child, replayed, policy, matches, progress);
        this.replay = self[0] = new JournalReplay(null, INITIAL_GRANTS, MAX_GRANTS, RETENTION_MILLIS, listener);
        final long t0 = System.nanoTime();
        replay.replay(dir, extent.records());
        this.elapsedNanos = System.nanoTime() - t0;
        progress.done();
    }

    /**
     * Reads the journal in {@code dir} (check it with {@link JournalFiles#problem} first).
     *
     * @param keepEntries keep every decision, with names, in {@link #entries}.
     * @param progress    told of each decision.
     */
    static AuditLog read(final Path dir, final boolean keepEntries, final Progress progress) throws IOException {
        return read(dir, JournalFiles.measure(dir), keepEntries, progress);
    }

    /** As {@link #read(Path, boolean, Progress)}, with the extent already measured. */
    static AuditLog read(final Path dir, final JournalFiles.Extent extent, final boolean keepEntries,
                         final Progress progress) {
        return new AuditLog(dir, extent, keepEntries, progress);
    }

    private void onDecision(final JournalReplay r, final DecisionRecord record, final int child,
                            final DecisionSlot replayed, final CompiledPolicy policy, final boolean matches,
                            final Progress progress) {
        final long seq = r.records() - 1;
        if (!matches && mismatches.size() < 10) {
            final DecisionEntry e = DecisionEntry.of(seq, record, child, policy, names(r.core()));
            mismatches.add("record " + seq + ", decision " + e.decisionId() + " (" + e.opName() + "): journaled "
                + e.outcome() + " " + e.reason() + (e.grantId() != 0 ? " grant=" + e.grantId() : "")
                + ", replayed " + replayed.describe(policy));
        }
        if (entries != null) {
            entries.add(DecisionEntry.of(seq, record, child, policy, names(r.core())));
        }
        progress.update(seq + 1);
    }

    static java.util.function.IntFunction<String> names(final DecisionCore core) {
        return id -> core != null && core.hasIdentity(id) ? core.identityName(id) : null;
    }

    /** @return the identity name of {@code id} in the replayed journal, or null. */
    String identity(final int id) {
        return names(replay.core()).apply(id);
    }

    /** @return why the journal cannot be trusted past some record (broken chain, cut, unreplayable), or null. */
    String damage() {
        if (replay.broken() != null) {
            return "the hash chain is broken at " + replay.broken();
        }
        if (replay.problem() != null) {
            return "replay stopped at " + replay.problem();
        }
        if (extent.cut() != null) {
            return "the journal ends in a cut record: " + extent.cut();
        }
        return null;
    }

    /** @return e.g. {@code records 0..10 (11 records)}: the clean prefix. */
    String cleanPrefix() {
        final long n = replay.records();
        return n == 0 ? "no record" : n == 1 ? "record 0 (1 record)" : "records 0.." + (n - 1) + " (" + n + " records)";
    }
}
