package dev.baton.engine;

import dev.baton.Outcome;
import dev.baton.Reason;
import dev.baton.core.ScopeBits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static dev.baton.engine.EngineFixture.POLICY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DelegationEngineTest {

    @Test
    void shouldDecideJournalAndRecoverGrantsAcrossRestart(@TempDir final Path dir) {
        final long child;
        final int reader;
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir))) {
            final int alice = engine.identity("user:alice@acme.example");
            final int planner = engine.identity("spiffe://acme.example/agent/planner");
            reader = engine.identity("spiffe://acme.example/agent/reader/crm");
            final Request r = new Request();
            r.reset(Request.Op.OPEN, 1).principal(alice).purpose(POLICY.purpose("refund-dispute"))
                .child(planner, EngineFixture.rootScope(POLICY));
            assertEquals(JournaledEngine.Outcome.DONE, engine.decide(r, 5, TimeUnit.SECONDS));
            assertEquals(Outcome.ALLOW, r.decision().outcome(), () -> r.describe(POLICY));
            final long root = r.decision().grantId();
            r.reset(Request.Op.DELEGATE, 2).grant(root).presenter(planner).child(reader, EngineFixture.readScope(POLICY));
            engine.decide(r, 5, TimeUnit.SECONDS);
            assertEquals(Outcome.ALLOW, r.decision().outcome(), () -> r.describe(POLICY));
            child = r.decision().grantId();
        }
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir))) {
            assertTrue(engine.recoveredRecords() > 5);
            assertEquals(reader, engine.identity("spiffe://acme.example/agent/reader/crm"), "ids survive restart");
            final Request r = new Request();
            r.reset(Request.Op.AUTHORIZE, 3).grant(child).presenter(reader)
                .call(POLICY.capability("crm.lookup", "read"), POLICY.dataClass("internal"));
            engine.decide(r, 5, TimeUnit.SECONDS);
            assertEquals(Outcome.ALLOW, r.decision().outcome(), () -> r.describe(POLICY));
            final byte[] output = new byte[32];
            java.util.Arrays.fill(output, (byte) 0x5A);
            r.reset(Request.Op.COMPLETE, 5).grant(child).presenter(reader).outputDigest(output);
            engine.decide(r, 5, TimeUnit.SECONDS);
            assertEquals(Outcome.ALLOW, r.decision().outcome(), () -> r.describe(POLICY));
            r.reset(Request.Op.REVOKE, 4).grant(child).actor(reader);
            engine.decide(r, 5, TimeUnit.SECONDS);
        }
        final byte[] journaled = new byte[32];
        final byte[] afterReuse = new byte[64];
        java.util.Arrays.fill(afterReuse, (byte) 1);
        new JournalReplay(null, 64, 1 << 20, 60_000, (record, i, replayed, policy, matches) -> {
            if (record.op() == Request.Op.COMPLETE) {
                record.child(i).getOutputDigest(journaled, 0);
            } else if (record.op() == Request.Op.REVOKE) {
                record.child(i).getInputDigest(afterReuse, 0);
                record.child(i).getOutputDigest(afterReuse, 32);
            }
        }).replay(dir);
        assertEquals(0x5A, journaled[31], "the output digest of a finished call is journaled");
        assertArrayEquals(new byte[64], afterReuse,
            "the request reused after the COMPLETE carries no digest: none is journaled, not the stale one");
        final JournalReplay replay = new JournalReplay(null, 64, 1 << 20, 60_000, null).replay(dir);
        assertNull(replay.broken());
        assertNull(replay.problem());
        assertEquals(0, replay.mismatches());
        assertEquals(5, replay.decisions());
        assertTrue(replay.stoppedCleanly());
        final dev.baton.core.DecisionSlot d = new dev.baton.core.DecisionSlot();
        replay.core().authorize(child, reader, POLICY.capability("crm.lookup", "read"), POLICY.dataClass("internal"),
            null, d);
        assertEquals(Reason.REVOKED, d.reason(), "the replayed core knows the grant was revoked");
    }

    @Test
    void shouldForceTheJournalOncePerIntervalWhileTrafficFlows(@TempDir final Path dir) throws Exception {
        for (final FsyncMode mode : FsyncMode.values()) {
            try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir.resolve(mode.name()))
                .fsync(mode, 20))) {
                final long atStart = engine.journalSyncs();
                final Request r = new Request();
                final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
                int requests = 0;
                while (System.nanoTime() < end) {
                    r.reset(Request.Op.REVOKE, ++requests).grant(12345).actor(0);
                    engine.decide(r, 5, TimeUnit.SECONDS);
                    Thread.sleep(2); // one request (one batch) every ~2 ms for 400 ms
                }
                final long forced = engine.journalSyncs() - atStart;
                switch (mode) {
                    case NONE:
                        assertEquals(0, forced);
                        break;
                    case BATCH:
                        assertEquals(requests, forced, "one force per batch of one request");
                        break;
                    default:
                        // Paced by real time: about one force per 20 ms of the 400 ms run, far fewer than
                        // the requests, and never none.
                        assertTrue(forced >= 5 && forced <= 25 && forced < requests / 2,
                            "forces " + forced + " for " + requests + " requests");
                }
            }
        }
    }

    @Test
    void shouldForceAnIdleIntervalJournalWithinAboutOneInterval(@TempDir final Path dir) throws Exception {
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir)
            .fsync(FsyncMode.INTERVAL, 500))) {
            final Request r = new Request();
            r.reset(Request.Op.REVOKE, 1).grant(12345).actor(0);
            engine.decide(r, 5, TimeUnit.SECONDS); // well within 500 ms of the start-up force: not yet due
            final long before = engine.journalSyncs();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (engine.journalSyncs() == before && System.nanoTime() < deadline) {
                Thread.sleep(20); // no traffic at all from here on
            }
            assertEquals(before + 1, engine.journalSyncs(), "the idle tail was forced once, by the interval timer");
        }
    }

    @Test
    void shouldKeepTheJournalsRegistrySettingsAcrossRestarts(@TempDir final Path dir) {
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).grants(64, 1 << 16, 5_000))) {
            engine.identity("user:alice@acme.example");
        }
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).grants(4096, 1 << 20, 90_000))) {
            engine.identity("user:bob@acme.example");
        }
        final JournalReplay replay = new JournalReplay(null, 1, 2, 3, null).replay(dir);
        assertEquals(5_000, replay.retentionMillis(), "the first START's settings win");
        assertEquals(1 << 16, replay.maxGrants());
        assertEquals(64, replay.initialGrants());
    }

    @Test
    void shouldRefuseMalformedRequestsAtSubmissionAndKeepDeciding(@TempDir final Path dir) {
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir))) {
            final int alice = engine.identity("user:alice@acme.example");
            final Request r = new Request(2);
            r.reset(Request.Op.OPEN, 1).principal(alice).purpose(0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> engine.tryDecide(r));
            assertTrue(e.getMessage().contains("exactly one child"), e.getMessage());
            r.reset(Request.Op.DELEGATE, 2).grant(1).child(alice, null);
            e = assertThrows(IllegalArgumentException.class, () -> engine.tryDecide(r));
            assertTrue(e.getMessage().contains("no scope"), e.getMessage());
            r.reset(Request.Op.AUTHORIZE, 3).warrant(new org.agrona.concurrent.UnsafeBuffer(new byte[8]), 0, 8);
            e = assertThrows(IllegalArgumentException.class, () -> engine.tryDecide(r));
            assertTrue(e.getMessage().contains("no key ring"), e.getMessage());
            r.reset(Request.Op.REVOKE, 4).grant(1).actor(alice).child(alice, EngineFixture.readScope(POLICY));
            assertThrows(IllegalArgumentException.class, () -> engine.tryDecide(r));
            r.reset(Request.Op.CLOSE, 6).grant(1);
            e = assertThrows(IllegalArgumentException.class, () -> engine.tryDecide(r));
            assertTrue(e.getMessage().contains("names no actor"), e.getMessage());

            r.reset(Request.Op.REVOKE, 5).grant(1).actor(alice);
            assertEquals(JournaledEngine.Outcome.DONE, engine.decide(r, 5, TimeUnit.SECONDS),
                "the engine keeps deciding after refusing malformed requests");
            assertEquals(Reason.UNKNOWN_GRANT, r.decision().reason());
            assertEquals(null, engine.failure());
        }
    }

    @Test
    void shouldFailFastAfterCloseAndCloseTwiceHarmlessly(@TempDir final Path dir) {
        final JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir));
        engine.close();
        engine.close();
        final Request r = new Request();
        r.reset(Request.Op.REVOKE, 1).grant(1).actor(0);
        assertEquals(JournaledEngine.CLOSED, engine.tryDecide(r));
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> engine.decide(r, 1, TimeUnit.SECONDS));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> engine.identity("user:x"));
    }

    @Test
    void shouldRefuseRequestBuiltForAnotherCapabilityLayoutAfterSwap(@TempDir final Path dir) throws Exception {
        final String text = new String(getClass().getResourceAsStream("/policies/rules.yaml").readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8).replace("    crm.lookup: [read, summarize]",
            "    aaa.first: [read]\n    crm.lookup: [read, summarize]");
        final dev.baton.core.CompiledPolicy shifted = dev.baton.core.PolicyCompiler.compile(
            dev.baton.policy.PolicyParser.parse("shifted.yaml", text));
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir))) {
            final int alice = engine.identity("user:alice@acme.example");
            final int planner = engine.identity("spiffe://acme.example/agent/planner");
            engine.swapPolicy(shifted);
            final Request r = new Request();
            r.reset(Request.Op.OPEN, 1).principal(alice).purpose(shifted.purpose("refund-dispute"))
                .child(planner, EngineFixture.readScope(POLICY));
            engine.decide(r, 5, TimeUnit.SECONDS);
            assertEquals(Reason.SCOPE_LAYOUT_CHANGED, r.decision().reason(), () -> r.describe(shifted));
            r.reset(Request.Op.OPEN, 2).principal(alice).purpose(shifted.purpose("refund-dispute"))
                .child(planner, EngineFixture.readScope(shifted));
            engine.decide(r, 5, TimeUnit.SECONDS);
            assertEquals(Outcome.ALLOW, r.decision().outcome(), () -> r.describe(shifted));
            assertEquals(shifted.versionId(), r.decision().policyVersion());
        }
        final JournalReplay replay = new JournalReplay(null, 64, 1 << 20, 60_000, null).replay(dir);
        assertEquals(0, replay.mismatches(), replay.firstMismatch());
        assertEquals(2, replay.policies().size(), "both policy texts are in the journal");
    }
}
