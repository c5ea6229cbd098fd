package dev.baton.cli;

import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionSlot;
import dev.baton.engine.DecisionRecord;
import dev.baton.engine.JournalReplay;
import dev.baton.engine.JournalWhatIf;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code baton what-if JOURNAL --policy NEW [--limit N]}: re-runs the recorded requests under a new
 * policy and lists the decisions whose outcome would change.
 */
@Command(name = "what-if", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Re-runs every request a journal recorded, at its recorded time, under a new policy (from the first "
            + "record on; recorded policy swaps are ignored), and reports the decisions whose outcome would "
            + "change: counts by change (old outcome -> new outcome, new reason), then the first N explained "
            + "(who, what, the old decision with its rule, the new one with its rule and policy line).",
        "",
        "Requests are translated by name: purposes, capabilities, data classes, break-glass rules; "
            + "identities are re-bound to the new policy's agents. A request naming a capability or data "
            + "class the new policy lacks is denied UNKNOWN_CAPABILITY or UNKNOWN_DATA_CLASS. Grant ids may "
            + "diverge: a later request on a grant the new policy did not create is denied UNKNOWN_GRANT and "
            + "counted as a follow-on change. Warrant and layout refusals taken before the policy was "
            + "consulted are kept as recorded.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the what-if ran (whether or not decisions change)",
        "1:the journal is broken, cut, or does not replay as recorded: only its clean prefix was re-run",
        "2:bad usage: no journal directory, missing, unreadable or invalid policy, --limit below 0"})
final class WhatIfCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "JOURNAL", description = "The journal directory (holding *.cq4 files).")
    private Path journal;

    @Option(names = "--policy", paramLabel = "NEW", required = true,
        description = "The policy file to re-run the recorded requests under.")
    private Path policyFile;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "10",
        description = "How many changed decisions to explain (default 10; 0 for counts only).")
    private int limit;

    @Override
    public Integer call() throws IOException {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (limit < 0) {
            err.println("baton what-if: --limit must be 0 or more, found " + limit);
            return BatonCommand.USAGE;
        }
        if (!JournalArgument.check("what-if", journal, err)) {
            return BatonCommand.USAGE;
        }
        final CompiledPolicy next = JournalArgument.policy("what-if", policyFile, err);
        if (next == null) {
            return BatonCommand.USAGE;
        }
        final JournalFiles.Extent extent = JournalFiles.measure(journal);
        final Progress progress = Progress.of(err, "what-if", extent.records());
        final Map<String, long[]> counts = new TreeMap<>();
        final List<String> shown = new ArrayList<>();
        final long[] totals = new long[4]; // decisions, outcome changes, follow-on, reason-only changes
        final JournalWhatIf[] self = new JournalWhatIf[1];
        final JournalReplay[] replay = new JournalReplay[1];
        final JournalWhatIf.Listener listener = (record, child, recorded, whatIf, policy, followOn) -> {
            totals[0]++;
            final Change change = Change.of(record, child, recorded, whatIf, policy, followOn, self[0]);
            if (change.outcomeChanged) {
                totals[1]++;
                totals[2] += followOn ? 1 : 0;
                counts.computeIfAbsent(change.key, k -> new long[1])[0]++;
                if (shown.size() < limit) {
                    shown.add(change.explain(policy));
                }
            } else if (change.reasonChanged) {
                totals[3]++;
            }
            progress.update(totals[0]);
        };
        self[0] = new JournalWhatIf(next, AuditLog.INITIAL_GRANTS, AuditLog.MAX_GRANTS, AuditLog.RETENTION_MILLIS,
            listener);
        replay[0] = self[0].run(journal, extent.records());
        progress.done();
        final CompiledPolicy current = replay[0].core() == null ? null : replay[0].core().policy();
        out.printf("what-if   %s: %,d decisions recorded under %s; re-run under %s, %s (%s)%n",
            BatonCommand.display(journal), totals[0], current == null ? "no policy"
                : replay[0].policies().size() == 1 ? current.label() + " (" + JournalArgument.version(current.versionId())
                + ")" : replay[0].policies().size() + " policy versions", BatonCommand.display(policyFile), next.label(),
            JournalArgument.version(next.versionId()));
        out.printf("changes   %,d decision%s would change outcome (%,d direct, %,d follow-on)%n", totals[1],
            totals[1] == 1 ? "" : "s", totals[1] - totals[2], totals[2]);
        if (totals[3] != 0) {
            out.printf("          %,d more would keep their outcome for another reason%n", totals[3]);
        }
        counts.forEach((k, v) -> out.printf("  %-60s %,8d%n", k, v[0]));
        if (!shown.isEmpty()) {
            out.printf("%nfirst %d change%s%n", shown.size(), shown.size() == 1 ? "" : "s");
            shown.forEach(out::print);
        }
        out.flush();
        final String damage = damage(replay[0], extent);
        if (damage != null) {
            err.println("baton what-if: " + damage + "; only the records before it were re-run");
            return BatonCommand.FAILED;
        }
        return BatonCommand.OK;
    }

    private static String damage(final JournalReplay replay, final JournalFiles.Extent extent) {
        if (replay.broken() != null) {
            return "the hash chain is broken at " + replay.broken();
        }
        if (replay.problem() != null) {
            return "replay stopped at " + replay.problem();
        }
        if (replay.mismatches() != 0) {
            return replay.mismatches() + " recorded decisions do not replay as recorded; first: "
                + replay.firstMismatch();
        }
        return extent.cut() == null ? null : "the journal ends in a cut record: " + extent.cut();
    }

    /** One recorded decision compared with its what-if counterpart. */
    private static final class Change {
        final DecisionEntry entry;
        final String whatIf;
        final String key;
        final boolean outcomeChanged;
        final boolean reasonChanged;
        final boolean followOn;

        private Change(final DecisionEntry entry, final String whatIf, final String key,
                       final boolean outcomeChanged, final boolean reasonChanged, final boolean followOn) {
            this.entry = entry;
            this.whatIf = whatIf;
            this.key = key;
            this.outcomeChanged = outcomeChanged;
            this.reasonChanged = reasonChanged;
            this.followOn = followOn;
        }

        static Change of(final DecisionRecord record, final int child, final CompiledPolicy recorded,
                         final DecisionSlot whatIf, final CompiledPolicy next, final boolean followOn,
                         final JournalWhatIf run) {
            final int reason = record.child(child).reasonCode();
            final String oldOutcome = record.child(child).outcome().name();
            final boolean outcomeChanged = !oldOutcome.equals(whatIf.outcome().name());
            final boolean reasonChanged = reason != whatIf.reason().code();
            if (!outcomeChanged && !reasonChanged) {
                return new Change(null, null, null, false, false, followOn);
            }
            final DecisionEntry e = DecisionEntry.of(-1, record, child, recorded, AuditLog.names(run.core()));
            final String key = oldOutcome + " -> " + whatIf.outcome() + " " + whatIf.reason()
                + (followOn ? " (follow-on)" : "");
            return new Change(e, whatIf.describe(next), key, outcomeChanged, reasonChanged, followOn);
        }

        String explain(final CompiledPolicy next) {
            final DecisionEntry e = entry;
            final StringBuilder sb = new StringBuilder();
            sb.append(String.format("  decision %d (request %d) at %s: %s %s by %s%n", e.decisionId(), e.requestId(),
                JournalArgument.instant(e.timestamp()), e.opName(), ExplainText.what(e),
                ExplainText.actor(e)));
            sb.append(String.format("      was  %s %s%s%n", e.outcome(), e.reason(),
                e.rule() == null ? "" : ", rule " + e.ruleWithLine()));
            sb.append(String.format("      now  %s%s%n", whatIf, followOn
                ? " (follow-on: grant " + e.usedGrant() + " was not created under " + next.label() + ")" : ""));
            return sb.toString();
        }
    }
}
