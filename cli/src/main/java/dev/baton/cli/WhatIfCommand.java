package dev.baton.cli;

import dev.baton.audit.AuditLog;
import dev.baton.audit.ProgressListener;
import dev.baton.audit.ShadowReport;
import dev.baton.audit.WhatIf;
import dev.baton.core.CompiledPolicy;
import dev.baton.engine.JournalTrust;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code baton what-if JOURNAL --policy NEW [--limit N]}: re-runs the recorded requests under a new
 * policy and lists the decisions whose outcome would change; {@code baton what-if JOURNAL --shadow}:
 * sums up what a candidate policy attached in shadow mode decided on live traffic.
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
        "",
        "With --shadow instead of --policy, nothing is re-run: it reads the journal's shadow-mode records (a "
            + "candidate policy the engine decided every request with beside the live one): when candidates were "
            + "attached and detached, how many live decisions they were compared on, the agreements counted by "
            + "reason, the disagreements by change, and the first N disagreements explained.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the what-if ran (whether or not decisions change)",
        "1:the journal is broken, cut, or does not replay as recorded: only its clean prefix was re-run",
        "2:bad usage: no journal directory, missing, unreadable or invalid policy, --limit below 0, neither or both "
            + "of --policy and --shadow, --format json with --shadow"})
final class WhatIfCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "JOURNAL", description = "The journal directory (holding *.cq4 files).")
    private Path journal;

    @Option(names = "--policy", paramLabel = "NEW",
        description = "The policy file to re-run the recorded requests under.")
    private Path policyFile;

    @Option(names = "--shadow",
        description = "Report the journal's shadow-mode records instead (no --policy): agreements and disagreements "
            + "of the candidate policy attached beside the live one.")
    private boolean shadow;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
        description = "text (default) or json: one JSON document (with --policy; schema in docs/cli.md).")
    private OutputFormat format;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "10",
        description = "How many changed decisions to explain (default 10; 0 for counts only).")
    private int limit;

    @Mixin
    private TrustOptions trustOptions;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (limit < 0) {
            err.println("baton what-if: --limit must be 0 or more, found " + limit);
            return BatonCommand.USAGE;
        }
        if (shadow == (policyFile != null)) {
            err.println("baton what-if: give either --policy NEW (re-run under a new policy) or --shadow (read the "
                + "shadow-mode records)");
            return BatonCommand.USAGE;
        }
        if (shadow && format == OutputFormat.json) {
            err.println("baton what-if: --format json is for --policy; --shadow prints text");
            return BatonCommand.USAGE;
        }
        if (!JournalArgument.check("what-if", journal, err)) {
            return BatonCommand.USAGE;
        }
        if (shadow) {
            return shadow(out, err);
        }
        final CompiledPolicy next = JournalArgument.policy("what-if", policyFile, err);
        if (next == null) {
            return BatonCommand.USAGE;
        }
        final JournalTrust trust = trustOptions.trust("what-if", err);
        if (trust == null) {
            return BatonCommand.USAGE;
        }
        final Progress progress = Progress.of(err, "what-if");
        final WhatIf whatIf = WhatIf.run(journal, trust, next, limit, progress.listener());
        progress.done();
        if (format == OutputFormat.json) {
            out.println(Json.write(WhatIfJson.of(whatIf, BatonCommand.display(journal),
                BatonCommand.display(policyFile))));
        } else {
            report(out, whatIf);
        }
        out.flush();
        final String damage = whatIf.damage();
        if (damage != null) {
            err.println("baton what-if: " + damage + "; only the records before it were re-run");
            return BatonCommand.FAILED;
        }
        return BatonCommand.OK;
    }

    private int shadow(final PrintWriter out, final PrintWriter err) {
        final JournalTrust trust = trustOptions.trust("what-if", err);
        if (trust == null) {
            return BatonCommand.USAGE;
        }
        final AuditLog log = AuditLog.read(journal, trust, true, ProgressListener.NONE);
        final ShadowReport s = ShadowReport.read(log, limit);
        out.printf("shadow    %s%n", BatonCommand.display(journal));
        if (s.attachments().isEmpty()) {
            out.println("          no candidate policy was ever attached in shadow mode");
        }
        s.attachments().forEach(a -> out.printf("          %s%n", a));
        out.printf("compared  %,d decision%s: %,d agree, %,d disagree%n", s.compared(), s.compared() == 1 ? "" : "s",
            s.compared() - s.disagreementCount(), s.disagreementCount());
        if (s.notCompared() != 0) {
            out.printf("          %,d more taken while attached were not compared (requests on grants from before "
                + "the attach, or refused before any policy ran)%n", s.notCompared());
        }
        if (!s.agreementsByReason().isEmpty()) {
            out.println("agree     by reason");
            s.agreementsByReason().forEach((k, v) -> out.printf("  %-60s %,8d%n", k, v));
        }
        if (!s.disagreementsByChange().isEmpty()) {
            out.println("disagree  by change (live -> candidate)");
            s.disagreementsByChange().forEach((k, v) -> out.printf("  %-60s %,8d%n", k, v));
        }
        final List<ShadowReport.Disagreement> shown = s.examples();
        if (!shown.isEmpty()) {
            out.printf("%nfirst %d disagreement%s%n", shown.size(), shown.size() == 1 ? "" : "s");
            shown.forEach(d -> out.print(ShadowReport.explain(d)));
        }
        out.flush();
        if (log.damage() != null) {
            err.println("baton what-if: " + log.damage() + "; only the records before it were read");
            return BatonCommand.FAILED;
        }
        return BatonCommand.OK;
    }

    private void report(final PrintWriter out, final WhatIf w) {
        final CompiledPolicy recorded = w.recordedPolicy();
        out.printf("what-if   %s: %,d decisions recorded under %s; re-run under %s, %s (%s)%n",
            BatonCommand.display(journal), w.decisions(), recorded == null ? "no policy"
                : w.recordedVersions() == 1 ? recorded.label() + " (" + JournalArgument.version(recorded.versionId())
                + ")" : w.recordedVersions() + " policy versions", BatonCommand.display(policyFile), w.next().label(),
            JournalArgument.version(w.next().versionId()));
        out.printf("changes   %,d decision%s would change outcome (%,d direct, %,d follow-on)%n", w.changes(),
            w.changes() == 1 ? "" : "s", w.changes() - w.followOns(), w.followOns());
        if (w.reasonOnlyChanges() != 0) {
            out.printf("          %,d more would keep their outcome for another reason%n", w.reasonOnlyChanges());
        }
        w.changesByKind().forEach((k, v) -> out.printf("  %-60s %,8d%n", k, v));
        if (!w.budgets().isEmpty()) {
            out.printf("budgets   %,d decision%s would change outcome because of a budget (BUDGET_EXCEEDED under one "
                + "policy only); tasks still held at the end of the journal:%n", w.budgetChanges(),
                w.budgetChanges() == 1 ? "" : "s");
            w.budgets().forEach(b -> out.print(b.describe()));
        }
        final List<WhatIf.Change> shown = w.examples();
        if (!shown.isEmpty()) {
            out.printf("%nfirst %d change%s%n", shown.size(), shown.size() == 1 ? "" : "s");
            shown.forEach(c -> out.print(w.explain(c)));
        }
    }
}
