package dev.baton.cli;

import dev.baton.audit.JsonLinesExport;
import dev.baton.engine.JournalTrust;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code baton export JOURNAL [--system] [--label K=V]}: one JSON object per decision, for log pipelines, in
 * the spirit of OPA's decision logs. The fields are listed in docs/cli.md.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Exports a journal's decisions as JSON Lines on standard output, in the spirit of OPA's decision "
            + "logs: one object per decision (each child of a fan-out its own), with a decision_id unique "
            + "across journals, labels (engine_id, host, version, and any --label), the timestamp, policy "
            + "version, operation, input (identities, purpose, requested scope, justification, digests, by "
            + "name) and result (outcome, reason, rule, policy file name and line, grant), and the record's "
            + "sequence and hash. --system adds the records that are not decisions. No local path is written. "
            + "The fields are listed in docs/cli.md.",
        "",
        "One streaming pass: the hash chain is verified as the journal is read and only its clean prefix is "
            + "exported; if the journal is broken or cut, what is wrong is printed on standard error. "
            + "Decisions are not re-executed (baton replay does that). The export stops as soon as standard "
            + "output is closed (e.g. by head).",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every record exported",
        "1:the journal is broken or cut: its clean prefix was exported",
        "2:bad usage: no journal directory, unknown format, a malformed --label; or standard output could "
            + "not be written"})
final class ExportCommand implements Callable<Integer> {
    /** Lines written between checks that standard output still takes them. */
    private static final int CHECK_EVERY = 256;

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

    @Option(names = "--system", description = "Also export the records that are not decisions (START, POLICY, "
        + "SWAP, IDENTITY, STOP).")
    private boolean system;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label every line carries (repeatable); "
        + "host and version default to this machine's name and this baton's version.")
    private List<String> labelArgs = new ArrayList<>();

    @Mixin
    private TrustOptions trustOptions;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (!JournalArgument.check("export", journal, err)) {
            return BatonCommand.USAGE;
        }
        final JournalTrust trust = trustOptions.trust("export", err);
        if (trust == null) {
            return BatonCommand.USAGE;
        }
        final Map<String, String> labels = new LinkedHashMap<>();
        labels.put("host", host());
        labels.put("version", BatonCommand.Version.version());
        for (final String arg : labelArgs) {
            final int eq = arg.indexOf('=');
            if (eq <= 0 || "engine_id".equals(arg.substring(0, eq))) {
                err.println("baton export: --label '" + arg + "': give KEY=VALUE (engine_id is the journal's own)");
                return BatonCommand.USAGE;
            }
            labels.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        final JsonLinesExport export = new JsonLinesExport(journal, trust, labels, system);
        final long[] written = {0};
        // print, not println: println would flush every line. Check the output now and then (checkError
        // flushes), and stop once it is lost: BatonCommand reports it.
        export.write(line -> {
            out.print(line);
            out.print('\n');
            return ++written[0] % CHECK_EVERY != 0 || !out.checkError();
        });
        out.flush();
        if (export.damage() != null) {
            err.println("baton export: " + export.damage() + "; exported the records before it");
            return BatonCommand.FAILED;
        }
        return BatonCommand.OK;
    }

    /** @return this machine's name: $HOSTNAME, else what the JDK says, else {@code unknown}. */
    private static String host() {
        final String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (final UnknownHostException e) {
            return "unknown";
        }
    }
}
