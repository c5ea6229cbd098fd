package dev.baton.engine;

import dev.baton.codec.WarrantKey;
import dev.baton.codec.WarrantKeyRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In steady state, applying foreign revocations through the ring allocates nothing on the submitting thread
 * (one reused {@link ForeignRevocationRequest}) and nothing per revocation on the engine thread (apply, the
 * set of known-revoked foreign grants, encode, journal, complete): the revocations expire as fast as new
 * ones come, so the set keeps its size and drops expired entries in place.
 */
class ForeignRevocationAllocationTest {
    private static final int WARM_UP = 60_000;
    private static final int MEASURED = 5_000;
    private static final int ROUNDS = 10;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** A clock the submitter moves 10 ms a revocation; each revocation lives 2 s, so about 200 are live. */
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
    }

    @Test
    void shouldAllocateNothingPerForeignRevocationOnSubmitterAndEngineThreads(@TempDir final Path dir) throws Exception {
        final SteppedClock clock = new SteppedClock();
        final WarrantKeyRing keys = new WarrantKeyRing(0, WarrantKey.hmacSha256(1,
            "engine B's own secret, 32 bytes!".getBytes(StandardCharsets.US_ASCII)));
        try (JournaledEngine engine = JournaledEngine.start(EngineConfig.of(PortableEngineChild.policy(), dir)
                .portableWarrants(2, keys).fsync(FsyncMode.NONE, 0).clock(clock))) {
            final ForeignRevocationRequest r = new ForeignRevocationRequest();
            final long[] grant = {0};
            final long[] applied = {0};
            final Runnable loop = () -> {
                for (int i = 0; i < MEASURED; i++) {
                    clock.millis += 10;
                    r.set(1, ++grant[0], clock.millis + 2_000, clock.millis);
                    while (engine.revokeForeign(r) != JournaledEngine.ACCEPTED) {
                        Thread.onSpinWait();
                    }
                    while (!r.isDone()) {
                        Thread.yield(); // two cores: let the engine thread run
                    }
                    applied[0] += r.outcome() == ForeignRevocationRequest.Outcome.APPLIED ? 1 : 0;
                }
            };
            for (int w = 0; w < WARM_UP / MEASURED; w++) {
                loop.run();
            }
            final long engineThread = threadId("baton-engine");
            applied[0] = 0;
            final long[] submitter = new long[ROUNDS];
            final long[] engineRounds = new long[ROUNDS];
            for (int k = 0; k < ROUNDS; k++) {
                threads.getCurrentThreadAllocatedBytes();
                final long before = threads.getCurrentThreadAllocatedBytes();
                final long engineBefore = threads.getThreadAllocatedBytes(engineThread);
                loop.run();
                engineRounds[k] = threads.getThreadAllocatedBytes(engineThread) - engineBefore;
                submitter[k] = threads.getCurrentThreadAllocatedBytes() - before;
            }
            // Nothing per revocation: one object per call would be >= 16 bytes x MEASURED in every round. CI saw
            // a rare round of a few hundred bytes (256 in one round of 10; its source is not pinned down, and
            // no round comes near a byte per call), so most rounds must be exactly zero.
            final String submitted = java.util.Arrays.toString(submitter);
            int quiet = 0;
            for (final long bytes : submitter) {
                quiet += bytes == 0 ? 1 : 0;
                assertTrue(bytes < MEASURED, "less than a byte per revocation in every round: " + submitted);
            }
            assertTrue(quiet >= ROUNDS - 2, "all but at most two submitter rounds allocate nothing: " + submitted);
            assertEquals(ROUNDS * MEASURED, applied[0], "every revocation was new, applied and journaled");
            // As in PipelineAllocationTest: Chronicle Queue maps the next chunk now and then (a few hundred bytes).
            final String rounds = java.util.Arrays.toString(engineRounds);
            int zero = 0;
            for (final long bytes : engineRounds) {
                zero += bytes == 0 ? 1 : 0;
                assertTrue(bytes <= 16_384, "no round comes near one object per revocation: " + rounds);
            }
            assertTrue(zero >= ROUNDS * 2 / 3, "most engine rounds allocate nothing: " + rounds);
            assertTrue(r.await(1, TimeUnit.SECONDS));
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
