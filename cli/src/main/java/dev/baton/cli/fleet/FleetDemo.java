package dev.baton.cli.fleet;

import dev.baton.cli.demo.WorkloadParser;
import dev.baton.engine.JournalLock;
import dev.baton.engine.JournalTrust;
import dev.baton.fleet.EmbeddedBroker;
import dev.baton.fleet.FleetConfig;
import dev.baton.fleet.FleetJournals;
import dev.baton.fleet.FleetTopics;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code baton demo --fleet N}: a fleet of N engine processes joined through Kafka. Starts a one-node
 * KRaft broker in this JVM, listening on 127.0.0.1 only ({@link EmbeddedBroker}), or uses the cluster
 * {@code --kafka} names; creates the fleet's topics; starts N engine processes ({@link FleetEngineProcess})
 * that run the orchestrator workload at once, each its share, publishing their revocations, applying the
 * others' and shipping their journals; follows a delegation chain across three engines on portable
 * warrants and closes its root ({@link CrossEngineChain}); then audits every engine's shipped journal from the topic
 * ({@link FleetAudit}) and prints the fleet-wide revocation latency. Ends with one line:
 * {@code fleet: engines=N decisions=D revocation_p50_ms=X revocation_p99_ms=Y shipped=S audit=ok|FAILED}.
 * <p>
 * <b>Note:</b> runs on the calling thread; allocates.
 */
public final class FleetDemo {
    /** The marker of a directory an earlier fleet demo wrote (replaced by the next run). */
    static final String MARKER = ".baton-fleet-demo";

    /**
     * @param engines   engine processes (at least 1; the cross-engine chain needs 3).
     * @param kafka     bootstrap servers of an existing cluster, or null for the embedded broker.
     * @param dir       the fleet directory (journals, keys, reports).
     * @param decisions decisions of the whole fleet, split evenly.
     * @param workload  the orchestrator workload file.
     */
    public record Settings(int engines, String kafka, Path dir, long decisions, Path workload) {
    }

    private final Settings s;
    private final PrintWriter out;
    private final PrintWriter err;

    /**
     * @param settings the run.
     * @param out      the report.
     * @param err      problems.
     */
    public FleetDemo(final Settings settings, final PrintWriter out, final PrintWriter err) {
        this.s = settings;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the fleet demo.
     *
     * @return 0 if every engine met its workload's expectations, the chain was denied everywhere after the
     *     revocation and the audit holds; 1 otherwise; 2 if the directory may not be used.
     */
    public int run() throws InterruptedException {
        final String refused = prepare(s.dir());
        if (refused != null) {
            err.println("baton demo: " + refused);
            return 2;
        }
        final long t0 = System.nanoTime();
        try (EmbeddedBroker broker = s.kafka() == null ? EmbeddedBroker.start(s.dir().resolve("kafka")) : null) {
            final String bootstrap = broker == null ? s.kafka() : broker.bootstrap();
            final String name = "baton-demo-" + Long.toString(System.currentTimeMillis(), 36);
            final FleetConfig config = FleetConfig.of(bootstrap, name, 0);
            FleetTopics.create(config);
            out.printf("Baton fleet demo: %d engine processes joined through Kafka%n", s.engines());
            out.printf("kafka     %s (%s), fleet %s: topics %s, %s, %s%n", bootstrap,
                broker == null ? "--kafka" : "embedded KRaft broker in this JVM, 127.0.0.1 only", name,
                config.revocationsTopic(), config.policiesTopic(), config.journalTopic());
            out.flush();
            return runFleet(config, t0);
        }
    }

    private int runFleet(final FleetConfig config, final long t0) throws InterruptedException {
        final List<EngineProcess> engines = new ArrayList<>();
        try {
            for (int id = 1; id <= s.engines(); id++) {
                final EngineFiles files = new EngineFiles(s.dir(), id);
                files.writeKeys();
                engines.add(EngineProcess.start(files, config.bootstrap(), config.fleet(), s.workload()));
            }
            for (final EngineProcess e : engines) {
                e.await("ready", 120);
            }
            final long decisions = workload(engines);
            final CrossEngineChain.Result chain = engines.size() < 3 ? null
                : CrossEngineChain.run(engines, policyFile(), out);
            final Histogram latency = new Histogram(3_600_000L, 3);
            boolean complete = true;
            for (final EngineProcess e : engines) {
                e.send("finish");
                final Map<String, String> r = e.await("result", 180);
                latency.add(RevocationLatency.decode(r.get("latency")));
                complete &= !r.containsKey("error");
            }
            engines.forEach(EngineProcess::close);
            engines.clear();
            return report(config, decisions, chain, latency, complete, t0);
        } finally {
            engines.forEach(EngineProcess::close);
        }
    }

    /** Every engine runs its share at once: @return decisions of the fleet, or -1 if an engine missed one. */
    private long workload(final List<EngineProcess> engines) throws InterruptedException {
        final long share = Math.max(1, s.decisions() / engines.size());
        out.printf(Locale.ROOT, "workload  %s: %,d decisions per engine, all engines at once ...%n", s.workload(), share);
        out.flush();
        for (final EngineProcess e : engines) {
            e.send("run " + share);
        }
        long decisions = 0;
        boolean met = true;
        for (final EngineProcess e : engines) {
            final Map<String, String> r = e.await("ran", 600);
            decisions += Long.parseLong(r.get("decisions"));
            met &= "0".equals(r.get("code"));
            out.printf(Locale.ROOT, "  engine %d: %,d decisions, %s (report: %s)%n", e.id(), Long.parseLong(r.get("decisions")),
                "0".equals(r.get("code")) ? "every expectation met, local replay ok" : "FAILED",
                new EngineFiles(s.dir(), e.id()).log());
        }
        return met ? decisions : -1;
    }

    private int report(final FleetConfig config, final long decisions, final CrossEngineChain.Result chain,
                       final Histogram latency, final boolean complete, final long t0) {
        out.printf("%naudit     the journal topic, every engine: chain (journal key, signed checkpoints) and replay%n");
        final Path scratch = s.dir().resolve("audit");
        final FleetAudit audit = FleetAudit.of(FleetJournals.read(config), keys(), scratch, chain != null);
        audit.print(out);
        if (chain != null) {
            chain.explain(audit, out);
        }
        out.printf(Locale.ROOT, "%nrevocations  %,d applied at engines other than the one that decided them; latency from"
            + " the decision to the other engine's feed: p50 %d ms, p99 %d ms, p99.9 %d ms, max %d ms%n",
            latency.getTotalCount(), latency.getValueAtPercentile(50), latency.getValueAtPercentile(99),
            latency.getValueAtPercentile(99.9), latency.getMaxValue());
        out.printf(Locale.ROOT, "time      %.1f s%n", (System.nanoTime() - t0) / 1e9);
        final boolean ok = audit.ok() && complete && decisions >= 0 && (chain == null || chain.ok());
        out.printf(Locale.ROOT, "%nfleet: engines=%d decisions=%d revocation_p50_ms=%d revocation_p99_ms=%d shipped=%d"
            + " audit=%s%n", s.engines(), audit.decisions(), latency.getValueAtPercentile(50),
            latency.getValueAtPercentile(99), audit.records(), audit.ok() && complete ? "ok" : "FAILED");
        out.flush();
        return ok ? 0 : 1;
    }

    /** @return the workload's policy file. */
    private Path policyFile() {
        try {
            return WorkloadParser.parse(s.workload()).policy();
        } catch (final IOException | dev.baton.testkit.ScenarioException e) {
            throw new IllegalStateException("the workload was read before: " + e.getMessage(), e);
        }
    }

    private FleetAudit.Keys keys() {
        return new FleetAudit.Keys() {
            @Override
            public byte[] journalKey(final int engineId) {
                return JournalTrust.readJournalKey(new EngineFiles(s.dir(), engineId).journalKey());
            }

            @Override
            public PublicKey checkpointKey(final int engineId) {
                return JournalTrust.readPublicKey(new EngineFiles(s.dir(), engineId).publicKey());
            }
        };
    }

    /**
     * Creates the directory, or empties one an earlier fleet demo wrote and no engine writes now: @return why it
     * may not be used, or null.
     */
    static String prepare(final Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    if (files.findAny().isPresent() && !Files.exists(dir.resolve(MARKER))) {
                        return dir + " holds files that no fleet demo wrote: choose an empty or new directory";
                    }
                }
                final List<Path> all;
                try (Stream<Path> walk = Files.walk(dir)) {
                    all = walk.sorted(Comparator.reverseOrder()).toList();
                }
                for (final Path p : all) { // every journal checked before anything is deleted
                    final String held = Files.isDirectory(p) ? JournalLock.heldBy(p) : null;
                    if (held != null) {
                        return held + " (is another fleet demo running?)";
                    }
                }
                for (final Path p : all) {
                    Files.delete(p);
                }
            }
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(MARKER), "written by baton demo --fleet; the next run replaces this directory\n");
            return null;
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir, e);
        }
    }
}
