package dev.baton.cli.demo;

import dev.baton.codec.DecisionDecoder;
import dev.baton.codec.DecisionOutcome;
import dev.baton.codec.KeyRing;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionSlot;
import dev.baton.Reason;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.JournalReplay;
import dev.baton.engine.Request;
import dev.baton.engine.WaitMode;
import dev.baton.testkit.ScenarioException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The main job of {@code baton demo}: runs a {@link Workload} on one or more journaled engines ({@link
 * DemoEngine}) from several producer threads, writes a real journal per engine, replays each, and has a
 * {@link DemoReport} report decisions, throughput, latency, journal size and the replay verdict, ending with
 * one machine-readable line.
 * <p>
 * Names bind once per engine, through its and the policy's handles (the testkit's {@code NameBinding}): the
 * ints the producers put in requests are the ones behind those handles.
 * <p>
 * <b>Note:</b> one run per instance; not thread-safe.
 */
public final class OrchestratorDemo {
    /** Exit code: everything held. */
    public static final int OK = 0;
    /** Exit code: an expectation was missed, or the replay did not verify or match. */
    public static final int FAILED = 1;
    /** Exit code: bad input (the journal directory cannot be used). */
    public static final int USAGE = 2;

    private static final int KEY_ID = 1;

    /**
     * Where the run journals.
     *
     * @param dir     the journal directory.
     * @param name    how to show it.
     * @param replace whether an earlier demo run's journal there may be deleted.
     */
    public record JournalTarget(Path dir, String name, boolean replace) {
    }

    /**
     * The settings of one run.
     *
     * @param workload     the workload.
     * @param workloadName how to show its file.
     * @param policy       its policy, compiled.
     * @param policyName   how to show the policy file.
     * @param journal      where to journal.
     * @param run          the workload's run defaults with the command line's overrides applied.
     */
    public record Settings(Workload workload, String workloadName, CompiledPolicy policy, String policyName,
                           JournalTarget journal, Workload.Defaults run) {
    }

    private final Settings s;
    private final PrintWriter out;
    private final PrintWriter err;
    private UnaryOperator<EngineConfig> configure = UnaryOperator.identity();
    private final CpuPins pins;

    /**
     * @param settings the run's settings.
     * @param out      where the report goes.
     * @param err      where problems go.
     */
    public OrchestratorDemo(final Settings settings, final PrintWriter out, final PrintWriter err) {
        this.s = settings;
        this.out = out;
        this.err = err;
        this.pins = CpuPins.plan(settings.run().engines(), settings.run().pin());
    }

    /**
     * Lets a caller add to the engine's configuration (a fleet engine: its journal key and checkpoints).
     *
     * @param f applied to the demo's configuration before the engine starts.
     * @return this.
     */
    public OrchestratorDemo configure(final UnaryOperator<EngineConfig> f) {
        this.configure = f;
        return this;
    }

    /**
     * Runs the demo.
     *
     * @return {@link #OK}, {@link #FAILED} or {@link #USAGE}.
     */
    public int run() throws IOException, InterruptedException {
        final List<JournalDir> journals = new ArrayList<>();
        if (s.run().engines() > 1 && s.journal().dir().toAbsolutePath().normalize().getFileName() == null) {
            err.println("baton demo: --journal " + s.journal().name() + " has no name to put the other engines'"
                + " journals beside (DIR-2, ...): give a directory below it, or --engines 1");
            return USAGE;
        }
        for (int e = 0; e < s.run().engines(); e++) {
            journals.add(new JournalDir(journalOf(e)));
        }
        for (final JournalDir journal : journals) { // every one checked before any is emptied
            final String refused = journal.refusal(s.journal().replace());
            if (refused != null) {
                err.println("baton demo: " + refused);
                return USAGE;
            }
        }
        boolean replaced = false;
        for (final JournalDir journal : journals) {
            final String refused = journal.prepare(s.journal().replace());
            if (refused != null) { // changed since the check
                err.println("baton demo: " + refused);
                return USAGE;
            }
            replaced |= journal.replaced();
        }
        final byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        header(replaced);
        final RunTotals totals = new RunTotals(s.policy(), s.workload().templates().size());
        final DemoEngine[] engines = new DemoEngine[journals.size()];
        for (int e = 0; e < engines.length; e++) {
            engines[e] = new DemoEngine(s.workload(), s.run().warrantPercent(), journals.get(e));
        }
        final int code = decide(engines, new KeyRing(60_000, KEY_ID, secret), totals);
        if (code != OK) {
            return code;
        }
        final JournalDir first = journals.get(0);
        totals.clockOffsetMillis = engines[0].clock().offset();
        final Path keyFile = first.sibling(".key");
        writePrivate(keyFile, KEY_ID + ":" + HexFormat.of().formatHex(secret) + "\n");
        final Path warrantFile = first.sibling(".warrant.b64");
        final byte[] warrant = engines[0].sample.get();
        Files.deleteIfExists(warrantFile);
        if (warrant != null) {
            Files.writeString(warrantFile, Base64.getEncoder().encodeToString(warrant) + "\n", StandardCharsets.US_ASCII);
        }

        // Replay: verify each hash chain and re-execute every decision, one thread per journal (they share
        // nothing); the picks come from the first journal.
        final Picks picks = new Picks();
        final List<JournalReplay> replays = new ArrayList<>();
        for (int e = 0; e < engines.length; e++) {
            replays.add(new JournalReplay(null, 4096, 1 << 24, 60_000, e == 0 ? picks : null));
            totals.journalBytes += journals.get(e).bytes();
        }
        final long replayStart = System.nanoTime();
        final Thread[] replaying = new Thread[engines.length];
        final Throwable[] failed = new Throwable[engines.length];
        for (int e = 0; e < engines.length; e++) {
            final int k = e;
            replaying[e] = new Thread(() -> {
                try {
                    replays.get(k).replay(journals.get(k).dir());
                } catch (final Throwable t) {
                    failed[k] = t;
                }
            }, "baton-demo-replay-" + e);
            replaying[e].start();
        }
        for (int e = 0; e < engines.length; e++) {
            replaying[e].join();
            if (failed[e] != null) {
                err.println("baton demo: the replay of " + journalName(s.journal().name(), e) + " failed: " + failed[e]);
                return FAILED;
            }
        }
        totals.replayNanos = System.nanoTime() - replayStart;
        return new DemoReport(s, out, totals).print(replays, picks.picks,
            new DemoReport.Files(journals, keyFile, warrant == null ? null : warrantFile));
    }

    /** @return the journal directory of engine {@code e}: the one given, then siblings named after it, -2, -3, ... */
    private Path journalOf(final int e) {
        final Path dir = s.journal().dir().toAbsolutePath().normalize();
        return e == 0 ? dir : dir.resolveSibling(dir.getFileName() + "-" + (e + 1));
    }

    /** @return how to show the journal directory of engine {@code e}. */
    static String journalName(final String first, final int e) {
        return e == 0 ? first : first + "-" + (e + 1);
    }

    private void header(final boolean replaced) {
        final Workload w = s.workload();
        final Workload.Defaults run = s.run();
        out.printf("Baton demo: a simulated multi-tenant orchestrator on the delegation engine%n");
        out.printf("policy    %s  version %s  sha256 %s%n", s.policyName(), s.policy().label(),
            s.policy().versionHash().substring(0, 16));
        out.printf("workload  %s  %d tenants, %d task templates%n", s.workloadName(), w.tenants().size(),
            w.templates().size());
        out.printf(Locale.ROOT, "run       %,d decisions%s, %d producer threads x %d tasks in flight, %s%n",
            run.decisions(), run.warmup() == 0 ? "" : String.format(Locale.ROOT, " after a warm-up of %,d",
                run.warmup()), run.threads(), run.inFlight(), run.rate() == 0 ? "as fast as it goes (--rate 0)"
                : String.format(Locale.ROOT, "open loop at %,d decisions/s", run.rate()));
        if (run.engines() == 1) {
            out.printf("engine    ring 4096, fsync %s, warrants signed with key %d (a random 32-byte secret), %d%% of "
                + "tasks present them%n", DemoReport.fsyncLabel(run), KEY_ID, run.warrantPercent());
            out.printf("journal   %s (fresh%s)%n", s.journal().name(),
                replaced ? "; the earlier demo run's journal there was replaced" : "");
        } else {
            out.printf("engines   %d in this process, each with ring 4096, its own journal, %d of the producer threads"
                    + " and the whole workload's mix; fsync %s, warrants signed with key %d (a random 32-byte secret),"
                    + " %d%% of tasks present them%n", run.engines(), run.threads() / run.engines(),
                DemoReport.fsyncLabel(run), KEY_ID, run.warrantPercent());
            out.printf("journals  %s (fresh%s)%n", journalNames(s.journal().name(), run.engines(), ", "),
                replaced ? "; the earlier demo run's journals there were replaced" : "");
        }
        out.flush();
    }

    /**
     * @return the names of {@code engines} journals named after {@code first}, joined by {@code last} before the
     *     last and ", " before the others.
     */
    static String journalNames(final String first, final int engines, final String last) {
        final StringBuilder names = new StringBuilder(first);
        for (int e = 1; e < engines; e++) {
            names.append(e == engines - 1 ? last : ", ").append(journalName(first, e));
        }
        return names.toString();
    }

    /**
     * Starts the engines, binds the workload on each, runs the producers, then each engine's late shift, and
     * closes the engines.
     *
     * @return {@link #OK}, or {@link #USAGE} when the workload names what the policy lacks, or {@link #FAILED}
     *     when a producer failed.
     */
    private int decide(final DemoEngine[] engines, final KeyRing keys, final RunTotals totals)
        throws InterruptedException {
        try {
            for (int e = 0; e < engines.length; e++) {
                final DemoEngine engine = engines[e];
                try {
                    engine.start(configure.apply(engineConfig(s, pins, e, engine.journal().dir(), engine.clock(), keys)));
                } catch (final ScenarioException unbound) {
                    err.println(unbound.getMessage());
                    return USAGE;
                }
            }
            if (engines.length > 1) {
                out.printf("threads   %s; waiting: %s%n", pins.plan(),
                    engines[0].engine().waitMode().name().toLowerCase(Locale.ROOT));
            }
            final long warmup = s.run().warmup();
            if (warmup > 0) {
                out.printf(Locale.ROOT, "%nwarming up ... (%,d decisions, journaled and checked, not timed)%n", warmup);
                out.flush();
                if (!runAll(producers(engines, totals.misses, warmup, 0), totals, engines, false)) {
                    return FAILED;
                }
            }
            out.printf("%nrunning ...%n");
            out.flush();
            if (!runAll(producers(engines, totals.misses, s.run().decisions(), 1), totals, engines, true)) {
                return FAILED;
            }
            final long before = totals.outcomes.total();
            for (final DemoEngine engine : engines) {
                totals.lateTasks += engine.lateShift(totals.outcomes, totals.misses);
            }
            totals.lateDecisions = totals.outcomes.total() - before;
        } finally {
            for (final DemoEngine engine : engines) {
                engine.close();
                totals.journalWritten += engine.journalWritten();
            }
        }
        return OK;
    }

    /**
     * The configuration of engine {@code e}: the run's policy, fsync and key ring, its own journal and clock and,
     * when the engines are pinned, its pinned thread and {@link WaitMode#PARK}.
     */
    static EngineConfig engineConfig(final Settings s, final CpuPins pins, final int e, final Path journal,
                                     final InstantSource clock, final KeyRing keys) {
        final EngineConfig config = new EngineConfig(s.policy(), journal)
            .fsync(s.run().fsync(), s.run().fsyncIntervalMs()).keys(keys).clock(clock);
        if (pins.pinning()) {
            // An engine and its producers share one vCPU: a waiter must hand it over (yield, then park), never
            // spin on it, whatever the machine's size (AUTO spins from four processors).
            config.engineThreadFactory(pins.engineThreads(e)).waitMode(WaitMode.PARK);
        }
        return config;
    }

    /**
     * @param decisions all the producers' decisions together.
     * @param round     0 for the warm-up, 1 for the timed run: request ids of the two never meet.
     */
    private Producer[] producers(final DemoEngine[] engines, final Misses misses, final long decisions,
                                 final int round) {
        final Workload.Defaults run = s.run();
        final Producer[] producers = new Producer[run.threads()];
        final long intervalNanos = run.rate() == 0 ? 0 : Math.max(1, run.threads() * 1_000_000_000L / run.rate());
        for (int t = 0; t < producers.length; t++) {
            final DemoEngine engine = engines[t % engines.length];
            final Lane[] lanes = new Lane[run.inFlight()];
            for (int i = 0; i < lanes.length; i++) {
                lanes[i] = engine.lane();
            }
            final long budget = decisions / run.threads() + (t < decisions % run.threads() ? 1 : 0);
            producers[t] = new Producer(engine.engine(), t, round, lanes, engine.deck(),
                new Producer.Schedule(budget, intervalNanos), new Outcomes(s.policy().ruleCount()), misses);
        }
        return producers;
    }

    /**
     * Starts the producers at one instant and waits for them; adds what they counted to {@code totals}: as the
     * timed run, or as the warm-up (outcomes and tasks only, its latencies dropped).
     *
     * @return false if a producer failed (reported on {@code err}).
     */
    private boolean runAll(final Producer[] producers, final RunTotals totals, final DemoEngine[] engines,
                           final boolean timed) throws InterruptedException {
        final Thread[] threads = new Thread[producers.length];
        for (int t = 0; t < producers.length; t++) {
            final Producer p = producers[t];
            final int engine = t % engines.length;
            threads[t] = new Thread(() -> {
                pins.pin(engine);
                p.run();
            }, "baton-demo-producer-" + t);
        }
        final long engineCpu = engineCpu(engines);
        final long processCpu = CpuUse.process();
        final long compiling = CpuUse.compiling();
        final long start = System.nanoTime() + 1_000_000;
        for (int t = 0; t < producers.length; t++) {
            producers[t].start(start);
            threads[t].start();
        }
        long last = start;
        for (int t = 0; t < producers.length; t++) {
            threads[t].join();
            final Producer p = producers[t];
            if (p.error != null) {
                err.println("baton demo: producer " + t + " failed: " + p.error);
                return false;
            }
            totals.outcomes.add(p.outcomes);
            last = Math.max(last, p.lastDone);
            if (timed) {
                totals.histogram.add(p.histogram);
                totals.timeline.add(p.timeline);
                totals.runDecisions += p.decisions;
                totals.requests += p.requests();
            } else {
                totals.warmupDecisions += p.decisions;
            }
            for (int k = 0; k < totals.tasks.length; k++) {
                totals.tasks[k] += p.tasksByTemplate()[k];
            }
        }
        if (timed) {
            totals.pinned = pins.pinned();
            totals.pinFailed = pins.failed();
            totals.elapsedNanos = last - start;
            totals.engineCpuNanos = used(engineCpu, engineCpu(engines));
            totals.processCpuNanos = used(processCpu, CpuUse.process());
            totals.compilingMillis = used(compiling, CpuUse.compiling());
            long producerCpu = 0;
            for (final Producer p : producers) {
                producerCpu = p.cpuNanos < 0 || producerCpu < 0 ? -1 : producerCpu + p.cpuNanos;
            }
            totals.producerCpuNanos = producerCpu;
        } else {
            totals.warmupNanos = last - start;
        }
        return true;
    }

    /** @return the engine threads' CPU time so far (ns), all engines together, or -1 if any was not measured. */
    private static long engineCpu(final DemoEngine[] engines) {
        long sum = 0;
        for (final DemoEngine engine : engines) {
            final long cpu = engine.engineCpu();
            if (cpu < 0) {
                return -1;
            }
            sum += cpu;
        }
        return sum;
    }

    /** @return CPU time used between two readings, or -1 if either was not measured. */
    private static long used(final long before, final long after) {
        return before < 0 || after < 0 ? -1 : after - before;
    }

    // ------------------------------------------------------------------------------ replay picks

    /** Keeps the first decision of a few interesting kinds, for the "try" lines. */
    private static final class Picks implements JournalReplay.Listener {
        final Map<String, long[]> picks = new LinkedHashMap<>();

        @Override
        public void onDecision(final dev.baton.engine.DecisionRecord record, final int child,
                               final DecisionSlot replayed, final CompiledPolicy policy, final boolean matches) {
            if (picks.size() == 5) {
                return;
            }
            final DecisionDecoder c = record.child(child);
            final Request.Op op = record.op();
            final DecisionOutcome o = c.outcome();
            if (c.reasonCode() == Reason.NEVER_LEAVE.code()) {
                pick("DENY NEVER_LEAVE: customer_pii may not go to the partner", c);
            } else if (op == Request.Op.REVIEW && o == DecisionOutcome.ALLOW) {
                pick("a review approved", c);
            } else if (op == Request.Op.DELEGATE && o == DecisionOutcome.ALLOW && c.depth() == 2) {
                pick("a 3-hop delegation to the external partner", c);
            } else if (op == Request.Op.BREAK_GLASS && o == DecisionOutcome.ALLOW) {
                pick("break-glass (flagged for review)", c);
            } else if (c.reasonCode() == Reason.REVIEW_TIMED_OUT.code()) {
                pick("DENY REVIEW_TIMED_OUT (late shift)", c);
            }
        }

        private void pick(final String what, final DecisionDecoder c) {
            picks.putIfAbsent(what, new long[] {c.decisionId(), c.grantId()});
        }
    }

    // ------------------------------------------------------------------------------ files

    private static void writePrivate(final Path file, final String text) throws IOException {
        Files.deleteIfExists(file);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }
}
