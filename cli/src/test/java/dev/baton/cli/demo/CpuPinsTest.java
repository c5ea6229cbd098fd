package dev.baton.cli.demo;

import net.openhft.affinity.Affinity;
import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link CpuPins}: no pinning with one engine, with {@code --no-pin}, or with more engines than vCPUs; otherwise
 * engine {@code e}'s threads land on the {@code e}-th vCPU the process may use, and only there.
 */
class CpuPinsTest {
    @Test
    void shouldNotPinOneEngineOrWhenToldNotTo() {
        assertFalse(CpuPins.plan(1, true).pinning());
        assertEquals("not pinned (one engine)", CpuPins.plan(1, true).plan());
        final CpuPins off = CpuPins.plan(2, false);
        assertFalse(off.pinning());
        assertEquals("not pinned (--no-pin)", off.plan());
        assertTrue(off.pin(1), "without a plan, pinning a thread is a no-op");
        assertEquals(0, off.pinned() + off.failed());
    }

    @Test
    void shouldNotPinMoreEnginesThanTheProcessHasVcpus() {
        final int vcpus = Affinity.getAffinity().cardinality();
        final CpuPins plan = CpuPins.plan(vcpus + 1, true);
        assertFalse(plan.pinning(), plan.plan());
        assertTrue(plan.plan().startsWith("not pinned ("), plan.plan());
    }

    @Test
    void shouldPinEachEnginesThreadsToItsOwnVcpu() throws InterruptedException {
        final BitSet allowed = Affinity.getAffinity();
        assumeTrue(allowed.cardinality() >= 2, "pinning two engines needs two vCPUs; this process may use " + allowed);
        final CpuPins pins = CpuPins.plan(2, true);
        assertTrue(pins.pinning(), pins.plan());
        final int first = allowed.nextSetBit(0);
        final int second = allowed.nextSetBit(first + 1);
        assertEquals("each engine's thread and producer threads pinned to a vCPU: engine 1 on " + first
            + ", engine 2 on " + second, pins.plan());
        final AtomicReference<BitSet> producer = new AtomicReference<>();
        final Thread t = new Thread(() -> {
            pins.pin(1);
            producer.set(Affinity.getAffinity());
        });
        t.start();
        t.join();
        assertEquals(BitSet.valueOf(new long[] {1L << second}), producer.get(), "engine 2's producer on its vCPU");
        final AtomicReference<BitSet> engine = new AtomicReference<>();
        final Thread e = pins.engineThreads(0).newThread(() -> engine.set(Affinity.getAffinity()));
        assertEquals(CpuUse.ENGINE_THREAD, e.getName());
        assertTrue(e.isDaemon());
        e.start();
        e.join();
        assertEquals(BitSet.valueOf(new long[] {1L << first}), engine.get(), "engine 1's thread on its vCPU");
        assertEquals(2, pins.pinned());
        assertEquals(0, pins.failed());
        assertEquals(allowed, Affinity.getAffinity(), "the calling thread is left where it was");
    }
}
