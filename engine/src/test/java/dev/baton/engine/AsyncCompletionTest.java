package dev.baton.engine;

import dev.baton.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static dev.baton.engine.EngineFixture.POLICY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** decideAsync and listeners: complete after the request is final, and never on the engine thread. */
class AsyncCompletionTest {
    private static final int ROUNDS = 3_000;

    @Test
    void shouldCompleteTheFutureAfterTheRequestIsDoneAndOffTheEngineThread(@TempDir final Path dir) {
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0))) {
            final Request r = new Request();
            int notDone = 0;
            int onEngine = 0;
            for (int i = 1; i <= ROUNDS; i++) {
                r.reset(Request.Op.REVOKE, i).grant(999).actor(0);
                final long id = i;
                final AtomicReference<String> thread = new AtomicReference<>();
                final boolean done = engine.decideAsync(r).thenApply(req -> {
                    thread.set(Thread.currentThread().getName());
                    return req.isDone() && req.requestId() == id && req.decision().reason() == Reason.UNKNOWN_GRANT;
                }).join();
                notDone += done ? 0 : 1;
                onEngine += "baton-engine".equals(thread.get()) ? 1 : 0;
            }
            assertEquals(0, notDone, "dependent stages that saw the request not yet done");
            assertEquals(0, onEngine, "dependent stages run on the engine thread");
        }
    }

    @Test
    void shouldLetTheCallerReuseTheRequestAsSoonAsTheFutureCompletes(@TempDir final Path dir) {
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0))) {
            final Request r = new Request();
            final AtomicInteger reusedInStage = new AtomicInteger();
            for (int i = 1; i <= ROUNDS; i++) {
                r.reset(Request.Op.REVOKE, 2L * i).grant(999).actor(0);
                engine.decideAsync(r).join();
                r.reset(Request.Op.REVOKE, 2L * i + 1).grant(999).actor(0); // threw "still pending" before the fix
                // ... and a dependent stage may resubmit the request it was given
                final long next = 2L * ROUNDS + 2L * i;
                engine.decideAsync(r).thenCompose(done -> {
                    done.reset(Request.Op.REVOKE, next).grant(999).actor(0);
                    reusedInStage.incrementAndGet();
                    return engine.decideAsync(done);
                }).join();
            }
            assertEquals(ROUNDS, reusedInStage.get());
        }
    }

    @Test
    void shouldCallListenersOffTheEngineThreadBeforeTheRequestIsDone(@TempDir final Path dir) {
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0))) {
            final Request r = new Request();
            final AtomicReference<String> thread = new AtomicReference<>();
            final AtomicBoolean doneInListener = new AtomicBoolean();
            final AtomicReference<Reason> reason = new AtomicReference<>();
            r.reset(Request.Op.REVOKE, 1).grant(999).actor(0).listener(req -> {
                thread.set(Thread.currentThread().getName());
                doneInListener.set(req.isDone());
                reason.set(req.decision().reason());
            });
            assertEquals(JournaledEngine.Outcome.DONE, engine.decide(r, 5, TimeUnit.SECONDS));
            assertNotEquals("baton-engine", thread.get());
            assertEquals("baton-completion", thread.get());
            assertFalse(doneInListener.get(), "a listener runs just before the request turns done");
            assertEquals(Reason.UNKNOWN_GRANT, reason.get(), "and sees its outputs final");
        }
    }

    @Test
    void shouldKeepDecidingWhileAListenerBlocks(@TempDir final Path dir) throws Exception {
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0))) {
            final CountDownLatch release = new CountDownLatch(1);
            final Request slow = new Request();
            slow.reset(Request.Op.REVOKE, 1).grant(999).actor(0).listener(req -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            final CompletableFuture<Request> slowFuture = engine.decideAsync(slow);
            final Request other = new Request();
            for (int i = 2; i < 100; i++) {
                other.reset(Request.Op.REVOKE, i).grant(999).actor(0);
                assertEquals(JournaledEngine.Outcome.DONE, engine.decide(other, 2, TimeUnit.SECONDS),
                    "a blocked listener does not hold up the engine thread");
            }
            assertFalse(slow.isDone(), "not done while its listener runs");
            assertFalse(slowFuture.isDone());
            release.countDown();
            assertTrue(slowFuture.get(5, TimeUnit.SECONDS).isDone());
        }
    }

    @Test
    void shouldCompleteTheRequestWhenItsListenerThrows(@TempDir final Path dir) {
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0))) {
            final Request r = new Request();
            r.reset(Request.Op.REVOKE, 1).grant(999).actor(0).listener(req -> {
                throw new IllegalStateException("a listener's own bug (expected in this test)");
            });
            final Thread.UncaughtExceptionHandler quiet = (t, e) -> { };
            final Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
            Thread.setDefaultUncaughtExceptionHandler(quiet);
            try {
                assertTrue(engine.decideAsync(r).join().isDone());
            } finally {
                Thread.setDefaultUncaughtExceptionHandler(before);
            }
            r.reset(Request.Op.REVOKE, 2).grant(999).actor(0);
            assertEquals(JournaledEngine.Outcome.DONE, engine.decide(r, 5, TimeUnit.SECONDS));
            assertNull(engine.failure());
        }
    }
}
