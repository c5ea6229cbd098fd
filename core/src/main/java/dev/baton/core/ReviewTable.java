package dev.baton.core;

import dev.baton.policy.PolicyDocument;
import dev.baton.policy.NameRef;
import dev.baton.policy.ReviewRule;
import dev.baton.policy.ReviewerClass;

import java.util.ArrayList;
import java.util.List;

/**
 * The review rules of a compiled policy as decision tables, indexed by rule: triggers, minimum depth,
 * external-only flag, timeout, approvals and the reviewer classes they count; and per band (depth, and whether the child crosses a trust domain) the
 * union of the triggers that apply there, so that one AND says whether any rule does.
 * <p>
 * <b>Note:</b> immutable and thread-safe once built.
 */
final class ReviewTable {
    final int count;
    final long[] caps;
    final long[] data;
    final int[] minDepth;
    final boolean[] externalOnly;
    final long[] timeout;
    final int[] rule;
    /** By rule: distinct approvals needed. */
    final int[] approvals;
    /** By rule: bit c set when an approval from reviewer class c counts; 0 when any reviewer's does. */
    final long[] from;
    /** By reviewer class ({@code reviewer_classes}, file order): its rule id, {@code reviewer_classes.<class>}. */
    final int[] classRule;
    /** Union of the triggers applicable in each {@link #band}. */
    final long[] maskCaps;
    final long[] maskData;

    ReviewTable(final PolicyDocument policy, final PolicyLayout layout, final RuleIds rules) {
        final int words = layout.words;
        count = policy.reviews().size();
        caps = new long[Math.max(1, count) * words];
        data = new long[Math.max(1, count)];
        minDepth = new int[count];
        externalOnly = new boolean[count];
        timeout = new long[count];
        rule = new int[count];
        approvals = new int[count];
        from = new long[count];
        final List<String> classNames = new ArrayList<>();
        classRule = new int[policy.reviewerClasses().size()];
        for (int c = 0; c < classRule.length; c++) {
            final ReviewerClass rc = policy.reviewerClasses().get(c);
            classNames.add(rc.name().name());
            classRule[c] = rules.add("reviewer_classes." + rc.name().name(), rc.at());
        }
        maskCaps = new long[(CompiledPolicy.MAX_DEPTH + 1) * 2 * words];
        maskData = new long[(CompiledPolicy.MAX_DEPTH + 1) * 2];
        for (int r = 0; r < count; r++) {
            final ReviewRule review = policy.reviews().get(r);
            layout.capabilities(review.trigger(), caps, r * words);
            data[r] = layout.data(review.trigger());
            minDepth[r] = review.minDepth();
            externalOnly[r] = review.externalOnly();
            timeout[r] = review.timeoutMillis();
            approvals[r] = review.approvals().required();
            for (final NameRef c : review.approvals().from()) {
                from[r] |= 1L << classNames.indexOf(c.name());
            }
            rule[r] = rules.add("review." + review.name().name(), review.at());
            for (int depth = review.minDepth(); depth <= CompiledPolicy.MAX_DEPTH; depth++) {
                for (int external = review.externalOnly() ? 1 : 0; external < 2; external++) {
                    final int band = band(depth, external == 1);
                    Bits.or(caps, r * words, maskCaps, band * words, words);
                    maskData[band] |= data[r];
                }
            }
        }
    }

    /** The row of {@link #maskCaps} and {@link #maskData} for a grant at {@code depth}. */
    static int band(final int depth, final boolean external) {
        return (Math.min(depth, CompiledPolicy.MAX_DEPTH) << 1) | (external ? 1 : 0);
    }
}
