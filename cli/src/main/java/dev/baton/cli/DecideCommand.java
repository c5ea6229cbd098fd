package dev.baton.cli;

import dev.baton.DelegationEngine;
import dev.baton.UnknownNameException;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.ManualClock;
import dev.baton.policy.SourceRef;
import dev.baton.testkit.Scenario;
import dev.baton.testkit.ScenarioException;
import dev.baton.testkit.ScenarioRunner;
import dev.baton.testkit.Step;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code baton decide POLICY open|delegate|authorize ...}: evaluates one request against a policy file and
 * prints the decision with its reason and rule, as {@code opa eval} and {@code cedar authorize} do. The
 * request's chain (the task's root grant, the hops before it) is built from the options on a fresh
 * in-memory engine; nothing is journaled.
 */
@Command(name = "decide", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Evaluates one request against a policy file and prints the decision, its reason and the rule "
            + "(with its policy line) that decided it, like opa eval or cedar authorize.",
        "",
        "open: --principal opens a task for --purpose and gives --agent the root grant. "
            + "delegate: the same open, then --agent delegates to each --to in turn; the last hop is the "
            + "request. authorize: the same chain (--to optional), then its last holder calls --tool "
            + "(with --data and --justification).",
        "",
        "Every hop asks for the scope --capability and --data name (for authorize, --tool and its --data "
            + "are added). The decision reported is the request's; if a step before it was not allowed, "
            + "that step's decision is the answer, and the output says which step it was. Runs on a fresh "
            + "in-memory engine whose clock is --at (default: now).",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:ALLOW",
        "1:DENY, or REVIEW (allowed only once a reviewer approves)",
        "2:bad usage: unreadable or invalid policy, a name the policy does not have"})
final class DecideCommand implements Callable<Integer> {
    /** The requests {@code decide} evaluates. */
    enum Operation {
        /** A principal opens a task. */
        open,
        /** An agent hands a sub-task on. */
        delegate,
        /** An agent calls a tool. */
        authorize
    }

    private static final SourceRef COMMAND_LINE = new SourceRef("<command line>", 1, 1);

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "POLICY", description = "The policy file.")
    private Path policyFile;

    @Parameters(index = "1", paramLabel = "OPERATION", description = "open, delegate or authorize.")
    private Operation operation;

    @Option(names = "--principal", required = true, paramLabel = "ID", description = "Who opens the task.")
    private String principal;

    @Option(names = "--purpose", required = true, paramLabel = "NAME", description = "The task's purpose.")
    private String purpose;

    @Option(names = "--agent", required = true, paramLabel = "ID", description = "The agent given the root grant.")
    private String agent;

    @Option(names = "--to", paramLabel = "ID", description = "Delegate to this agent (repeat for more hops).")
    private List<String> hops = new ArrayList<>();

    @Option(names = "--capability", paramLabel = "TOOL:ACTION", description = "A capability every hop asks for "
        + "(repeatable; tool:* for all of a tool's actions).")
    private List<String> capabilities = new ArrayList<>();

    @Option(names = "--data", paramLabel = "CLASS", description = "A data class every hop asks for (repeatable); "
        + "for authorize, the first one is the data the tool call touches.")
    private List<String> data = new ArrayList<>();

    @Option(names = "--tool", paramLabel = "TOOL:ACTION", description = "authorize: the tool call.")
    private String tool;

    @Option(names = "--justification", paramLabel = "TEXT", description = "authorize: the call's justification.")
    private String justification;

    @Option(names = "--arg", paramLabel = "NAME=VALUE",
        description = "authorize: a tool argument the policy's constraints check (repeatable), e.g. --arg amount=120.00")
    private java.util.LinkedHashMap<String, String> arguments = new java.util.LinkedHashMap<>();

    @Option(names = "--at", paramLabel = "INSTANT", description = "The engine's clock, ISO-8601 (default: now).")
    private String at;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
        description = "text (default) or json: one JSON document on stdout (schema in docs/cli.md).")
    private OutputFormat format;

    @Override
    public Integer call() {
        final PrintWriter err = spec.commandLine().getErr();
        final String usage = usageProblem();
        if (usage != null) {
            err.println("baton decide: " + usage);
            return BatonCommand.USAGE;
        }
        final CompiledPolicy policy = JournalArgument.policy("decide", policyFile, err);
        if (policy == null) {
            return BatonCommand.USAGE;
        }
        final long start;
        try {
            start = at == null ? System.currentTimeMillis() : Instant.parse(at).toEpochMilli();
        } catch (final DateTimeParseException e) {
            err.println("baton decide: --at '" + at + "' is not an ISO-8601 instant, e.g. 2027-01-15T08:00:00Z");
            return BatonCommand.USAGE;
        }
        final List<Step> steps = steps();
        final List<DecideResult.Taken> taken = new ArrayList<>();
        try {
            final ManualClock clock = new ManualClock(start);
            final ScenarioRunner runner = new ScenarioRunner(new Scenario(Path.of(COMMAND_LINE.file()),
                policyFile, 1, steps), DelegationEngine.inMemory(policy.api(), clock, null), clock);
            runner.runOnce((step, decision, met) -> taken.add(new DecideResult.Taken(step, decision.copy())));
        } catch (final ScenarioException | UnknownNameException e) {
            err.println("baton decide: " + e.getMessage().replace(COMMAND_LINE + ": ", ""));
            return BatonCommand.USAGE;
        }
        final DecideResult result = new DecideResult(operation.name(), taken);
        final PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.json) {
            out.println(Json.write(result.json()));
        } else {
            result.print(out);
        }
        out.flush();
        return result.answer().allowed() ? BatonCommand.OK : BatonCommand.FAILED;
    }

    private String usageProblem() {
        if (operation == Operation.delegate && hops.isEmpty()) {
            return "delegate needs --to AGENT (the agent --agent delegates to)";
        }
        if (operation == Operation.authorize && tool == null) {
            return "authorize needs --tool TOOL:ACTION";
        }
        if (operation != Operation.authorize && (tool != null || justification != null || !arguments.isEmpty())) {
            return "--tool, --justification and --arg are for authorize";
        }
        if (operation == Operation.open && !hops.isEmpty()) {
            return "--to is for delegate and authorize";
        }
        return null;
    }

    /** @return the open, the hops, and the tool call, as scenario steps. */
    private List<Step> steps() {
        final Set<String> caps = new LinkedHashSet<>(capabilities);
        if (tool != null) {
            caps.add(tool);
        }
        final Step.ScopeNames scope = new Step.ScopeNames(List.copyOf(caps), List.copyOf(new LinkedHashSet<>(data)));
        final List<Step> steps = new ArrayList<>();
        steps.add(new Step.Open(COMMAND_LINE, null, "g0", new Step.Root(principal, purpose, agent, scope)));
        for (int i = 0; i < hops.size(); i++) {
            steps.add(new Step.Delegate(COMMAND_LINE, null, "g" + (i + 1), "g" + i, null, hops.get(i), scope));
        }
        if (operation == Operation.authorize) {
            steps.add(new Step.Authorize(COMMAND_LINE, null, "g" + hops.size(), null, tool,
                data.isEmpty() ? null : data.get(0), justification, arguments));
        }
        return steps;
    }
}
