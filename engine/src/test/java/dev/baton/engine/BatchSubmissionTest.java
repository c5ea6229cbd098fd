package dev.baton.engine;

import dev.baton.Outcome;
import dev.baton.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.baton.engine.EngineFixture.POLICY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The batch path: a {@link RequestBatch} goes on the ring in one claim, every request is decided and
 * journaled in the batch's order, the batch completes once after its last request, and a batch that
 * cannot be queued whole (full ring, malformed request) is not queued at all.
 */
class BatchSubmissionTest {
    @Test
    void shouldDecideAndJournalEveryRequestInBatchOrder(@TempDir final Path dir) {
        final List<Long> journaled = new ArrayList<>();
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0))) {
            final int alice = engine.identity("user:alice@acme.example");
            final int planner = engine.identity("spiffe://acme.example/agent/planner");
            final int reader = engine.identity("spiffe://acme.example/agent/reader/crm");
            final Request open = new Request();
            open.reset(Request.Op.OPEN, 1).principal(alice).purpose(0).child(planner, EngineFixture.rootScope(POLICY));
            assertEquals(JournaledEngine.Outcome.DONE, engine.decide(open, 5, TimeUnit.SECONDS));
            final long root = open.decision().grantId();
            final RequestBatch batch = new RequestBatch(64);
            final Request[] requests = new Request[64];
            for (int i = 0; i < requests.length; i++) {
                requests[i] = new Request();
            }
            long id = 100;
            for (int round = 0; round < 20; round++) {
                batch.clear();
                for (final Request r : requests) {
                    r.reset(Request.Op.DELEGATE, id++).grant(root).presenter(planner)
                        .child(reader, EngineFixture.readScope(POLICY));
                    batch.add(r);
                }
                assertEquals(JournaledEngine.Outcome.DONE, engine.decideAll(batch, 10, TimeUnit.SECONDS));
                assertTrue(batch.isDone());
                for (int i = 0; i < requests.length; i++) {
                    final Request r = requests[i];
                    assertTrue(r.isDone(), "request " + i + " of the batch is done with it");
                    assertEquals(Outcome.ALLOW, r.decision().outcome(), () -> r.describe(POLICY));
                }
                assertTrue(batch.completedNanos() != 0, "the batch records when it completed");
            }
        }
        final JournalReplay replay = new JournalReplay(null, 64, 1 << 20, 60_000,
            (record, i, d, policy, same) -> journaled.add(record.requestId())).replay(dir);
        assertEquals(0, replay.mismatches(), replay.firstMismatch());
        assertEquals(1 + 20 * 64, journaled.size(), "every acknowledged request is in the journal");
        for (int i = 1; i < journaled.size(); i++) {
            assertEquals(100L + i - 1, journaled.get(i), "journaled in batch order");
        }
    }

    @Test
    void shouldWriteEachSealedBatchAsOneChronicleDocumentEndingWithItsSeal(@TempDir final Path dir) {
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0))) {
            final int alice = engine.identity("user:alice@acme.example");
            final int planner = engine.identity("spiffe://acme.example/agent/planner");
            final RequestBatch batch = new RequestBatch(64);
            final Request[] requests = new Request[64];
            for (int i = 0; i < requests.length; i++) {
                requests[i] = new Request().reset(Request.Op.OPEN, i + 1).principal(alice).purpose(0)
                    .child(planner, EngineFixture.rootScope(POLICY));
                batch.add(requests[i]);
            }
            assertEquals(JournaledEngine.Outcome.DONE, engine.decideAll(batch, 10, TimeUnit.SECONDS));
        }
        final List<byte[]> documents = JournalForgery.documents(dir);
        int records = 0;
        int largest = 0;
        for (final byte[] document : documents) {
            final List<Integer> types = new ArrayList<>();
            for (final byte[] record : JournalForgery.split(document)) {
                types.add(JournalForgery.type(record));
            }
            assertEquals(RecordType.SEAL, types.get(types.size() - 1), "a document ends with its batch's SEAL");
            assertEquals(1, types.stream().filter(t -> t == RecordType.SEAL).count(), "and holds no other SEAL");
            records += types.size();
            largest = Math.max(largest, types.size());
        }
        assertEquals(JournalForgery.records(dir).size(), records);
        assertTrue(largest > 2, "a ring batch of several requests is one document: at most " + largest + " records");
        final JournalReplay replay = new JournalReplay(null, 64, 1 << 20, 60_000, null).replay(dir);
        assertNull(replay.broken(), replay::broken);
        assertEquals(0, replay.mismatches(), replay.firstMismatch());
    }

    @Test
    void shouldQueueNothingOfABatchTheRingCannotHoldWholeAndLoseNothing(@TempDir final Path dir) throws Exception {
        final HeldClock clock = new HeldClock();
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).ringSize(16)
            .fsync(FsyncMode.NONE, 0).clock(clock))) {
            final Request blocker = new Request();
            blocker.reset(Request.Op.REVOKE, 1000).grant(999).actor(0);
            clock.hold(); // the engine thread stops in the blocker's decision: the ring can only fill up
            assertEquals(JournaledEngine.ACCEPTED, engine.tryDecide(blocker));
            clock.awaitHeld();
            final RequestBatch first = batch(10, 1);
            final RequestBatch second = batch(10, 11);
            assertEquals(JournaledEngine.ACCEPTED, engine.tryDecideAll(first));
            final long t0 = System.nanoTime();
            assertEquals(JournaledEngine.BUSY, engine.tryDecideAll(second), "16 slots: 1 + 10 taken, 10 more do not fit");
            assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(50), "tryDecideAll never waits");
            for (int i = 0; i < second.size(); i++) {
                assertFalse(second.request(i).isDone(), "nothing of a refused batch was queued");
            }
            assertEquals(JournaledEngine.Outcome.BUSY, engine.decideAll(second, 30, TimeUnit.MILLISECONDS));
            clock.release();
            assertEquals(JournaledEngine.Outcome.DONE, engine.decideAll(second, 10, TimeUnit.SECONDS),
                "the refused batch is untouched: it can be submitted again as it is");
            assertTrue(first.isDone() || waitDone(first), "every accepted batch completes");
            for (final RequestBatch b : new RequestBatch[] {first, second}) {
                for (int i = 0; i < b.size(); i++) {
                    assertEquals(Reason.UNKNOWN_GRANT, b.request(i).decision().reason());
                }
            }
        }
        final AtomicInteger journaled = new AtomicInteger();
        new JournalReplay(null, 64, 1 << 20, 60_000, (record, i, d, policy, same) -> journaled.incrementAndGet())
            .replay(dir);
        assertEquals(21, journaled.get(), "the blocker and both batches, each request once");
    }

    @Test
    void shouldRefuseAMalformedBatchWithoutQueuingAnyOfIt(@TempDir final Path dir) {
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0))) {
            final RequestBatch batch = batch(4, 1);
            batch.request(3).reset(Request.Op.REVOKE, 2).grant(999).actor(0); // the id of request 1
            assertThrows(IllegalArgumentException.class, () -> engine.tryDecideAll(batch));
            batch.request(3).reset(Request.Op.REVOKE, 4).grant(999).actor(0);
            assertEquals(JournaledEngine.Outcome.DONE, engine.decideAll(batch, 10, TimeUnit.SECONDS),
                "after the refusal no request of the batch was pending, and no id was left in flight");
            final RequestBatch tooLarge = batch(5000, 10);
            assertThrows(IllegalArgumentException.class, () -> engine.tryDecideAll(tooLarge),
                "a batch larger than the ring (4096) can never be queued");
            final RequestBatch empty = new RequestBatch(1);
            assertEquals(JournaledEngine.ACCEPTED, engine.tryDecideAll(empty));
            assertTrue(empty.isDone(), "an empty batch is done at once");
        }
    }

    @Test
    void shouldCompleteTheBatchOnlyAfterTheListenersOfItsRequests(@TempDir final Path dir) {
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0))) {
            final AtomicInteger told = new AtomicInteger();
            for (int round = 0; round < 200; round++) {
                final RequestBatch batch = batch(8, 1 + round * 8L);
                batch.request(7).listener(r -> told.incrementAndGet());
                assertEquals(JournaledEngine.Outcome.DONE, engine.decideAll(batch, 10, TimeUnit.SECONDS));
                assertEquals(round + 1, told.get(), "the listener ran before the batch completed");
            }
        }
    }

    @Test
    void shouldRefuseToTouchAPendingBatch(@TempDir final Path dir) throws Exception {
        final HeldClock clock = new HeldClock();
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0)
            .clock(clock))) {
            clock.hold();
            final RequestBatch batch = batch(2, 1);
            assertEquals(JournaledEngine.ACCEPTED, engine.tryDecideAll(batch));
            clock.awaitHeld();
            assertThrows(IllegalStateException.class, () -> engine.tryDecideAll(batch));
            assertThrows(IllegalStateException.class, batch::clear);
            assertThrows(IllegalStateException.class, () -> batch.add(new Request()));
            assertThrows(IllegalStateException.class, () -> new RequestBatch(1).await(1, TimeUnit.SECONDS),
                "a batch never submitted cannot be waited for");
            clock.release();
            assertTrue(waitDone(batch));
        }
    }

    /** A batch of {@code n} REVOKEs of an unknown grant (cheap DENYs), ids from {@code firstId}. */
    private static RequestBatch batch(final int n, final long firstId) {
        final RequestBatch b = new RequestBatch(n);
        for (int i = 0; i < n; i++) {
            final Request r = new Request();
            r.reset(Request.Op.REVOKE, firstId + i).grant(999).actor(0);
            b.add(r);
        }
        return b;
    }

    private static boolean waitDone(final RequestBatch b) {
        return b.await(10, TimeUnit.SECONDS);
    }
}
