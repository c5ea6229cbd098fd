package dev.baton.engine;

import dev.baton.core.ScopeBits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;

import static dev.baton.engine.EngineFixture.POLICY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In steady state, the batch path allocates nothing: filling, submitting ({@code decideAll}: one ring
 * claim) and waiting for a batch on the producer's thread, and deciding, journaling and completing its
 * requests on the engine's thread (but for Chronicle Queue's occasional mapping of the next journal chunk).
 * Most rounds are exactly zero on both threads; none comes near one object per request.
 */
class BatchAllocationTest {
    private static final int BATCH = 32;
    private static final int WARM_UP = 4_000;
    private static final int MEASURED = 500;
    private static final int ROUNDS = 10;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** A clock the producer moves 10 ms a batch, so grants expire and are reclaimed. */
    private static final class SteppedClock implements InstantSource {
        private volatile long millis = 1_800_000_000_000L;

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        void step() {
            millis += 10;
        }
    }

    @Test
    void shouldAllocateNothingPerBatchOnProducerAndEngineThreads(@TempDir final Path dir) {
        final SteppedClock clock = new SteppedClock();
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir)
            .fsync(FsyncMode.NONE, 0).clock(clock).grants(1024, 1 << 20, 0))) {
            final int alice = engine.identity("user:alice@acme.example");
            final int planner = engine.identity("spiffe://acme.example/agent/planner");
            final int reader = engine.identity("spiffe://acme.example/agent/reader/crm");
            final ScopeBits root = EngineFixture.rootScope(POLICY);
            final ScopeBits read = EngineFixture.readScope(POLICY);
            final int capRead = POLICY.capability("crm.lookup", "read");
            final int internal = POLICY.dataClass("internal");
            final StringBuilder justification = new StringBuilder("dispute #4411");
            final Request open = new Request();
            final Request delegate = new Request();
            final RequestBatch batch = new RequestBatch(BATCH);
            final Request[] calls = new Request[BATCH];
            for (int i = 0; i < BATCH; i++) {
                calls[i] = new Request();
            }
            final long[] state = new long[3]; // next id, child grant, allowed
            state[0] = 1;
            final Runnable loop = () -> {
                for (int k = 0; k < MEASURED; k++) {
                    clock.step();
                    if (k % 100 == 0) { // a fresh root and child now and then: the old ones expire
                        open.reset(Request.Op.OPEN, state[0]++).principal(alice).purpose(0).child(planner, root);
                        decide(engine, open);
                        delegate.reset(Request.Op.DELEGATE, state[0]++).grant(open.decision().grantId())
                            .presenter(planner).child(reader, read);
                        decide(engine, delegate);
                        state[1] = delegate.decision().grantId();
                    }
                    batch.clear();
                    for (final Request r : calls) {
                        r.reset(Request.Op.AUTHORIZE, state[0]++).grant(state[1]).presenter(reader)
                            .call(capRead, internal).text(justification);
                        batch.add(r);
                    }
                    if (engine.decideAll(batch, 10, TimeUnit.SECONDS) != JournaledEngine.Outcome.DONE) {
                        throw new AssertionError("the batch did not complete within 10 s");
                    }
                    for (final Request r : calls) {
                        state[2] += r.decision().allowed() ? 1 : 0;
                    }
                }
            };
            for (int w = 0; w < WARM_UP / MEASURED; w++) {
                loop.run();
            }
            final long engineThread = threadId("baton-engine");
            state[2] = 0;
            final long[] producer = new long[ROUNDS];
            final long[] engineRounds = new long[ROUNDS];
            for (int k = 0; k < ROUNDS; k++) {
                threads.getCurrentThreadAllocatedBytes();
                final long producerBefore = threads.getCurrentThreadAllocatedBytes();
                final long engineBefore = threads.getThreadAllocatedBytes(engineThread);
                loop.run();
                engineRounds[k] = threads.getThreadAllocatedBytes(engineThread) - engineBefore;
                producer[k] = threads.getCurrentThreadAllocatedBytes() - producerBefore;
            }
            // As in SessionAllocationTest: on a loaded machine a round now and then shows a one-off few hundred
            // bytes on the caller thread, never twice at one point; one object per request would be >= 16 B each.
            final String producerRounds = java.util.Arrays.toString(producer);
            int producerZero = 0;
            for (final long bytes : producer) {
                producerZero += bytes == 0 ? 1 : 0;
                assertTrue(bytes < (long) MEASURED * BATCH, "under one byte per request: " + producerRounds);
            }
            assertTrue(producerZero >= ROUNDS * 2 / 3, "most producer rounds allocate nothing: " + producerRounds);
            final String rounds = java.util.Arrays.toString(engineRounds);
            int zero = 0;
            for (final long bytes : engineRounds) {
                zero += bytes == 0 ? 1 : 0;
                // One object per request would be at least 16 B each; Chronicle's mapping of the next chunk (now
                // and then, tens of KB at most) stays far below half of that.
                assertTrue(bytes < (long) MEASURED * BATCH * 8, "no round comes near one object per request: " + rounds);
            }
            assertTrue(zero >= ROUNDS * 2 / 3, "most engine rounds allocate nothing: " + rounds);
            assertEquals((long) ROUNDS * MEASURED * BATCH, state[2], "every call was decided and allowed");
        }
    }

    private static void decide(final JournaledEngine engine, final Request r) {
        if (engine.decide(r, 10, TimeUnit.SECONDS) != JournaledEngine.Outcome.DONE) {
            throw new AssertionError("request " + r.requestId() + " did not complete within 10 s");
        }
    }

    private static long threadId(final String name) {
        for (final Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                return t.getId();
            }
        }
        throw new AssertionError("no " + name + " thread");
    }
}
