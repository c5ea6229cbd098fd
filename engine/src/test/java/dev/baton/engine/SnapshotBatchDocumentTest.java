package dev.baton.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.baton.engine.EngineFixture.POLICY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshots taken at the SEALs of batch documents (many records, the SEAL last): each names the document
 * its SEAL ends, and a reader that starts there, replaying the tail, rebuilds exactly the state of a full
 * replay; an engine restarted on them recovers it too.
 */
class SnapshotBatchDocumentTest {
    private static final int BATCH = 16;
    private static final int ROUNDS = 40;

    @Test
    void shouldRecoverFromSnapshotsAtTheEndOfBatchDocumentsTheStateOfAFullReplay(@TempDir final Path root)
        throws IOException, InterruptedException {
        final Path journal = root.resolve("journal");
        final Path snapshots = root.resolve("snapshots");
        final EngineConfig config = new EngineConfig(POLICY, journal).fsync(FsyncMode.NONE, 0).snapshots(snapshots)
            .snapshotEvery(100, 600_000).snapshotsKept(1_000);
        try (JournaledEngine engine = JournaledEngine.start(config)) {
            final int alice = engine.identity("user:alice@acme.example");
            final int planner = engine.identity("spiffe://acme.example/agent/planner");
            final int reader = engine.identity("spiffe://acme.example/agent/reader/crm");
            final Request open = new Request().reset(Request.Op.OPEN, 1).principal(alice).purpose(0)
                .child(planner, EngineFixture.rootScope(POLICY));
            assertEquals(JournaledEngine.Outcome.DONE, engine.decide(open, 5, TimeUnit.SECONDS));
            final long rootGrant = open.decision().grantId();
            final RequestBatch batch = new RequestBatch(BATCH);
            final Request[] requests = new Request[BATCH];
            for (int i = 0; i < BATCH; i++) {
                requests[i] = new Request();
            }
            long id = 100;
            long written = engine.snapshotsWritten();
            for (int round = 0; round < ROUNDS; round++) {
                batch.clear();
                for (final Request r : requests) {
                    r.reset(Request.Op.DELEGATE, id++).grant(rootGrant).presenter(planner)
                        .child(reader, EngineFixture.readScope(POLICY));
                    batch.add(r);
                }
                assertEquals(JournaledEngine.Outcome.DONE, engine.decideAll(batch, 10, TimeUnit.SECONDS));
                if (round % 7 == 6) { // 112 records since the last wait: a snapshot was due; let it be written,
                    written = awaitSnapshot(engine, written); // so the next one due finds the writer idle
                }
            }
        }
        final List<byte[]> documents = JournalForgery.documents(journal);
        assertTrue(documents.stream().anyMatch(d -> JournalForgery.split(d).size() > BATCH),
            "some documents hold a ring batch of records and its SEAL");

        final JournalReplay full = SnapshotRecoveryPropertyTest.replay().replay(journal);
        assertNull(full.broken(), full::broken);
        final byte[] expected = SnapshotRecoveryPropertyTest.state(full.core());
        final SnapshotStore store = new SnapshotStore(snapshots);
        assertTrue(store.newestFirst().size() > 3, "snapshots taken along the way: " + store.newestFirst());
        for (final Path file : store.newestFirst()) {
            final Snapshot s = store.read(file, null);
            final JournalReplay tail = SnapshotRecoveryPropertyTest.replay().resume(s)
                .replay(journal, JournalTrust.none(), s.start(), Long.MAX_VALUE);
            assertNull(tail.broken(), () -> file + ": " + tail.broken());
            assertEquals(0, tail.mismatches(), () -> file + ": " + tail.firstMismatch());
            assertEquals(full.records(), tail.records(), file::toString);
            assertEquals(full.lastSequence(), tail.lastSequence(), file::toString);
            assertArrayEquals(expected, SnapshotRecoveryPropertyTest.state(tail.core()), file::toString);
        }
        try (JournaledEngine engine = JournaledEngine.start(config)) {
            assertTrue(engine.snapshotRecovery().ignored().isEmpty(), engine.snapshotRecovery().ignored()::toString);
            assertNotNull(engine.snapshotRecovery().snapshotUsed(), "the restart started from a snapshot");
            assertEquals(full.records(), engine.recoveredRecords());
        }
    }

    /** Waits (at most 10 s) for a snapshot written after the first {@code seen}; @return how many now. */
    private static long awaitSnapshot(final JournaledEngine engine, final long seen) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (engine.snapshotsWritten() == seen && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(engine.snapshotsWritten() > seen, "a snapshot was due and written");
        return engine.snapshotsWritten();
    }
}