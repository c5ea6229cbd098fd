package dev.baton.cli.demo;

import net.openhft.affinity.Affinity;

import java.util.BitSet;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the demo's threads run when it has several engines: each engine's thread and its producer threads on
 * one vCPU of their own (engine {@code e} on the {@code e}-th vCPU this process may use), through OpenHFT's
 * {@link Affinity}. A producer hands every request to its engine through cache lines (the request, its scopes,
 * its decision slots, the batch); on one vCPU they stay in that core's caches, across two every line crosses
 * (docs/performance.md measures it). The engine's helper threads (journal pretoucher and syncer, completion),
 * the JIT and GC are not pinned. Pinned engines wait in {@link dev.baton.engine.WaitMode#PARK} mode on any
 * machine: a thread spinning on a vCPU it shares with the thread it waits for only delays that thread.
 * <p>
 * No pinning with one engine (the operating system places its threads, as before), with {@code --no-pin}, or
 * when this process may use fewer vCPUs than there are engines or the platform does not say which it may use.
 * A pin that does not hold (read back after it is set) is counted, and the report says so.
 * <p>
 * <b>Note:</b> thread-safe; {@link #pin(int)} is called once by each thread as it starts, not on a hot path.
 */
final class CpuPins {
    private final int[] cpus;
    private final String plan;
    private final AtomicInteger pinned = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    private CpuPins(final int[] cpus, final String plan) {
        this.cpus = cpus;
        this.plan = plan;
    }

    /**
     * @param engines the demo's engines.
     * @param wanted  false for {@code --no-pin}.
     * @return where each engine's threads go, or no pinning (and why).
     */
    static CpuPins plan(final int engines, final boolean wanted) {
        if (engines == 1) {
            return new CpuPins(null, "not pinned (one engine)");
        }
        if (!wanted) {
            return new CpuPins(null, "not pinned (--no-pin)");
        }
        BitSet allowed;
        try {
            allowed = Affinity.getAffinity();
        } catch (final RuntimeException | LinkageError e) {
            allowed = new BitSet();
        }
        if (allowed.cardinality() < engines) {
            return new CpuPins(null, allowed.isEmpty() ? "not pinned (this platform does not say which vCPUs the"
                + " process may use)" : "not pinned (" + engines + " engines, " + allowed.cardinality() + " vCPUs)");
        }
        final int[] cpus = new int[engines];
        final StringBuilder plan = new StringBuilder("each engine's thread and producer threads pinned to a vCPU: ");
        for (int e = 0, cpu = allowed.nextSetBit(0); e < engines; e++, cpu = allowed.nextSetBit(cpu + 1)) {
            cpus[e] = cpu;
            plan.append(e == 0 ? "" : ", ").append("engine ").append(e + 1).append(" on ").append(cpu);
        }
        return new CpuPins(cpus, plan.toString());
    }

    /** @return what the plan is, for the report's header. */
    String plan() {
        return plan;
    }

    /** @return whether threads are pinned at all. */
    boolean pinning() {
        return cpus != null;
    }

    /**
     * Pins the calling thread to engine {@code engine}'s vCPU, if pinning; reads it back.
     *
     * @return false if pinning and the pin did not hold.
     */
    boolean pin(final int engine) {
        if (cpus == null) {
            return true;
        }
        final int cpu = cpus[engine];
        try {
            Affinity.setAffinity(cpu);
            final BitSet now = Affinity.getAffinity();
            if (now.cardinality() == 1 && now.get(cpu)) {
                pinned.incrementAndGet();
                return true;
            }
        } catch (final RuntimeException | LinkageError e) {
            // counted below: the thread runs where the operating system puts it
        }
        failed.incrementAndGet();
        return false;
    }

    /** @return a factory for engine {@code engine}'s thread: named {@code baton-engine}, a daemon, pinned first. */
    ThreadFactory engineThreads(final int engine) {
        return r -> {
            final Thread t = new Thread(() -> {
                pin(engine);
                r.run();
            }, CpuUse.ENGINE_THREAD);
            t.setDaemon(true);
            return t;
        };
    }

    /** @return threads pinned so far. */
    int pinned() {
        return pinned.get();
    }

    /** @return threads whose pin did not hold. */
    int failed() {
        return failed.get();
    }
}
