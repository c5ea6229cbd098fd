package dev.baton.audit;

import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionSlot;
import dev.baton.engine.DecisionRecord;
import dev.baton.engine.JournalReader;
import dev.baton.engine.JournalReplay;
import dev.baton.engine.JournalTrust;
import dev.baton.engine.JournalWhatIf;
import dev.baton.engine.RecordBodies;
import dev.baton.engine.RecordType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Re-runs every request a journal recorded, at its recorded time, under another policy
 * ({@link JournalWhatIf}) and sums up the decisions whose outcome would change: counts by change (old
 * outcome, new outcome and reason), and the first few explained.
 * <pre>{@code
 * WhatIf w = WhatIf.run(dir, PolicyCompiler.load(next), 10, ProgressListener.NONE);
 * w.changesByKind().forEach((change, count) -> ...);
 * }</pre>
 * <p>
 * <b>Note:</b> not thread-safe while running; its results do not change afterwards. Allocates: it runs
 * two decision cores and describes every change.
 */
public final class WhatIf {
    /**
     * One recorded decision whose outcome would change.
     *
     * @param recorded the decision as the journal holds it.
     * @param now      the decision under the new policy, described (outcome, reason, rule, policy line).
     * @param followOn whether it changes only because it uses a grant the new policy did not create.
     */
    public record Change(DecisionEntry recorded, String now, boolean followOn) {
    }

    /** A change to show, before its entry is read: the policy it was recorded under, and the new decision. */
    private record Pending(CompiledPolicy recorded, String now, boolean followOn) {
    }

    private final CompiledPolicy next;
    private final int limit;
    private final ProgressListener progress;
    private final Map<String, Long> changesByKind = new TreeMap<>();
    /** The first changes by decision id, until their entries are read ({@link #readExamples}). */
    private final Map<Long, Pending> pending = new HashMap<>();
    private final List<Change> examples = new ArrayList<>();
    private final WhatIfBudgets budgetChanges = new WhatIfBudgets();
    private List<WhatIfBudgets.Budget> budgets = List.of();
    private JournalReplay replay;
    private long decisions;
    private long changes;
    private long followOns;
    private long reasonOnly;

    private WhatIf(final CompiledPolicy next, final int limit, final ProgressListener progress) {
        this.next = next;
        this.limit = limit;
        this.progress = progress;
    }

    /**
     * Runs the what-if over the journal in {@code dir}, from its first record to the end of its clean
     * prefix (see {@link #damage()}).
     *
     * @param dir      a journal directory (check it with {@link AuditLog#directoryProblem} first).
     * @param next     the policy to re-run the recorded requests under.
     * @param limit    how many changes to keep as {@link #examples()}.
     * @param progress told after each decision ({@link ProgressListener#NONE} for none).
     * @return the results.
     * @throws java.io.UncheckedIOException if a journal file cannot be read.
     */
    public static WhatIf run(final Path dir, final CompiledPolicy next, final int limit,
                             final ProgressListener progress) {
        return run(dir, JournalTrust.none(), next, limit, progress);
    }

    /**
     * Runs the what-if over the journal in {@code dir}, checked against {@code trust} (the journal key,
     * signed checkpoints), from its first record to the end of its clean prefix (see {@link #damage()}).
     *
     * @param dir      a journal directory (check it with {@link AuditLog#directoryProblem} first).
     * @param trust    what the journal is checked against ({@link JournalTrust#none()} for its structure only).
     * @param next     the policy to re-run the recorded requests under.
     * @param limit    how many changes to keep as {@link #examples()}.
     * @param progress told after each decision ({@link ProgressListener#NONE} for none).
     * @return the results.
     * @throws java.io.UncheckedIOException if a journal file cannot be read.
     */
    public static WhatIf run(final Path dir, final JournalTrust trust, final CompiledPolicy next, final int limit,
                             final ProgressListener progress) {
        final WhatIf w = new WhatIf(next, limit, progress);
        final JournalWhatIf whatIf = new JournalWhatIf(next, AuditLog.INITIAL_GRANTS, AuditLog.MAX_GRANTS,
            AuditLog.RETENTION_MILLIS, w::onDecision);
        w.replay = whatIf.run(dir, trust, Long.MAX_VALUE);
        if (whatIf.core() != null) {
            w.budgets = w.budgetChanges.budgets(w.replay.core(), whatIf.core());
        }
        w.readExamples(dir);
        return w;
    }

    private void onDecision(final DecisionRecord record, final int child, final CompiledPolicy recorded,
                            final DecisionSlot whatIf, final CompiledPolicy policy, final boolean followOn) {
        decisions++;
        final String oldOutcome = record.child(child).outcome().name();
        budgetChanges.onDecision(record, child, whatIf, !oldOutcome.equals(whatIf.outcome().name()));
        if (!oldOutcome.equals(whatIf.outcome().name())) {
            changes++;
            followOns += followOn ? 1 : 0;
            changesByKind.merge(oldOutcome + " -> " + whatIf.outcome() + " " + whatIf.reason()
                + (followOn ? " (follow-on)" : ""), 1L, Long::sum);
            if (pending.size() < limit) {
                pending.put(record.child(child).decisionId(), new Pending(recorded, whatIf.describe(policy), followOn));
            }
        } else if (record.child(child).reasonCode() != whatIf.reason().code()) {
            reasonOnly++;
        }
        progress.onProgress(decisions, 0);
    }

    /**
     * Reads the entries of the changes to show, from the start of the journal to the last of them. The
     * what-if listener cannot name their identities: the journal's ids are bound by its IDENTITY records,
     * which this pass follows (the what-if core binds the same names to ids of its own).
     */
    private void readExamples(final Path dir) {
        if (pending.isEmpty()) {
            return;
        }
        final Map<Integer, String> names = new HashMap<>();
        final DecisionRecord record = new DecisionRecord();
        try (JournalReader reader = new JournalReader(dir)) {
            reader.read((seq, type, body, offset, length) -> {
                if (type == RecordType.IDENTITY) {
                    names.put(RecordBodies.identityId(body, offset), RecordBodies.identityName(body, offset, length));
                } else if (type == RecordType.DECISION && record.wrap(body, offset, length)) {
                    for (int i = 0; i < record.children(); i++) {
                        final Pending p = pending.get(record.child(i).decisionId());
                        if (p != null) {
                            examples.add(new Change(new DecisionEntry(seq, record, i, p.recorded(), names::get),
                                p.now(), p.followOn()));
                        }
                    }
                }
                return examples.size() < pending.size();
            }, replay.records());
        }
    }

    /** @return the policy the requests were re-run under. */
    public CompiledPolicy next() {
        return next;
    }

    /** @return the policy in force at the end of the journal's clean prefix, or null if it holds none. */
    public CompiledPolicy recordedPolicy() {
        return replay.core() == null ? null : replay.core().policy();
    }

    /** @return how many policy versions the journal holds. */
    public int recordedVersions() {
        return replay.policies().size();
    }

    /** @return recorded decisions re-run. */
    public long decisions() {
        return decisions;
    }

    /** @return decisions whose outcome would change, follow-on ones included. */
    public long changes() {
        return changes;
    }

    /** @return changes only because a request uses a grant the new policy did not create. */
    public long followOns() {
        return followOns;
    }

    /** @return decisions that keep their outcome, for another reason. */
    public long reasonOnlyChanges() {
        return reasonOnly;
    }

    /** @return decisions whose outcome would change because of a budget ({@code BUDGET_EXCEEDED} under one policy only). */
    public long budgetChanges() {
        return budgetChanges.changes();
    }

    /**
     * @return each budget of the new policy, with its totals, spent and left over the tasks still held at the end
     *     of the journal, under the recorded policy and under the new one (empty when the new policy has none).
     */
    public List<WhatIfBudgets.Budget> budgets() {
        return budgets;
    }

    /** @return changes by kind, e.g. {@code DENY -> ALLOW OK}, with their counts, sorted by kind. */
    public Map<String, Long> changesByKind() {
        return Collections.unmodifiableMap(changesByKind);
    }

    /** @return the first changes, in journal order (at most the limit given). */
    public List<Change> examples() {
        return Collections.unmodifiableList(examples);
    }

    /**
     * @param c one of {@link #examples()}.
     * @return its request in a few words: the operation, what it asked for and who asked.
     */
    public static String request(final Change c) {
        final DecisionEntry e = c.recorded();
        return e.opName() + ' ' + ExplainText.what(e) + " by " + ExplainText.actor(e);
    }

    /**
     * @param c one of {@link #examples()}.
     * @return it explained in three lines: the request (who, what), the old decision with its rule, the new one.
     */
    public String explain(final Change c) {
        final DecisionEntry e = c.recorded();
        return String.format("  decision %d (request %d) at %s: %s %s by %s%n", e.decisionId(), e.requestId(),
            DecisionEntry.instant(e.timestamp()), e.opName(), ExplainText.what(e), ExplainText.actor(e))
            + String.format("      was  %s %s%s%n", e.outcome(), e.reason(),
                e.rule() == null ? "" : ", rule " + e.ruleWithLine())
            + String.format("      now  %s%s%n", c.now(), c.followOn()
                ? " (follow-on: grant " + e.usedGrant() + " was not created under " + next.label() + ")" : "");
    }

    /**
     * @return why only part of the journal was re-run (a broken chain, an unreplayable or cut record, or
     *     recorded decisions that do not replay as recorded), or null.
     */
    public String damage() {
        return AuditLog.damage(replay, true);
    }
}
