package dev.baton.bench;

import dev.baton.core.CompiledPolicy;
import dev.baton.core.ScopeBits;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.FsyncMode;
import dev.baton.engine.JournalReplay;
import dev.baton.engine.JournalTrust;
import dev.baton.engine.JournaledEngine;
import dev.baton.engine.Request;
import dev.baton.engine.SnapshotRecovery;
import dev.baton.engine.SnapshotStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Restart time against the age of the journal: for each history size, writes a journal of that many
 * decisions with snapshots on (tasks of 10 decisions: open, delegate, 7 tool calls, close, on a clock that
 * moves 10 ms per decision, so grants expire and the live state stays bounded while the history grows),
 * then the same tail of decisions after the last snapshot, and times recovery: the newest snapshot loaded
 * and the tail replayed ({@link SnapshotRecovery}, as {@code JournaledEngine.start} does, repeated after
 * untimed warm-up recoveries, so that the first size measured does not pay the JIT's compilation of the
 * replay alone), and one real engine start. A one-shot measurement, not a JMH benchmark: each recovery reads
 * files the page cache holds.
 * <pre>
 * java $FLAGS -cp bench/target/benchmarks.jar dev.baton.bench.RestartBenchmark --history 100000,10000000
 *     --tail 50000 --repeat 5 --dir /tmp/restart
 * </pre>
 * <b>Note:</b> a program, not a library class; single-threaded but for the engine's own threads.
 */
public final class RestartBenchmark {
    private static final int TASK = 10;
    private static final long STEP_MILLIS = 10;

    /** The engine's clock, moved by the producer: 10 ms per decision. */
    private static final class MovedClock implements InstantSource {
        private final AtomicLong millis = new AtomicLong(1_800_000_000_000L);

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }
    }

    private final CompiledPolicy policy;
    private final MovedClock clock = new MovedClock();
    private final Request r = new Request(1);
    private long requestIds;

    private RestartBenchmark(final CompiledPolicy policy) {
        this.policy = policy;
    }

    /**
     * @param args {@code --history N,M,...} decisions of history (default 100000,10000000), {@code --tail T}
     *             decisions after the last snapshot (default 50000), {@code --repeat R} recoveries timed
     *             (default 5) after {@code --warmup W} untimed ones (default 5), {@code --dir D} scratch
     *             directory (default a temporary one, deleted at the end; each size's directory in it is
     *             deleted after that size), {@code --policy FILE}.
     */
    public static void main(final String[] args) throws IOException {
        final List<String> a = Arrays.asList(args);
        final long[] sizes = Arrays.stream(option(a, "--history", "100000,10000000").split(","))
            .mapToLong(Long::parseLong).toArray();
        final long tail = Long.parseLong(option(a, "--tail", "50000"));
        final int repeat = Integer.parseInt(option(a, "--repeat", "5"));
        final int warmup = Integer.parseInt(option(a, "--warmup", "5"));
        final String given = option(a, "--dir", null);
        final Path root = given != null ? Path.of(given) : Files.createTempDirectory("baton-restart-");
        final CompiledPolicy policy = dev.baton.core.InMemoryEngine.compiled(
            PolicyFiles.load(option(a, "--policy", "src/policies/refund-dispute.yaml")));
        final double[] medians = new double[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            final Path dir = root.resolve("history-" + sizes[i]);
            delete(dir);
            medians[i] = new RestartBenchmark(policy).measure(dir, sizes[i], tail, warmup, repeat);
            delete(dir);
        }
        if (given == null) {
            delete(root); // the temporary directory made above, now empty
        }
        if (sizes.length > 1) {
            System.out.printf(Locale.ROOT, "ratio recover_ms_median(history=%d) / recover_ms_median(history=%d) = %.2f%n",
                sizes[sizes.length - 1], sizes[0], medians[sizes.length - 1] / medians[0]);
        }
    }

    private EngineConfig config(final Path dir) {
        return new EngineConfig(policy, dir.resolve("journal")).fsync(FsyncMode.NONE, 0).clock(clock)
            .grants(4096, 1 << 24, 60_000).snapshots(dir.resolve("snapshots")).snapshotEvery(1_000_000, 600_000)
            .snapshotsKept(2);
    }

    private double measure(final Path dir, final long history, final long tail, final int warmup, final int repeat)
        throws IOException {
        final long t0 = System.nanoTime();
        try (JournaledEngine engine = JournaledEngine.start(config(dir))) {
            run(engine, history);
        }
        final SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"));
        final long snapshotBytes = Files.size(store.newestFirst().get(0));
        try (JournaledEngine engine = JournaledEngine.start(config(dir))) {
            run(engine, tail);
        }
        Files.delete(store.newestFirst().get(0)); // the closing snapshot: recovery must replay the tail
        final long built = System.nanoTime() - t0;
        final double[] ms = new double[repeat];
        SnapshotRecovery last = null;
        for (int i = -warmup; i < repeat; i++) { // untimed first: the first size measured would meet a cold JIT
            final long s = System.nanoTime();
            last = SnapshotRecovery.recover(dir.resolve("journal"), JournalTrust.none(), store,
                () -> new JournalReplay(null, 4096, 1 << 24, 60_000, null));
            if (i >= 0) {
                ms[i] = (System.nanoTime() - s) / 1e6;
            }
            if (last.replay().broken() != null || last.replay().mismatches() != 0 || last.snapshotUsed() == null) {
                throw new IllegalStateException("recovery failed: " + last.replay().broken() + " " + last.ignored());
            }
        }
        final long s = System.nanoTime();
        final long engineStart;
        final JournaledEngine started = JournaledEngine.start(config(dir));
        engineStart = System.nanoTime() - s;
        started.close();
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "history=%d records=%d journal_bytes=%d snapshot_bytes=%d tail_records=%d"
                + " recover_ms_min=%.1f recover_ms_median=%.1f engine_start_ms=%.1f build_s=%.0f%n", history,
            last.replay().records(), bytes(dir.resolve("journal")), snapshotBytes, last.replayedRecords(), ms[0],
            ms[repeat / 2], engineStart / 1e6, built / 1e9);
        return ms[repeat / 2];
    }

    /** Runs {@code decisions} decisions in tasks of 10: open, delegate, 7 tool calls, close. */
    private void run(final JournaledEngine engine, final long decisions) {
        final int alice = engine.identity("user:alice@acme.example");
        final int planner = engine.identity("spiffe://acme.example/agent/planner");
        final int reader = engine.identity("spiffe://acme.example/agent/crm-reader");
        final ScopeBits scope = new ScopeBits(policy).capability("crm.lookup", "read").data("internal");
        final int purpose = policy.purpose("refund-dispute");
        final int capability = policy.capability("crm.lookup", "read");
        final int data = policy.dataClass("internal");
        for (long done = 0; done < decisions; done += TASK) {
            final long root = decide(engine, r.reset(Request.Op.OPEN, ++requestIds).principal(alice).purpose(purpose)
                .child(planner, scope));
            final long grant = decide(engine, r.reset(Request.Op.DELEGATE, ++requestIds).grant(root).presenter(planner)
                .child(reader, scope));
            for (int i = 0; i < TASK - 3; i++) {
                decide(engine, r.reset(Request.Op.AUTHORIZE, ++requestIds).grant(grant).presenter(reader)
                    .call(capability, data));
            }
            decide(engine, r.reset(Request.Op.CLOSE, ++requestIds).grant(root).actor(alice));
        }
    }

    private long decide(final JournaledEngine engine, final Request request) {
        clock.millis.addAndGet(STEP_MILLIS);
        if (engine.decide(request, 30, TimeUnit.SECONDS) != JournaledEngine.Outcome.DONE || request.failure() != null) {
            throw new IllegalStateException("not decided: " + request.failure());
        }
        return request.decision(0).grantId();
    }

    private static long bytes(final Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (final Path f : files.toList()) {
                total += Files.size(f);
            }
            return total;
        }
    }

    private static String option(final List<String> args, final String name, final String fallback) {
        final int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
    }

    private static void delete(final Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (final Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
