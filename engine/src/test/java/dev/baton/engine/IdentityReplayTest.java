package dev.baton.engine;

import dev.baton.codec.KeyRing;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionCore;
import dev.baton.Outcome;
import dev.baton.Reason;
import dev.baton.core.ScopeBits;
import dev.baton.core.ManualClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Identities reclaimed in a live engine are reclaimed at the same points on replay: same ids, same decisions. */
class IdentityReplayTest {
    private static final CompiledPolicy POLICY = EngineFixture.load("workers.yaml");
    private static final int WORKERS = 3_000;

    private static String worker(final int n) {
        return "spiffe://acme.example/worker/pool-" + (n & 7) + '/' + n;
    }

    @Test
    void shouldReplayIdentityReclamationToTheSameIds(@TempDir final Path dir) {
        final ManualClock clock = new ManualClock(1_790_000_000_000L);
        final KeyRing keys = new KeyRing(60_000, 1,
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        final EngineConfig config = new EngineConfig(POLICY, dir).clock(clock).keys(keys)
            .fsync(FsyncMode.NONE, 0).grants(1024, 1 << 20, 0);
        final ScopeBits scope = new ScopeBits(POLICY).capability("kb.search", "read").data("public");
        final int read = POLICY.capability("kb.search", "read");
        final UnsafeBuffer garbage = new UnsafeBuffer(new byte[200]);
        final Map<Integer, String> issued = new HashMap<>();
        final int first;
        final int again;
        try (JournaledEngine engine = JournaledEngine.start(config)) {
            final int alice = engine.identity("user:alice@acme.example");
            final int planner = engine.identity("spiffe://acme.example/agent/planner");
            final Request r = new Request();
            long root = 0;
            long id = 1;
            int firstId = -1;
            for (int n = 0; n < WORKERS; n++) {
                if (n % 10 == 0) {
                    r.reset(Request.Op.OPEN, id++).principal(alice).purpose(POLICY.purpose("batch")).child(planner, scope);
                    decide(engine, r, Outcome.ALLOW);
                    root = r.decision().grantId();
                }
                clock.advance(1_000);
                if (n % 50 == 0) {
                    // Refused in the core live, but before it on replay: must not move what reclamation sees.
                    clock.advance(5_000);
                    r.reset(Request.Op.AUTHORIZE, id++).presenter(planner).warrant(garbage, 0, 150)
                        .call(read, DecisionCore.NO_DATA_CLASS);
                    decide(engine, r, Outcome.DENY);
                    assertNotEquals(Reason.ALLOWED, r.decision().reason());
                }
                for (int k = 100; k <= 160 && k <= n; k += 4) {
                    // Names seen again near the idle limit: renewed or re-issued, both journaled.
                    final int old = engine.identity(worker(n - k));
                    assertEquals(worker(n - k), issued.getOrDefault(old, worker(n - k)));
                    issued.put(old, worker(n - k));
                }
                final int w = engine.identity(worker(n));
                final String before = issued.put(w, worker(n));
                assertNull(before, "an id issued again, after " + before);
                firstId = n == 0 ? w : firstId;
                r.reset(Request.Op.DELEGATE, id++).grant(root).presenter(planner).child(w, scope);
                decide(engine, r, Outcome.ALLOW);
                final long child = r.decision().grantId();
                r.reset(Request.Op.AUTHORIZE, id++).grant(child).presenter(w).call(read, DecisionCore.NO_DATA_CLASS);
                decide(engine, r, Outcome.ALLOW);
            }
            first = firstId;
            r.reset(Request.Op.DELEGATE, id++).grant(root).presenter(planner).child(first, scope);
            decide(engine, r, Outcome.DENY);
            assertEquals(Reason.UNKNOWN_AGENT, r.decision().reason(), "the first worker was reclaimed");
            again = engine.identity(worker(0));
            assertFalse(issued.containsKey(again), "its name comes back under a new id");
        }
        final JournalReplay replay = new JournalReplay(null, 1024, 1 << 20, 0, null).replay(dir);
        assertNull(replay.problem(), "every IDENTITY record replays to its journaled id");
        assertNull(replay.broken());
        assertEquals(0, replay.mismatches());
        final DecisionCore core = replay.core();
        assertTrue(core.identityCount() <= 768, "bounded on replay too: " + core.identityCount());
        assertFalse(core.hasIdentity(first));
        assertEquals(worker(0), core.identityName(again));
        try (JournaledEngine engine = JournaledEngine.start(config)) {
            assertEquals(again, engine.identity(worker(0)), "a restart recovers the same table");
        }
    }

    private static void decide(final JournaledEngine engine, final Request r, final Outcome expected) {
        assertEquals(JournaledEngine.Outcome.DONE, engine.decide(r, 5, TimeUnit.SECONDS));
        assertEquals(expected, r.decision().outcome(), () -> r.describe(POLICY));
    }
}
