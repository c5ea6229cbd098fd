package dev.baton.engine;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The system clock, except that it can hold the engine thread inside the next decision it times: the
 * engine reads the clock at the start of the first request of every ring batch (and of every 16th request
 * after it), so a request submitted to an idle engine is held, and tests can queue requests behind it and
 * change the caller's objects while those are pending.
 */
final class HeldClock implements InstantSource {
    private final Semaphore entered = new Semaphore(0);
    private volatile CountDownLatch release;

    /** The next request the engine thread starts to decide waits in the clock until {@link #release()}. */
    void hold() {
        release = new CountDownLatch(1);
    }

    /** Waits until the engine thread is held. */
    void awaitHeld() throws InterruptedException {
        assertTrue(entered.tryAcquire(10, TimeUnit.SECONDS), "the engine thread reached the held clock");
    }

    /** Lets the engine thread go on. */
    void release() {
        final CountDownLatch l = release;
        release = null;
        if (l != null) {
            l.countDown();
        }
    }

    @Override
    public long millis() {
        final CountDownLatch l = release;
        if (l != null && Thread.currentThread().getName().equals("baton-engine")) {
            entered.release();
            try {
                l.await(30, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return System.currentTimeMillis();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }
}
