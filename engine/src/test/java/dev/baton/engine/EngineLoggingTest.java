package dev.baton.engine;

import dev.baton.codec.KeyRing;
import dev.baton.core.CompiledPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.baton.engine.EngineFixture.POLICY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Baton's own log lines, captured from slf4j-simple (the test binding, which writes to {@code System.err}
 * as it is when each line is written; {@code dev.baton} at DEBUG in src/test/resources): what an operator
 * needs is there, nothing is written per decision, and no key ever is.
 */
class EngineLoggingTest {
    private static final byte[] JOURNAL_KEY = new byte[32];
    private static final byte[] WARRANT_KEY = new byte[32];
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream err;

    @BeforeEach
    void capture() {
        final SecureRandom random = new SecureRandom();
        random.nextBytes(JOURNAL_KEY);
        random.nextBytes(WARRANT_KEY);
        err = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(err);
        err.print(log()); // keep what the test logged visible in the test's output
    }

    private String log() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    private List<String> batonLines() {
        return log().lines().filter(l -> l.contains("dev.baton")).toList();
    }

    private static void open(final JournaledEngine engine, final int opens, final long firstId) {
        final int alice = engine.identity("user:alice@acme.example");
        final int planner = engine.identity("spiffe://acme.example/agent/planner");
        final Request r = new Request();
        for (int i = 0; i < opens; i++) {
            r.reset(Request.Op.OPEN, firstId + i).principal(alice).purpose(POLICY.purpose("refund-dispute"))
                .child(planner, EngineFixture.rootScope(POLICY));
            assertEquals(JournaledEngine.Outcome.DONE, engine.decide(r, 5, TimeUnit.SECONDS));
        }
    }

    private static EngineConfig keyed(final Path dir, final KeyPair checkpointKeys) {
        return new EngineConfig(POLICY, dir.resolve("journal")).fsync(FsyncMode.BATCH, 0)
            .journalKey(JOURNAL_KEY).keys(new KeyRing(60_000, 1, WARRANT_KEY))
            .checkpoints(dir.resolve("anchor").resolve("checkpoints"), checkpointKeys).checkpointEvery(1, 60_000);
    }

    @Test
    void shouldLogStartSwapAndStopAndNeverAKey(@TempDir final Path dir) throws Exception {
        final KeyPair checkpointKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        final CompiledPolicy narrowed = EngineFixture.load("rules-narrowed.yaml");
        try (JournaledEngine engine = JournaledEngine.start(keyed(dir, checkpointKeys))) {
            open(engine, 20, 1);
            engine.swapPolicy(narrowed);
        }
        try (JournaledEngine engine = JournaledEngine.start(keyed(dir, checkpointKeys).ringSize(8))) {
            open(engine, 5, 100);
        }
        final String log = log();
        assertTrue(log.contains("INFO dev.baton.engine.JournaledEngine - Baton engine started on journal "
            + dir.resolve("journal")), log);
        assertTrue(log.contains("policy swapped from version " + Long.toHexString(POLICY.versionId()) + " to "),
            log);
        assertTrue(log.matches("(?s).*records replayed in \\d+ ms, policy \\S+ \\(version "
            + Long.toHexString(POLICY.versionId()) + "\\), fsync BATCH.*"), log);
        assertTrue(log.contains("Baton engine stopped on journal"), log);
        assertTrue(log.contains("DEBUG dev.baton.engine.Journal - Baton journal: checkpoint"), log);
        for (final byte[] key : List.of(JOURNAL_KEY, WARRANT_KEY, checkpointKeys.getPrivate().getEncoded())) {
            for (final String form : forms(key)) {
                assertFalse(log.contains(form), "a key was logged as " + form);
            }
        }
    }

    /** @return a key as it could be printed: hex either case, Base64 (both alphabets), a Java array. */
    private static List<String> forms(final byte[] key) {
        final byte[] prefix = Arrays.copyOf(key, 8); // any 8 bytes of it printed would be a leak too
        return List.of(HexFormat.of().formatHex(prefix), HexFormat.of().withUpperCase().formatHex(prefix),
            Base64.getEncoder().encodeToString(prefix).substring(0, 10),
            Base64.getUrlEncoder().encodeToString(prefix).substring(0, 10), Arrays.toString(prefix).replace("]", ""));
    }

    @Test
    void shouldWriteNothingPerDecisionAtInfo(@TempDir final Path dir) {
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir.resolve("one")))) {
            open(engine, 1, 1);
        }
        final int afterOne = batonLines().size();
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir.resolve("many")))) {
            open(engine, 500, 1);
        }
        assertEquals(2 * afterOne, batonLines().size(), log());
        assertTrue(afterOne <= 3, "start and stop: " + batonLines());
    }

    @Test
    void shouldWarnOfRecordsSealedVoidAtRestart(@TempDir final Path dir) {
        final Path journal = dir.resolve("journal");
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, journal).fsync(FsyncMode.NONE, 0))) {
            open(engine, 3, 1);
        }
        final List<byte[]> records = JournalForgery.records(journal);
        final byte[] last = records.get(records.size() - 1);
        assertEquals(RecordType.SEAL, JournalForgery.type(last), "a closed journal ends with a SEAL");
        final Path crashed = dir.resolve("crashed");
        JournalForgery.write(crashed, records.subList(0, records.size() - 1)); // as if killed before the SEAL
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, crashed))) {
            assertTrue(engine.recoveredRecords() > 0);
        }
        assertTrue(log().contains("WARN dev.baton.engine.JournaledEngine - Baton engine on journal " + crashed
            + ": sealed 1 records VOID at restart"), log());
    }

    @Test
    void shouldLogAJournalItRefusesToStartOn(@TempDir final Path dir) {
        final Path journal = dir.resolve("journal");
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, journal))) {
            open(engine, 2, 1);
        }
        final List<byte[]> records = JournalForgery.records(journal);
        final int decision = JournalForgery.indexOf(records, RecordType.DECISION, 1);
        records.set(decision, JournalForgery.changeBody(records.get(decision), 20));
        final Path altered = dir.resolve("altered");
        JournalForgery.write(altered, records);
        assertThrows(JournalException.class, () -> JournaledEngine.start(new EngineConfig(POLICY, altered)));
        assertTrue(log().contains("ERROR dev.baton.engine.JournaledEngine - Baton engine cannot start on journal "
            + altered + ": refusing to start"), log());
    }

    @Test
    void shouldCountBusyRefusalsAndWriteOneLinePerInterval() {
        final EngineLog engineLog = new EngineLog("/j", 8);
        for (int i = 0; i < 1_000; i++) {
            engineLog.refusedBusy();
        }
        assertEquals(1_000, engineLog.busyRefusals());
        final List<String> lines = batonLines();
        assertEquals(1, lines.stream().filter(l -> l.contains("refused BUSY")).count(), lines::toString);
        assertTrue(lines.get(0).contains("INFO dev.baton.engine.JournaledEngine - Baton engine on journal /j: "
            + "1 submissions refused BUSY (ring of 8 slots full)"), lines::toString);
    }
}
