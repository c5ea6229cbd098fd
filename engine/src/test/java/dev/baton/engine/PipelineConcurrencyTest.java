package dev.baton.engine;

import dev.baton.codec.CodecError;
import dev.baton.codec.SwapBodyDecoder;
import dev.baton.codec.DecisionDecoder;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionSlot;
import dev.baton.Outcome;
import dev.baton.Reason;
import dev.baton.core.ScopeBits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static dev.baton.engine.EngineFixture.POLICY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ordering and exactly-once under concurrency; durability (fsync) is the crash test's subject. */
class PipelineConcurrencyTest {
    private static final int PRODUCERS = 8;
    private static final int PER_PRODUCER = 2_000;

    /** What a caller saw for one request: outcome, reason and grant of each decision. */
    private static String seen(final Request r) {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r.children(); i++) {
            final DecisionSlot d = r.decision(i);
            sb.append(d.outcome()).append('/').append(d.reason()).append('/').append(d.grantId()).append(';');
        }
        return sb.toString();
    }

    @Test
    void shouldCompleteEveryRequestExactlyOnceAndJournalWhatCallersSaw(@TempDir final Path dir) throws Exception {
        final Map<Long, String> callers = new ConcurrentHashMap<>();
        final Map<Long, AtomicInteger> completions = new ConcurrentHashMap<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).ringSize(256).fsync(FsyncMode.NONE, 0))) {
            final int alice = engine.identity("user:alice@acme.example");
            final int planner = engine.identity("spiffe://acme.example/agent/planner");
            final int[] readers = new int[PRODUCERS];
            for (int t = 0; t < PRODUCERS; t++) {
                readers[t] = engine.identity("spiffe://acme.example/agent/reader/r" + t);
            }
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < PRODUCERS; t++) {
                final int me = t;
                threads.add(new Thread(() -> {
                    try {
                        final Request r = new Request(2);
                        final Request.Listener count = done -> completions
                            .computeIfAbsent(done.requestId(), k -> new AtomicInteger()).incrementAndGet();
                        final ScopeBits root = EngineFixture.rootScope(POLICY);
                        final ScopeBits read = EngineFixture.readScope(POLICY);
                        long rootId = 0;
                        for (int i = 0; i < PER_PRODUCER; i++) {
                            final long id = ((long) me << 32) | (i + 1);
                            if (i % 100 == 0) {
                                r.reset(Request.Op.OPEN, id).principal(alice).purpose(0).child(planner, root);
                            } else if (i % 10 == 0) {
                                r.reset(Request.Op.FAN_OUT, id).grant(rootId).presenter(planner)
                                    .child(readers[me], read).child(readers[(me + 1) % PRODUCERS], read);
                            } else {
                                r.reset(Request.Op.DELEGATE, id).grant(rootId).presenter(planner).child(readers[me], read);
                            }
                            r.listener(count);
                            while (engine.tryDecide(r) == JournaledEngine.BUSY) {
                                Thread.onSpinWait();
                            }
                            while (!r.isDone()) {
                                Thread.onSpinWait();
                            }
                            if (i % 100 == 0) {
                                rootId = r.decision().grantId();
                            }
                            callers.put(id, seen(r));
                        }
                    } catch (final Throwable e) {
                        error.compareAndSet(null, e);
                    }
                }, "producer-" + t));
            }
            threads.forEach(Thread::start);
            for (final Thread t : threads) {
                // Generous: producers spin, and a loaded 2-core machine can starve them for minutes.
                t.join(600_000);
                assertFalse(t.isAlive(), t.getName() + " still running after 10 minutes");
            }
        }
        assertNull(error.get());
        assertEquals(PRODUCERS * PER_PRODUCER, callers.size());
        completions.forEach((id, n) -> assertEquals(1, n.get(), "request " + id + " completed " + n + " times"));
        assertEquals(callers.size(), completions.size());

        final Map<Long, StringBuilder> journal = new ConcurrentHashMap<>();
        final JournalReplay replay = new JournalReplay(null, 4096, 1 << 22, 60_000,
            (record, child, replayed, policy, matches) -> {
                final DecisionDecoder c = record.child(child);
                journal.computeIfAbsent(record.requestId(), k -> new StringBuilder())
                    .append(dev.baton.Outcome.valueOf(c.outcome().name())).append('/')
                    .append(Reason.fromCode(c.reasonCode())).append('/').append(c.grantId()).append(';');
            }).replay(dir);
        assertNull(replay.broken(), "the hash chain verifies");
        assertNull(replay.problem());
        assertEquals(0, replay.mismatches(), replay.firstMismatch());
        assertEquals(callers.size(), journal.size(), "one DECISION record per request");
        callers.forEach((id, saw) -> assertEquals(saw, journal.get(id).toString(), "request " + id));
        assertTrue(replay.stoppedCleanly());
    }

    @Test
    void shouldDenyAuthorizeOnDescendantOnceRevokeIsDecided(@TempDir final Path dir) throws Exception {
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0))) {
            final int alice = engine.identity("user:alice@acme.example");
            final int planner = engine.identity("spiffe://acme.example/agent/planner");
            final int reader = engine.identity("spiffe://acme.example/agent/reader/crm");
            final int helper = engine.identity("spiffe://acme.example/agent/helper/h");
            final Request setup = new Request();
            final ScopeBits read = EngineFixture.readScope(POLICY);
            final AtomicReference<Throwable> error = new AtomicReference<>();
            for (int i = 0; i < 200; i++) {
                setup.reset(Request.Op.OPEN, i * 10L + 10).principal(alice).purpose(0)
                    .child(planner, EngineFixture.rootScope(POLICY));
                engine.decide(setup, 5, TimeUnit.SECONDS);
                final long root = setup.decision().grantId();
                setup.reset(Request.Op.DELEGATE, i * 10L + 1).grant(root).presenter(planner).child(reader, read);
                engine.decide(setup, 5, TimeUnit.SECONDS);
                final long child = setup.decision().grantId();
                setup.reset(Request.Op.DELEGATE, i * 10L + 2).grant(child).presenter(reader).child(helper, read);
                engine.decide(setup, 5, TimeUnit.SECONDS);
                final long grandchild = setup.decision().grantId();
                assertEquals(Outcome.ALLOW, setup.decision().outcome());

                final CountDownLatch revoked = new CountDownLatch(1);
                final Request revoke = new Request();
                revoke.reset(Request.Op.REVOKE, i * 10L + 3).grant(child).actor(planner).listener(r -> revoked.countDown());
                final Request authorize = new Request();
                final long iteration = i;
                final Thread other = new Thread(() -> {
                    try {
                        revoked.await();
                        authorize.reset(Request.Op.AUTHORIZE, iteration * 10 + 4).grant(grandchild).presenter(helper)
                            .call(POLICY.capability("crm.lookup", "read"), POLICY.dataClass("internal"));
                        engine.decide(authorize, 5, TimeUnit.SECONDS);
                    } catch (final Throwable e) {
                        error.compareAndSet(null, e);
                    }
                });
                other.start();
                assertEquals(JournaledEngine.ACCEPTED, engine.tryDecide(revoke));
                other.join(10_000);
                assertNull(error.get());
                assertEquals(Reason.REVOKED, authorize.decision().reason(), () -> authorize.describe(POLICY));
            }
        }
    }

    @Test
    void shouldNeverMixPolicyVersionsWithinOrAcrossASwap(@TempDir final Path dir) throws Exception {
        final CompiledPolicy narrowed = EngineFixture.load("rules-narrowed.yaml");
        assertEquals(POLICY.layoutId(), narrowed.layoutId());
        final AtomicReference<Throwable> error = new AtomicReference<>();
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0))) {
            final int alice = engine.identity("user:alice@acme.example");
            final int planner = engine.identity("spiffe://acme.example/agent/planner");
            final int reader = engine.identity("spiffe://acme.example/agent/reader/crm");
            final int[] others = {engine.identity("spiffe://acme.example/agent/reader/a"),
                engine.identity("spiffe://acme.example/agent/reader/b")};
            final java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                final int me = t;
                threads.add(new Thread(() -> {
                    final Request r = new Request(3);
                    final ScopeBits read = EngineFixture.readScope(POLICY);
                    long i = 1;
                    try {
                        r.reset(Request.Op.OPEN, ((long) me << 32) | i++).principal(alice).purpose(0)
                            .child(planner, EngineFixture.rootScope(POLICY));
                        engine.decide(r, 5, TimeUnit.SECONDS);
                        final long root = r.decision().grantId();
                        while (running.get()) {
                            r.reset(Request.Op.FAN_OUT, ((long) me << 32) | i++).grant(root).presenter(planner)
                                .child(reader, read).child(others[0], read).child(others[1], read);
                            engine.decide(r, 5, TimeUnit.SECONDS);
                        }
                    } catch (final Throwable e) {
                        error.compareAndSet(null, e);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (int s = 0; s < 20; s++) {
                Thread.sleep(10);
                engine.swapPolicy(s % 2 == 0 ? narrowed : POLICY);
            }
            running.set(false);
            for (final Thread t : threads) {
                t.join(10_000);
            }
        }
        assertNull(error.get());
        final long[] current = {0};
        final int[] swaps = {0};
        final long[] decisions = {0};
        final DecisionRecord record = new DecisionRecord();
        final SwapBodyDecoder swap = new SwapBodyDecoder();
        try (JournalReader reader = new JournalReader(dir)) {
            reader.read((sequence, type, body, offset, length) -> {
                if (type == RecordType.SWAP) {
                    assertEquals(CodecError.OK, swap.wrap(body, offset, length, null));
                    current[0] = swap.versionId();
                    swaps[0]++;
                } else if (type == RecordType.DECISION) {
                    assertTrue(record.wrap(body, offset, length));
                    for (int c = 0; c < record.children(); c++) {
                        assertEquals(current[0], record.child(c).policyVersion(),
                            "record " + sequence + " child " + c + " decided with the version in force");
                        decisions[0]++;
                    }
                }
                return true;
            });
            assertNull(reader.broken());
        }
        assertEquals(21, swaps[0], "the initial policy and 20 swaps");
        assertTrue(decisions[0] > 100, "the producers really decided during the swaps: " + decisions[0]);
    }

    @Test
    void shouldAnswerBusyAtOnceWhenTheRingIsFullAndLoseNothing(@TempDir final Path dir) throws Exception {
        final HeldClock clock = new HeldClock();
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).ringSize(8)
            .fsync(FsyncMode.NONE, 0).clock(clock))) {
            final Request blocker = new Request();
            blocker.reset(Request.Op.REVOKE, 1000).grant(999).actor(0);
            clock.hold(); // holds the engine thread in the blocker's decision: the ring can only fill up
            assertEquals(JournaledEngine.ACCEPTED, engine.tryDecide(blocker));
            clock.awaitHeld();
            final List<Request> accepted = new ArrayList<>();
            int busy = 0;
            for (int i = 1; i <= 20; i++) {
                final Request r = new Request();
                r.reset(Request.Op.REVOKE, i).grant(999).actor(0);
                final long t0 = System.nanoTime();
                final int result = engine.tryDecide(r);
                assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(50), "tryDecide never waits");
                if (result == JournaledEngine.ACCEPTED) {
                    accepted.add(r);
                } else {
                    assertEquals(JournaledEngine.BUSY, result);
                    busy++;
                }
            }
            assertTrue(busy > 0, "a ring of 8 held by the engine thread fills up");
            final Request late = new Request();
            late.reset(Request.Op.REVOKE, 100).grant(999).actor(0);
            assertEquals(JournaledEngine.Outcome.BUSY, engine.decide(late, 30, TimeUnit.MILLISECONDS));
            clock.release();
            for (final Request r : accepted) {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!r.isDone() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertTrue(r.isDone(), "every accepted request completes");
                assertEquals(Reason.UNKNOWN_GRANT, r.decision().reason());
            }
            assertEquals(JournaledEngine.Outcome.DONE, engine.decide(late, 5, TimeUnit.SECONDS));
        }
    }
}
