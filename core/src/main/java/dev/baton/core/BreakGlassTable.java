package dev.baton.core;

import dev.baton.policy.BreakGlassRule;
import dev.baton.policy.PolicyDocument;

/**
 * The break-glass rules of a compiled policy as decision tables, indexed by rule: TTL cap, whether a
 * reason is required, the rule's own ceiling (when it has one) and its rule id.
 * <p>
 * <b>Note:</b> immutable and thread-safe once built.
 */
final class BreakGlassTable {
    final int count;
    final long[] maxTtl;
    final boolean[] reasonRequired;
    final boolean[] hasCeiling;
    /** By rule: the emergency grant is issued even when its scope meets a review rule. */
    final boolean[] skipReview;
    final long[] ceiling;
    final long[] ceilingData;
    final int[] rule;

    BreakGlassTable(final PolicyDocument policy, final PolicyLayout layout, final RuleIds rules) {
        final int words = layout.words;
        count = policy.breakGlass().size();
        maxTtl = new long[count];
        reasonRequired = new boolean[count];
        hasCeiling = new boolean[count];
        skipReview = new boolean[count];
        ceiling = new long[Math.max(1, count) * words];
        ceilingData = new long[Math.max(1, count)];
        rule = new int[count];
        for (int b = 0; b < count; b++) {
            final BreakGlassRule glass = policy.breakGlass().get(b);
            maxTtl[b] = glass.maxTtlMillis();
            reasonRequired[b] = glass.reasonRequired();
            hasCeiling[b] = glass.ceiling() != null;
            skipReview[b] = glass.skipReview();
            if (glass.ceiling() != null) {
                layout.capabilities(glass.ceiling(), ceiling, b * words);
                ceilingData[b] = layout.data(glass.ceiling());
            }
            rule[b] = rules.add("break_glass." + glass.name().name(), glass.at());
        }
    }
}
