package dev.baton.audit;

import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionCore;
import dev.baton.core.DecisionSlot;
import dev.baton.engine.DecisionRecord;
import dev.baton.engine.JournalProblem;
import dev.baton.engine.JournalReader;
import dev.baton.engine.JournalReplay;
import dev.baton.engine.JournalScan;
import dev.baton.engine.JournalTrust;
import dev.baton.engine.Request;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A journal read once for audit: the replay of every record under the policy version it was recorded
 * with ({@link JournalReplay}, which verifies the hash chain record by record and checks the queue files
 * for damage Chronicle's reader cannot see), and, when asked for, every decision with its names resolved
 * ({@link #entries()}).
 * <pre>{@code
 * String problem = AuditLog.directoryProblem(dir);   // null when dir holds a journal
 * AuditLog log = AuditLog.read(dir);
 * if (log.damage() != null) { ... only log.cleanPrefix() can be trusted ... }
 * GrantChain chain = new GrantChain(log.entries());
 * }</pre>
 * The journal is opened read-only and never modified; a journal an engine is still writing is read up to
 * its last complete record.
 * <p>
 * <b>Note:</b> not thread-safe while being read; its results do not change afterwards. Allocates: it
 * compiles the journaled policies, and keeps every decision in memory when asked to.
 */
public final class AuditLog {
    /** Registry settings for journals whose START does not record the writer's (the engine's defaults). */
    static final long RETENTION_MILLIS = 60_000;
    static final int INITIAL_GRANTS = 4096;
    static final int MAX_GRANTS = 1 << 24;
    private static final int MISMATCHES_KEPT = 10;

    private final Path dir;
    private JournalReplay replay;
    private final List<DecisionEntry> entries;
    private dev.baton.engine.SnapshotRecovery recovery;
    private final List<String> mismatches = new ArrayList<>();
    private final ProgressListener progress;
    private final long total;
    private long elapsedNanos;
    private final DecisionSlot[] denialSlots = newSlots();

    private static DecisionSlot[] newSlots() {
        final DecisionSlot[] slots = new DecisionSlot[12];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new DecisionSlot();
        }
        return slots;
    }

    private AuditLog(final Path dir, final boolean keepEntries, final ProgressListener progress) {
        this.dir = dir;
        this.entries = keepEntries ? new ArrayList<>() : null;
        this.progress = progress;
        // The files are scanned again by the reader; a second pass over the headers only for a display.
        this.total = progress == ProgressListener.NONE ? 0 : JournalScan.of(dir).records();
        this.replay = new JournalReplay(null, INITIAL_GRANTS, MAX_GRANTS, RETENTION_MILLIS, this::onDecision);
    }

    /**
     * Checks that {@code dir} looks like a journal directory, before reading it.
     *
     * @param dir a path given as a journal directory.
     * @return null if it is one, else what is wrong, for the user.
     */
    public static String directoryProblem(final Path dir) {
        if (!Files.exists(dir)) {
            return "no such journal directory: " + dir;
        }
        if (!Files.isDirectory(dir)) {
            return dir + " is not a directory: give a journal directory (the one holding the *.cq4 files)";
        }
        if (!JournalReader.hasRecords(dir)) {
            return dir + " holds no journal files (*.cq4): give the engine's journal directory";
        }
        return null;
    }

    /**
     * Reads the journal in {@code dir}, keeping every decision, without progress reports.
     *
     * @param dir a journal directory (check it with {@link #directoryProblem} first).
     * @return what the read found.
     * @throws java.io.UncheckedIOException if a journal file cannot be read.
     */
    public static AuditLog read(final Path dir) {
        return read(dir, true, ProgressListener.NONE);
    }

    /**
     * Reads the journal in {@code dir}.
     *
     * @param dir         a journal directory (check it with {@link #directoryProblem} first).
     * @param keepEntries keep every decision, with names, in {@link #entries()}.
     * @param progress    told after each decision ({@link ProgressListener#NONE} for none).
     * @return what the read found.
     * @throws java.io.UncheckedIOException if a journal file cannot be read.
     */
    public static AuditLog read(final Path dir, final boolean keepEntries, final ProgressListener progress) {
        return read(dir, JournalTrust.none(), keepEntries, progress);
    }

    /**
     * Reads the journal in {@code dir}, checking it against {@code trust}: every SEAL's mac under the
     * journal key, and the chain against every signed checkpoint of the anchor (docs/durability.md,
     * "Tamper evidence").
     *
     * @param dir         a journal directory (check it with {@link #directoryProblem} first).
     * @param trust       the journal key and checkpoint anchor to check against ({@link JournalTrust#none()} for none).
     * @param keepEntries keep every decision, with names, in {@link #entries()}.
     * @param progress    told after each decision ({@link ProgressListener#NONE} for none).
     * @return what the read found.
     * @throws java.io.UncheckedIOException if a journal file cannot be read.
     */
    public static AuditLog read(final Path dir, final JournalTrust trust, final boolean keepEntries,
                                final ProgressListener progress) {
        final AuditLog log = new AuditLog(dir, keepEntries, progress);
        final long t0 = System.nanoTime();
        log.replay.replay(dir, trust, Long.MAX_VALUE);
        log.elapsedNanos = System.nanoTime() - t0;
        return log;
    }

    /**
     * Reads the journal in {@code dir} from the newest snapshot in {@code snapshots} that verifies (and
     * that the journal continues): only the records after it are re-executed and listed; snapshots that
     * do not verify are passed over ({@link #snapshotsIgnored()}); with none left, the whole journal is.
     *
     * @param dir         a journal directory (check it with {@link #directoryProblem} first).
     * @param trust       the journal key and checkpoint anchor to check against.
     * @param snapshots   the engine's snapshot directory.
     * @param keepEntries keep every decision replayed, with names, in {@link #entries()}.
     * @param progress    told after each decision ({@link ProgressListener#NONE} for none).
     * @return what the read found.
     * @throws java.io.UncheckedIOException if a journal or snapshot file cannot be read.
     */
    public static AuditLog readFromSnapshot(final Path dir, final JournalTrust trust, final Path snapshots,
                                            final boolean keepEntries, final ProgressListener progress) {
        final AuditLog log = new AuditLog(dir, keepEntries, progress);
        final long t0 = System.nanoTime();
        log.recovery = dev.baton.engine.SnapshotRecovery.recover(dir, trust,
            new dev.baton.engine.SnapshotStore(snapshots), () -> {
                if (log.entries != null) {
                    log.entries.clear(); // an attempt from a snapshot that turned out bad
                }
                log.mismatches.clear();
                log.replay = new JournalReplay(null, INITIAL_GRANTS, MAX_GRANTS, RETENTION_MILLIS, log::onDecision);
                return log.replay;
            });
        log.replay = log.recovery.replay();
        log.elapsedNanos = System.nanoTime() - t0;
        return log;
    }

    /** @return the snapshot the read started from, described, or null (the whole journal was replayed). */
    public String snapshotUsed() {
        return recovery == null ? null : recovery.snapshotUsed();
    }

    /** @return records re-executed: after the snapshot, or all. */
    public long replayedRecords() {
        return recovery == null ? replay.records() : recovery.replayedRecords();
    }

    /** @return decisions re-executed: after the snapshot, or all. */
    public long replayedDecisions() {
        return recovery == null ? replay.decisions() : recovery.replayedDecisions();
    }

    /** @return the snapshots passed over and why (none without {@link #readFromSnapshot}). */
    public List<String> snapshotsIgnored() {
        return recovery == null ? List.of() : recovery.ignored();
    }

    private void onDecision(final DecisionRecord record, final int child, final DecisionSlot replayed,
                            final CompiledPolicy policy, final boolean matches) {
        final long seq = replay.lastSequence();
        final boolean describe = !matches && mismatches.size() < MISMATCHES_KEPT;
        final DecisionEntry e = describe || entries != null
            ? new DecisionEntry(seq, record, child, policy, this::identityName) : null;
        if (describe) {
            mismatches.add("record " + seq + ", decision " + e.decisionId() + " (" + e.opName() + "): journaled "
                + e.outcome() + " " + e.reason() + (e.grantId() != 0 ? " grant=" + e.grantId() : "")
                + ", replayed " + replayed.describe(policy));
        }
        if (entries != null) {
            final long grant = e.createsGrant() ? e.grantId() : e.usedGrant();
            e.context(BudgetText.arguments(replay.replayedArguments(), policy),
                BudgetText.budgets(replay.core(), policy, grant));
            e.constraints(BudgetText.constraints(replay.core(), grant));
            if ((e.op() == Request.Op.DELEGATE || e.op() == Request.Op.FAN_OUT || e.op() == Request.Op.AUTHORIZE)
                && "DENY".equals(e.outcome())
                && e.refusedBefore() == 0) {
                e.denials(denials(child, policy));
            }
            entries.add(e);
        }
        progress.onProgress(seq + 1, total);
    }

    /** Every step that refused child {@code child} of the delegation just replayed, as text. */
    private List<String> denials(final int child, final CompiledPolicy policy) {
        final int n = replay.replayedDenials(child, denialSlots);
        final List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            final DecisionSlot d = denialSlots[i];
            out.add(d.reason() + (d.rule() < 0 ? "" : ", rule " + policy.ruleName(d.rule()) + " at "
                + policy.ruleSource(d.rule())));
        }
        return out;
    }

    /** @return the journal directory read. */
    public Path dir() {
        return dir;
    }

    /** @return every decision in journal order, names resolved; empty unless read with {@code keepEntries}. */
    public List<DecisionEntry> entries() {
        return entries == null ? List.of() : Collections.unmodifiableList(entries);
    }

    /** @return records read and verified: the clean prefix. */
    public long records() {
        return replay.records();
    }

    /** @return decisions re-executed. */
    public long decisions() {
        return replay.decisions();
    }

    /** @return decisions whose re-execution differs from the journal. */
    public long mismatchCount() {
        return replay.mismatches();
    }

    /** @return the first few mismatches, each described (record, decision, journaled and replayed outcome). */
    public List<String> mismatches() {
        return Collections.unmodifiableList(mismatches);
    }

    /** @return the replay's verdict on the journal's shadow-mode records: disagreements reproduced. */
    public long shadowDisagreements() {
        return replay.shadowDisagreements();
    }

    /** @return shadow-mode records replay does not reproduce ({@link JournalReplay#shadowMismatches()}). */
    public long shadowMismatches() {
        return replay.shadowMismatches();
    }

    /** @return the first shadow-mode record replay does not reproduce, described, or null. */
    public String firstShadowMismatch() {
        return replay.firstShadowMismatch();
    }

    /** @return the policy versions the journal holds, by version id. */
    public Map<Long, CompiledPolicy> policies() {
        return Collections.unmodifiableMap(replay.policies());
    }

    /** @return the policy in force after the last record read, or null if the journal holds none. */
    public CompiledPolicy currentPolicy() {
        return replay.core() == null ? null : replay.core().policy();
    }

    /** @return the first record failing verification, or damage to the files after the last one; or null. */
    public String broken() {
        return replay.broken();
    }

    /** @return the kind of what {@link #broken()} describes, or null. */
    public JournalProblem problemKind() {
        return replay.brokenKind();
    }

    /** @return the signed checkpoints the journal was checked against (0 without an anchor). */
    public int checkpointsVerified() {
        return replay.checkpointsVerified();
    }

    /** @return where a journal file ends inside a record (the journal was truncated), described, or null. */
    public String cut() {
        return replay.cut();
    }

    /** @return why replay stopped on a verified record (content it cannot replay), or null. */
    public String replayProblem() {
        return replay.problem();
    }

    /** @return whether the last record read is a clean STOP (else the engine was killed, or is still writing). */
    public boolean stoppedCleanly() {
        return replay.stoppedCleanly();
    }

    /** @return how long the read took, in nanoseconds. */
    public long elapsedNanos() {
        return elapsedNanos;
    }

    /**
     * @param id an identity id as the journal records it.
     * @return its name in the replayed journal, or null if the journal does not hold it.
     */
    public String identityName(final int id) {
        final DecisionCore core = replay.core();
        return core != null && core.hasIdentity(id) ? core.identityName(id) : null;
    }

    /** @return {@link #identityName} as a function. */
    public IntFunction<String> identityNames() {
        return this::identityName;
    }

    /** @return why the journal cannot be trusted past some record (broken chain, cut, unreplayable), or null. */
    public String damage() {
        return damage(replay, false);
    }

    /**
     * @param replay     a finished replay.
     * @param mismatches whether decisions that replay differently count too.
     * @return the first of: a broken chain, an unreplayable record, (mismatches,) a cut; or null.
     */
    static String damage(final JournalReplay replay, final boolean mismatches) {
        if (replay.broken() != null) {
            return "the hash chain is broken at " + replay.broken()
                + (replay.brokenKind() == null ? "" : " (" + replay.brokenKind() + ")");
        }
        if (replay.problem() != null) {
            return "replay stopped at " + replay.problem();
        }
        if (mismatches && replay.mismatches() != 0) {
            return replay.mismatches() + " recorded decisions do not replay as recorded; first: "
                + replay.firstMismatch();
        }
        return replay.cut() == null ? null : "the journal ends in a cut record: " + replay.cut();
    }

    /** @return e.g. {@code records 0..10 (11 records)}: the clean prefix (sequences count SEALs too). */
    public String cleanPrefix() {
        final long n = records();
        final long last = replay.lastSequence();
        return n == 0 ? "no record" : n == 1 ? "record " + last + " (1 record)"
            : "records 0.." + last + " (" + n + " records)";
    }
}
