package dev.baton.engine;

import dev.baton.Agent;
import dev.baton.Capability;
import dev.baton.DataClass;
import dev.baton.Decision;
import dev.baton.DecisionBatch;
import dev.baton.DecisionSession;
import dev.baton.GrantRef;
import dev.baton.Outcome;
import dev.baton.Policy;
import dev.baton.Principal;
import dev.baton.Reason;
import dev.baton.Scope;
import dev.baton.codec.KeyRing;
import dev.baton.core.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public batch API on the journaled engine: calls recorded in a {@link DecisionBatch} are decided in one
 * ring claim, each gets the decision a session would have given, every one is journaled in the order
 * recorded, and in steady state recording and deciding allocate nothing on the caller's thread.
 */
class DecisionBatchTest {
    private static final KeyRing KEYS = new KeyRing(60_000, 1,
        "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    private static Policy policy() throws Exception {
        return Policy.load(Path.of(DecisionBatchTest.class.getResource("/policies/rules.yaml").toURI()));
    }

    @Test
    void shouldDecideEachCallAsASessionWouldAndJournalThemInOrder(@TempDir final Path dir) throws Exception {
        final Policy policy = policy();
        try (JournaledEngine engine = JournaledEngine.start(EngineConfig.of(policy, dir).fsync(FsyncMode.NONE, 0)
            .keys(KEYS));
             DecisionSession session = engine.session();
             DecisionBatch batch = engine.batch(8)) {
            final Principal alice = engine.principal("user:alice@acme.example");
            final Agent planner = engine.agent("spiffe://acme.example/agent/planner");
            final Agent reader = engine.agent("spiffe://acme.example/agent/reader/crm");
            final Capability lookup = policy.capability("crm.lookup", "read");
            final DataClass internal = policy.dataClass("internal");
            final Scope read = policy.scope().capability(lookup).data(internal).build();
            final Scope wide = policy.scope().capability("ledger.pay", "purchase").data("financial").build();
            final Decision root = session.open(alice, policy.purpose("refund-dispute"), planner,
                policy.scope().capability(lookup).data(internal).build());
            assertTrue(root.allowed(), root::describe);
            final GrantRef rootRef = GrantRef.of(root);

            final int child = batch.delegate(rootRef, planner, reader, read);
            final int tooWide = batch.delegate(rootRef, planner, reader, wide);
            final int call = batch.authorize(rootRef, planner, lookup, internal, "ticket 4411", null);
            final int unknown = batch.authorize(GrantRef.ofId(999_999L), planner, lookup, internal, "ticket", null);
            assertEquals(4, batch.size());
            assertThrows(IllegalStateException.class, () -> batch.decision(child), "not decided yet");
            batch.decide();
            assertEquals(Outcome.ALLOW, batch.decision(child).outcome(), batch.decision(child)::describe);
            assertTrue(batch.decision(child).warrant().length > 0, "a warrant is issued as by a session");
            assertEquals(Outcome.DENY, batch.decision(tooWide).outcome());
            assertEquals(Outcome.ALLOW, batch.decision(call).outcome(), batch.decision(call)::describe);
            assertEquals(Reason.UNKNOWN_GRANT, batch.decision(unknown).reason());

            // The child's warrant, presented by its holder, works like a session's.
            final Decision viaWarrant = session.authorize(GrantRef.of(batch.decision(child)), reader, lookup, internal,
                "ticket 4411", null);
            assertEquals(Outcome.ALLOW, viaWarrant.outcome(), viaWarrant::describe);

            batch.authorize(rootRef, planner, lookup, internal, "ticket 4412", null);
            assertEquals(1, batch.size(), "recording after decide() starts a new batch");
            batch.decide();
            assertEquals(Outcome.ALLOW, batch.decision(0).outcome());
            for (int i = 0; i < batch.capacity(); i++) {
                batch.authorize(rootRef, planner, lookup, internal, null, null);
            }
            assertThrows(IllegalArgumentException.class,
                () -> batch.authorize(rootRef, planner, lookup, internal, null, null), "more calls than the capacity");
        }
        final AtomicInteger decisions = new AtomicInteger();
        final JournalReplay replay = new JournalReplay(KEYS, 64, 1 << 20, 60_000,
            (record, i, d, p, same) -> decisions.incrementAndGet()).replay(dir);
        assertEquals(0, replay.mismatches(), replay.firstMismatch());
        assertEquals(1 + 4 + 1 + 1, decisions.get(), "the open, the batch's four calls, the session's call, the second batch");
    }

    @Test
    void shouldAllocateNothingPerBatchOnTheCallerThread(@TempDir final Path dir) throws Exception {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final Policy policy = policy();
        final ManualClock clock = new ManualClock(1_800_000_000_000L);
        try (JournaledEngine engine = JournaledEngine.start(EngineConfig.of(policy, dir).fsync(FsyncMode.NONE, 0)
            .clock(clock).grants(1024, 1 << 20, 0));
             DecisionSession session = engine.session();
             DecisionBatch batch = engine.batch(16)) {
            final Principal alice = engine.principal("user:alice@acme.example");
            final Agent planner = engine.agent("spiffe://acme.example/agent/planner");
            final Agent reader = engine.agent("spiffe://acme.example/agent/reader/crm");
            final Capability lookup = policy.capability("crm.lookup", "read");
            final DataClass internal = policy.dataClass("internal");
            final Scope rootScope = policy.scope().capability(lookup).capability("ledger.pay", "purchase").data(internal)
                .data("financial").build();
            final Scope read = policy.scope().capability(lookup).data(internal).build();
            final GrantRef root = new GrantRef();
            final StringBuilder justification = new StringBuilder("dispute #4411");
            final long[] allowed = new long[1];
            final Runnable rounds = () -> {
                for (int k = 0; k < 500; k++) {
                    clock.advance(1_000);
                    if (k % 50 == 0) {
                        root.from(session.open(alice, policy.purpose("refund-dispute"), planner, rootScope));
                    }
                    for (int i = 0; i < 8; i++) {
                        batch.delegate(root, planner, reader, read);
                        batch.authorize(root, planner, lookup, internal, justification, null);
                    }
                    batch.decide();
                    for (int i = 0; i < batch.size(); i++) {
                        allowed[0] += batch.decision(i).allowed() ? 1 : 0;
                    }
                }
            };
            for (int w = 0; w < 8; w++) {
                rounds.run();
            }
            final long[] bytes = new long[6];
            for (int r = 0; r < bytes.length; r++) {
                allowed[0] = 0;
                threads.getCurrentThreadAllocatedBytes();
                final long before = threads.getCurrentThreadAllocatedBytes();
                rounds.run();
                bytes[r] = threads.getCurrentThreadAllocatedBytes() - before;
                assertEquals(500 * 16, allowed[0], "every call of the round was allowed");
            }
            // As in SessionAllocationTest: on a loaded machine a round now and then shows a one-off few hundred
            // bytes, never twice at one point; one object per call would be >= 16 B a call, 128,000 B a round.
            final String perRound = java.util.Arrays.toString(bytes);
            int zero = 0;
            for (final long b : bytes) {
                zero += b == 0 ? 1 : 0;
                assertTrue(b < 500 * 16, "under one byte per call: " + perRound);
            }
            assertTrue(zero >= 4, "most rounds allocate nothing: " + perRound);
        }
    }
}
