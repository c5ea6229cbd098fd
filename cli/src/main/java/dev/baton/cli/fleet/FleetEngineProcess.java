package dev.baton.cli.fleet;

import dev.baton.cli.demo.OrchestratorDemo;
import dev.baton.cli.demo.Workload;
import dev.baton.cli.demo.WorkloadParser;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.PolicyCompiler;
import dev.baton.engine.JournalReader;
import dev.baton.engine.JournalTrust;
import dev.baton.fleet.FleetConfig;
import dev.baton.fleet.JournalShipper;
import dev.baton.fleet.RevocationFeed;
import dev.baton.fleet.RevocationPublisher;
import dev.baton.fleet.RevocationTap;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One engine process of {@code baton demo --fleet N}: runs its share of the orchestrator workload on a
 * journaled engine (the demo's own driver, {@link OrchestratorDemo}) while the fleet follows its
 * journal: the {@link RevocationTap} publishes its revocations, the {@link JournalShipper} ships its
 * journal and signed checkpoints, and its {@link RevocationFeed} applies the other engines' revocations,
 * timing each ({@link RevocationLatency}). Driven by the demo over standard input, one command a line;
 * answers on standard output, one line each.
 * <p>
 * <b>Note:</b> a process entry point; one thread reads commands.
 */
public final class FleetEngineProcess {
    private static final Pattern DECISIONS = Pattern.compile("demo: decisions=(\\d+)");

    private FleetEngineProcess() {
    }

    /**
     * @param args bootstrap servers, fleet name, engine id, fleet directory, workload file.
     * @throws Exception when the engine or the fleet cannot start (the demo reports the process's exit).
     */
    public static void main(final String[] args) throws Exception {
        final FleetConfig config = FleetConfig.of(args[0], args[1], Integer.parseInt(args[2]));
        final EngineFiles files = new EngineFiles(Path.of(args[3]), config.engineId());
        final Path workload = Path.of(args[4]);
        final RevocationLatency latency = new RevocationLatency(config.engineId());
        final PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (RevocationPublisher publisher = new RevocationPublisher(config);
             RevocationTap tap = RevocationTap.start(config, files.journal(), publisher, Clock.systemUTC());
             RevocationFeed feed = RevocationFeed.start(config, Clock.systemUTC(), latency);
             JournalShipper shipper = JournalShipper.start(config, files.journal(), files.anchor())) {
            out.println("ready");
            CrossEngineCommands cross = null;
            String line;
            while ((line = in.readLine()) != null) {
                final String[] words = line.trim().split(" ");
                if ("run".equals(words[0])) {
                    out.println(run(files, workload, Long.parseLong(words[1])));
                } else if ("portable".equals(words[0])) {
                    cross = CrossEngineCommands.start(files, Integer.parseInt(words[1]), Path.of(words[2]), feed,
                        config);
                    out.println("portable engine=" + config.engineId());
                } else if ("finish".equals(words[0])) {
                    if (cross != null) {
                        cross.close();
                    }
                    out.println(finish(files, shipper, tap, latency) + " applied=" + feed.applied());
                    return;
                } else {
                    final String answer = cross == null ? null : cross.answer(words);
                    out.println(answer != null ? answer : "error unknown command: " + line);
                }
            }
        }
    }

    /** Runs the orchestrator workload's share: @return "ran decisions=N code=C". */
    private static String run(final EngineFiles files, final Path workloadFile, final long decisions)
        throws Exception {
        final Workload parsed = WorkloadParser.parse(workloadFile);
        // No late shift: its clock jumps belong to one process, and revocation times must be comparable.
        final Workload w = new Workload(parsed.file(), parsed.policy(), parsed.defaults(), parsed.templates(), 0,
            parsed.tenants());
        final CompiledPolicy policy = PolicyCompiler.load(w.policy());
        final Workload.Defaults d = w.defaults();
        final OrchestratorDemo.Settings settings = new OrchestratorDemo.Settings(w, workloadFile.toString(), policy,
            w.policy().toString(), new OrchestratorDemo.JournalTarget(files.journal(), files.journal().toString(), true),
            new Workload.Defaults(decisions, 0, 0, 1, d.inFlight(), d.warrantPercent(), d.fsync(),
                d.fsyncIntervalMs(), 1, false));
        final StringWriter report = new StringWriter();
        final int code;
        try (PrintWriter o = new PrintWriter(report)) {
            code = new OrchestratorDemo(settings, o, o).configure(c -> c.journalKey(files.journalKey())
                .checkpoints(files.anchor(), files.privateKey(), files.publicKey()).checkpointEvery(10_000, 200)).run();
        }
        Files.writeString(files.log(), report.toString(), StandardCharsets.UTF_8);
        final Matcher m = DECISIONS.matcher(report.toString());
        return "ran decisions=" + (m.find() ? m.group(1) : "0") + " code=" + code;
    }

    /** Waits until the journal is shipped whole: @return "result shipped=S revocations=R latency=B64". */
    private static String finish(final EngineFiles files, final JournalShipper shipper, final RevocationTap tap,
                                 final RevocationLatency latency) throws InterruptedException {
        final long records;
        try (JournalReader reader = new JournalReader(files.journal(), JournalTrust.none())) {
            reader.read((s, t, b, o, l) -> true);
            records = reader.verified();
        }
        final long deadline = System.nanoTime() + 120_000_000_000L;
        while (shipper.shippedSequence() < records - 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return "result shipped=" + (shipper.shippedSequence() + 1) + " published=" + tap.published()
            + " revocations=" + latency.count() + " latency=" + latency.encoded()
            + (shipper.lastError() == null ? "" : " error=" + shipper.lastError().replace(' ', '_'));
    }
}
