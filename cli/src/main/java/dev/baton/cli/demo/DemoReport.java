package dev.baton.cli.demo;

import dev.baton.engine.FsyncMode;
import dev.baton.engine.JournalReplay;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The end of {@code baton demo}: prints decisions by outcome and reason, tasks, expectations,
 * throughput, CPU per decision, latency, journal size and the replay verdict, writes the latency files
 * next to the journal, suggests commands to try, and ends with the machine-readable line.
 * <p>
 * <b>Note:</b> one report per run; not thread-safe.
 */
final class DemoReport {
    /**
     * The files written next to the journal.
     *
     * @param journals the journal directories, one per engine (the first names the files next to it).
     * @param key      the warrant key.
     * @param warrant  the sample warrant, or null when no task presented one.
     */
    record Files(List<JournalDir> journals, Path key, Path warrant) {
        JournalDir journal() {
            return journals.get(0);
        }
    }

    private final OrchestratorDemo.Settings s;
    private final PrintWriter out;
    private final RunTotals t;

    /**
     * @param settings the run's settings.
     * @param out      where the report goes.
     * @param totals   what the run counted.
     */
    DemoReport(final OrchestratorDemo.Settings settings, final PrintWriter out, final RunTotals totals) {
        this.s = settings;
        this.out = out;
        this.t = totals;
    }

    /**
     * Prints the report and writes the latency files.
     *
     * @param replays the replay of each engine's journal, in the engines' order.
     * @param picks   decisions of the first journal worth an {@code explain}: what each shows to its decision and
     *                grant ids.
     * @param files   the files next to the journal.
     * @return {@link OrchestratorDemo#OK} when every expectation was met and every replay verified and matched,
     *     else {@link OrchestratorDemo#FAILED}.
     */
    int print(final List<JournalReplay> replays, final Map<String, long[]> picks, final Files files) throws IOException {
        long replayed = 0;
        boolean each = true;
        for (final JournalReplay r : replays) {
            replayed += r.decisions();
            each &= r.broken() == null && r.problem() == null && r.mismatches() == 0 && r.stoppedCleanly();
        }
        final boolean replayOk = each && replayed == t.total();
        decisions();
        final long throughput = Math.round(t.runDecisions / (t.elapsedNanos / 1e9));
        speed(throughput);
        out.printf("replay      %s%n", verdict(replays, replayed, replayOk));
        final Path hgrm = files.journal().sibling(".hgrm");
        final Path html = files.journal().sibling(".html");
        LatencyReport.writeHgrm(hgrm, t.histogram);
        LatencyReport.writeHtml(html, t.histogram, t.timeline, "baton demo: latency by percentile and over time",
            (s.run().rate() == 0 ? "Service time from submission to completion" : "Latency from each request's "
                + "intended start on the open-loop schedule to its completion (coordinated-omission corrected)")
                + ", per request, " + s.workloadName() + " on " + s.policyName() + ".", summary(throughput, replayOk));
        tryLines(hgrm, html, picks, files);
        final Histogram h = t.histogram;
        out.printf(Locale.ROOT, "%ndemo: decisions=%d warmup=%d throughput=%d/s p50_ns=%d p99_ns=%d p999_ns=%d"
            + " engines=%d journal=%s bytes_per_decision=%d replay=%s%n",
            t.runDecisions, t.warmupDecisions, throughput, h.getValueAtPercentile(50), h.getValueAtPercentile(99),
            h.getValueAtPercentile(99.9), s.run().engines(), s.journal().name(), bytesPerDecision(),
            replayOk ? "ok" : "FAILED");
        out.flush();
        return replayOk && t.misses.count() == 0 ? OrchestratorDemo.OK : OrchestratorDemo.FAILED;
    }

    /** Decisions by outcome and reason, tasks by template, and the expectations. */
    private void decisions() {
        out.printf("%ndecisions by outcome and reason (rule and policy line that decided)%n");
        for (final Outcomes.Row row : t.outcomes.rows(s.policy())) {
            out.printf(Locale.ROOT, "  %-6s  %-24s %,11d  %s%n", row.outcome(), row.reason(), row.count(), row.label());
        }
        out.printf("%ntasks started, by template%s%n", t.warmupDecisions > 0 ? " (warm-up included)" : "");
        for (int k = 0; k < t.tasks.length; k++) {
            final Workload.Template template = s.workload().templates().get(k);
            out.printf(Locale.ROOT, "  %-16s %,10d%s%n", template.name(), template.late() ? t.lateTasks : t.tasks[k],
                template.late() ? "  (late shift: after the run, the demo clock moved forward)" : "");
        }
        final long missed = t.misses.count();
        if (missed == 0) {
            out.printf(Locale.ROOT, "%nexpectations: all %,d met%n", t.total());
        } else {
            out.printf(Locale.ROOT, "%nexpectations: %,d of %,d MISSED; first ones:%n", missed, t.total());
            for (final String m : t.misses.first()) {
                out.println("  " + m);
            }
        }
    }

    /** Throughput, latency and journal size. */
    private void speed(final long throughput) {
        out.printf(Locale.ROOT, "%nthroughput  %,d decisions (%,d requests) in %.2f s = %,d decisions/s sustained%n",
            t.runDecisions, t.requests, t.elapsedNanos / 1e9, throughput);
        if (t.warmupDecisions > 0) {
            out.printf(Locale.ROOT, "            after a warm-up of %,d decisions in %.2f s = %,d decisions/s (the JIT "
                + "compiling; journaled, checked and replayed, not timed)%n", t.warmupDecisions, t.warmupNanos / 1e9,
                Math.round(t.warmupDecisions / (t.warmupNanos / 1e9)));
        }
        out.printf(Locale.ROOT, "            plus %,d late-shift decisions, after the clock moved %s (not timed)%n",
            t.lateDecisions, duration(t.clockOffsetMillis));
        cpu();
        out.printf(Locale.ROOT, "latency     per request, %s%n", s.run().rate() == 0
            ? "service time from submission to completion (rate 0: no schedule to correct against)"
            : "from its intended start on the open-loop schedule to completion (coordinated-omission corrected)");
        out.printf(Locale.ROOT, "            (completion = decided, journaled with fsync %s, and handed back)%n",
            s.run().fsync().name().toLowerCase(Locale.ROOT));
        final Histogram h = t.histogram;
        out.printf(Locale.ROOT, "            p50 %s  p99 %s  p99.9 %s  p99.99 %s  max %s%n",
            us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(99)), us(h.getValueAtPercentile(99.9)),
            us(h.getValueAtPercentile(99.99)), us(h.getMaxValue()));
        out.printf(Locale.ROOT, "journal%s %s: %,d bytes written = %d bytes per decision (records, SEALs and"
            + " document headers); the files take %,d bytes as allocated%n", engines() == 1 ? "    " : "s   ",
            OrchestratorDemo.journalNames(s.journal().name(), engines(), " and "), t.journalWritten, bytesPerDecision(), t.journalBytes);
    }

    /**
     * CPU per decision of the timed run: the engine thread's, the producers' and the whole process's, and
     * each one's share of a core over the run's wall time.
     */
    private void cpu() {
        if (t.engineCpuNanos < 0 || t.producerCpuNanos < 0 || t.processCpuNanos < 0) {
            out.printf("cpu         not measured (this JVM does not report thread or process CPU time)%n");
            return;
        }
        final double decisions = Math.max(1, t.runDecisions);
        final double wall = Math.max(1, t.elapsedNanos);
        out.printf(Locale.ROOT, "cpu         per decision: %s %s (%.0f %% of a core%s), producer threads %s"
                + " (%.0f %%), whole process %s (%.0f %% of one core; %d available)%n",
            engines() == 1 ? "engine thread" : engines() + " engine threads", cpuPerDecision(t.engineCpuNanos / decisions),
            100 * t.engineCpuNanos / wall, engines() == 1 ? "" : ", together",
            cpuPerDecision(t.producerCpuNanos / decisions), 100 * t.producerCpuNanos / wall,
            cpuPerDecision(t.processCpuNanos / decisions), 100 * t.processCpuNanos / wall,
            Runtime.getRuntime().availableProcessors());
        if (t.pinFailed > 0) {
            out.printf(Locale.ROOT, "            (pinning did not hold on %d of %d threads: those ran where the operating"
                + " system put them)%n", t.pinFailed, t.pinFailed + t.pinned);
        }
        if (t.compilingMillis >= 0) {
            out.printf(Locale.ROOT, "            (the JIT compilers spent %,d ms compiling during the run; the whole"
                + " process also counts them, and the journal's, completion and GC threads)%n", t.compilingMillis);
        }
    }

    private static String cpuPerDecision(final double nanos) {
        return nanos < 1_000 ? String.format(Locale.ROOT, "%.0f ns", nanos)
            : String.format(Locale.ROOT, "%.2f µs", nanos / 1_000);
    }

    /** @return bytes written to the journal per decision (all decisions of the run, late shift included). */
    private long bytesPerDecision() {
        return Math.round(t.journalWritten / (double) Math.max(1, t.total()));
    }

    private String verdict(final List<JournalReplay> replays, final long replayed, final boolean replayOk) {
        if (replayOk) {
            long records = 0;
            for (final JournalReplay r : replays) {
                records += r.records();
            }
            return String.format(Locale.ROOT, "ok: SEAL chain%s verified over %,d records; %,d decisions re-executed,"
                + " all identical; in %.2f s = %,d decisions/s", replays.size() == 1 ? "" : "s of " + replays.size()
                + " journals", records, replayed, t.replayNanos / 1e9, Math.round(replayed / (t.replayNanos / 1e9)));
        }
        for (int e = 0; e < replays.size(); e++) {
            final JournalReplay r = replays.get(e);
            final String where = replays.size() == 1 ? "" : OrchestratorDemo.journalName(s.journal().name(), e) + ": ";
            if (r.broken() != null) {
                return "FAILED: " + where + r.broken();
            }
            if (r.problem() != null) {
                return "FAILED: " + where + r.problem();
            }
            if (r.mismatches() != 0) {
                return "FAILED: " + where + r.mismatches() + " decisions differ; first: " + r.firstMismatch();
            }
            if (!r.stoppedCleanly()) {
                return "FAILED: " + where + "the journal does not end with a clean STOP";
            }
        }
        return String.format(Locale.ROOT, "FAILED: %,d decisions replayed, %,d made", replayed, t.total());
    }

    /** @return how many engines the run had. */
    private int engines() {
        return s.run().engines();
    }


    /** The summary table of the HTML page. */
    private Map<String, String> summary(final long throughput, final boolean replayOk) {
        final Map<String, String> summary = new LinkedHashMap<>();
        summary.put("decisions", String.format(Locale.ROOT, "%,d (%,d requests)", t.runDecisions, t.requests));
        summary.put("warm-up (not timed)", String.format(Locale.ROOT, "%,d decisions", t.warmupDecisions));
        summary.put("engines", String.valueOf(engines()));
        summary.put("producer threads x tasks in flight", s.run().threads() + " x " + s.run().inFlight());
        summary.put("rate", s.run().rate() == 0 ? "as fast as it goes"
            : String.format(Locale.ROOT, "%,d decisions/s", s.run().rate()));
        summary.put("fsync", fsyncLabel(s.run()));
        summary.put("throughput", String.format(Locale.ROOT, "%,d decisions/s", throughput));
        for (final double p : new double[] {50, 90, 99, 99.9, 99.99}) {
            summary.put("p" + (p == Math.rint(p) ? String.valueOf((int) p) : String.valueOf(p)),
                us(t.histogram.getValueAtPercentile(p)));
        }
        summary.put("max", us(t.histogram.getMaxValue()));
        summary.put("journal bytes per decision",
            String.valueOf(bytesPerDecision()));
        summary.put("replay", replayOk ? "ok" : "FAILED");
        return summary;
    }

    /** The files written, and commands to try on them. */
    private void tryLines(final Path hgrm, final Path html, final Map<String, long[]> picks, final Files files) {
        final String journal = s.journal().name();
        out.printf("%nfiles%n");
        for (int e = 0; e < engines(); e++) {
            out.printf("  %-28s %s (Chronicle Queue, SEAL-chained)%n", OrchestratorDemo.journalName(journal, e),
                engines() == 1 ? "the decision journal" : "engine " + (e + 1) + "'s decision journal");
        }
        out.printf("  %-28s latency percentiles (HdrHistogram format, microseconds)%n", display(hgrm));
        out.printf("  %-28s latency plot and summary (self-contained HTML)%n", display(html));
        out.printf("  %-28s the warrant key, keyId:hex (never in the journal; keep it private)%n", display(files.key()));
        if (files.warrant() != null) {
            out.printf("  %-28s a sample warrant (3 hops: principal, planner, CRM reader, partner), base64%n",
                display(files.warrant()));
        }
        out.printf("%ntry%n");
        for (int e = 0; e < engines(); e++) {
            out.printf("  ./baton replay %s%n", OrchestratorDemo.journalName(journal, e));
        }
        for (final Map.Entry<String, long[]> e : picks.entrySet()) {
            out.printf("  ./baton explain %s %d    # decision %d, grant %d: %s%n", journal, e.getValue()[0],
                e.getValue()[0], e.getValue()[1], e.getKey());
        }
        if (files.warrant() != null) {
            out.printf("  ./baton inspect %s --key %s --journal %s%n", display(files.warrant()), display(files.key()),
                journal);
        }
    }

    /** @return how the run forces the journal, for the header and the HTML summary. */
    static String fsyncLabel(final Workload.Defaults run) {
        return run.fsync() == FsyncMode.INTERVAL ? "interval (at most every " + run.fsyncIntervalMs() + " ms)"
            : run.fsync() == FsyncMode.BATCH ? "batch (before each batch completes)" : "none (OS page cache only)";
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

    /** @return the path relative to the working directory when it lies below it, else absolute. */
    static String display(final Path p) {
        final Path here = Path.of("").toAbsolutePath();
        final Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(here) ? here.relativize(abs).toString() : abs.toString();
    }
}
