package dev.baton.analysis;

/**
 * What one fixpoint run found, by agent class: whether a grant can reach it at all, the least depth at
 * which one can, and the capabilities it can hold (union over depths).
 * <p>
 * <b>Note:</b> filled by one thread, then read-only; not synchronized. Allocates a capability row per
 * agent reached.
 */
final class AgentReach {
    private final int[] minDepth;
    private final long[][] caps;

    AgentReach(final int agents) {
        minDepth = new int[agents];
        java.util.Arrays.fill(minDepth, -1);
        caps = new long[agents][];
    }

    void add(final int a, final int depth, final long[] row) {
        if (minDepth[a] < 0) {
            minDepth[a] = depth;
            caps[a] = row.clone();
            return;
        }
        final long[] dst = caps[a];
        for (int w = 0; w < dst.length; w++) {
            dst[w] |= row[w];
        }
    }

    /** @return whether some grant (at least an empty one) can be held by agent class {@code a}. */
    boolean reached(final int a) {
        return minDepth[a] >= 0;
    }

    /** @return the least depth of such a grant, or -1. */
    int minDepth(final int a) {
        return minDepth[a];
    }

    /** @return whether agent class {@code a} can hold capability {@code c}. */
    boolean has(final int a, final int c) {
        return caps[a] != null && PolicyModel.get(caps[a], c);
    }

    /** @return the capabilities agent class {@code a} can hold (shared row; do not modify), or null. */
    long[] caps(final int a) {
        return caps[a];
    }
}
