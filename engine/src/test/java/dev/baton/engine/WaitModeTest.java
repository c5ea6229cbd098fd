package dev.baton.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static dev.baton.engine.EngineFixture.POLICY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wait modes: AUTO stands for PARK below four processors and SPIN from four; in PARK mode an idle
 * engine's threads are parked (not burning a core), and a request published to a parked engine thread wakes it.
 */
class WaitModeTest {
    @Test
    void shouldResolveAutoByTheNumberOfProcessors() {
        final WaitMode expected = Runtime.getRuntime().availableProcessors() >= WaitMode.SPIN_PROCESSORS
            ? WaitMode.SPIN : WaitMode.PARK;
        assertEquals(expected, WaitMode.AUTO.resolve());
        assertEquals(WaitMode.PARK, WaitMode.PARK.resolve());
        assertEquals(WaitMode.SPIN, WaitMode.SPIN.resolve());
        assertEquals(0, WaitMode.PARK.spinNanos(), "callers waiting in PARK mode never spin");
        assertTrue(WaitMode.PARK.callerYieldNanos() > 0 && WaitMode.PARK.callerYieldNanos() <= WaitMode.PARK.yieldNanos(),
            "callers waiting in PARK mode yield a while, no longer than the engine thread, before parking");
        assertEquals(0, WaitMode.SPIN.callerYieldNanos(), "callers waiting in SPIN mode spin, then park");
    }

    @Test
    void shouldParkIdleThreadsAndWakeTheEngineForEachRequestInParkMode(@TempDir final Path dir) throws Exception {
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0)
            .waitMode(WaitMode.PARK))) {
            assertEquals(WaitMode.PARK, engine.waitMode());
            final Thread engineThread = thread("baton-engine");
            final Thread completion = thread("baton-completion");
            for (int i = 1; i <= 50; i++) {
                assertParked(engineThread);
                assertParked(completion);
                final Request r = new Request();
                r.reset(Request.Op.REVOKE, i).grant(999).actor(0).listener(i % 2 == 0 ? done -> { } : null);
                assertEquals(JournaledEngine.Outcome.DONE, engine.decide(r, 10, TimeUnit.SECONDS),
                    "request " + i + " woke the parked engine thread");
            }
        }
    }

    @Test
    void shouldNotSpinBetweenSpacedRequestsInParkMode(@TempDir final Path dir) {
        final com.sun.management.ThreadMXBean mx =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0)
            .waitMode(WaitMode.PARK))) {
            final long engineThread = thread("baton-engine").getId();
            final Request r = new Request();
            final long cpuBefore = mx.getThreadCpuTime(engineThread);
            final long wallBefore = System.nanoTime();
            for (int i = 1; i <= 400; i++) {
                r.reset(Request.Op.REVOKE, i).grant(999).actor(0);
                assertEquals(JournaledEngine.Outcome.DONE, engine.decide(r, 10, TimeUnit.SECONDS));
                java.util.concurrent.locks.LockSupport.parkNanos(500_000); // a request every half millisecond or more
            }
            final long cpu = mx.getThreadCpuTime(engineThread) - cpuBefore;
            final long wall = System.nanoTime() - wallBefore;
            // A spinning engine thread would be on a core the whole time (cpu close to wall). In PARK mode it
            // checks, yields at most 50 µs, and parks: well under half the time, however loaded the machine.
            assertTrue(cpu < wall / 2, "engine thread CPU " + cpu / 1_000_000 + " ms of " + wall / 1_000_000 + " ms");
        }
    }

    /** Waits (a generous bound for a loaded machine) until the thread is parked, as an idle thread must end up. */
    private static void assertParked(final Thread t) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        // One read of the state per check: a parked thread with a timeout wakes now and then, so two reads
        // in a row may see it parked, then running.
        Thread.State state = t.getState();
        while (state != Thread.State.TIMED_WAITING && state != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.sleep(1);
            state = t.getState();
        }
        assertTrue(state == Thread.State.TIMED_WAITING || state == Thread.State.WAITING,
            t.getName() + " is parked when idle, found " + state);
    }

    private static Thread thread(final String name) {
        for (final Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no " + name + " thread");
    }
}
