package dev.baton.cli.demo;

import dev.baton.codec.DecisionDecoder;
import dev.baton.codec.DecisionOutcome;
import dev.baton.codec.KeyRing;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionSlot;
import dev.baton.Reason;
import dev.baton.engine.JournaledEngine;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.JournalReplay;
import dev.baton.engine.Request;
import dev.baton.testkit.NameBinding;
import dev.baton.testkit.ScenarioException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The main job of {@code baton demo}: runs a {@link Workload} on a {@link JournaledEngine} from several
 * producer threads, writes a real journal, replays it, and has a {@link DemoReport} report decisions,
 * throughput, latency, journal size and the replay verdict, ending with one machine-readable line.
 * <p>
 * Names bind once, through the engine's and the policy's handles ({@link NameBinding}, the testkit's
 * binding): the ints the producers put in requests are the ones behind those handles.
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
    private final DemoClock clock = new DemoClock();
    private final Map<String, TaskTemplate> bound = new HashMap<>();
    private final AtomicReference<byte[]> sample = new AtomicReference<>();
    private UnaryOperator<EngineConfig> configure = UnaryOperator.identity();
    private int grantNames = 1;
    private int widest = 1;
    /** The engine's thread, for its CPU time (null: not found; the report then says CPU was not measured). */
    private Thread engineThread;

    /**
     * @param settings the run's settings.
     * @param out      where the report goes.
     * @param err      where problems go.
     */
    public OrchestratorDemo(final Settings settings, final PrintWriter out, final PrintWriter err) {
        this.s = settings;
        this.out = out;
        this.err = err;
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
        final JournalDir journal = new JournalDir(s.journal().dir());
        final String refused = journal.prepare(s.journal().replace());
        if (refused != null) {
            err.println("baton demo: " + refused);
            return USAGE;
        }
        final byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        header(journal.replaced());
        final RunTotals totals = new RunTotals(s.policy(), s.workload().templates().size());
        final int code = decide(journal, new KeyRing(60_000, KEY_ID, secret), totals);
        if (code != OK) {
            return code;
        }
        totals.clockOffsetMillis = clock.offset();
        final Path keyFile = journal.sibling(".key");
        writePrivate(keyFile, KEY_ID + ":" + HexFormat.of().formatHex(secret) + "\n");
        final Path warrantFile = journal.sibling(".warrant.b64");
        final byte[] warrant = sample.get();
        Files.deleteIfExists(warrantFile);
        if (warrant != null) {
            Files.writeString(warrantFile, Base64.getEncoder().encodeToString(warrant) + "\n", StandardCharsets.US_ASCII);
        }

        // Replay: verify the hash chain and re-execute every decision.
        final Picks picks = new Picks();
        final long replayStart = System.nanoTime();
        final JournalReplay replay = new JournalReplay(null, 4096, 1 << 24, 60_000, picks).replay(journal.dir());
        totals.replayNanos = System.nanoTime() - replayStart;
        totals.journalBytes = journal.bytes();
        return new DemoReport(s, out, totals).print(replay, picks.picks,
            new DemoReport.Files(journal, keyFile, warrant == null ? null : warrantFile));
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
        out.printf("engine    ring 4096, fsync %s, warrants signed with key %d (a random 32-byte secret), %d%% of "
            + "tasks present them%n", DemoReport.fsyncLabel(run), KEY_ID, run.warrantPercent());
        out.printf("journal   %s (fresh%s)%n", s.journal().name(),
            replaced ? "; the earlier demo run's journal there was replaced" : "");
        out.flush();
    }

    /**
     * Starts the engine, binds the workload, runs the producers, then the late shift, and closes the engine.
     *
     * @return {@link #OK}, or {@link #USAGE} when the workload names what the policy lacks, or {@link #FAILED}
     *     when a producer failed.
     */
    private int decide(final JournalDir journal, final KeyRing keys, final RunTotals totals)
        throws InterruptedException {
        final EngineConfig config = configure.apply(new EngineConfig(s.policy(), journal.dir())
            .fsync(s.run().fsync(), s.run().fsyncIntervalMs()).keys(keys).clock(clock));
        final Set<Thread> engineThreads = CpuUse.engineThreads();
        final JournaledEngine started = JournaledEngine.start(config);
        engineThread = CpuUse.startedSince(engineThreads);
        try (JournaledEngine engine = started) {
            final Producer.Deck deck;
            try {
                deck = deck(new NameBinding(engine, engine::identity));
            } catch (final ScenarioException e) {
                err.println(e.getMessage());
                return USAGE;
            }
            final long warmup = s.run().warmup();
            if (warmup > 0) {
                out.printf(Locale.ROOT, "%nwarming up ... (%,d decisions, journaled and checked, not timed)%n", warmup);
                out.flush();
                if (!runAll(producers(engine, deck, totals.misses, warmup, 0), totals, false)) {
                    return FAILED;
                }
            }
            out.printf("%nrunning ...%n");
            out.flush();
            if (!runAll(producers(engine, deck, totals.misses, s.run().decisions(), 1), totals, true)) {
                return FAILED;
            }
            final long before = totals.outcomes.total();
            totals.lateTasks = lateShift(engine, totals.outcomes, totals.misses);
            totals.lateDecisions = totals.outcomes.total() - before;
        } finally {
            totals.journalWritten = started.journalBytesWritten();
        }
        return OK;
    }

    /**
     * @param decisions all the producers' decisions together.
     * @param round     0 for the warm-up, 1 for the timed run: request ids of the two never meet.
     */
    private Producer[] producers(final JournaledEngine engine, final Producer.Deck deck, final Misses misses,
                                 final long decisions, final int round) {
        final Workload.Defaults run = s.run();
        final Producer[] producers = new Producer[run.threads()];
        final long intervalNanos = run.rate() == 0 ? 0 : Math.max(1, run.threads() * 1_000_000_000L / run.rate());
        for (int t = 0; t < producers.length; t++) {
            final Lane[] lanes = new Lane[run.inFlight()];
            for (int i = 0; i < lanes.length; i++) {
                lanes[i] = new Lane(grantNames, widest, sample);
            }
            final long budget = decisions / run.threads() + (t < decisions % run.threads() ? 1 : 0);
            producers[t] = new Producer(engine, t, round, lanes, deck, new Producer.Schedule(budget, intervalNanos),
                new Outcomes(s.policy().ruleCount()), misses);
        }
        return producers;
    }

    /**
     * Starts the producers at one instant and waits for them; adds what they counted to {@code totals}: as the
     * timed run, or as the warm-up (outcomes and tasks only, its latencies dropped).
     *
     * @return false if a producer failed (reported on {@code err}).
     */
    private boolean runAll(final Producer[] producers, final RunTotals totals, final boolean timed)
        throws InterruptedException {
        final Thread[] threads = new Thread[producers.length];
        for (int t = 0; t < producers.length; t++) {
            threads[t] = new Thread(producers[t], "baton-demo-producer-" + t);
        }
        final long engineCpu = CpuUse.thread(engineThread);
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
            totals.elapsedNanos = last - start;
            totals.engineCpuNanos = used(engineCpu, CpuUse.thread(engineThread));
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

    /** @return CPU time used between two readings, or -1 if either was not measured. */
    private static long used(final long before, final long after) {
        return before < 0 || after < 0 ? -1 : after - before;
    }

    // ------------------------------------------------------------------------------ set-up

    /** Binds every (template, tenant, cast) the run uses and lays out the order tasks start in. */
    private Producer.Deck deck(final NameBinding names) throws ScenarioException {
        final Workload w = s.workload();
        final List<TaskTemplate> deck = new ArrayList<>();
        for (final Workload.Tenant tenant : w.tenants()) {
            for (final Map.Entry<String, Integer> e : tenant.tasks().entrySet()) {
                final Workload.Template template = template(w, e.getKey());
                for (int c = 0; c < tenant.casts(); c++) {
                    bind(names, template, tenant, c); // binds every cast, late ones included
                }
                if (!template.late()) {
                    for (int j = 0; j < e.getValue(); j++) {
                        deck.add(bind(names, template, tenant, j % tenant.casts()));
                    }
                }
            }
        }
        Collections.shuffle(deck, new Random(20261123));
        return new Producer.Deck(deck.toArray(new TaskTemplate[0]), s.run().warrantPercent(), w.templates().size());
    }

    private TaskTemplate bind(final NameBinding names, final Workload.Template template, final Workload.Tenant tenant,
                              final int cast) throws ScenarioException {
        final String key = template.name() + '\u0000' + tenant.name() + '\u0000' + cast;
        TaskTemplate t = bound.get(key);
        if (t == null) {
            t = TaskTemplate.bind(template, tenant, cast, names);
            t.kind = s.workload().templates().indexOf(template);
            bound.put(key, t);
            grantNames = Math.max(grantNames, t.names);
            widest = Math.max(widest, t.widest);
        }
        return t;
    }

    private static Workload.Template template(final Workload w, final String name) {
        for (final Workload.Template t : w.templates()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no template " + name);
    }

    // ------------------------------------------------------------------------------ the late shift

    /**
     * Runs the templates with {@code advance} steps once the producers have stopped: {@code lateTasks}
     * instances of each, in lock step; at each {@code advance} the demo clock moves forward for all of them.
     *
     * @return tasks run.
     */
    private long lateShift(final JournaledEngine engine, final Outcomes outcomes, final Misses misses) {
        final Workload w = s.workload();
        long started = 0;
        long requestId = 1L << 62;
        for (final Workload.Template template : w.templates()) {
            if (!template.late()) {
                continue;
            }
            final List<TaskTemplate> casts = new ArrayList<>();
            for (final Workload.Tenant tenant : w.tenants()) {
                if (tenant.tasks().containsKey(template.name())) {
                    for (int c = 0; c < tenant.casts(); c++) {
                        casts.add(bound.get(template.name() + '\u0000' + tenant.name() + '\u0000' + c));
                    }
                }
            }
            if (casts.isEmpty()) {
                continue;
            }
            final List<Lane> lanes = new ArrayList<>();
            for (int i = 0; i < w.lateTasks(); i++) {
                final Lane lane = new Lane(grantNames, widest, sample);
                lane.start(casts.get(i % casts.size()), i % 2 == 0);
                lanes.add(lane);
                started++;
            }
            boolean more = !lanes.isEmpty();
            while (more) {
                for (final Lane lane : lanes) {
                    while (!lane.finished() && lane.current().op != null) {
                        lane.prepare(requestId++);
                        if (engine.decide(lane.request, 30, TimeUnit.SECONDS) != JournaledEngine.Outcome.DONE) {
                            throw new IllegalStateException("the engine did not answer within 30 s");
                        }
                        lane.absorb(outcomes, misses);
                    }
                }
                more = !lanes.get(0).finished();
                if (more) {
                    clock.advance(lanes.get(0).current().millis);
                    for (final Lane lane : lanes) {
                        lane.skip();
                    }
                }
            }
        }
        return started;
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
