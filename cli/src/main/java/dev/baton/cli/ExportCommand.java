package dev.baton.cli;

import dev.baton.audit.AuditLog;
import dev.baton.audit.JsonLinesExport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code baton export JOURNAL --format jsonl}: one JSON object per journal record (one per decision for
 * a fan-out), for log pipelines, in the spirit of OPA's decision logs. The fields are listed in
 * docs/cli.md.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Exports a journal as JSON Lines on standard output: one object per record (a fan-out record gives "
            + "one object per decision), with the record's sequence, type and hash, and for a decision its "
            + "id, timestamp, policy version, operation, input (identities, purpose, requested scope, "
            + "justification, digests, by name) and result (outcome, reason, rule, policy line, grant). "
            + "The fields are listed in docs/cli.md.",
        "",
        "Only records whose hash chain verifies are exported; if the journal is broken or cut, what is "
            + "wrong is printed on standard error after the clean prefix.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every record exported",
        "1:the journal is broken or cut: its clean prefix was exported",
        "2:bad usage: no journal directory, unknown format; or standard output could not be written"})
final class ExportCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format {
        /** JSON Lines. */
        jsonl
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "JOURNAL", description = "The journal directory (holding *.cq4 files).")
    private Path journal;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl",
        description = "jsonl (the default and only format): one JSON object per line.")
    private Format format;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (!JournalArgument.check("export", journal, err)) {
            return BatonCommand.USAGE;
        }
        final AuditLog log = AuditLog.read(journal);
        // Stop once output is lost: BatonCommand reports it.
        new JsonLinesExport(log).write(line -> {
            out.println(line);
            return !out.checkError();
        });
        out.flush();
        final String damage = log.damage();
        if (damage != null) {
            err.println("baton export: " + damage + "; exported " + log.cleanPrefix());
            return BatonCommand.FAILED;
        }
        return BatonCommand.OK;
    }
}
