package dev.baton.cli;

import dev.baton.cli.demo.OrchestratorDemo;
import dev.baton.cli.fleet.FleetDemo;
import dev.baton.cli.demo.Workload;
import dev.baton.cli.demo.WorkloadParser;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionCore;
import dev.baton.core.PolicyCompiler;
import dev.baton.engine.FsyncMode;
import dev.baton.policy.PolicyException;
import dev.baton.testkit.DecisionTally;
import dev.baton.core.ManualClock;
import dev.baton.testkit.Scenario;
import dev.baton.testkit.ScenarioException;
import dev.baton.testkit.ScenarioParser;
import dev.baton.testkit.ScenarioRunner;
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
 * {@code baton demo}: a simulated multi-tenant orchestrator ({@code src/scenarios/orchestrator.yaml})
 * drives the delegation engine from several producer threads with open-loop pacing, writes a real
 * journal, replays it, and reports decisions, throughput, CPU per decision, latency percentiles, journal
 * bytes per decision and the replay verdict (docs/demo.md). With {@code --scenario FILE} it runs one scenario on
 * the decision core instead, synchronously, as a smoke test.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Simulates a multi-tenant AI-agent orchestrator on the delegation engine: producer threads run the "
            + "tasks of src/scenarios/orchestrator.yaml (planners fanning out to sub-agents, tool calls, an "
            + "external partner, reviews, revocations, break-glass) with open-loop pacing, checking every "
            + "expected outcome; the engine decides, journals and completes each request. Then the journal is "
            + "replayed and verified.",
        "",
        "Prints decisions by outcome and reason, sustained throughput, CPU per decision (engine thread, producers, "
            + "whole process), latency percentiles (coordinated-omission corrected, HdrHistogram), journal bytes "
            + "per decision and the replay verdict, and ends with one line: 'demo: decisions=N throughput=X/s p50_ns=... p99_ns=... "
            + "p999_ns=... journal=DIR bytes_per_decision=B replay=ok'. Writes DIR.hgrm (percentiles), DIR.html (latency plot), "
            + "DIR.key (the warrant key) and DIR.warrant.b64 (a sample warrant) next to the journal.",
        "",
        "A run starts a fresh journal: DIR is created, or used if empty. A DIR holding an earlier demo run's "
            + "journal (it has a .baton-demo file) is replaced only with --fresh, except the default "
            + "baton-journal, which plain 'baton demo' replaces; any other non-empty DIR is refused.",
        "",
        "With --scenario FILE: runs that scenario on the decision core, synchronously on one thread, "
            + "--repeat times (docs/scenarios.md); no journal.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every expectation met and the replay verified and matched",
        "1:an expectation was missed, or the replay failed",
        "2:bad usage or input (option, workload, scenario, policy, or a journal directory it may not use)"})
final class DemoCommand implements Callable<Integer> {
    private static final long START = 1_800_000_000_000L; // --scenario: a fixed epoch, runs are reproducible

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--decisions", paramLabel = "N", description = "Decisions to make (default: the workload's, "
        + "2,000,000).")
    private Long decisions;

    @Option(names = "--warmup", paramLabel = "N", description = "Decisions to make first, journaled, checked and "
        + "replayed but not timed, while the JIT compiles (default: the workload's, 1,000,000, at most half of "
        + "--decisions).")
    private Long warmup;

    @Option(names = "--rate", paramLabel = "R", description = "Target decisions per second, all producer threads "
        + "together; 0 = as fast as it goes (default: the workload's, 0).")
    private Long rate;

    @Option(names = "--threads", paramLabel = "T", description = "Producer threads (default: the workload's, 2).")
    private Integer threads;

    @Option(names = "--engines", paramLabel = "E", description = "Engines in this process, each with its own journal "
        + "(the first in --journal DIR, the others in DIR-2, DIR-3, ...), an equal share of the producer threads and "
        + "the whole workload's mix (default: the workload's, 2, or, when --threads is not a multiple of "
        + "it, the largest number dividing both).")
    private Integer engines;

    @Option(names = "--no-pin", description = "With several engines: let the operating system place every thread "
        + "(default: each engine's thread and producer threads pinned to a vCPU of their own).")
    private boolean noPin;

    @Option(names = "--in-flight", paramLabel = "N", description = "Tasks in progress per producer thread "
        + "(default: the workload's, 16).")
    private Integer inFlight;

    @Option(names = "--journal", paramLabel = "DIR", description = "Journal directory (default: baton-journal).")
    private Path journal;

    @Option(names = "--fresh", description = "Replace the journal an earlier demo run wrote in --journal DIR "
        + "(without it such a DIR is refused; the default baton-journal is always replaced).")
    private boolean fresh;

    @Option(names = "--fsync", paramLabel = "MODE", description = "When the journal is forced to disk: none, batch "
        + "or interval (default: the workload's, interval = at most every 10 ms).")
    private String fsync;

    @Option(names = "--workload", paramLabel = "FILE", description = "Workload to simulate (default: "
        + "src/scenarios/orchestrator.yaml under the Baton home).")
    private Path workloadFile;

    @Option(names = "--scenario", paramLabel = "FILE", description = "Instead: run this scenario on the decision "
        + "core, synchronously on one thread (the former demo).")
    private Path scenarioFile;

    @Option(names = "--fleet", paramLabel = "N", description = "Instead: a fleet of N engine processes joined through "
        + "Kafka (docs/fleet.md): a broker in this JVM (KRaft, 127.0.0.1 only) unless --kafka; the workload spread "
        + "over them; the shipped journals audited; revocation latency across engines. --decisions is the fleet's "
        + "(default 60,000); --journal is the fleet directory (default baton-fleet).")
    private Integer fleet;

    @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "With --fleet: use this Kafka cluster (bootstrap "
        + "servers) instead of the embedded broker; the run's topics are named baton-demo-<time>.*")
    private String kafka;

    @Option(names = "--repeat", paramLabel = "N", description = "With --scenario: runs to time (default: the "
        + "scenario's 'repeat'); a tenth as many run first to warm up.")
    private Integer repeat;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (scenarioFile != null) {
            return scenario();
        }
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (fleet != null || kafka != null) {
            return fleet(out, err);
        }
        if (repeat != null) {
            err.println("baton demo: --repeat goes with --scenario");
            return BatonCommand.USAGE;
        }
        final Path file = workloadFile != null ? workloadFile
            : BatonCommand.home().resolve("src/scenarios/orchestrator.yaml");
        final Workload workload = load(() -> WorkloadParser.parse(file), err);
        final String policyName = workload == null ? null : BatonCommand.display(workload.policy());
        final CompiledPolicy policy = workload == null ? null : load(() -> PolicyCompiler.load(Path.of(policyName)), err);
        if (policy == null) {
            return BatonCommand.USAGE;
        }
        final Workload.Defaults d = workload.defaults();
        final long n = decisions != null ? decisions : d.decisions();
        final long w = warmup != null ? warmup : Math.min(d.warmup(), n / 2);
        final long r = rate != null ? rate : d.rate();
        final int t = threads != null ? threads : d.threads();
        final int f = inFlight != null ? inFlight : d.inFlight();
        final int e = engines != null ? engines : gcd(d.engines(), Math.max(1, t));
        final String problem = w < 0 ? "--warmup must be 0 or more" : problem(n, r, t, f, e);
        if (problem != null) {
            err.println("baton demo: " + problem);
            return BatonCommand.USAGE;
        }
        final FsyncMode mode = fsyncMode(d.fsync(), err);
        if (mode == null) {
            return BatonCommand.USAGE;
        }
        final Path dir = journal != null ? journal : Path.of("baton-journal");
        // Running plain 'baton demo' again is the documented flow: its own default directory is replaced.
        final boolean replace = fresh || journal == null;
        final OrchestratorDemo.Settings settings = new OrchestratorDemo.Settings(workload, BatonCommand.display(file),
            policy, policyName, new OrchestratorDemo.JournalTarget(dir, BatonCommand.display(dir), replace),
            new Workload.Defaults(n, w, r, t, f, d.warrantPercent(), mode, d.fsyncIntervalMs(), e, !noPin));
        final int code = new OrchestratorDemo(settings, out, err).run();
        out.flush();
        err.flush();
        return code;
    }

    /** {@code --fleet N}: the fleet demo. */
    private int fleet(final PrintWriter out, final PrintWriter err) throws InterruptedException {
        if (fleet == null || fleet < 1 || fleet > 16) {
            err.println("baton demo: --fleet must be from 1 to 16" + (fleet == null ? " (--kafka goes with --fleet)" : ""));
            return BatonCommand.USAGE;
        }
        final long n = decisions != null ? decisions : 60_000L;
        if (n < fleet) {
            err.println("baton demo: --decisions must be at least one per engine");
            return BatonCommand.USAGE;
        }
        final Path file = workloadFile != null ? workloadFile
            : BatonCommand.home().resolve("src/scenarios/orchestrator.yaml");
        final int code = new FleetDemo(new FleetDemo.Settings(fleet, kafka, journal != null ? journal
            : Path.of("baton-fleet"), n, file.toAbsolutePath()), out, err).run();
        out.flush();
        err.flush();
        return code;
    }

    /** @return what is wrong with the run's numbers, or null. */
    private static String problem(final long decisions, final long rate, final int threads, final int inFlight,
                                  final int engines) {
        return decisions < 1 ? "--decisions must be at least 1"
            : rate < 0 ? "--rate must be 0 (as fast as it goes) or more"
            : threads < 1 || threads > 64 ? "--threads must be from 1 to 64"
            : inFlight < 1 || inFlight > 4096 ? "--in-flight must be from 1 to 4096"
            : engines < 1 || engines > 16 ? "--engines must be from 1 to 16"
            : threads % engines != 0 ? "--threads (" + threads + ") must be a multiple of --engines (" + engines
                + "): each engine gets an equal share of the producer threads" : null;
    }

    /** @return the greatest common divisor of two positive ints. */
    private static int gcd(final int a, final int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** @return --fsync, else the workload's mode; null after saying what is wrong. */
    private FsyncMode fsyncMode(final FsyncMode workloadMode, final PrintWriter err) {
        if (fsync == null) {
            return workloadMode;
        }
        try {
            return FsyncMode.valueOf(fsync.toUpperCase(Locale.ROOT));
        } catch (final IllegalArgumentException e) {
            err.println("baton demo: --fsync must be none, batch or interval, found '" + fsync + "'");
            return null;
        }
    }

    /** Reads an input file. */
    @FunctionalInterface
    private interface Loader<T> {
        T load() throws IOException, ScenarioException, PolicyException;
    }

    /** @return what {@code loader} read, or null after saying on {@code err} what is wrong with the file. */
    private static <T> T load(final Loader<T> loader, final PrintWriter err) {
        try {
            return loader.load();
        } catch (final NoSuchFileException e) {
            err.println("baton demo: no such file: " + e.getFile());
        } catch (final IOException e) {
            err.println("baton demo: " + BatonCommand.cannotRead(e));
        } catch (final ScenarioException | PolicyException e) {
            err.println(e.getMessage());
        }
        return null;
    }

    /** The former demo: one scenario on the decision core, synchronously. */
    private int scenario() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Scenario scenario = load(() -> ScenarioParser.parse(scenarioFile), err);
        final CompiledPolicy policy = scenario == null ? null
            : load(() -> PolicyCompiler.load(Path.of(BatonCommand.display(scenario.policy()))), err);
        if (policy == null) {
            return BatonCommand.USAGE;
        }
        if (repeat != null && repeat < 1) {
            err.println("baton demo: --repeat must be at least 1");
            return BatonCommand.USAGE;
        }
        final int runs = repeat != null ? repeat : scenario.repeat();
        final int warmUp = Math.max(1, runs / 10);
        final ManualClock clock = new ManualClock(START);
        final ScenarioRunner runner = load(() -> new ScenarioRunner(scenario, new DecisionCore(policy, clock), clock),
            err);
        if (runner == null) {
            return BatonCommand.USAGE;
        }
        final List<String> misses = new ArrayList<>();
        for (int i = 0; i < warmUp; i++) {
            runner.runOnce((step, d, met) -> {
                if (!met && misses.size() < 10) {
                    misses.add(step.at() + ": expected " + step.expect() + ", got " + d.describe());
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

        out.printf("Baton demo --scenario: the decision core, synchronous, on one thread%n");
        out.printf("policy    %s  version %s  sha256 %s%n", BatonCommand.display(scenario.policy()), policy.label(),
            policy.versionHash().substring(0, 16));
        out.printf("scenario  %s  %d steps, %,d runs timed after %,d warm-up runs%n",
            BatonCommand.display(scenarioFile), scenario.steps().size(), runs, warmUp);
        out.printf("%ndecisions by outcome and reason%n");
        for (final DecisionTally.Row row : tally.rows(policy)) {
            out.printf("  %-6s  %-24s %,12d  %s%n", row.outcome(), row.reason(), row.count(), row.label());
        }
        final boolean met = runner.missed() == 0;
        reportScenario(out, runner, misses, runner.decisions() - warmDecisions, elapsed);
        return met ? BatonCommand.OK : BatonCommand.FAILED;
    }

    /** Prints whether every expectation was met, and the time the timed runs took. */
    private static void reportScenario(final PrintWriter out, final ScenarioRunner runner, final List<String> misses,
                                       final long timed, final long elapsed) {
        if (runner.missed() == 0) {
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
    }
}
