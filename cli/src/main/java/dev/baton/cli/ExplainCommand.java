package dev.baton.cli;

import dev.baton.audit.AuditId;
import dev.baton.audit.AuditLog;
import dev.baton.audit.DecisionEntry;
import dev.baton.audit.DelegationDot;
import dev.baton.audit.ExplainText;
import dev.baton.audit.GrantChain;
import dev.baton.audit.ProgressListener;
import dev.baton.audit.ShadowReport;
import dev.baton.cli.fleet.FleetExplain;
import dev.baton.cli.fleet.FleetSource;
import dev.baton.engine.JournalTrust;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code baton explain JOURNAL ID [--format text|dot]}: the chain from the initiating principal through
 * every hop to a decision or grant, and why it was allowed or denied.
 */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Explains one decision or grant of a journal: the chain from the initiating principal through every "
            + "hop (grant, holder, purpose, scope, justification, reviewers) to this action, and why it was "
            + "allowed or denied: the reason, the rule and its policy file line.",
        "",
        "ID is a decision id (N or decision:N), a grant id (grant:N; a grant is created by an ALLOW or REVIEW "
            + "of open, delegate, fan-out or break-glass: its creation, chain and later actions are shown), or "
            + "warrant:<base64 or hex> (its grant id is taken). A bare N that is both a decision id and a grant "
            + "id means the decision, and the output says so.",
        "",
        "When a candidate policy attached in shadow mode disagreed on the decision, the text output ends with "
            + "what the candidate decided (outcome, reason, rule and policy line).",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:explained",
        "1:explained from a journal whose chain is broken or cut (only the records before the damage are used)",
        "2:bad usage: no journal directory, an id that is malformed or not in the journal"})
final class ExplainCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format {
        /** Plain text. */
        text,
        /** A Graphviz digraph of the task's delegation tree. */
        dot,
        /** One JSON document (schema in docs/cli.md). */
        json
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "JOURNAL", description = "The journal directory (holding *.cq4 files); with a"
        + " fleet (--kafka/--fleet, --fleet-dir), the ID instead: ENGINE:GRANT.")
    private String journal;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ID",
        description = "decision id (N, decision:N), grant id (grant:N) or warrant:<base64 or hex>.")
    private String id;

    @Mixin
    private FleetOptions fleetOptions;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
        description = "text (default); dot: a Graphviz graph of the task's delegation tree "
            + "(render with: dot -Tsvg > tree.svg); json: one JSON document (schema in docs/cli.md).")
    private Format format;

    @Mixin
    private TrustOptions trustOptions;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (fleetOptions.present()) {
            return fleet(out, err);
        }
        if (id == null) {
            err.println("baton explain: give a JOURNAL directory and an ID");
            return BatonCommand.USAGE;
        }
        final Path journal = Path.of(this.journal);
        if (!JournalArgument.check("explain", journal, err)) {
            return BatonCommand.USAGE;
        }
        final JournalTrust trust = trustOptions.trust("explain", err);
        if (trust == null) {
            return BatonCommand.USAGE;
        }
        final AuditLog log = AuditLog.read(journal, trust, true, ProgressListener.NONE);
        final GrantChain chain = new GrantChain(log.entries());
        final AuditId target;
        try {
            target = AuditId.resolve(id, chain);
        } catch (final IllegalArgumentException e) {
            err.println("baton explain: " + e.getMessage());
            return BatonCommand.USAGE;
        }
        final DecisionEntry decision = target.kind() == AuditId.Kind.DECISION ? chain.decision(target.value()) : null;
        final DecisionEntry created = target.kind() == AuditId.Kind.GRANT ? chain.creation(target.value()) : null;
        if (decision == null && created == null) {
            err.printf("baton explain: no %s %d in %s (decision ids %s; grant ids %s)%n",
                target.kind() == AuditId.Kind.DECISION ? "decision" : "grant", target.value(),
                BatonCommand.display(journal), chain.decisionRange() == null ? "none" : chain.decisionRange(),
                chain.grantList());
            warnDamage(err, log);
            return BatonCommand.USAGE;
        }
        if (format == Format.json) {
            out.println(Json.write(ExplainJson.of(chain, target, decision, created, log.damage(),
                decision == null ? null : ShadowReport.read(log, 0).disagreement(decision.decisionId()))));
        } else if (format == Format.dot) {
            DelegationDot.write(out, chain, decision, decision != null
                ? (decision.createsGrant() ? decision.grantId() : decision.usedGrant()) : target.value());
        } else {
            if (target.note() != null) {
                out.println("(" + target.note() + ")");
            }
            final ExplainText text = new ExplainText(out, chain).foreign(dev.baton.audit.ForeignEnds.read(log.dir()));
            if (decision != null) {
                text.decision(decision);
                shadow(out, log, decision);
            } else {
                text.grant(target.value(), created);
            }
        }
        out.flush();
        return warnDamage(err, log) ? BatonCommand.FAILED : BatonCommand.OK;
    }

    /** What a candidate policy attached in shadow mode decided instead, when it disagreed. */
    private static void shadow(final PrintWriter out, final AuditLog log, final DecisionEntry decision) {
        final ShadowReport.Disagreement d = ShadowReport.read(log, 0).disagreement(decision.decisionId());
        if (d != null) {
            out.printf("%nshadow%n  the candidate %s attached in shadow mode disagreed: %s (only the live decision "
                + "counted)%n", d.candidate() == null ? "?" : d.candidate().label(), d.shadow());
        }
    }

    /** A fleet: the chain of ENGINE:GRANT across engines, and the revocation that ended it. */
    private int fleet(final PrintWriter out, final PrintWriter err) {
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9}):(?:grant:)?(\\d{1,18})")
            .matcher(journal);
        if (id != null || !m.matches()) {
            err.println("baton explain: with a fleet, give one ID: ENGINE:GRANT (e.g. 3:505), not a JOURNAL");
            return BatonCommand.USAGE;
        }
        final FleetSource source = fleetOptions.source("explain", err);
        if (source == null) {
            return BatonCommand.USAGE;
        }
        final int engine = Integer.parseInt(m.group(1));
        final long grant = Long.parseLong(m.group(2));
        return source.audit(true, audit -> { // the FOREIGN_WARRANT records are read from the audit's directories
            final FleetExplain explain = new FleetExplain(audit);
            if (explain.chain(engine, grant).isEmpty()) {
                err.printf("baton explain: no grant %d at engine %d of %s%n", grant, engine, source.describe());
                return BatonCommand.USAGE;
            }
            out.printf("grant %d at engine %d, across the engines of %s%n", grant, engine, source.describe());
            explain.print(engine, grant, out);
            out.flush();
            return audit.ok() ? BatonCommand.OK : BatonCommand.FAILED;
        });
    }

    private static boolean warnDamage(final PrintWriter err, final AuditLog log) {
        final String damage = log.damage();
        if (damage != null) {
            err.println("baton explain: warning: " + damage + "; only " + log.cleanPrefix()
                + " were used (run 'baton replay' for the full report)");
            err.flush();
            return true;
        }
        return false;
    }
}
