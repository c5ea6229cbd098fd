package dev.baton.engine;

import dev.baton.core.ScopeBits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;

import static dev.baton.engine.EngineFixture.POLICY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In steady state, submitting and waiting for requests allocates nothing on the producer's thread (the
 * copies of scopes and text included), deciding, journaling and completing them allocates nothing per
 * request on the engine's thread (only Chronicle Queue's occasional mapping of the next journal chunk
 * does, a few hundred bytes at a time), and calling listeners allocates nothing on the completion thread.
 */
class PipelineAllocationTest {
    private static final int WARM_UP = 200_000;
    private static final int MEASURED = 20_000;
    private static final int ROUNDS = 20;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** A clock the producer moves 10 ms a request, so grants expire and are reclaimed. */
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

    /** Counts what it is told, on the engine thread: allocates nothing. */
    private static final class CountingListener implements DecisionListener {
        long decisions;
        long batches;
        long forces;

        @Override
        public void onDecision(final Request.Op op, final dev.baton.Outcome outcome, final dev.baton.Reason reason,
                               final long latencyNanos) {
            decisions++;
        }

        @Override
        public void onBatch(final int slots, final long syncNanos) {
            batches++;
        }

        @Override
        public void onJournalForced(final long forceNanos) {
            forces++;
        }
    }

    @Test
    void shouldAllocateNothingPerRequestOnProducerAndEngineThreads(@TempDir final Path dir) {
        assertAllocatesNothing(dir, null);
    }

    @Test
    void shouldAllocateNothingPerRequestWithADecisionListener(@TempDir final Path dir) {
        final CountingListener listener = new CountingListener();
        assertAllocatesNothing(dir, listener);
        // Every request made one decision: each run of the loop makes MEASURED, plus an OPEN every 3000.
        final long runs = WARM_UP / MEASURED + ROUNDS;
        final long requests = runs * (MEASURED + (MEASURED - 1) / 3000 + 1);
        assertEquals(requests, listener.decisions, "the listener was told of every decision");
        assertTrue(listener.batches >= requests, "one batch per request at least: " + listener.batches);
    }

    @Test
    void shouldAllocateNothingPerRequestWithAShadowPolicyAttached(@TempDir final Path dir) {
        // The narrowed candidate refuses every delegation to the reader and so every call on its grants:
        // each request is decided twice and each one journals a SHADOW_DECISION record too.
        assertAllocatesNothing(dir, null, EngineFixture.load("rules-narrowed.yaml"));
    }

    @Test
    void shouldAllocateNothingPerRequestWithTheJournalForcedEveryMillisecond(@TempDir final Path dir) {
        // INTERVAL: the engine thread hands a force to the journal's syncer thread about every millisecond.
        final CountingListener listener = new CountingListener();
        assertAllocatesNothing(dir, listener, null, FsyncMode.INTERVAL);
        assertTrue(listener.forces > 10, "the journal was forced while the rounds ran: " + listener.forces);
    }

    private void assertAllocatesNothing(final Path dir, final DecisionListener listener) {
        assertAllocatesNothing(dir, listener, null);
    }

    private void assertAllocatesNothing(final Path dir, final DecisionListener listener,
                                        final dev.baton.core.CompiledPolicy shadow) {
        assertAllocatesNothing(dir, listener, shadow, FsyncMode.NONE);
    }

    private void assertAllocatesNothing(final Path dir, final DecisionListener listener,
                                        final dev.baton.core.CompiledPolicy shadow, final FsyncMode fsync) {
        final SteppedClock clock = new SteppedClock();
        final byte[] journalKey = new byte[32];
        java.util.Arrays.fill(journalKey, (byte) 0x2A);
        // Keyed: every request is its own batch here, so every one is followed by a SEAL with its HMAC.
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir)
            .fsync(fsync, fsync == FsyncMode.NONE ? 0 : 1).clock(clock).grants(1024, 1 << 20, 0).journalKey(journalKey)
            .listener(listener))) {
            if (shadow != null) {
                engine.attachShadow(shadow.api());
            }
            final int alice = engine.identity("user:alice@acme.example");
            final int planner = engine.identity("spiffe://acme.example/agent/planner");
            final int reader = engine.identity("spiffe://acme.example/agent/reader/crm");
            final ScopeBits root = new ScopeBits(POLICY).capability("crm.lookup", "read").capability("ledger.pay", "purchase")
                .data("internal").data("financial");
            final ScopeBits read = EngineFixture.readScope(POLICY);
            final int capRead = POLICY.capability("crm.lookup", "read");
            final int internal = POLICY.dataClass("internal");
            final Request r = new Request();
            final StringBuilder justification = new StringBuilder("dispute #4411"); // copied at each submission
            final long[] state = new long[4]; // root, child, allowed, listened
            final Request.Listener listened = done -> state[3]++; // every third request: the hand-off path

            final Runnable loop = () -> {
                for (int i = 0; i < MEASURED; i++) {
                    clock.step();
                    switch (i % 3) {
                        case 0:
                            if (i % 3000 == 0) {
                                r.reset(Request.Op.OPEN, i + 1).principal(alice).purpose(0).child(planner, root);
                                submit(engine, r);
                                state[0] = r.decision().grantId();
                            }
                            r.reset(Request.Op.DELEGATE, i + 1).grant(state[0]).presenter(planner).child(reader, read);
                            submit(engine, r);
                            state[1] = r.decision().grantId();
                            break;
                        default:
                            r.reset(Request.Op.AUTHORIZE, i + 1).grant(state[1]).presenter(reader).call(capRead, internal)
                                .text(justification).listener(i % 3 == 2 ? listened : null);
                            submit(engine, r);
                    }
                    state[2] += r.decision().allowed() ? 1 : 0;
                }
            };
            for (int w = 0; w < WARM_UP / MEASURED; w++) {
                loop.run();
            }
            final long engineThread = threadId("baton-engine");
            final long completionThread = threadId("baton-completion");
            state[2] = 0;
            state[3] = 0;
            final long[] producer = new long[ROUNDS];
            final long[] engineRounds = new long[ROUNDS];
            final long[] completion = new long[ROUNDS];
            for (int k = 0; k < ROUNDS; k++) {
                threads.getCurrentThreadAllocatedBytes();
                final long producerBefore = threads.getCurrentThreadAllocatedBytes();
                final long engineBefore = threads.getThreadAllocatedBytes(engineThread);
                final long completionBefore = threads.getThreadAllocatedBytes(completionThread);
                loop.run();
                engineRounds[k] = threads.getThreadAllocatedBytes(engineThread) - engineBefore;
                completion[k] = threads.getThreadAllocatedBytes(completionThread) - completionBefore;
                producer[k] = threads.getCurrentThreadAllocatedBytes() - producerBefore;
            }
            assertArrayEquals(new long[ROUNDS], producer, "producer bytes per round of " + MEASURED + " requests");
            assertArrayEquals(new long[ROUNDS], completion, "completion-thread bytes per round");
            assertEquals(ROUNDS * (MEASURED / 3), state[3], "every third request went through its listener");
            // The engine's own path (decide, encode, append, complete) allocates nothing. Chronicle Queue
            // allocates a few hundred bytes when it maps the next chunk of the queue file (here about
            // every 200,000 requests; a little more while the JIT is still busy on a loaded machine): most
            // rounds are exactly zero, and none comes near one object per request (>= 320 KB a round).
            final String rounds = java.util.Arrays.toString(engineRounds);
            int zero = 0;
            for (final long bytes : engineRounds) {
                zero += bytes == 0 ? 1 : 0;
                assertTrue(bytes <= 65_536, "no round comes near one object per request: " + rounds);
            }
            assertTrue(zero >= ROUNDS * 2 / 3, "most engine rounds allocate nothing: " + rounds);
            assertTrue(state[2] > ROUNDS * MEASURED * 9 / 10, "the requests were really decided: allowed=" + state[2]);
        }
    }

    private static void submit(final JournaledEngine engine, final Request r) {
        while (engine.tryDecide(r) != JournaledEngine.ACCEPTED) {
            Thread.onSpinWait();
        }
        while (!r.isDone()) {
            Thread.yield(); // on two cores a spinning producer starves the engine and completion threads
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
