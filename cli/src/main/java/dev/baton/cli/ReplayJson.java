package dev.baton.cli;

import dev.baton.audit.AuditLog;
import dev.baton.audit.DecisionEntry;
import dev.baton.core.CompiledPolicy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code baton replay --format json} document (schema in docs/cli.md): the same verdicts as the text
 * report, as fields.
 * <p>
 * <b>Note:</b> stateless.
 */
final class ReplayJson {
    private ReplayJson() {
    }

    /**
     * @param log      the journal, replayed with its entries kept.
     * @param journal  the journal directory as given.
     * @param expected the policy {@code --policy} named, or null.
     * @param trust    what the journal was checked against ({@link TrustOptions#json}).
     * @return the document; its {@code ok} is the verdict.
     */
    static Map<String, Object> of(final AuditLog log, final String journal, final CompiledPolicy expected,
                                  final Map<String, Object> trust) {
        final Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("journal", journal);
        doc.put("records", log.records());
        doc.put("decisions", log.decisions());
        doc.put("policy_versions", log.policies().size());
        final Map<String, Object> chain = new LinkedHashMap<>();
        chain.put("status", log.broken() != null ? "broken" : log.cut() != null ? "cut" : "ok");
        chain.put("kind", log.problemKind() == null ? null : log.problemKind().name());
        chain.put("problem", log.broken() != null ? log.broken() : log.cut());
        chain.put("clean_prefix", log.cleanPrefix());
        chain.put("stopped_cleanly", log.stoppedCleanly());
        doc.put("trust", trust);
        doc.put("chain", chain);
        final Map<String, Object> replay = new LinkedHashMap<>();
        replay.put("reexecuted", log.replayedDecisions());
        replay.put("reproduced", log.replayedDecisions() - log.mismatchCount());
        replay.put("mismatches", log.mismatchCount());
        replay.put("first_mismatches", log.mismatches());
        replay.put("stopped_at", log.replayProblem());
        replay.put("elapsed_ns", log.elapsedNanos());
        if (log.snapshotUsed() != null || !log.snapshotsIgnored().isEmpty()) {
            final Map<String, Object> snapshot = new LinkedHashMap<>();
            snapshot.put("started_from", log.snapshotUsed());
            snapshot.put("records_after", log.replayedRecords());
            snapshot.put("ignored", log.snapshotsIgnored());
            replay.put("snapshot", snapshot);
        }
        doc.put("replay", replay);
        doc.put("by_outcome", tally(log));
        boolean ok = log.broken() == null && log.cut() == null && log.replayProblem() == null
            && log.mismatchCount() == 0;
        if (expected != null) {
            final CompiledPolicy current = log.currentPolicy();
            final boolean same = current != null && current.versionId() == expected.versionId();
            final Map<String, Object> policy = new LinkedHashMap<>();
            policy.put("expected", JournalArgument.version(expected.versionId()));
            policy.put("in_force", current == null ? null : JournalArgument.version(current.versionId()));
            policy.put("matches", same);
            doc.put("policy", policy);
            ok &= same;
        }
        doc.put("ok", ok);
        return doc;
    }

    /** @return one row per outcome, reason and rule, with its count, sorted. */
    private static List<Object> tally(final AuditLog log) {
        final Map<List<String>, long[]> counts = new TreeMap<>((a, b) -> String.join("\0", a)
            .compareTo(String.join("\0", b)));
        for (final DecisionEntry e : log.entries()) {
            counts.computeIfAbsent(List.of(e.outcome(), e.reason(), e.rule() == null ? "" : e.ruleWithLine()),
                k -> new long[1])[0]++;
        }
        final List<Object> rows = new ArrayList<>();
        counts.forEach((k, v) -> {
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("outcome", k.get(0));
            row.put("reason", k.get(1));
            row.put("rule", k.get(2).isEmpty() ? null : k.get(2));
            row.put("count", v[0]);
            rows.add(row);
        });
        return rows;
    }
}
