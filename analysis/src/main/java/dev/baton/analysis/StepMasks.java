package dev.baton.analysis;

import dev.baton.core.CompiledPolicy;

/**
 * The step masks of one source, computed once per (agent class, depth) and shared by every fixpoint run
 * of that source: the capability mask does not depend on the data class a run follows, so the runs for
 * each data class reuse it.
 * <p>
 * <b>Note:</b> not thread-safe (fills lazily); one per source and review mode. Allocates a row per
 * (agent, depth) used.
 */
final class StepMasks {
    final StepRules rules;
    final Source source;
    final boolean reviewFree;
    private final long[][][] caps;
    private final long[][] data;
    private final boolean[][] dataKnown;

    StepMasks(final StepRules rules, final Source source, final boolean reviewFree) {
        this.rules = rules;
        this.source = source;
        this.reviewFree = reviewFree;
        final int layers = CompiledPolicy.MAX_DEPTH + 1;
        final int n = rules.model().agents;
        caps = new long[layers][n][];
        data = new long[layers][n];
        dataKnown = new boolean[layers][n];
    }

    /** @return the capabilities a child of class {@code b} at {@code depth} (1 or more) may receive (shared). */
    long[] caps(final int b, final int depth) {
        long[] row = caps[depth][b];
        if (row == null) {
            row = new long[rules.model().words];
            rules.fillStepCaps(source, b, depth, reviewFree, row);
            caps[depth][b] = row;
        }
        return row;
    }

    /** @return the data classes a child of class {@code b} at {@code depth} (1 or more) may receive. */
    long data(final int b, final int depth) {
        if (!dataKnown[depth][b]) {
            data[depth][b] = rules.stepData(source, b, depth, reviewFree);
            dataKnown[depth][b] = true;
        }
        return data[depth][b];
    }
}
