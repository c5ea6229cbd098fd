package dev.baton.cli;

import dev.baton.analysis.PolicyAnalysis;
import dev.baton.analysis.PolicyDiff;
import dev.baton.core.CompiledPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code baton diff OLD NEW [--format text|json]}: every change in reachable authority between two
 * versions of a policy, each with a witness chain; exits 1 when the new version widens anything, so a CI
 * job can hold a policy change for review. See docs/analysis.md.
 */
@Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Compares the reachable authority of two versions of a policy: every (source, agent class, "
            + "capability, data class) whose reachability, review requirement or TTL cap changes, each with a "
            + "witness chain under the version that allows more.",
        "",
        "Widening changes (now reachable, review no longer required, longer TTL) are marked WIDENS; the last "
            + "line counts the changes and the widenings. --format json prints one JSON object per line.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:no widening (there may be narrowing changes)",
        "1:the new version widens some agent's authority",
        "2:bad usage, or a missing, unreadable or invalid policy"})
final class DiffCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format { text, json }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "The policy in force.")
    private Path oldFile;

    @Parameters(index = "1", paramLabel = "NEW", description = "The proposed policy.")
    private Path newFile;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
        description = "text (default) or json (JSON Lines, one change a line).")
    private Format format;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final CompiledPolicy oldPolicy = PolicyInput.load(oldFile, "diff", err);
        final CompiledPolicy newPolicy = oldPolicy == null ? null : PolicyInput.load(newFile, "diff", err);
        if (newPolicy == null) {
            return BatonCommand.USAGE;
        }
        final List<PolicyDiff.Change> changes =
            PolicyDiff.between(PolicyAnalysis.of(oldPolicy.api()), PolicyAnalysis.of(newPolicy.api()));
        long widenings = 0;
        for (final PolicyDiff.Change c : changes) {
            out.println(format == Format.json ? c.toJson() : c.describe());
            widenings += c.kind().widening() ? 1 : 0;
        }
        final String summary = changes.size() + (changes.size() == 1 ? " change" : " changes") + ", " + widenings
            + (widenings == 1 ? " widening" : " widenings");
        if (format == Format.json) {
            err.println("baton diff: " + summary);
        } else {
            out.println(summary);
        }
        out.flush();
        return widenings > 0 ? BatonCommand.FAILED : BatonCommand.OK;
    }
}
