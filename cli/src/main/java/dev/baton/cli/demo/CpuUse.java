package dev.baton.cli.demo;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashSet;
import java.util.Set;

/**
 * The CPU the timed run used: the engine thread's, the producer threads' and the whole process's, so that
 * the report can say what a decision costs in CPU as well as in wall time. On a shared or busy machine the
 * rate moves with what else runs; CPU per decision moves far less, and the engine thread's share of a core
 * says whether the engine or the machine held the rate back (docs/demo.md).
 * <p>
 * The engine thread is the thread named {@value #ENGINE_THREAD} that the demo's engine started ({@link
 * #startedSince}); each producer reads its own thread's CPU when it ends ({@link #currentThread()}). A JVM
 * that does not measure thread CPU time gives -1 for each, and the report says it was not measured.
 * <p>
 * <b>Note:</b> used by the demo's main thread and, for {@link #currentThread()}, by each producer; allocates
 * (outside the timed loops).
 */
final class CpuUse {
    /** The name the engine gives its thread ({@code JournaledEngine}). */
    static final String ENGINE_THREAD = "baton-engine";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuUse() {
    }

    /** @return the calling thread's CPU time so far (ns), or -1 if this JVM does not measure it. */
    static long currentThread() {
        return measured() ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    /** @return the live threads named as an engine's ({@value #ENGINE_THREAD}). */
    static Set<Thread> engineThreads() {
        final Set<Thread> engines = new HashSet<>();
        for (final Thread t : Thread.getAllStackTraces().keySet()) {
            if (ENGINE_THREAD.equals(t.getName())) {
                engines.add(t);
            }
        }
        return engines;
    }

    /**
     * @param before {@link #engineThreads()} before the demo's engine started.
     * @return the one engine thread started since, or null if there is not exactly one.
     */
    static Thread startedSince(final Set<Thread> before) {
        final Set<Thread> now = engineThreads();
        now.removeAll(before);
        return now.size() == 1 ? now.iterator().next() : null;
    }

    /** @return {@code thread}'s CPU time so far (ns), or -1 if it is null, not alive or not measured. */
    static long thread(final Thread thread) {
        return thread == null || !measured() ? -1 : THREADS.getThreadCpuTime(thread.getId());
    }

    /** @return the process's CPU time so far (ns), every thread, or -1 if this JVM does not report it. */
    static long process() {
        final java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return -1;
    }

    /**
     * @return the JIT compilers' accumulated compiling time so far (ms, summed over the compiler threads), or -1
     *     if this JVM does not report it.
     */
    static long compiling() {
        final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    private static boolean measured() {
        return THREADS.isThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
    }
}
