package dev.baton.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A snapshot that is torn, altered, forged without the journal key, or taken of another journal is
 * ignored (and reported), and the one before it is used; with none left, the whole journal is replayed.
 * Whatever was used, the engine's state is the full replay's.
 */
class SnapshotFallbackTest {
    private static final List<Integer> OPS = IntStream.range(0, 240).map(i -> (i * 37 + 11) % 100).boxed().toList();
    @TempDir
    Path tmp;

    private Path journal() {
        return tmp.resolve("journal");
    }

    private Path snapshots() {
        return tmp.resolve("snapshots");
    }

    private EngineConfig config(final byte[] key) {
        final EngineConfig c = new EngineConfig(SnapshotWorkload.RULES, journal()).fsync(FsyncMode.NONE, 0)
            .clock(new SnapshotWorkload.SteppedClock()).snapshots(snapshots()).snapshotEvery(40, 600_000)
            .snapshotsKept(3);
        return key == null ? c : c.journalKey(key);
    }

    /** Runs the workload in three engine runs: each close takes a snapshot, so at least three are written. */
    private List<Path> writeJournal(final byte[] key) {
        final SnapshotWorkload.SteppedClock clock = new SnapshotWorkload.SteppedClock();
        for (int run = 0; run < 3; run++) {
            try (JournaledEngine engine = JournaledEngine.start(config(key).clock(clock))) {
                new SnapshotWorkload(engine, clock, 7 + run).run(OPS.subList(run * 80, run * 80 + 80));
            }
        }
        final List<Path> files = new SnapshotStore(snapshots()).newestFirst();
        assertEquals(3, files.size(), files::toString);
        return files;
    }

    private SnapshotRecovery restart(final byte[] key) {
        final byte[] expected = SnapshotRecoveryPropertyTest.state(SnapshotRecoveryPropertyTest.replay()
            .replay(journal()).core());
        final SnapshotRecovery r = SnapshotRecovery.recover(journal(), key == null ? JournalTrust.none()
                : JournalTrust.none().journalKey(key), new SnapshotStore(snapshots()), key,
            SnapshotRecoveryPropertyTest::replay);
        assertNull(r.replay().broken());
        assertEquals(0, r.replay().mismatches());
        assertArrayEquals(expected, SnapshotRecoveryPropertyTest.state(r.replay().core()));
        return r;
    }

    @Test
    void shouldStartFromTheNewestSnapshotAndReplayOnlyTheTail() {
        final List<Path> files = writeJournal(null);
        final SnapshotRecovery r = restart(null);
        assertTrue(r.ignored().isEmpty(), r.ignored()::toString);
        assertTrue(r.snapshotUsed().startsWith(files.get(0).getFileName().toString()), r.snapshotUsed());
        assertEquals(0, r.replayedRecords(), "the engine took its last snapshot at STOP");
        try (JournaledEngine engine = JournaledEngine.start(config(null))) {
            assertEquals(r.replay().records(), engine.recoveredRecords());
            assertEquals(0, engine.snapshotRecovery().replayedRecords());
        }
    }

    @Test
    void shouldIgnoreATornSnapshotAndUseThePreviousOne() throws IOException {
        final List<Path> files = writeJournal(null);
        try (RandomAccessFile f = new RandomAccessFile(files.get(0).toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        final SnapshotRecovery r = restart(null);
        assertEquals(1, r.ignored().size(), r.ignored()::toString);
        assertTrue(r.ignored().get(0).startsWith(files.get(0).getFileName() + ": its length"), r.ignored().get(0));
        assertTrue(r.snapshotUsed().startsWith(files.get(1).getFileName().toString()), r.snapshotUsed());
        assertTrue(r.replayedRecords() > 0);
    }

    @Test
    void shouldIgnoreAnAlteredSnapshot() throws IOException {
        final List<Path> files = writeJournal(null);
        flip(files.get(0), Files.size(files.get(0)) / 2);
        final SnapshotRecovery r = restart(null);
        assertTrue(r.ignored().get(0).contains("SHA-256 digest does not match"), r.ignored()::toString);
        assertTrue(r.snapshotUsed().startsWith(files.get(1).getFileName().toString()), r.snapshotUsed());
    }

    @Test
    void shouldIgnoreASnapshotForgedWithoutTheJournalKey() throws IOException {
        final byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        final List<Path> files = writeJournal(key);
        // A forger changes the state and recomputes the digest, but cannot compute the mac.
        final byte[] bytes = Files.readAllBytes(files.get(0));
        final int end = bytes.length - SnapshotFile.TRAILER_LENGTH;
        bytes[end / 2] ^= 1;
        System.arraycopy(SnapshotFile.sha256(bytes, end), 0, bytes, end, 32);
        Files.write(files.get(0), bytes);
        final SnapshotRecovery r = restart(key);
        assertTrue(r.ignored().get(0).contains("its mac does not verify under the journal key"), r.ignored()::toString);
        assertTrue(r.snapshotUsed().startsWith(files.get(1).getFileName().toString()), r.snapshotUsed());
    }

    @Test
    void shouldIgnoreSnapshotsOfAnotherJournalAndReplayEverything() throws IOException {
        final List<Path> files = writeJournal(null);
        final Path other = tmp.resolve("other");
        final SnapshotWorkload.SteppedClock clock = new SnapshotWorkload.SteppedClock();
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(SnapshotWorkload.RULES, other)
            .fsync(FsyncMode.NONE, 0).clock(clock))) {
            new SnapshotWorkload(engine, clock, 99).run(OPS);
        }
        SnapshotTestFiles.delete(journal());
        Files.move(other, journal());
        final SnapshotRecovery r = restart(null);
        assertEquals(files.size(), r.ignored().size(), r.ignored()::toString);
        assertTrue(r.ignored().get(0).contains("the SEAL there closes another head")
            || r.ignored().get(0).contains("not a SEAL") || r.ignored().get(0).contains("no such record")
            || r.ignored().get(0).contains("is not that SEAL")
            || r.ignored().get(0).contains("does not replay"), r.ignored().get(0));
        assertNull(r.snapshotUsed());
    }

    private static void flip(final Path file, final long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            final int b = f.read();
            f.seek(at);
            f.write(b ^ 0x40);
        }
    }
}
