package dev.baton.cli.demo;

import dev.baton.codec.DecisionDecoder;
import dev.baton.codec.DecisionOutcome;
import dev.baton.codec.KeyRing;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionSlot;
import dev.baton.Reason;
import dev.baton.engine.JournaledEngine;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.FsyncMode;
import dev.baton.engine.JournalReplay;
import dev.baton.engine.Request;
import dev.baton.testkit.ScenarioException;
import org.HdrHistogram.Histogram;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The main job of {@code baton demo}: runs a {@link Workload} on a {@link JournaledEngine} from several
 * producer threads, writes a real journal, replays it, and reports decisions, throughput, latency,
 * journal size and the replay verdict, ending with one machine-readable line.
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

    /**
     * The settings of one run: the workload's defaults with the command line's overrides applied.
     * {@code replaceJournal}: whether an earlier demo run's journal in {@code journal} may be deleted.
     */
    public record Settings(Workload workload, String workloadName, CompiledPolicy policy, String policyName,
                           Path journal, String journalName, boolean replaceJournal, long decisions, long rate,
                           int threads, int inFlight, FsyncMode fsync, long fsyncIntervalMs) {
    }

    private final Settings s;
    private final PrintWriter out;
    private final PrintWriter err;
    private final DemoClock clock = new DemoClock();
    private final Map<String, Integer> identities = new HashMap<>();
    private final Map<String, TaskTemplate> bound = new HashMap<>();
    private final AtomicReference<byte[]> sample = new AtomicReference<>();
    private int names = 1;
    private int widest = 1;

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
     * Runs the demo.
     *
     * @return {@link #OK}, {@link #FAILED} or {@link #USAGE}.
     */
    public int run() throws IOException, InterruptedException {
        final JournalDir journal = new JournalDir(s.journal());
        final String refused = journal.prepare(s.replaceJournal());
        if (refused != null) {
            err.println("baton demo: " + refused);
            return USAGE;
        }
        final byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        final int keyId = 1;
        final KeyRing keys = new KeyRing(60_000, keyId, secret);
        final CompiledPolicy policy = s.policy();
        final Workload w = s.workload();

        out.printf("Baton demo: a simulated multi-tenant orchestrator on the delegation engine%n");
        out.printf("policy    %s  version %s  sha256 %s%n", s.policyName(), policy.label(),
            policy.versionHash().substring(0, 16));
        out.printf("workload  %s  %d tenants, %d task templates%n", s.workloadName(), w.tenants().size(),
            w.templates().size());
        out.printf(Locale.ROOT, "run       %,d decisions, %d producer threads x %d tasks in flight, %s%n",
            s.decisions(), s.threads(), s.inFlight(), s.rate() == 0 ? "as fast as it goes (--rate 0)"
                : String.format(Locale.ROOT, "open loop at %,d decisions/s", s.rate()));
        out.printf("engine    ring 4096, fsync %s, warrants signed with key %d (a random 32-byte secret), %d%% of "
            + "tasks present them%n", fsyncLabel(), keyId, w.defaults().warrantPercent());
        out.printf("journal   %s (fresh%s)%n", s.journalName(),
            journal.replaced() ? "; the earlier demo run's journal there was replaced" : "");
        out.flush();

        final long runDecisions;
        final long lateDecisions;
        final long elapsedNanos;
        final long requests;
        final Histogram histogram = new Histogram(Producer.MAX_NANOS, 3);
        final Outcomes outcomes = new Outcomes(policy.ruleCount());
        final Misses misses = new Misses(policy);
        final long[] tasks = new long[w.templates().size()];
        final long lateTasks;
        final EngineConfig config = new EngineConfig(policy, journal.dir()).fsync(s.fsync(), s.fsyncIntervalMs())
            .keys(keys).clock(clock);
        try (JournaledEngine engine = JournaledEngine.start(config)) {
            final TaskTemplate[] deck;
            try {
                deck = deck(engine, policy, w);
            } catch (final ScenarioException e) {
                err.println(e.getMessage());
                return USAGE;
            }
            final Producer[] producers = new Producer[s.threads()];
            final Thread[] threads = new Thread[s.threads()];
            final long intervalNanos = s.rate() == 0 ? 0 : Math.max(1, s.threads() * 1_000_000_000L / s.rate());
            for (int t = 0; t < producers.length; t++) {
                final Lane[] lanes = new Lane[s.inFlight()];
                for (int i = 0; i < lanes.length; i++) {
                    lanes[i] = new Lane(names, widest, sample);
                }
                final long budget = s.decisions() / s.threads() + (t < s.decisions() % s.threads() ? 1 : 0);
                producers[t] = new Producer(engine, t, lanes, deck, budget, intervalNanos,
                    w.defaults().warrantPercent(), tasks.length, new Outcomes(policy.ruleCount()), misses);
                threads[t] = new Thread(producers[t], "baton-demo-producer-" + t);
            }
            out.printf("%nrunning ...%n");
            out.flush();
            final long start = System.nanoTime() + 1_000_000;
            for (int t = 0; t < producers.length; t++) {
                producers[t].start(start);
                threads[t].start();
            }
            long last = start;
            long decided = 0;
            long requested = 0;
            for (int t = 0; t < producers.length; t++) {
                threads[t].join();
                final Producer p = producers[t];
                if (p.error != null) {
                    err.println("baton demo: producer " + t + " failed: " + p.error);
                    return FAILED;
                }
                histogram.add(p.histogram);
                outcomes.add(p.outcomes);
                last = Math.max(last, p.lastDone);
                decided += p.decisions;
                requested += p.requests();
                for (int k = 0; k < tasks.length; k++) {
                    tasks[k] += p.tasksByTemplate()[k];
                }
            }
            runDecisions = decided;
            requests = requested;
            elapsedNanos = last - start;
            final long before = outcomes.total();
            lateTasks = lateShift(engine, policy, w, outcomes, misses);
            lateDecisions = outcomes.total() - before;
        }

        final Path keyFile = journal.sibling(".key");
        writePrivate(keyFile, keyId + ":" + HexFormat.of().formatHex(secret) + "\n");
        final Path warrantFile = journal.sibling(".warrant.b64");
        final byte[] warrant = sample.get();
        Files.deleteIfExists(warrantFile);
        if (warrant != null) {
            Files.writeString(warrantFile, Base64.getEncoder().encodeToString(warrant) + "\n", StandardCharsets.US_ASCII);
        }

        // --- replay: verify the hash chain and re-execute every decision
        final Picks picks = new Picks();
        final long replayStart = System.nanoTime();
        final JournalReplay replay = new JournalReplay(null, 4096, 1 << 24, 60_000, picks).replay(journal.dir());
        final long replayNanos = System.nanoTime() - replayStart;
        final long journalBytes = journal.bytes();
        final long total = runDecisions + lateDecisions;
        final boolean replayOk = replay.broken() == null && replay.problem() == null && replay.mismatches() == 0
            && replay.decisions() == total && replay.stoppedCleanly();

        // --- report
        out.printf("%ndecisions by outcome and reason (rule and policy line that decided)%n");
        for (final Outcomes.Row row : outcomes.rows(policy)) {
            out.printf(Locale.ROOT, "  %-6s  %-24s %,11d  %s%n", row.outcome(), row.reason(), row.count(), row.label());
        }
        out.printf("%ntasks started, by template%n");
        for (int k = 0; k < tasks.length; k++) {
            final Workload.Template t = w.templates().get(k);
            out.printf(Locale.ROOT, "  %-16s %,10d%s%n", t.name(), t.late() ? lateTasks : tasks[k],
                t.late() ? "  (late shift: after the run, the demo clock moved forward)" : "");
        }
        final long missed = misses.count();
        if (missed == 0) {
            out.printf(Locale.ROOT, "%nexpectations: all %,d met%n", total);
        } else {
            out.printf(Locale.ROOT, "%nexpectations: %,d of %,d MISSED; first ones:%n", missed, total);
            for (final String m : misses.first()) {
                out.println("  " + m);
            }
        }
        final double seconds = elapsedNanos / 1e9;
        final long throughput = Math.round(runDecisions / seconds);
        out.printf(Locale.ROOT, "%nthroughput  %,d decisions (%,d requests) in %.2f s = %,d decisions/s sustained%n",
            runDecisions, requests, seconds, throughput);
        out.printf(Locale.ROOT, "            plus %,d late-shift decisions, after the clock moved %s (not timed)%n",
            lateDecisions, duration(clock.offset()));
        out.printf(Locale.ROOT, "latency     per request, %s%n", s.rate() == 0
            ? "service time from submission to completion (rate 0: no schedule to correct against)"
            : "from its intended start on the open-loop schedule to completion (coordinated-omission corrected)");
        out.printf(Locale.ROOT, "            (completion = decided, journaled with fsync %s, and handed back)%n", s.fsync()
            .name().toLowerCase(Locale.ROOT));
        out.printf(Locale.ROOT, "            p50 %s  p99 %s  p99.9 %s  p99.99 %s  max %s%n",
            us(histogram.getValueAtPercentile(50)), us(histogram.getValueAtPercentile(99)),
            us(histogram.getValueAtPercentile(99.9)), us(histogram.getValueAtPercentile(99.99)),
            us(histogram.getMaxValue()));
        out.printf(Locale.ROOT, "journal     %s: %,d bytes = %.0f bytes per decision (Chronicle Queue files, "
            + "as allocated)%n", s.journalName(), journalBytes, journalBytes / (double) Math.max(1, total));
        final String verdict;
        if (replayOk) {
            verdict = String.format(Locale.ROOT, "ok: hash chain verified over %,d records; %,d decisions re-executed,"
                + " all identical; in %.2f s = %,d decisions/s", replay.records(), replay.decisions(),
                replayNanos / 1e9, Math.round(replay.decisions() / (replayNanos / 1e9)));
        } else if (replay.broken() != null) {
            verdict = "FAILED: " + replay.broken();
        } else if (replay.problem() != null) {
            verdict = "FAILED: " + replay.problem();
        } else if (replay.mismatches() != 0) {
            verdict = "FAILED: " + replay.mismatches() + " decisions differ; first: " + replay.firstMismatch();
        } else {
            verdict = String.format(Locale.ROOT, "FAILED: %,d decisions replayed, %,d made%s", replay.decisions(), total,
                replay.stoppedCleanly() ? "" : "; the journal does not end with a clean STOP");
        }
        out.printf("replay      %s%n", verdict);

        final Path hgrm = journal.sibling(".hgrm");
        final Path html = journal.sibling(".html");
        LatencyReport.writeHgrm(hgrm, histogram);
        final Map<String, String> summary = new LinkedHashMap<>();
        summary.put("decisions", String.format(Locale.ROOT, "%,d (%,d requests)", runDecisions, requests));
        summary.put("producer threads x tasks in flight", s.threads() + " x " + s.inFlight());
        summary.put("rate", s.rate() == 0 ? "as fast as it goes" : String.format(Locale.ROOT, "%,d decisions/s", s.rate()));
        summary.put("fsync", fsyncLabel());
        summary.put("throughput", String.format(Locale.ROOT, "%,d decisions/s", throughput));
        for (final double p : new double[] {50, 90, 99, 99.9, 99.99}) {
            summary.put("p" + (p == Math.rint(p) ? String.valueOf((int) p) : String.valueOf(p)),
                us(histogram.getValueAtPercentile(p)));
        }
        summary.put("max", us(histogram.getMaxValue()));
        summary.put("journal bytes per decision", String.format(Locale.ROOT, "%.0f", journalBytes / (double) Math.max(1, total)));
        summary.put("replay", replayOk ? "ok" : "FAILED");
        LatencyReport.writeHtml(html, histogram, "baton demo: latency by percentile",
            (s.rate() == 0 ? "Service time from submission to completion" : "Latency from each request's intended "
                + "start on the open-loop schedule to its completion (coordinated-omission corrected)")
                + ", per request, " + s.workloadName() + " on " + s.policyName() + ".", summary);

        out.printf("%nfiles%n");
        out.printf("  %-28s the decision journal (Chronicle Queue, hash-chained)%n", s.journalName());
        out.printf("  %-28s latency percentiles (HdrHistogram format, microseconds)%n", display(hgrm));
        out.printf("  %-28s latency plot and summary (self-contained HTML)%n", display(html));
        out.printf("  %-28s the warrant key, keyId:hex (never in the journal; keep it private)%n", display(keyFile));
        if (warrant != null) {
            out.printf("  %-28s a sample warrant (3 hops: principal, planner, CRM reader, partner), base64%n",
                display(warrantFile));
        }
        out.printf("%ntry%n");
        out.printf("  ./baton replay %s%n", s.journalName());
        for (final Map.Entry<String, long[]> e : picks.picks.entrySet()) {
            out.printf("  ./baton explain %s %d    # decision %d, grant %d: %s%n", s.journalName(), e.getValue()[0],
                e.getValue()[0], e.getValue()[1], e.getKey());
        }
        if (warrant != null) {
            out.printf("  ./baton inspect %s --key %s --journal %s%n", display(warrantFile), display(keyFile),
                s.journalName());
        }
        out.printf(Locale.ROOT, "%ndemo: decisions=%d throughput=%d/s p50_ns=%d p99_ns=%d p999_ns=%d journal=%s replay=%s%n",
            runDecisions, throughput, histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99),
            histogram.getValueAtPercentile(99.9), s.journalName(), replayOk ? "ok" : "FAILED");
        out.flush();
        return replayOk && missed == 0 ? OK : FAILED;
    }

    // ------------------------------------------------------------------------------ set-up

    /** Binds every (template, tenant, cast) the run uses and lays out the order tasks start in. */
    private TaskTemplate[] deck(final JournaledEngine engine, final CompiledPolicy policy, final Workload w)
        throws ScenarioException {
        final List<TaskTemplate> deck = new ArrayList<>();
        for (final Workload.Tenant tenant : w.tenants()) {
            for (final Map.Entry<String, Integer> e : tenant.tasks().entrySet()) {
                final Workload.Template template = template(w, e.getKey());
                for (int c = 0; c < tenant.casts(); c++) {
                    bind(engine, policy, w, template, tenant, c); // binds every cast, late ones included
                }
                if (!template.late()) {
                    for (int j = 0; j < e.getValue(); j++) {
                        deck.add(bind(engine, policy, w, template, tenant, j % tenant.casts()));
                    }
                }
            }
        }
        Collections.shuffle(deck, new Random(20261123));
        return deck.toArray(new TaskTemplate[0]);
    }

    private TaskTemplate bind(final JournaledEngine engine, final CompiledPolicy policy, final Workload w,
                              final Workload.Template template, final Workload.Tenant tenant, final int cast)
        throws ScenarioException {
        final String key = template.name() + '\u0000' + tenant.name() + '\u0000' + cast;
        TaskTemplate t = bound.get(key);
        if (t == null) {
            t = TaskTemplate.bind(template, tenant, cast, policy,
                name -> identities.computeIfAbsent(name, engine::identity));
            t.kind = w.templates().indexOf(template);
            bound.put(key, t);
            names = Math.max(names, t.names);
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
    private long lateShift(final JournaledEngine engine, final CompiledPolicy policy, final Workload w,
                           final Outcomes outcomes, final Misses misses) {
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
                final Lane lane = new Lane(names, widest, sample);
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

    // ------------------------------------------------------------------------------ formatting

    private String fsyncLabel() {
        return s.fsync() == FsyncMode.INTERVAL ? "interval (at most every " + s.fsyncIntervalMs() + " ms)"
            : s.fsync() == FsyncMode.BATCH ? "batch (before each batch completes)" : "none (OS page cache only)";
    }

    private static String us(final long nanos) {
        if (nanos >= 10_000_000) {
            return String.format(Locale.ROOT, "%,.1f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%,.1f µs", nanos / 1e3);
    }

    private static String duration(final long millis) {
        return millis % 60_000 == 0 ? millis / 60_000 + " min" : String.format(Locale.ROOT, "%.1f min", millis / 60_000.0);
    }

    private static String display(final Path p) {
        final Path here = Path.of("").toAbsolutePath();
        final Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(here) ? here.relativize(abs).toString() : abs.toString();
    }

    private static void writePrivate(final Path file, final String text) throws IOException {
        Files.deleteIfExists(file);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }
}
