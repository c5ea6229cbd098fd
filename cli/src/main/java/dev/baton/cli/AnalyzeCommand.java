package dev.baton.cli;

import dev.baton.analysis.Answer;
import dev.baton.analysis.PolicyAnalysis;
import dev.baton.analysis.ReachTable;
import dev.baton.core.CompiledPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code baton analyze POLICY [--format text|json] [--agent A --capability T:A [--data D]]}: the authority
 * every agent class can ever reach under a policy, or one "reachable?" question with its witness chain or
 * the rule that cuts every chain. See docs/analysis.md.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Computes exactly which agent classes can ever hold which capabilities and data classes, from "
            + "each purpose's entry agents and each break-glass rule, and which of it needs a review.",
        "",
        "Without --agent: one row per (source, agent class) that can receive a grant: the least depth, the "
            + "capabilities and data classes it can hold, and the capabilities it reaches only through a review. "
            + "--format json lists, per data class, the capabilities held with it and those held without review.",
        "",
        "With --agent (and --capability, --data): 'reachable' with the shortest witness chain, or "
            + "'unreachable' with the rule that cuts every chain.",
        "",
        "The time taken is printed on stderr.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:analysed (a question was answered, reachable or not)",
        "2:bad usage, an unknown name, or a missing, unreadable or invalid policy"})
final class AnalyzeCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format { text, json }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "POLICY", description = "The policy file.")
    private Path file;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
        description = "text (default) or json.")
    private Format format;

    @Option(names = "--agent", paramLabel = "AGENT", description = "Ask about this agent class.")
    private String agent;

    @Option(names = "--capability", paramLabel = "TOOL:ACTION", description = "The capability asked about.")
    private String capability;

    @Option(names = "--data", paramLabel = "CLASS", description = "The data class asked about (default: none).")
    private String data;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (agent == null && (capability != null || data != null)) {
            err.println("baton analyze: --capability and --data ask about an --agent: give --agent too");
            return BatonCommand.USAGE;
        }
        final CompiledPolicy policy = PolicyInput.load(file, "analyze", err);
        if (policy == null) {
            return BatonCommand.USAGE;
        }
        final long start = System.nanoTime();
        final PolicyAnalysis analysis = PolicyAnalysis.of(policy.api());
        if (agent != null) {
            final Answer answer;
            try {
                answer = analysis.query(agent, capability, data);
            } catch (final IllegalArgumentException e) {
                err.println("baton analyze: " + e.getMessage());
                return BatonCommand.USAGE;
            }
            out.println(format == Format.json ? AnswerJson.of(answer) : answer.describe());
        } else {
            final int rows = ReachTable.write(analysis, format == Format.json, out);
            err.println("baton analyze: " + analysis.sources().size() + " sources, " + rows + " rows");
        }
        out.flush();
        err.println("baton analyze: " + policy.agentCount() + " agents, " + policy.capabilityCount()
            + " capabilities, analysed in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        return BatonCommand.OK;
    }
}
