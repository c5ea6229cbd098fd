package dev.baton.engine;

import dev.baton.core.ScopeBits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.baton.engine.EngineFixture.POLICY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine thread reads the wall clock afresh for the first request of each ring batch and then at most
 * once every {@link DecisionHandler#REQUESTS_PER_CLOCK_READ} requests: a decision is never timed before
 * its request was submitted, and a batch of many requests costs a few clock reads, not one each.
 */
class DecisionClockTest {
    private static final int BATCH = 64;

    /** A clock the test sets, counting the engine thread's reads. */
    private static final class SetClock implements InstantSource {
        private volatile long millis = 1_800_000_000_000L;
        private final AtomicInteger reads = new AtomicInteger();

        @Override
        public long millis() {
            reads.incrementAndGet();
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }
    }

    @Test
    void shouldTimeEachBatchAfterItsSubmissionAndReadTheClockOnlyEverySixteenRequests(@TempDir final Path dir) {
        final SetClock clock = new SetClock();
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir)
            .fsync(FsyncMode.NONE, 0).clock(clock))) {
            final int alice = engine.identity("user:alice@acme.example");
            final int planner = engine.identity("spiffe://acme.example/agent/planner");
            final int reader = engine.identity("spiffe://acme.example/agent/reader/crm");
            final ScopeBits root = EngineFixture.rootScope(POLICY);
            final ScopeBits read = EngineFixture.readScope(POLICY);
            final Request open = new Request();
            open.reset(Request.Op.OPEN, 1).principal(alice).purpose(0).child(planner, root);
            decide(engine, open);
            final Request delegate = new Request();
            delegate.reset(Request.Op.DELEGATE, 2).grant(open.decision().grantId()).presenter(planner)
                .child(reader, read);
            decide(engine, delegate);
            final long grant = delegate.decision().grantId();
            final RequestBatch batch = new RequestBatch(BATCH);
            final Request[] calls = new Request[BATCH];
            for (int i = 0; i < BATCH; i++) {
                calls[i] = new Request();
            }
            long id = 3;
            for (int round = 0; round < 5; round++) {
                clock.millis += 1_000; // each round's batch is submitted after the clock moved
                final long submittedAt = clock.millis;
                batch.clear();
                for (final Request r : calls) {
                    r.reset(Request.Op.AUTHORIZE, id++).grant(grant).presenter(reader)
                        .call(POLICY.capability("crm.lookup", "read"), POLICY.dataClass("internal"));
                    batch.add(r);
                }
                final int before = clock.reads.get();
                assertEquals(JournaledEngine.Outcome.DONE, engine.decideAll(batch, 10, TimeUnit.SECONDS));
                final int reads = clock.reads.get() - before;
                for (final Request r : calls) {
                    assertTrue(r.decision().allowed(), r.describe(POLICY));
                    assertEquals(submittedAt, r.decision().timestamp(), "timed on a reading after its submission");
                }
                // One reading per 16 requests of a ring batch: 4 for the 64 claimed at once, plus one per extra
                // ring batch should the engine thread have seen the claim in parts. Never one per request.
                assertTrue(reads >= BATCH / DecisionHandler.REQUESTS_PER_CLOCK_READ && reads <= BATCH / 4,
                    "clock reads for " + BATCH + " requests: " + reads);
            }
        }
    }

    private static void decide(final JournaledEngine engine, final Request r) {
        assertEquals(JournaledEngine.Outcome.DONE, engine.decide(r, 10, TimeUnit.SECONDS), r.describe(POLICY));
        assertTrue(r.decision().allowed(), r.describe(POLICY));
    }
}
