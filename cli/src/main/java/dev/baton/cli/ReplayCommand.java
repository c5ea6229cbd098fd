package dev.baton.cli;

import dev.baton.audit.AuditLog;
import dev.baton.audit.DecisionEntry;
import dev.baton.cli.fleet.FleetAudit;
import dev.baton.cli.fleet.FleetSource;
import dev.baton.core.CompiledPolicy;
import dev.baton.engine.JournalProblem;
import dev.baton.engine.JournalTrust;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code baton replay JOURNAL [--policy FILE] [--journal-key FILE] [--anchor FILE --public-key FILE]
 * [--snapshots DIR] [--full] [--remaining]}:
 * verifies a journal's hash chain (and, when given them, its SEAL macs and signed checkpoints), re-executes every
 * decision under the policy version it was recorded with, and reports mismatches, counts by outcome and
 * reason, and the replay rate.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Audits a decision journal: verifies its hash chain record by record (naming the first broken "
            + "record, or the cut of a truncated journal), checks the queue files for records the chain "
            + "cannot reach (a record marked not complete, data past the end, a missing roll-cycle file, a "
            + "file that is not a journal file), re-executes every decision at its recorded time under the "
            + "policy version it was recorded with and reports any that comes out differently, says whether "
            + "the journal ends with a clean STOP, and prints the decisions by outcome and reason and the "
            + "replay rate.",
        "",
        "With --journal-key the SEAL macs are checked too (a journal rewritten without the key is FORGED); "
            + "with --anchor and --public-key the chain is checked against every signed checkpoint (a rewrite, a "
            + "dropped or reordered record, or a tail cut before the last checkpoint is named).",
        "",
        "The journal is opened read-only. A progress bar is shown on a terminal when the replay takes more "
            + "than a second.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the chain verifies and every decision replays as recorded (and --policy matches)",
        "1:a record was altered, forged, rewritten, dropped, reordered or cut (before a checkpoint), the anchor "
            + "does not verify, the files are damaged, a decision replays differently, or the "
            + "journal's policy is not --policy",
        "2:bad usage: no journal directory, unreadable or invalid policy file, unreadable or invalid key or "
            + "anchor file"})
final class ReplayCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "JOURNAL", description = "The journal directory (holding "
        + "*.cq4 files); none with a fleet (--kafka/--fleet, --fleet-dir).")
    private Path journal;

    @Mixin
    private FleetOptions fleetOptions;

    @Option(names = "--policy", paramLabel = "FILE",
        description = "Also require that the policy in force at the end of the journal is this file's "
            + "version (e.g. the policy you are about to deploy, or the one you believe is running).")
    private Path policyFile;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
        description = "text (default) or json: one JSON document on stdout (schema in docs/cli.md).")
    private OutputFormat format;

    @Mixin
    private TrustOptions trustOptions;

    @Option(names = "--snapshots", paramLabel = "DIR",
        description = "The engine's snapshot directory: start from the newest snapshot that verifies (and that the "
            + "journal continues) and re-execute only the records after it; the chain after it is verified as "
            + "usual. Snapshots that do not verify are named and passed over.")
    private Path snapshots;

    @Option(names = "--full",
        description = "Re-execute every record there is, from record 0, even with --snapshots (the default without "
            + "--snapshots). A journal whose first roll-cycle files were archived cannot be replayed in full.")
    private boolean full;

    @Option(names = "--remaining",
        description = "Verify what remains of a journal whose first roll-cycle files were archived or deleted: the "
            + "chain is anchored at the first SEAL a signed checkpoint attests (--anchor, --public-key) or whose mac "
            + "verifies (--journal-key); the records before it are counted, not trusted. No decision is re-executed "
            + "(the state before the anchor is a snapshot's: use --snapshots for that).")
    private boolean remaining;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (fleetOptions.present()) {
            if (journal != null) {
                err.println("baton replay: give a JOURNAL directory or a fleet (--kafka/--fleet, --fleet-dir), not both");
                return BatonCommand.USAGE;
            }
            return fleet(out, err);
        }
        if (!JournalArgument.check("replay", journal, err)) {
            return BatonCommand.USAGE;
        }
        final CompiledPolicy expected = policyFile == null ? null : JournalArgument.policy("replay", policyFile, err);
        if (policyFile != null && expected == null) {
            return BatonCommand.USAGE;
        }
        final JournalTrust trust = trustOptions.trust("replay", err);
        if (trust == null) {
            return BatonCommand.USAGE;
        }
        if (remaining) {
            return remaining(trust, expected, out, err);
        }
        final Progress progress = Progress.of(err, "replay");
        final AuditLog log = snapshots != null && !full
            ? AuditLog.readFromSnapshot(journal, trust, snapshots, true, progress.listener())
            : AuditLog.read(journal, trust, true, progress.listener());
        progress.done();
        if (format == OutputFormat.json) {
            final Map<String, Object> doc = ReplayJson.of(log, BatonCommand.display(journal), expected,
                trustOptions.json(log));
            out.println(Json.write(doc));
            out.flush();
            return Boolean.TRUE.equals(doc.get("ok")) ? BatonCommand.OK : BatonCommand.FAILED;
        }
        out.printf("journal   %s: %,d records, %,d decisions, %d policy version%s%n", BatonCommand.display(journal),
            log.records(), log.decisions(), log.policies().size(), log.policies().size() == 1 ? "" : "s");
        out.printf("trust     %s%n", trustOptions.describe(log));
        reportSnapshot(out, log);
        boolean ok = reportChain(out, log);
        ok &= reportReplay(out, log);
        out.printf("%ndecisions by outcome and reason%n");
        tally(log).forEach((k, v) -> out.printf("  %s%n", withCount(k, v[0]).stripTrailing()));
        final double seconds = Math.max(log.elapsedNanos(), 1) / 1e9;
        out.printf(Locale.ROOT, "%nrate      %,d records replayed in %.1f ms: %,.0f records/s, %,.0f decisions/s%n",
            log.records(), log.elapsedNanos() / 1e6, log.records() / seconds, log.decisions() / seconds);
        if (expected != null) {
            ok &= reportPolicy(out, log, expected);
        }
        out.printf("%nverdict   %s%n", ok ? "OK" : "FAILED");
        out.flush();
        return ok ? BatonCommand.OK : BatonCommand.FAILED;
    }

    /** What remains of an archived journal, verified from its first trusted SEAL (no re-execution). */
    private int remaining(final JournalTrust trust, final CompiledPolicy expected, final PrintWriter out,
                          final PrintWriter err) {
        if (snapshots != null || full || expected != null) {
            err.println("baton replay: --remaining verifies the chain only; it takes no --snapshots, --full or --policy");
            return BatonCommand.USAGE;
        }
        if (!trustOptions.anchors()) {
            err.println("baton replay: --remaining needs what can anchor the chain: --anchor FILE --public-key FILE, "
                + "or --journal-key FILE");
            return BatonCommand.USAGE;
        }
        final RemainingAudit audit = RemainingAudit.read(journal, trust);
        if (format == OutputFormat.json) {
            out.println(Json.write(audit.json(trustOptions.json(audit.checkpoints(), audit.broken()))));
        } else {
            audit.print(out, trustOptions.describe(audit.checkpoints(), audit.broken()));
        }
        out.flush();
        return audit.ok() ? BatonCommand.OK : BatonCommand.FAILED;
    }

    /** A fleet: every engine's journal verified and replayed. */
    private int fleet(final PrintWriter out, final PrintWriter err) {
        final FleetSource source = fleetOptions.source("replay", err);
        if (source == null) {
            return BatonCommand.USAGE;
        }
        final FleetAudit audit = source.audit(false, a -> a);
        out.printf("fleet     %s: %d engine%s%n", source.describe(), audit.engines().size(),
            audit.engines().size() == 1 ? "" : "s");
        audit.print(out);
        out.printf("%nverdict   %s%n", audit.ok() ? "OK" : "FAILED");
        out.flush();
        return audit.ok() ? BatonCommand.OK : BatonCommand.FAILED;
    }

    /** Where the replay started: a snapshot (and those passed over), or record 0. */
    private void reportSnapshot(final PrintWriter out, final AuditLog log) {
        if (snapshots == null) {
            return;
        }
        if (full) {
            out.printf("snapshot  none used (--full): every record re-executed from record 0%n");
            return;
        }
        log.snapshotsIgnored().forEach(why -> out.printf("snapshot  IGNORED %s%n", why));
        out.printf("snapshot  %s%n", log.snapshotUsed() == null
            ? "none usable: every record re-executed from record 0"
            : "started from " + log.snapshotUsed() + "; " + String.format("%,d", log.replayedRecords())
                + " records after it re-executed");
    }

    /** The hash chain's verdict and how the journal ends; false if it is broken, cut or unreplayable. */
    private static boolean reportChain(final PrintWriter out, final AuditLog log) {
        boolean ok = true;
        if (log.problemKind() == JournalProblem.CUT_BEFORE_CHECKPOINT) {
            ok = false;
            out.printf("chain     CUT before a signed checkpoint: %s%n          %s verify%nproblem   %s%n", log.broken(),
                capitalize(log.cleanPrefix()), log.problemKind());
        } else if (log.broken() != null) {
            ok = false;
            out.printf("chain     BROKEN at %s%n          %s verify; nothing after the broken record was read%n",
                log.broken(), capitalize(log.cleanPrefix()));
            if (log.problemKind() != null) {
                out.printf("problem   %s%n", log.problemKind());
            }
        } else if (log.cut() != null && log.replayProblem() == null) {
            ok = false;
            out.printf("chain     CUT: clean prefix of %s; %s%n", log.cleanPrefix(), log.cut());
        } else {
            out.printf("chain     ok: every record's hash verifies and links to the record before it%n");
        }
        if (log.replayProblem() != null) {
            ok = false;
            out.printf("replay    STOPPED at %s%n", log.replayProblem());
        } else if (log.broken() == null && log.cut() == null) {
            out.printf("ends      %s%n", log.stoppedCleanly() ? "clean STOP: the engine closed the journal"
                : "no STOP record: the engine was killed (a crash) after the last record, or is still writing");
        }
        return ok;
    }

    /** How many decisions replayed as recorded, and the first mismatches; false if any did not. */
    private static boolean reportReplay(final PrintWriter out, final AuditLog log) {
        final long decisions = log.replayedDecisions();
        final long same = decisions - log.mismatchCount();
        out.printf(Locale.ROOT, "replay    %,d of %,d decisions reproduced exactly under the policy version they were"
            + " recorded with (%.1f%%)%n", same, decisions, decisions == 0 ? 100.0 : 100.0 * same / decisions);
        final boolean shadowOk = reportShadow(out, log);
        if (log.mismatchCount() == 0) {
            return shadowOk;
        }
        out.printf("          %,d MISMATCH%s; first ones:%n", log.mismatchCount(), log.mismatchCount() == 1 ? "" : "ES");
        log.mismatches().forEach(m -> out.println("            " + m));
        return false;
    }

    /** The shadow-mode records (a candidate policy's disagreements), if any; false if replay does not reproduce them. */
    private static boolean reportShadow(final PrintWriter out, final AuditLog log) {
        if (log.shadowMismatches() != 0) {
            out.printf("shadow    MISMATCH: %s (%,d shadow-mode record%s not reproduced)%n", log.firstShadowMismatch(),
                log.shadowMismatches(), log.shadowMismatches() == 1 ? "" : "s");
            return false;
        }
        if (log.shadowDisagreements() != 0) {
            out.printf("shadow    %,d disagreement%s of a candidate policy in shadow mode reproduced exactly "
                + "(baton what-if --shadow)%n", log.shadowDisagreements(), log.shadowDisagreements() == 1 ? "" : "s");
        }
        return true;
    }

    /** @return decisions counted by outcome, reason and rule, as sorted rows. */
    private static Map<String, long[]> tally(final AuditLog log) {
        final Map<String, long[]> tally = new TreeMap<>();
        for (final DecisionEntry e : log.entries()) {
            tally.computeIfAbsent(String.format("%-6s  %-24s  %s", e.outcome(), e.reason(),
                e.rule() == null ? "" : e.ruleWithLine()), k -> new long[1])[0]++;
        }
        return tally;
    }

    private boolean reportPolicy(final PrintWriter out, final AuditLog log, final CompiledPolicy expected) {
        final CompiledPolicy current = log.currentPolicy();
        if (current != null && current.versionId() == expected.versionId()) {
            out.printf("policy    in force at the end: %s (%s), the version of %s%n", current.label(),
                JournalArgument.version(current.versionId()), BatonCommand.display(policyFile));
            return true;
        }
        out.printf("policy    MISMATCH: in force at the end: %s; %s is %s (%s)%n", current == null ? "none"
            : current.label() + " (" + JournalArgument.version(current.versionId()) + ")",
            BatonCommand.display(policyFile), expected.label(), JournalArgument.version(expected.versionId()));
        return false;
    }

    private static String withCount(final String row, final long count) {
        final int split = 34; // outcome and reason columns
        return row.substring(0, Math.min(split, row.length())) + String.format("%,8d  ", count)
            + (row.length() > split ? row.substring(split).strip() : "");
    }

    private static String capitalize(final String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
