package dev.baton.cli;

import dev.baton.engine.CompiledPolicy;
import dev.baton.engine.DecisionCore;
import dev.baton.engine.PolicyCompiler;
import dev.baton.engine.policy.PolicyException;
import dev.baton.engine.scenario.DecisionTally;
import dev.baton.engine.scenario.ManualClock;
import dev.baton.engine.scenario.Scenario;
import dev.baton.engine.scenario.ScenarioException;
import dev.baton.engine.scenario.ScenarioParser;
import dev.baton.engine.scenario.ScenarioRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code baton demo}: runs the example scenario on the decision core and prints decisions by outcome
 * and reason, whether every step's expectation held, and the time taken.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {
        "Runs a scenario (by default src/scenarios/refund-dispute.yaml) on the decision core, repeatedly,",
        "and prints the decisions by outcome and reason, the expectations met, and the time taken.",
        "Exit codes: 0 all expectations met, 1 an expectation was missed, 2 bad input."})
final class DemoCommand implements Callable<Integer> {
    private static final long START = 1_800_000_000_000L; // a fixed epoch: runs are reproducible

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "FILE",
        description = "Scenario to run (default: src/scenarios/refund-dispute.yaml under the Baton home).")
    private Path scenarioFile;

    @Option(names = "--repeat", paramLabel = "N",
        description = "Runs to time (default: the scenario's 'repeat'). A tenth as many run first to warm up.")
    private Integer repeat;

    @Override
    public Integer call() throws IOException {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Path file = scenarioFile != null ? scenarioFile
            : BatonCommand.home().resolve("src/scenarios/refund-dispute.yaml");
        final Scenario scenario;
        final CompiledPolicy policy;
        try {
            scenario = ScenarioParser.parse(file);
            policy = PolicyCompiler.load(Path.of(BatonCommand.display(scenario.policy())));
        } catch (final NoSuchFileException e) {
            err.println("baton demo: no such file: " + e.getFile());
            return BatonCommand.USAGE;
        } catch (final ScenarioException e) {
            err.println(e.getMessage());
            return BatonCommand.USAGE;
        } catch (final PolicyException e) {
            err.println(e.getMessage());
            return BatonCommand.USAGE;
        }
        if (repeat != null && repeat < 1) {
            err.println("baton demo: --repeat must be at least 1");
            return BatonCommand.USAGE;
        }
        final int runs = repeat != null ? repeat : scenario.repeat();
        final int warmUp = Math.max(1, runs / 10);

        final ManualClock clock = new ManualClock(START);
        final DecisionCore core = new DecisionCore(policy, clock);
        final ScenarioRunner runner;
        try {
            runner = new ScenarioRunner(scenario, core, clock);
        } catch (final ScenarioException e) {
            err.println(e.getMessage());
            return BatonCommand.USAGE;
        }
        final List<String> misses = new ArrayList<>();
        for (int i = 0; i < warmUp; i++) {
            runner.runOnce((step, d, met) -> {
                if (!met && misses.size() < 10) {
                    misses.add(step.at() + ": expected " + step.expect() + ", got " + d.describe(policy));
                }
            });
        }
        final long warmDecisions = runner.decisions();
        final long warmMissed = runner.missed();
        final DecisionTally tally = new DecisionTally();
        final ScenarioRunner.Listener count = (step, d, met) -> tally.record(d);
        final long t0 = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            runner.runOnce(count);
        }
        final long elapsed = System.nanoTime() - t0;

        out.printf("Baton demo: the decision core, synchronous, on one thread%n");
        out.printf("policy    %s  version %s  sha256 %s%n", BatonCommand.display(scenario.policy()), policy.label(),
            policy.versionHash().substring(0, 16));
        out.printf("scenario  %s  %d steps, %,d runs timed after %,d warm-up runs%n", BatonCommand.display(file),
            scenario.steps().size(), runs, warmUp);
        out.printf("%ndecisions by outcome and reason%n");
        for (final DecisionTally.Row row : tally.rows(policy)) {
            out.printf("  %-6s  %-24s %,12d  %s%n", row.outcome(), row.reason(), row.count(), row.label());
        }
        final long missed = runner.missed() - warmMissed;
        final long timed = runner.decisions() - warmDecisions;
        if (missed == 0 && warmMissed == 0) {
            out.printf("%nexpectations: all %,d met%n", runner.decisions());
        } else {
            out.printf("%nexpectations: %,d of %,d MISSED; first ones:%n", runner.missed(), runner.decisions());
            for (final String m : misses) {
                out.println("  " + m);
            }
        }
        final double seconds = elapsed / 1e9;
        out.printf(Locale.ROOT, "time: %,d decisions in %.1f ms = %.2f M decisions/s, %.0f ns per decision on average%n",
            timed, elapsed / 1e6, timed / seconds / 1e6, elapsed / (double) timed);
        out.printf("      (one thread, scenario bookkeeping included: a smoke figure, not a benchmark)%n");
        out.flush();
        return missed == 0 && warmMissed == 0 ? BatonCommand.OK : BatonCommand.FAILED;
    }
}
