package dev.baton.engine;

import dev.baton.codec.DecisionDecoder;
import dev.baton.codec.DecisionOutcome;
import dev.baton.core.DecisionSlot;
import dev.baton.core.GrantView;
import dev.baton.Outcome;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.baton.engine.EngineFixture.POLICY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Kills a {@link CrashChild} JVM running the engine under load with SIGKILL at a random moment, over and
 * over: {@code KILLS} kills spread over {@code JOURNALS} journals (each starts empty and then recovers
 * after every kill before it), cycling the fsync modes. After each kill: the journal verifies up to its last
 * complete record, every decision the child reported completed is in it as reported, and a restarted
 * engine recovers the same grant state as an independent replay (see docs/durability.md).
 * <p>
 * {@code -Dbaton.crash.seed=N} repeats a run; {@code -Dbaton.crash.kills=N} changes the number of kills.
 */
@Tag("slow")
class CrashTest {
    private static final int KILLS = Integer.getInteger("baton.crash.kills", 21);
    /** The kills are spread over this many journals: each sees a fresh start and then recovery after kills. */
    private static final int JOURNALS = 3;
    private static final int SAMPLE = 200;
    /** Exit status of a process killed by signal 9. */
    private static final int SIGKILLED = 128 + 9;
    private static final int VERIFIER = 0xFF;
    /** Longer than the records written after the tear, so an append must also clear what lies beyond it. */
    private static final int TORN_BYTES = 60_000;

    @Test
    void shouldKeepEveryCompletedDecisionAndRecoverTheSameGrantsAfterRepeatedKills(@TempDir final Path root)
        throws Exception {
        final long seed = Long.getLong("baton.crash.seed", System.nanoTime());
        final SplittableRandom random = new SplittableRandom(seed);
        final StringBuilder report = new StringBuilder("CrashTest seed=" + seed + "\n"
            + "journal kill mode      ms_run reported in_flight    records(+this run) verify_ms check_ms"
            + " restart_ms snapshot_at tail\n");
        final long started = System.nanoTime();
        long reportedTotal = 0;
        long records = 0;
        long decisions = 0;
        int run = 0;
        for (int j = 0; j < JOURNALS; j++) {
            final Path dir = root.resolve("journal-" + j);
            long previousRecords = 0;
            for (int kill = 0; kill < KILLS / JOURNALS; kill++, run++) {
                final FsyncMode mode = FsyncMode.values()[run % FsyncMode.values().length];
                final long runMillis = 200 + random.nextInt(1301);
                final Child child = Child.launch(dir, mode, seed + run, run);
                child.killAfter(runMillis);

                final String where = "seed=" + seed + " journal=" + j + " kill=" + kill + " mode=" + mode;
                final long t0 = System.nanoTime();
                final Verified journal = Verified.read(dir, run, where);
                final long t1 = System.nanoTime();
                // START: one per child and one per restart below; STOP: one per restart (a killed child writes none).
                assertEquals(2L * kill + 1, journal.starts, where + ": START records");
                assertEquals(kill, journal.stops, where + ": STOP records");
                assertFalse(journal.replay.stoppedCleanly(), where + ": a killed engine wrote no STOP");
                final long reportedRequests = assertEveryReportedDecisionJournaled(child, journal, where);
                final long inFlight = journal.decisions.size() - reportedRequests;
                assertSameStateFromTheSnapshot(dir, journal, where);

                final long t2 = System.nanoTime();
                try (JournaledEngine engine = JournaledEngine.start(CrashChild.snapshotting(new EngineConfig(POLICY, dir)
                    .fsync(mode, 5), dir))) {
                    final long t3 = System.nanoTime();
                    assertEquals(journal.records, engine.recoveredRecords(), where + ": records recovered at restart");
                    final SnapshotRecovery recovery = engine.snapshotRecovery();
                    assertTrue(recovery.ignored().isEmpty(), where + ": a kill left a snapshot that does not verify: "
                        + recovery.ignored());
                    assertSameGrantState(engine, journal, random, run, where);
                    report.append(String.format("%7d %4d %-8s %6d %8d %9d %10d(+%6d) %9d %8d %10d %11s %6d%n", j, kill,
                        mode, runMillis, reportedRequests, inFlight, journal.records, journal.records - previousRecords,
                        ms(t0, t1), ms(t1, t2), ms(t2, t3), recovery.snapshotUsed() == null ? "none"
                            : recovery.snapshotUsed().replaceAll(".*SEAL (\\d+).*", "$1"), recovery.replayedRecords()));
                }
                previousRecords = journal.records;
                reportedTotal += reportedRequests;
            }
            final Verified last = Verified.read(dir, run, "journal " + j + " after its last restart");
            assertTrue(last.replay.stoppedCleanly(), "the last restart closed cleanly");
            records += last.records;
            decisions += last.replay.decisions();
        }
        report.append(String.format("%d kills on %d journals, %d requests reported completed, %d journal records,"
                + " %d decisions, %d s in all%n", run, JOURNALS, reportedTotal, records, decisions,
            ms(started, System.nanoTime()) / 1000));
        System.out.print(report);
        final Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("crash-test-summary.txt"), report);
        }
    }

    /** Recovery from the newest snapshot the kill left gives the full replay's state, byte for byte. */
    private static void assertSameStateFromTheSnapshot(final Path dir, final Verified journal, final String where) {
        final SnapshotRecovery r = SnapshotRecovery.recover(dir, JournalTrust.none(),
            new SnapshotStore(CrashChild.snapshotDir(dir)), null, SnapshotRecoveryPropertyTest::replay);
        assertTrue(r.ignored().isEmpty(), where + ": " + r.ignored());
        assertEquals(0, r.replay().mismatches(), where + ": " + r.replay().firstMismatch());
        org.junit.jupiter.api.Assertions.assertArrayEquals(SnapshotRecoveryPropertyTest.state(journal.replay.core()),
            SnapshotRecoveryPropertyTest.state(r.replay().core()), where + ": state from " + r.snapshotUsed());
    }

    /**
     * Every decision the child reported completed is in the journal with the reported outcome, reason and
     * grant.
     *
     * @return the number of requests the child reported.
     */
    private static long assertEveryReportedDecisionJournaled(final Child child, final Verified journal,
                                                             final String where) {
        int missing = 0;
        String firstMissing = null;
        for (final Reported r : child.reported) {
            final long[] found = journal.decisions.get(r.requestId);
            final String got = found == null || r.child >= found.length / 3 ? "absent"
                : Outcome.values()[(int) found[3 * r.child]] + " " + found[3 * r.child + 1] + " "
                + found[3 * r.child + 2];
            final String expected = r.outcome + " " + r.reason + " " + r.grant;
            if (!expected.equals(got)) {
                missing++;
                if (firstMissing == null) {
                    firstMissing = "request " + r.requestId + " child " + r.child + ": reported " + expected
                        + ", journal " + got;
                }
            }
        }
        assertEquals(0, missing, where + ": completed decisions not in the journal as reported; first: "
            + firstMissing);
        assertEquals(0, child.torn, where + ": lines cut short (each is one write(2) below PIPE_BUF)");
        final long requests = child.reported.stream().filter(r -> r.child == 0).count();
        assertTrue(requests <= journal.decisions.size(), where + ": the child reported requests the journal lacks");
        return requests;
    }

    @Test
    void shouldHideARecordTornByAKilledWriterAndContinueTheChainAfterIt(@TempDir final Path root) throws Exception {
        final Path dir = root.resolve("journal"); // the child's snapshots go beside it, inside root
        final long seed = Long.getLong("baton.crash.seed", System.nanoTime());
        Child.launch(dir, FsyncMode.BATCH, seed, 0).killAfter(300);
        final long before = Verified.read(dir, 0, "before the tear").records;

        Child.tear(dir, TORN_BYTES).killAfter(0);
        assertTrue(holdsTornBytes(dir), "the killed writer left its partial document in the queue file");
        final long t0 = System.nanoTime();
        final Verified torn = Verified.read(dir, 1, "after the tear");
        final long t1 = System.nanoTime();
        assertEquals(before, torn.records, "the torn document is not a record: the journal ends where it did");

        final long t2 = System.nanoTime();
        final long grant;
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir))) {
            final long t3 = System.nanoTime();
            assertEquals(before, engine.recoveredRecords());
            final Request r = new Request();
            r.reset(Request.Op.OPEN, 1L << 48 | 1).principal(engine.identity("user:alice@acme.example"))
                .purpose(POLICY.purpose("refund-dispute"))
                .child(engine.identity("spiffe://acme.example/agent/planner"), EngineFixture.rootScope(POLICY));
            assertEquals(JournaledEngine.Outcome.DONE, engine.decide(r, 10, TimeUnit.SECONDS));
            assertEquals(Outcome.ALLOW, r.decision().outcome(), () -> r.describe(POLICY));
            grant = r.decision().grantId();
            final String line = String.format("torn document: journal of %d records read in %d ms after the kill;"
                + " engine restarted over it in %d ms%n", before, ms(t0, t1), ms(t2, t3));
            System.out.print(line);
            if (Files.isDirectory(Path.of("target"))) {
                Files.writeString(Path.of("target", "crash-test-torn.txt"), line);
            }
        }
        final Verified after = Verified.read(dir, 1, "after the restart over the tear");
        assertEquals(before + 3, after.records, "START, the OPEN and STOP follow the last complete record");
        assertTrue(after.replay.stoppedCleanly());
        assertTrue(after.grants.contains(grant), "the decision after the tear is replayed");
    }

    /**
     * The restarted engine and the replay agree on every sampled grant: each is authorized on the engine,
     * then the same call is re-executed on the replayed core at the engine's timestamp, and the two
     * decisions must be equal (outcome, reason, rule, grant, parent, expiry, depth, flags).
     */
    private static void assertSameGrantState(final JournaledEngine engine, final Verified journal,
                                             final SplittableRandom random, final int run, final String where) {
        final DecisionCoreProbe probe = new DecisionCoreProbe(journal.replay);
        final long[] sample = journal.sample(random, SAMPLE);
        assertTrue(sample.length > 0 || run == 0 && journal.grants.isEmpty(), where + ": no grants to check");
        final int lookup = POLICY.capability("crm.lookup", "read");
        final int internal = POLICY.dataClass("internal");
        final Request[] batch = new Request[64];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = new Request();
        }
        for (int from = 0; from < sample.length; from += batch.length) {
            final int n = Math.min(batch.length, sample.length - from);
            for (int i = 0; i < n; i++) {
                final long grant = sample[from + i];
                batch[i].reset(Request.Op.AUTHORIZE, (long) run << 48 | (long) VERIFIER << 40 | from + i).grant(grant)
                    .presenter(probe.holder(grant)).call(lookup, internal);
                assertEquals(JournaledEngine.Outcome.DONE, engine.decide(batch[i], 10, TimeUnit.SECONDS));
            }
            for (int i = 0; i < n; i++) {
                final DecisionSlot live = batch[i].decision();
                final DecisionSlot replayed = probe.authorize(sample[from + i], lookup, internal, live.timestamp());
                final String a = live.describe(POLICY) + " parent=" + live.parentGrantId() + " expiry=" + live.expiry()
                    + " depth=" + live.depth() + " flags=" + live.flags();
                final String b = replayed.describe(POLICY) + " parent=" + replayed.parentGrantId() + " expiry="
                    + replayed.expiry() + " depth=" + replayed.depth() + " flags=" + replayed.flags();
                assertEquals(b, a, where + ": grant " + sample[from + i] + " after restart vs replay");
            }
        }
    }

    /** Whether a queue file of {@code dir} holds the run of 0x5A bytes {@link CrashChild} tears. */
    private static boolean holdsTornBytes(final Path dir) throws IOException {
        final List<Path> queueFiles;
        try (Stream<Path> files = Files.list(dir)) {
            queueFiles = files.filter(p -> p.toString().endsWith(".cq4")).toList();
        }
        for (final Path f : queueFiles) {
            int run = 0;
            for (final byte b : Files.readAllBytes(f)) {
                run = b == 0x5A ? run + 1 : 0;
                if (run == TORN_BYTES) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long ms(final long fromNanos, final long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }

    /** Asks the replayed core what the restarted engine should answer. */
    private static final class DecisionCoreProbe {
        private final JournalReplay replay;
        private final GrantView view = new GrantView(POLICY);
        private final DecisionSlot decision = new DecisionSlot();

        DecisionCoreProbe(final JournalReplay replay) {
            this.replay = replay;
        }

        int holder(final long grant) {
            return replay.core().grant(grant, view) ? view.holder() : 0;
        }

        DecisionSlot authorize(final long grant, final int capability, final int dataClass, final long at) {
            replay.clock().set(at);
            return replay.core().authorize(grant, holder(grant), capability, dataClass, null, decision);
        }
    }

    /** A journal read twice: verified by {@link JournalReader} and replayed by {@link JournalReplay}. */
    private static final class Verified {
        long records;
        long starts;
        long stops;
        JournalReplay replay;
        /** Decisions of one run by request id: {outcome ordinal, reason code, grant id} per child. */
        final Map<Long, long[]> decisions = new HashMap<>();
        /** Grants handed out (ALLOW or REVIEW of open, delegate, fan-out, break-glass): all, and this run's. */
        final List<Long> grants = new ArrayList<>();
        final List<Long> runGrants = new ArrayList<>();

        static Verified read(final Path dir, final int run, final String where) {
            final Verified v = new Verified();
            try (JournalReader reader = new JournalReader(dir)) {
                v.records = reader.read((sequence, type, body, offset, length) -> {
                    if (type == RecordType.START) {
                        v.starts++;
                    } else if (type == RecordType.STOP) {
                        v.stops++;
                    }
                    return true;
                });
                assertNull(reader.broken(), where + ": the journal does not verify");
            }
            v.replay = new JournalReplay(null, 4096, 1 << 24, 60_000, (record, child, replayed, policy, matches) -> {
                final DecisionDecoder d = record.child(child);
                final long requestId = record.requestId();
                final Request.Op op = record.op();
                final boolean issues = op == Request.Op.OPEN || op == Request.Op.DELEGATE
                    || op == Request.Op.FAN_OUT || op == Request.Op.BREAK_GLASS;
                final boolean ofRun = requestId >>> 48 == run && (requestId >>> 40 & 0xFF) != VERIFIER;
                if (issues && d.outcome() != DecisionOutcome.DENY) {
                    v.grants.add(d.grantId());
                    if (ofRun) {
                        v.runGrants.add(d.grantId());
                    }
                }
                if (ofRun) {
                    final long[] row = v.decisions.computeIfAbsent(requestId, k -> new long[3 * record.children()]);
                    row[3 * child] = Outcome.valueOf(d.outcome().name()).ordinal();
                    row[3 * child + 1] = d.reasonCode();
                    row[3 * child + 2] = d.grantId();
                }
            }).replay(dir);
            assertNull(v.replay.broken(), where + ": replay found a broken record");
            assertNull(v.replay.problem(), where + ": replay stopped");
            assertEquals(0, v.replay.mismatches(), where + ": " + v.replay.firstMismatch());
            assertEquals(v.records, v.replay.records(), where + ": replay read every verified record");
            return v;
        }

        /** Up to {@code n} grants, half from the killed run, the rest from the whole journal. */
        long[] sample(final SplittableRandom random, final int n) {
            final int fromRun = Math.min(n / 2, runGrants.size());
            final int fromAll = Math.min(n - fromRun, grants.size());
            final long[] out = new long[fromRun + fromAll];
            for (int i = 0; i < fromRun; i++) {
                out[i] = runGrants.get(random.nextInt(runGrants.size()));
            }
            for (int i = 0; i < fromAll; i++) {
                out[fromRun + i] = grants.get(random.nextInt(grants.size()));
            }
            return out;
        }
    }

    /** One completed decision as the child reported it. */
    private static final class Reported {
        final long requestId;
        final int child;
        final String outcome;
        final long reason;
        final long grant;

        Reported(final String[] f) {
            requestId = Long.parseLong(f[1]);
            child = Integer.parseInt(f[2]);
            outcome = f[3];
            reason = Long.parseLong(f[4]);
            grant = Long.parseLong(f[5]);
        }
    }

    /** A {@link CrashChild} JVM and what it printed. */
    private static final class Child {
        final Process process;
        final Path stderr;
        final List<Reported> reported = new ArrayList<>();
        final CountDownLatch ready = new CountDownLatch(1);
        final Thread drain;
        volatile String failure;
        int torn;

        private Child(final Process process, final Path stderr) {
            this.process = process;
            this.stderr = stderr;
            this.drain = new Thread(this::drain, "crash-child-stdout");
            drain.setDaemon(true);
            drain.start();
        }

        /** A child running the engine on {@code dir} in {@code mode} until killed. */
        static Child launch(final Path dir, final FsyncMode mode, final long seed, final int run) throws IOException {
            return launch(dir, mode.name(), Long.toString(seed), Integer.toString(run));
        }

        /** A child tearing a document of {@code bytes} at the end of the journal in {@code dir}. */
        static Child tear(final Path dir, final int bytes) throws IOException {
            return launch(dir, CrashChild.TORN, Integer.toString(bytes), "0");
        }

        private static Child launch(final Path dir, final String... args) throws IOException {
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmFlags());
            command.add("-Xmx256m");
            command.add("-XX:+UseSerialGC");
            command.add("-cp");
            command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
            command.add(CrashChild.class.getName());
            command.add(dir.toString());
            command.addAll(List.of(args));
            final Path stderr = Files.createTempFile("crash-child-", ".err");
            stderr.toFile().deleteOnExit();
            final Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            return new Child(p, stderr);
        }

        /** Waits for READY, lets the child run {@code millis}, then SIGKILLs it and reads all it printed. */
        void killAfter(final long millis) throws Exception {
            if (!ready.await(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("the child did not start within 60 s: " + stderr());
            }
            Thread.sleep(millis);
            assertTrue(process.isAlive(), () -> "the child died before it was killed: " + failure + " " + stderr());
            // SIGKILL (ProcessHandleImpl.destroy0(pid, true) on Unix). Not Process.destroyForcibly(): it also
            // closes our end of the pipe, losing the lines the child wrote that were not yet read.
            assertTrue(process.toHandle().destroyForcibly(), "SIGKILL was not sent");
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the killed child did not exit");
            drain.join(30_000);
            assertEquals(SIGKILLED, process.exitValue(), () -> "the child was not killed by SIGKILL: " + stderr());
            assertNull(failure, () -> failure + " " + stderr());
            Files.deleteIfExists(stderr);
        }

        private void drain() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.US_ASCII), 1 << 16)) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("C ")) {
                        final String[] f = line.split(" ");
                        if (f.length == 7 && ".".equals(f[6])) {
                            reported.add(new Reported(f));
                        } else {
                            torn++; // cut by the kill: not a completed report
                        }
                    } else if (line.startsWith("READY")) {
                        ready.countDown();
                    } else {
                        failure = "child printed: " + line;
                    }
                }
            } catch (final IOException e) {
                failure = "reading the child's output: " + e;
            }
        }

        private String stderr() {
            try {
                final String text = Files.readString(stderr);
                return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
            } catch (final IOException e) {
                return "(no stderr: " + e + ")";
            }
        }

        /** The module-access flags and properties this JVM runs with (Surefire's argLine), for the child. */
        private static List<String> jvmFlags() {
            final List<String> flags = new ArrayList<>();
            final List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
            for (int i = 0; i < args.size(); i++) {
                final String a = args.get(i);
                if ((a.equals("--add-exports") || a.equals("--add-opens")) && i + 1 < args.size()) {
                    flags.add(a);
                    flags.add(args.get(++i));
                } else if (a.startsWith("--add-exports=") || a.startsWith("--add-opens=")
                    || a.startsWith("--enable-native-access") || a.startsWith("--sun-misc-unsafe-memory-access")
                    || a.equals("-XX:+EnableDynamicAgentLoading") || a.equals("-ea")
                    || a.startsWith("-Dchronicle.") || a.startsWith("-Djna.") || a.startsWith("-Dbaton.")) {
                    flags.add(a);
                }
            }
            if (flags.stream().noneMatch(f -> f.contains("sun.nio.ch"))) {
                throw new IllegalStateException("run under Surefire (its argLine carries the JVM flags Chronicle"
                    + " needs); found " + args);
            }
            return flags;
        }
    }
}
