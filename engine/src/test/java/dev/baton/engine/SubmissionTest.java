package dev.baton.engine;

import dev.baton.codec.DecisionDecoder;
import dev.baton.codec.KeyRing;
import dev.baton.Outcome;
import dev.baton.Reason;
import dev.baton.core.ScopeBits;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.baton.engine.EngineFixture.POLICY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a submission takes from the caller: its scopes, presented warrant and text as they were when the
 * submit call returned (the caller may reuse them at once), and an id no other pending request has.
 * Each test holds the engine thread (in its clock) so that the request under test is pending while the
 * caller changes its objects.
 */
class SubmissionTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] OTHER_SECRET = "fedcba9876543210fedcba9876543210".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] SECRET_THREE = "a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Test
    void shouldDecideAndJournalTheScopeGivenAtSubmission(@TempDir final Path dir) throws Exception {
        final HeldClock clock = new HeldClock();
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).clock(clock))) {
            final int alice = engine.identity("user:alice@acme.example");
            final int planner = engine.identity("spiffe://acme.example/agent/planner");
            final int reader = engine.identity("spiffe://acme.example/agent/reader/crm");
            final Request r = new Request();
            r.reset(Request.Op.OPEN, 1).principal(alice).purpose(0).child(planner, EngineFixture.rootScope(POLICY));
            engine.decide(r, 5, TimeUnit.SECONDS);
            final long root = r.decision().grantId();

            final Request blocker = hold(engine, clock, 2);
            final ScopeBits asked = EngineFixture.readScope(POLICY);
            r.reset(Request.Op.DELEGATE, 3).grant(root).presenter(planner).child(reader, asked);
            assertEquals(JournaledEngine.ACCEPTED, engine.tryDecide(r));
            // Beyond the root's scope and the reader's ceiling: deciding this would deny.
            asked.capability("ledger.pay", "purchase").data("financial");
            clock.release();
            awaitDone(blocker);
            awaitDone(r);
            assertEquals(Outcome.ALLOW, r.decision().outcome(), () -> r.describe(POLICY));
        }
        final ScopeBits read = EngineFixture.readScope(POLICY);
        final Map<Long, long[]> requested = new HashMap<>();
        final JournalReplay replay = new JournalReplay(null, 64, 1 << 20, 60_000, (record, i, d, policy, same) -> {
            final DecisionDecoder c = record.child(i);
            requested.put(record.requestId(), new long[] {c.requestedWord(0), c.requestedData()});
        }).replay(dir);
        assertEquals(0, replay.mismatches(), replay.firstMismatch());
        assertTrue(Arrays.equals(new long[] {read.capabilityWord(0), read.dataBits()}, requested.get(3L)),
            "the journal records the scope as submitted");
    }

    @Test
    void shouldJournalTheTextGivenAtSubmission(@TempDir final Path dir) throws Exception {
        final HeldClock clock = new HeldClock();
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).clock(clock))) {
            final Request blocker = hold(engine, clock, 1);
            final StringBuilder why = new StringBuilder("ticket 4411");
            final Request r = new Request();
            r.reset(Request.Op.AUTHORIZE, 2).grant(999).presenter(1)
                .call(POLICY.capability("crm.lookup", "read"), POLICY.dataClass("internal")).text(why);
            assertEquals(JournaledEngine.ACCEPTED, engine.tryDecide(r));
            why.setLength(0);
            why.append("rewritten while pending");
            clock.release();
            awaitDone(blocker);
            awaitDone(r);
        }
        final Map<Long, String> texts = new HashMap<>();
        new JournalReplay(null, 64, 1 << 20, 60_000,
            (record, i, d, policy, same) -> texts.put(record.requestId(), record.child(i).justification())).replay(dir);
        assertEquals("ticket 4411", texts.get(2L));
    }

    @Test
    void shouldVerifyTheWarrantBytesGivenAtSubmission(@TempDir final Path dir) throws Exception {
        final Request r = decidedWhilePending(dir, new KeyRing(60_000, 1, SECRET), w -> { },
            w -> w.bytes.setMemory(0, w.length, (byte) 0), null); // the caller reuses its buffer at once
        assertEquals(Outcome.ALLOW, r.decision().outcome(), () -> r.describe(POLICY));
    }

    /**
     * A presented warrant is authenticated on the submitting thread (structure, MAC, holder) and admitted on the
     * engine thread against the key ring as it is then: a key retired past its grace while the request was
     * pending refuses it there.
     */
    @Test
    void shouldRefuseAWarrantWhoseKeyRetiredWhileItWasPending(@TempDir final Path dir) throws Exception {
        final KeyRing keys = new KeyRing(60_000, 1, SECRET);
        final Request r = decidedWhilePending(dir, keys, w -> { },
            w -> keys.rotate(2, OTHER_SECRET, System.currentTimeMillis() - 60_001), null); // key 1 past its grace
        assertEquals(Reason.KEY_RETIRED, r.decision().reason(), () -> r.describe(POLICY));
    }

    /**
     * A warrant authenticated at submission whose key id the ring gave to another secret while it was pending
     * (the key purged, the id used again) is verified whole on the engine thread, under the new secret.
     */
    @Test
    void shouldVerifyAgainAWarrantWhoseKeyIdWasGivenAnotherSecretWhileItWasPending(@TempDir final Path dir)
        throws Exception {
        final KeyRing keys = new KeyRing(60_000, 1, SECRET);
        final Request r = decidedWhilePending(dir, keys, w -> { }, w -> {
            final long now = System.currentTimeMillis();
            keys.rotate(2, OTHER_SECRET, now - 60_001);
            assertEquals(1, keys.purge(now));
            keys.rotate(1, SECRET_THREE, now); // id 1 again, another secret
        }, null);
        assertEquals(Reason.BAD_MAC, r.decision().reason(), () -> r.describe(POLICY));
    }

    /** A warrant whose key the ring did not hold at submission is verified whole on the engine thread. */
    @Test
    void shouldVerifyAtDecisionAWarrantWhoseKeyJoinedTheRingWhileItWasPending(@TempDir final Path dir)
        throws Exception {
        final KeyRing keys = new KeyRing(60_000, 1, SECRET);
        final Reason[] late = new Reason[1];
        final Request r = decidedWhilePending(dir, keys,
            // The same warrant signed under key 2, which the engine's ring does not hold yet.
            w -> new dev.baton.codec.WarrantAuthenticator(new KeyRing(60_000, 2, OTHER_SECRET))
                .sign(w.bytes, 0, w.length - dev.baton.codec.WarrantLayout.MAC_LENGTH),
            w -> keys.rotate(2, OTHER_SECRET, System.currentTimeMillis()),
            (engine, w) -> { // presented again once key 2 is past its grace
                keys.rotate(3, SECRET_THREE, System.currentTimeMillis() - 60_001);
                final Request again = authorize(engine, w, 4);
                engine.decide(again, 5, TimeUnit.SECONDS);
                late[0] = again.decision().reason();
            });
        assertEquals(Outcome.ALLOW, r.decision().outcome(), () -> r.describe(POLICY));
        assertEquals(Reason.KEY_RETIRED, late[0]);
    }

    @Test
    void shouldRefuseATamperedWarrantAndAnotherPresenterAuthenticatedAtSubmission(@TempDir final Path dir)
        throws Exception {
        final KeyRing keys = new KeyRing(60_000, 1, SECRET);
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).keys(keys))) {
            final Issued w = issue(engine);
            final Request r = authorize(engine, w, 2);
            r.presenter(engine.identity("user:alice@acme.example"));
            engine.decide(r, 5, TimeUnit.SECONDS);
            assertEquals(Reason.NOT_HOLDER, r.decision().reason(), () -> r.describe(POLICY));
            final int at = dev.baton.codec.WarrantLayout.GRANT_ID_OFFSET;
            w.bytes.putByte(at, (byte) (w.bytes.getByte(at) ^ 1));
            engine.decide(authorize(engine, w, 3), 5, TimeUnit.SECONDS);
            assertEquals(Reason.BAD_MAC, r.decision().reason(), () -> r.describe(POLICY));
            w.bytes.putByte(at, (byte) (w.bytes.getByte(at) ^ 1));
            engine.decide(authorize(engine, w, 4), 5, TimeUnit.SECONDS);
            assertEquals(Outcome.ALLOW, r.decision().outcome(), () -> r.describe(POLICY));
        }
        assertReplays(dir, keys);
    }

    /** What a test does to the engine after the request under test is decided, before the engine closes. */
    private interface After {
        void run(JournaledEngine engine, Issued warrant) throws Exception;
    }

    /**
     * Issues the planner a root warrant ({@code prepare} may change its bytes), submits the planner's authorize
     * presenting it while the engine thread is held, runs {@code whilePending} (the caller's buffer reused,
     * key-ring events between submission and decision), lets the engine decide it, runs {@code after} (if any), closes the engine and
     * checks that the journal replays.
     *
     * @return the decided request.
     */
    private Request decidedWhilePending(final Path dir, final KeyRing keys,
                                        final java.util.function.Consumer<Issued> prepare,
                                        final java.util.function.Consumer<Issued> whilePending, final After after)
        throws Exception {
        final HeldClock clock = new HeldClock();
        final Request r = new Request();
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).clock(clock).keys(keys))) {
            final Issued w = issue(engine);
            prepare.accept(w);
            final Request blocker = hold(engine, clock, 2);
            r.reset(Request.Op.AUTHORIZE, 3).presenter(w.holder).warrant(w.bytes, 0, w.length)
                .call(POLICY.capability("crm.lookup", "read"), POLICY.dataClass("internal"));
            assertEquals(JournaledEngine.ACCEPTED, engine.tryDecide(r));
            whilePending.accept(w);
            clock.release();
            awaitDone(blocker);
            awaitDone(r);
            if (after != null) {
                after.run(engine, w);
            }
        } finally {
            clock.release();
        }
        assertReplays(dir, keys);
        return r;
    }

    /** A root warrant the engine issued to the planner. */
    private record Issued(UnsafeBuffer bytes, int length, int holder) {
    }

    private static Issued issue(final JournaledEngine engine) throws Exception {
        final int alice = engine.identity("user:alice@acme.example");
        final int planner = engine.identity("spiffe://acme.example/agent/planner");
        final UnsafeBuffer issued = new UnsafeBuffer(new byte[engine.maxWarrantLength()]);
        final Request r = new Request();
        r.reset(Request.Op.OPEN, 1).principal(alice).purpose(0).child(planner, EngineFixture.rootScope(POLICY))
            .warrantsTo(issued, 0);
        engine.decide(r, 5, TimeUnit.SECONDS);
        assertTrue(r.warrantLength(0) > 0, () -> r.describe(POLICY));
        return new Issued(issued, r.warrantLength(0), planner);
    }

    private final Request call = new Request();

    /** The planner's authorize presenting {@code w} (one request object, reused). */
    private Request authorize(final JournaledEngine engine, final Issued w, final long id) {
        return call.reset(Request.Op.AUTHORIZE, id).presenter(w.holder).warrant(w.bytes, 0, w.length)
            .call(POLICY.capability("crm.lookup", "read"), POLICY.dataClass("internal"));
    }

    private static void assertReplays(final Path dir, final KeyRing keys) throws Exception {
        final JournalReplay replay = new JournalReplay(keys, 64, 1 << 20, 60_000, null).replay(dir);
        assertEquals(0, replay.mismatches(), replay.firstMismatch());
        assertTrue(replay.decisions() > 0, "decisions replayed");
    }

    @Test
    void shouldRefuseATextTooLongForTheJournalAtSubmission(@TempDir final Path dir) {
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir))) {
            final Request r = new Request();
            final int read = POLICY.capability("crm.lookup", "read");
            final int internal = POLICY.dataClass("internal");
            for (final String fits : new String[] {"x".repeat(1024), "\u00e9".repeat(512), "\uD83D\uDE00".repeat(256)}) {
                r.reset(Request.Op.AUTHORIZE, 1).grant(999).presenter(1).call(read, internal).text(fits);
                assertEquals(JournaledEngine.Outcome.DONE, engine.decide(r, 5, TimeUnit.SECONDS));
                assertEquals(Reason.UNKNOWN_GRANT, r.decision().reason());
            }
            r.reset(Request.Op.AUTHORIZE, 2).grant(999).presenter(1).call(read, internal).text("x".repeat(1025));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> engine.tryDecide(r));
            assertTrue(e.getMessage().contains("text too long: 1025 characters, at most 1024 UTF-8 bytes"),
                e.getMessage());
            r.reset(Request.Op.AUTHORIZE, 3).grant(999).presenter(1).call(read, internal).text("\u20ac".repeat(342));
            e = assertThrows(IllegalArgumentException.class, () -> engine.tryDecide(r));
            assertTrue(e.getMessage().contains("text too long: 1026 UTF-8 bytes"), e.getMessage());
            assertTrue(e.getMessage().contains("request 3"), e.getMessage());

            r.reset(Request.Op.AUTHORIZE, 4).grant(999).presenter(1).call(read, internal).text("ok");
            assertEquals(JournaledEngine.Outcome.DONE, engine.decide(r, 5, TimeUnit.SECONDS),
                "a refused submission leaves the request and the engine usable");
        }
    }

    @Test
    void shouldRefuseAFanOutTooLargeForOneJournalRecordAtSubmission(@TempDir final Path dir) throws Exception {
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir))) {
            final int planner = engine.identity("spiffe://acme.example/agent/planner");
            final int reader = engine.identity("spiffe://acme.example/agent/reader/crm");
            final ScopeBits scope = EngineFixture.readScope(POLICY);
            final Request r = new Request(64);
            // Each child's decision repeats the text: 64 x (6 + 172 + 16 x words + 1000) bytes > 65536.
            r.reset(Request.Op.FAN_OUT, 1).grant(999).presenter(planner).text("x".repeat(1000));
            for (int i = 0; i < 64; i++) {
                r.child(reader, scope);
            }
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> engine.tryDecide(r));
            assertTrue(e.getMessage().contains("FAN_OUT request 1 of 64 children could take"), e.getMessage());
            assertTrue(e.getMessage().contains("at most 65536"), e.getMessage());

            r.reset(Request.Op.FAN_OUT, 2).grant(999).presenter(planner).text("x".repeat(100));
            for (int i = 0; i < 64; i++) {
                r.child(reader, scope);
            }
            assertEquals(JournaledEngine.Outcome.DONE, engine.decide(r, 5, TimeUnit.SECONDS),
                "the engine still decides: the refusal never reached its thread");
            assertEquals(Reason.UNKNOWN_GRANT, r.decision(63).reason());
            assertNull(engine.failure());
        }
        final JournalReplay replay = new JournalReplay(null, 64, 1 << 20, 60_000, null).replay(dir);
        assertNull(replay.problem());
        assertEquals(64, replay.decisions());
    }

    @Test
    void shouldRefuseARequestIdAlreadyInFlight(@TempDir final Path dir) throws Exception {
        final HeldClock clock = new HeldClock();
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).clock(clock))) {
            final Request blocker = hold(engine, clock, 1);
            final Request first = new Request();
            first.reset(Request.Op.REVOKE, 7).grant(999).actor(0);
            assertEquals(JournaledEngine.ACCEPTED, engine.tryDecide(first));
            final Request second = new Request();
            second.reset(Request.Op.REVOKE, 7).grant(998).actor(0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> engine.tryDecide(second));
            assertTrue(e.getMessage().contains("request id 7 is already in flight"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> engine.decideAsync(second));
            second.reset(Request.Op.REVOKE, 1).grant(998).actor(0);
            assertThrows(IllegalArgumentException.class, () -> engine.tryDecide(second),
                "the id of the request being decided is in flight too");
            clock.release();
            awaitDone(blocker);
            awaitDone(first);
            assertEquals(Reason.UNKNOWN_GRANT, first.decision().reason(), "the refusal did not disturb the first");
            second.reset(Request.Op.REVOKE, 7).grant(998).actor(0);
            assertEquals(JournaledEngine.Outcome.DONE, engine.decide(second, 5, TimeUnit.SECONDS),
                "an id is free again once its request is done");
        }
        final JournalReplay replay = new JournalReplay(null, 64, 1 << 20, 60_000, null).replay(dir);
        assertNull(replay.problem());
        assertEquals(3, replay.decisions(), "refused submissions are not journaled");
    }

    @Test
    void shouldRefuseRequestIdsThatAreNotPositive(@TempDir final Path dir) {
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir))) {
            final Request r = new Request();
            for (final long id : new long[] {0, -1, Long.MIN_VALUE}) {
                r.reset(Request.Op.REVOKE, id).grant(999).actor(0);
                final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> engine.tryDecide(r));
                assertTrue(e.getMessage().contains("strictly positive"), e.getMessage());
            }
        }
    }

    /** Submits a request that holds the engine thread in its clock until {@link HeldClock#release()}. */
    private static Request hold(final JournaledEngine engine, final HeldClock clock, final long id)
        throws InterruptedException {
        final Request blocker = new Request();
        blocker.reset(Request.Op.REVOKE, id).grant(999).actor(0);
        clock.hold();
        assertEquals(JournaledEngine.ACCEPTED, engine.tryDecide(blocker));
        clock.awaitHeld();
        return blocker;
    }

    private static void awaitDone(final Request r) {
        assertTrue(r.await(System.nanoTime() + TimeUnit.SECONDS.toNanos(10)), "request " + r.requestId() + " done");
    }
}
