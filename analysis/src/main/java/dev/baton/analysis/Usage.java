package dev.baton.analysis;

import dev.baton.core.CompiledPolicy;
import dev.baton.core.PolicyView;

/**
 * What the fixpoint runs of every source used, for {@link PolicyWarnings}: edges that carried something,
 * agents reached by an opened task, purposes under which something is held, domains something crossed
 * into, review rules some step triggered.
 * <p>
 * <b>Note:</b> not thread-safe; one per warnings run.
 */
final class Usage {
    final boolean[][] edge;
    final boolean[] openedReach;
    final boolean[] purposeUsed;
    final boolean[] crossed;
    final boolean[] review;
    private final PolicyModel m;
    private final long[][] reviewCaps;
    private final long[] reviewData;
    private final int[] minDepth;
    private final boolean[] externalOnly;

    Usage(final PolicyModel model) {
        this.m = model;
        edge = new boolean[m.agents][m.agents];
        openedReach = new boolean[m.agents];
        purposeUsed = new boolean[m.purposes];
        crossed = new boolean[m.hasExternal.length];
        final CompiledPolicy p = m.policy;
        final int rules = p.reviewRuleCount();
        review = new boolean[rules];
        reviewCaps = new long[rules][];
        reviewData = new long[rules];
        minDepth = new int[rules];
        externalOnly = new boolean[rules];
        final PolicyView v = p.view();
        for (int r = 0; r < rules; r++) {
            reviewCaps[r] = v.reviewCapabilities(r);
            reviewData[r] = v.reviewData(r);
            minDepth[r] = v.reviewMinDepth(r);
            externalOnly[r] = v.reviewExternalOnly(r);
        }
    }

    void run(final SourceReach reach, final Source s) {
        final StepRules rules = new StepRules(m, Relaxation.NONE);
        final StepMasks masks = new StepMasks(rules, s, false);
        for (int x = -1; x < m.dataCount; x++) {
            final int data = x;
            Reachability.run(masks, x, new Reachability.Visitor() {
                @Override
                public void node(final int a, final int depth, final long[] caps) {
                    visit(s, a, depth, caps, data);
                }

                @Override
                public void edge(final int a, final int b, final int depth, final boolean carries) {
                    edge[a][b] |= carries;
                }
            });
        }
        for (int a = 0; a < m.agents; a++) {
            if (reach.reached(a) && !s.breakGlass()) {
                openedReach[a] = true;
                final long[] caps = reach.caps(a, -1);
                purposeUsed[s.purpose()] |= caps != null && !empty(caps);
            }
        }
    }

    private void visit(final Source s, final int a, final int depth, final long[] caps, final int x) {
        final boolean ext = depth > 0 && m.external(a, s.rootDomain());
        final boolean holds = x >= 0 || !empty(caps);
        if (ext && holds && m.domain[a] >= 0) {
            crossed[m.domain[a]] = true;
        }
        if (depth == 0 && s.breakGlass()) {
            return;
        }
        for (int r = 0; r < review.length; r++) {
            if (review[r] || depth < minDepth[r] || (externalOnly[r] && !ext)) {
                continue;
            }
            review[r] = x >= 0 ? (reviewData[r] & (1L << x)) != 0 : common(caps, reviewCaps[r]);
        }
    }

    private static boolean empty(final long[] bits) {
        for (final long w : bits) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean common(final long[] a, final long[] b) {
        for (int w = 0; w < a.length; w++) {
            if ((a[w] & b[w]) != 0) {
                return true;
            }
        }
        return false;
    }
}
