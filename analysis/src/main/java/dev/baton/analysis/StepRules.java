package dev.baton.analysis;

/**
 * The delegation rules of a compiled policy as the analysis applies them, step by step in BRIEF.md's
 * order: what a root grant may hold, and what the grant created at each step of a chain may hold. Both
 * the bitset fixpoint ({@link Reachability}) and the single-bit searches ({@link WitnessSearch}) take
 * their masks from here, so the two cannot disagree on a rule.
 * <p>
 * A {@link Relaxation} switches rules off, one family or one rule at a time, to find the rule that cuts
 * every path.
 * <p>
 * <b>Note:</b> stateless over an immutable {@link PolicyModel}; thread-safe. The {@code fill} methods
 * write into a caller's array and allocate nothing.
 */
final class StepRules {
    private final PolicyModel m;
    private final Relaxation off;

    StepRules(final PolicyModel model, final Relaxation relaxation) {
        this.m = model;
        this.off = relaxation;
    }

    PolicyModel model() {
        return m;
    }

    /** The agents that may receive the root grant of {@code s}. */
    int[] roots(final Source s) {
        if (!s.breakGlass()) {
            return new int[] {s.entry()};
        }
        int n = 0;
        final int[] out = new int[m.agents];
        for (int a = 0; a < m.agents; a++) {
            if (m.domain[a] == s.rootDomain()) {
                out[n++] = a;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** Capabilities the root grant of {@code s} at agent {@code a} may hold, into {@code dst}. */
    void fillRootCaps(final Source s, final int a, final boolean reviewFree, final long[] dst) {
        final boolean glass = s.breakGlass();
        final long[] ceiling = glass && m.glassHasCeiling[s.glassRule()] ? m.glassCeiling[s.glassRule()] : m.agentCeiling[a];
        final boolean agentOn = glass ? !off.agentCeiling(a) || m.glassHasCeiling[s.glassRule()] : !off.agentCeiling(a);
        // An emergency root without a ceiling of its own is used (authorize) and passed on only within the
        // purpose's ceiling, so that bounds what it can do; one with its own ceiling ignores the purpose's.
        final boolean purposeOn = !(glass && m.glassHasCeiling[s.glassRule()]) && !off.purposeCeiling();
        // An open root asking for a reviewed scope is a REVIEW; a break-glass root without skip_review is refused.
        final boolean reviewOn = (reviewFree && !glass || glass && !m.glassSkipsReview[s.glassRule()]) && !off.review();
        final long[] review = m.reviewCaps[PolicyModel.band(0, false)];
        for (int w = 0; w < m.words; w++) {
            long v = agentOn ? ceiling[w] : -1L;
            if (purposeOn) {
                v &= m.purposeCeiling[s.purpose()][w];
            }
            if (reviewOn) {
                v &= ~review[w];
            }
            dst[w] = v;
        }
        trim(dst);
    }

    /** Data classes the root grant of {@code s} at agent {@code a} may hold. */
    long rootData(final Source s, final int a, final boolean reviewFree) {
        final boolean glass = s.breakGlass();
        long v = glass && m.glassHasCeiling[s.glassRule()] ? m.glassData[s.glassRule()]
            : off.agentCeiling(a) ? -1L : m.agentData[a];
        if (!glass && !off.purposeCeiling()) {
            v &= m.purposeData[s.purpose()];
        }
        if ((reviewFree && !glass || glass && !m.glassSkipsReview[s.glassRule()]) && !off.review()) {
            v &= ~m.reviewData[PolicyModel.band(0, false)];
        }
        return v & allData();
    }

    /**
     * Data classes the root grant of {@code s} at agent {@code a} may hold and also use: an emergency root
     * without a ceiling of its own holds its agent's ceiling but uses only what the purpose's allows.
     */
    long rootUsableData(final Source s, final int a, final boolean reviewFree) {
        final long held = rootData(s, a, reviewFree);
        return s.breakGlass() && !m.glassHasCeiling[s.glassRule()] && !off.purposeCeiling()
            ? held & m.purposeData[s.purpose()] : held;
    }

    /** Whether a holder of class {@code a} at depth {@code depth} may delegate to {@code b}. */
    boolean mayDelegate(final int a, final int b, final int depth) {
        final boolean edgeOk = off.edge(a) || m.edge[a][b];
        final int limit = off.maxDepth(a) ? dev.baton.core.CompiledPolicy.MAX_DEPTH : m.maxDepth[a];
        return edgeOk && depth + 1 <= limit;
    }

    /** Successors of {@code a} to try: its edges, or every agent when its edges are relaxed. */
    int[] successors(final int a, final int[] everyAgent) {
        return off.edge(a) ? everyAgent : m.successors[a];
    }

    /** Capabilities a child of class {@code b} at {@code depth} (1 or more) may receive, into {@code dst}. */
    void fillStepCaps(final Source s, final int b, final int depth, final boolean reviewFree, final long[] dst) {
        final boolean ext = m.external(b, s.rootDomain());
        final int dom = m.domain[b];
        final long[] review = m.reviewCaps[PolicyModel.band(depth, ext)];
        final boolean agentOn = !off.agentCeiling(b);
        final boolean purposeOn = !off.purposeCeiling();
        final boolean ntOn = depth >= 2 && !off.nonTransitive();
        final boolean extOn = ext && !off.external(dom);
        final boolean reviewOn = reviewFree && !off.review();
        for (int w = 0; w < m.words; w++) {
            long v = agentOn ? m.agentCeiling[b][w] : -1L;
            if (purposeOn) {
                v &= m.purposeCeiling[s.purpose()][w];
            }
            if (ntOn) {
                v &= ~m.ntCaps[w];
            }
            if (extOn) {
                v &= dom >= 0 ? m.externalCaps[dom][w] : 0;
            }
            if (reviewOn) {
                v &= ~review[w];
            }
            dst[w] = v;
        }
        trim(dst);
    }

    /** Data classes a child of class {@code b} at {@code depth} (1 or more) may receive. */
    long stepData(final Source s, final int b, final int depth, final boolean reviewFree) {
        final boolean ext = m.external(b, s.rootDomain());
        final int dom = m.domain[b];
        long v = off.agentCeiling(b) ? -1L : m.agentData[b];
        if (!off.purposeCeiling()) {
            v &= m.purposeData[s.purpose()];
        }
        if (depth >= 2 && !off.nonTransitive()) {
            v &= ~m.ntData;
        }
        if (ext && !off.neverLeave()) {
            v &= ~m.neverLeave;
        }
        if (ext && !off.external(dom)) {
            v &= dom >= 0 ? m.externalData[dom] : 0;
        }
        if (reviewFree && !off.review()) {
            v &= ~m.reviewData[PolicyModel.band(depth, ext)];
        }
        return v & allData();
    }

    /** Whether the step to {@code b} at {@code depth} asks for review when it carries exactly ({@code c}, {@code x}). */
    boolean reviewed(final Source s, final int b, final int depth, final int c, final int x) {
        if (depth == 0 && s.breakGlass()) {
            return false;
        }
        final int band = PolicyModel.band(depth, depth > 0 && m.external(b, s.rootDomain()));
        return (c >= 0 && PolicyModel.get(m.reviewCaps[band], c)) || (x >= 0 && (m.reviewData[band] & (1L << x)) != 0);
    }

    long allData() {
        return m.dataCount == 64 ? -1L : (1L << m.dataCount) - 1;
    }

    private void trim(final long[] dst) {
        final int rest = m.caps & 63;
        if (rest != 0) {
            dst[m.words - 1] &= (1L << rest) - 1;
        }
    }
}
