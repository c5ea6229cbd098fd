package dev.baton.engine;

import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Old roll cycles archived behind a snapshot: the engine still starts (from the snapshot) with the state
 * of a full replay of the whole journal, and the audit tools verify what remains from a signed checkpoint
 * (an auditor with the public key) or a keyed SEAL (with the journal key); with neither, nothing in it can
 * be trusted and the reader says so.
 */
class JournalArchiveTest {
    private static final List<Integer> OPS = IntStream.range(0, 60).map(i -> (i * 41 + 7) % 100).boxed().toList();
    private final byte[] key = new byte[32];
    private KeyPair checkpointKeys;
    @TempDir
    Path tmp;

    @BeforeEach
    void keys() throws NoSuchAlgorithmException {
        new SecureRandom().nextBytes(key);
        checkpointKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    private EngineConfig config(final SnapshotWorkload.SteppedClock clock) {
        return new EngineConfig(SnapshotWorkload.RULES, tmp.resolve("journal")).fsync(FsyncMode.NONE, 0).clock(clock)
            .rollCycle(TestRollCycles.TEST_SECONDLY).journalKey(key).checkpoints(tmp.resolve("anchor"), checkpointKeys)
            .checkpointEvery(50, 60_000).snapshots(tmp.resolve("snapshots")).snapshotsKept(2);
    }

    /** Four engine runs a second apart: four roll-cycle files, a snapshot at each close, two kept. */
    private void writeJournal() throws InterruptedException {
        final SnapshotWorkload.SteppedClock clock = new SnapshotWorkload.SteppedClock();
        for (int run = 0; run < 4; run++) {
            try (JournaledEngine engine = JournaledEngine.start(config(clock))) {
                new SnapshotWorkload(engine, clock, run).run(OPS);
            }
            Thread.sleep(1_100);
        }
    }

    @Test
    void shouldRecoverAndAuditAJournalWhoseHeadWasArchived() throws Exception {
        writeJournal();
        final Path journal = tmp.resolve("journal");
        final byte[] whole = SnapshotRecoveryPropertyTest.state(SnapshotRecoveryPropertyTest.replay().replay(journal).core());
        final long records = SnapshotRecoveryPropertyTest.replay().replay(journal).records();
        final List<Path> archived = JournalArchive.archiveBehindSnapshots(journal,
            new SnapshotStore(tmp.resolve("snapshots")), key, tmp.resolve("archive"));
        assertTrue(archived.size() >= 2, archived::toString);
        assertEquals(archived.size(), count(tmp.resolve("archive")));

        try (JournaledEngine engine = JournaledEngine.start(config(new SnapshotWorkload.SteppedClock()))) {
            assertEquals(records, engine.recoveredRecords());
            assertTrue(engine.snapshotRecovery().ignored().isEmpty(), engine.snapshotRecovery().ignored()::toString);
        }
        final SnapshotRecovery r = SnapshotRecovery.recover(journal, JournalTrust.none(),
            new SnapshotStore(tmp.resolve("snapshots")), key, SnapshotRecoveryPropertyTest::replay);
        assertEquals(records + 2, r.replay().records(), "the whole journal's records, and the restart's START and STOP");
        assertArrayEquals(whole, SnapshotRecoveryPropertyTest.state(r.replay().core()));

        try (JournalReader full = new JournalReader(journal)) {
            full.read((s, t, b, o, l) -> true);
            assertEquals(JournalProblem.DAMAGED, full.problem(), full::broken);
            assertTrue(full.broken().contains("are missing"), full.broken());
        }
        final JournalTrust auditor = JournalTrust.none().checkpoints(tmp.resolve("anchor"), checkpointKeys.getPublic());
        try (JournalReader fromCheckpoint = new JournalReader(journal, auditor, JournalStart.remaining())) {
            final long read = fromCheckpoint.read((s, t, b, o, l) -> true);
            assertNull(fromCheckpoint.broken());
            assertTrue(fromCheckpoint.firstSequence() > 0);
            assertTrue(fromCheckpoint.skipped() > 0, "records before the first checkpoint left are not handed out");
            assertTrue(fromCheckpoint.checkpointsVerified() > 0);
            assertTrue(read > 0);
        }
        try (JournalReader keyed = new JournalReader(journal, JournalTrust.none().journalKey(key),
            JournalStart.remaining())) {
            keyed.read((s, t, b, o, l) -> true);
            assertNull(keyed.broken());
        }
        try (JournalReader blind = new JournalReader(journal, JournalTrust.none(), JournalStart.remaining())) {
            assertEquals(0, blind.read((s, t, b, o, l) -> true));
            assertEquals(JournalProblem.UNANCHORED, blind.problem(), blind::broken);
        }
    }

    @Test
    void shouldArchiveNothingWithoutAGoodSnapshot() throws Exception {
        writeJournal();
        try (Stream<Path> s = Files.list(tmp.resolve("snapshots"))) {
            for (final Path f : s.toList()) {
                Files.write(f, new byte[] {1, 2, 3});
            }
        }
        assertTrue(JournalArchive.archiveBehindSnapshots(tmp.resolve("journal"),
            new SnapshotStore(tmp.resolve("snapshots")), key, null).isEmpty());
        assertNull(SnapshotRecoveryPropertyTest.replay().replay(tmp.resolve("journal")).broken());
    }

    private static long count(final Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
