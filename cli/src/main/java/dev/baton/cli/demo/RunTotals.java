package dev.baton.cli.demo;

import dev.baton.core.CompiledPolicy;
import org.HdrHistogram.Histogram;

/**
 * What one demo run counted and measured, gathered from the producers and the late shift for the
 * report.
 * <p>
 * <b>Note:</b> filled and read by the demo's main thread only.
 */
final class RunTotals {
    /** Latency per request, all producers. */
    final Histogram histogram = new Histogram(Producer.MAX_NANOS, 3);
    /** Latency over the run's time, all producers. */
    final LatencyTimeline timeline = new LatencyTimeline();
    /** Decisions by outcome, reason and rule: the run's and the late shift's. */
    final Outcomes outcomes;
    /** Missed expectations (shared by the producers while they run). */
    final Misses misses;
    /** Tasks started in the warm-up and the run, by template. */
    final long[] tasks;
    long lateTasks;
    long warmupDecisions;
    /** From the warm-up's common start to its last completion (System.nanoTime). */
    long warmupNanos;
    long runDecisions;
    long lateDecisions;
    long requests;
    /** From the common start to the last completion (System.nanoTime). */
    long elapsedNanos;
    /** How far the late shift moved the demo clock. */
    long clockOffsetMillis;
    long journalBytes;
    /** Bytes the engine wrote to the journal (records and document headers), not the files' allocated size. */
    long journalWritten;
    long replayNanos;
    /** CPU time (ns) the timed run took on the engine thread, the producer threads, the whole process; -1: not measured. */
    long engineCpuNanos = -1;
    long producerCpuNanos = -1;
    long processCpuNanos = -1;
    /** Threads pinned to a vCPU by the end of the timed run, and threads whose pin did not hold ({@link CpuPins}). */
    int pinned;
    int pinFailed;
    /** Milliseconds the JIT compilers spent compiling during the timed run; -1: not reported. */
    long compilingMillis = -1;

    /**
     * @param policy    the run's policy (for its rule count and names).
     * @param templates the workload's template count.
     */
    RunTotals(final CompiledPolicy policy, final int templates) {
        this.outcomes = new Outcomes(policy.ruleCount());
        this.misses = new Misses(policy);
        this.tasks = new long[templates];
    }

    /** @return decisions of the warm-up, the run and the late shift. */
    long total() {
        return warmupDecisions + runDecisions + lateDecisions;
    }
}
