package dev.baton.analysis;

/**
 * The fixpoint: from one {@link Source}, the capabilities each agent class can hold in a grant that also
 * holds one data class (or whatever its data), computed layer by layer over depth. A grant at depth
 * d + 1 can hold capability c only if its parent at depth d held it and the step's rules let it through
 * ({@link StepRules}); so the set at (agent, depth) is the union, over its parents, of the parent's set
 * masked by the step, and the fixpoint is reached when no layer is left (depth is bounded by the
 * largest {@code max_depth}).
 * <p>
 * Exact for single (capability, data class) pairs: every rule is an intersection, so a pair is held at
 * an agent exactly when some chain carries that pair alone through every step, and union then mask is
 * mask then union.
 * <p>
 * <b>Note:</b> stateless; thread-safe. Each run allocates its layers (agents x capability words).
 */
final class Reachability {
    private Reachability() {
    }

    /**
     * @param rules      the rules to apply.
     * @param s          the source.
     * @param x          the data class every grant on the chain must hold, or -1 for any (even none).
     * @param reviewFree true to follow only steps that ask for no review.
     * @return what each agent class can hold.
     */
    static AgentReach run(final StepRules rules, final Source s, final int x, final boolean reviewFree) {
        return run(new StepMasks(rules, s, reviewFree), x);
    }

    /**
     * @param masks the source's step masks (with its rules, source and review mode).
     * @param x     the data class every grant on the chain must hold, or -1 for any (even none).
     * @return what each agent class can hold.
     */
    static AgentReach run(final StepMasks masks, final int x) {
        return run(masks, x, null);
    }

    /** What a run passes through, for {@link PolicyWarnings}. */
    interface Visitor {
        /** Agent {@code a} holds a grant at {@code depth} with capabilities {@code caps} (shared; do not keep). */
        void node(int a, int depth, long[] caps);

        /** A delegation from {@code a} at {@code depth} to {@code b} carries something ({@code carries}) or not. */
        void edge(int a, int b, int depth, boolean carries);
    }

    /**
     * @param visitor told of every node and edge the run passes, or null.
     * @return what each agent class can hold.
     */
    static AgentReach run(final StepMasks masks, final int x, final Visitor visitor) {
        final StepRules rules = masks.rules;
        final Source s = masks.source;
        final boolean reviewFree = masks.reviewFree;
        final PolicyModel m = rules.model();
        final int n = m.agents;
        final AgentReach out = new AgentReach(n);
        long[][] cur = new long[n][];
        for (final int a : rules.roots(s)) {
            if (x < 0 || (rules.rootData(s, a, reviewFree) & (1L << x)) != 0) {
                cur[a] = new long[m.words];
                if (x < 0 || (rules.rootUsableData(s, a, reviewFree) & (1L << x)) != 0) {
                    rules.fillRootCaps(s, a, reviewFree, cur[a]);
                }
            }
        }
        final int[] every = everyAgent(n);
        for (int d = 0; d <= dev.baton.core.CompiledPolicy.MAX_DEPTH; d++) {
            boolean any = false;
            for (int a = 0; a < n; a++) {
                if (cur[a] != null) {
                    out.add(a, d, cur[a]);
                    if (visitor != null) {
                        visitor.node(a, d, cur[a]);
                    }
                    any = true;
                }
            }
            if (!any || d == dev.baton.core.CompiledPolicy.MAX_DEPTH) {
                break;
            }
            cur = step(masks, x, cur, d, every, visitor);
        }
        return out;
    }

    private static long[][] step(final StepMasks masks, final int x, final long[][] cur, final int d,
                                 final int[] every, final Visitor visitor) {
        final StepRules rules = masks.rules;
        final PolicyModel m = rules.model();
        final int n = m.agents;
        final long[][] next = new long[n][];
        for (int a = 0; a < n; a++) {
            if (cur[a] == null) {
                continue;
            }
            for (final int b : rules.successors(a, every)) {
                if (!rules.mayDelegate(a, b, d) || (x >= 0 && (masks.data(b, d + 1) & (1L << x)) == 0)) {
                    continue;
                }
                if (next[b] == null) {
                    next[b] = new long[m.words];
                }
                final long[] mask = masks.caps(b, d + 1);
                final long[] dst = next[b];
                final long[] src = cur[a];
                long carried = 0;
                for (int w = 0; w < m.words; w++) {
                    final long v = src[w] & mask[w];
                    dst[w] |= v;
                    carried |= v;
                }
                if (visitor != null) {
                    visitor.edge(a, b, d, x >= 0 || carried != 0);
                }
            }
        }
        return next;
    }

    static int[] everyAgent(final int n) {
        final int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return all;
    }
}
