package dev.baton.engine;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a caller waits for its batch or request ({@link WaitMode}): spin, then yield, then park. A completion
 * that lands while the caller is still yielding finds no waiter to wake, so the engine thread makes no
 * unpark call for it; one that lands later wakes the parked caller; the deadline bounds every phase.
 */
class CallerWaitTest {
    private static final long LONG_YIELD = TimeUnit.SECONDS.toNanos(20);

    @Test
    void shouldSeeABatchCompletedWhileYieldingWithoutAskingForAWakeUp() throws Exception {
        final RequestBatch batch = new RequestBatch(1).add(new Request());
        assertTrue(batch.begin(0, LONG_YIELD));
        final Waiter w = new Waiter(() -> batch.await(System.nanoTime() + LONG_YIELD, 0, LONG_YIELD));
        w.awaitStarted();
        Thread.sleep(20); // the waiter is yielding: the yield phase lasts far longer than the test
        assertFalse(batch.wakeUpAsked(), "a caller still yielding has not asked to be woken");
        batch.arrive(1);
        assertEquals(1, w.result(), "the yielding caller saw the batch done");
        assertFalse(batch.wakeUpAsked(), "nobody was to be woken");
    }

    @Test
    void shouldParkAfterTheYieldPhaseAndBeWokenByTheLastArrival() throws Exception {
        final RequestBatch batch = new RequestBatch(2).add(new Request()).add(new Request());
        assertTrue(batch.begin(0, TimeUnit.MICROSECONDS.toNanos(50)));
        final Waiter w = new Waiter(() -> batch.await(System.nanoTime() + LONG_YIELD, 0,
            TimeUnit.MICROSECONDS.toNanos(50)));
        w.awaitStarted();
        w.awaitParked();
        assertTrue(batch.wakeUpAsked(), "past its yield phase the caller parks and asks to be woken");
        batch.arrive(1);
        assertFalse(batch.isDone(), "one request of two arrived");
        batch.arrive(1);
        assertEquals(1, w.result(), "the last arrival completed the batch and the caller saw it");
    }

    @Test
    void shouldStopYieldingAtTheDeadline() {
        final RequestBatch batch = new RequestBatch(1).add(new Request());
        assertTrue(batch.begin(0, LONG_YIELD));
        final long start = System.nanoTime();
        assertFalse(batch.await(start + TimeUnit.MILLISECONDS.toNanos(50), 0, LONG_YIELD), "not done by the deadline");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "the deadline, not the yield phase, ended it");
        final Request r = new Request();
        assertTrue(r.begin());
        final long again = System.nanoTime();
        assertFalse(r.await(again + TimeUnit.MILLISECONDS.toNanos(50), 0, LONG_YIELD), "not done by the deadline");
        assertTrue(System.nanoTime() - again < TimeUnit.SECONDS.toNanos(10), "the deadline, not the yield phase, ended it");
    }

    @Test
    void shouldSeeARequestFinishedWhileYieldingWithoutAskingForAWakeUp() throws Exception {
        final Request r = new Request();
        assertTrue(r.begin());
        final Waiter w = new Waiter(() -> r.await(System.nanoTime() + LONG_YIELD, 0, LONG_YIELD));
        w.awaitStarted();
        Thread.sleep(20);
        assertFalse(r.wakeUpAsked(), "a caller still yielding has not asked to be woken");
        r.finish();
        assertEquals(1, w.result(), "the yielding caller saw the request done");
    }

    /** A thread that waits as told and keeps the answer: 1 done, 0 not done, -1 still waiting. */
    private static final class Waiter {
        private final AtomicInteger result = new AtomicInteger(-1);
        private final Thread thread;
        private volatile boolean started;

        Waiter(final BooleanSupplier wait) {
            this.thread = new Thread(() -> {
                started = true;
                result.set(wait.getAsBoolean() ? 1 : 0);
            }, "caller-wait-test");
            thread.setDaemon(true);
            thread.start();
        }

        void awaitStarted() throws InterruptedException {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!started && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertTrue(started, "the waiter started");
        }

        void awaitParked() throws InterruptedException {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Thread.State state = thread.getState();
            while (state != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
                Thread.sleep(1);
                state = thread.getState();
            }
            assertEquals(Thread.State.TIMED_WAITING, state, "the waiter parked");
        }

        int result() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            return result.get();
        }
    }
}
