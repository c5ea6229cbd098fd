package dev.baton.core;

import dev.baton.policy.PolicyDocument;
import dev.baton.policy.Tier;

/**
 * The sensitivity tiers of a compiled policy as decision tables, least to most sensitive: members, TTL
 * cap, whether a justification is required (with the union of the members that require one), and the
 * default TTL of a scope no tier meets.
 * <p>
 * <b>Note:</b> immutable and thread-safe once built.
 */
final class TierTable {
    final int count;
    final long[] caps;
    final long[] data;
    final long[] ttl;
    final int[] rule;
    final boolean[] justification;
    final long defaultTtl;
    final long[] justificationCaps;
    final long justificationData;

    TierTable(final PolicyDocument policy, final PolicyLayout layout, final RuleIds rules) {
        final int words = layout.words;
        count = policy.tiers().size();
        caps = new long[Math.max(1, count) * words];
        data = new long[Math.max(1, count)];
        ttl = new long[count];
        rule = new int[count];
        justification = new boolean[count];
        justificationCaps = new long[words];
        long justData = 0;
        for (int t = 0; t < count; t++) {
            final Tier tier = policy.tiers().get(t);
            layout.capabilities(tier.members(), caps, t * words);
            data[t] = layout.data(tier.members());
            ttl[t] = tier.ttlMillis();
            rule[t] = rules.add("tiers." + tier.name().name(), tier.at());
            justification[t] = tier.requireJustification();
            if (tier.requireJustification()) {
                Bits.or(caps, t * words, justificationCaps, 0, words);
                justData |= data[t];
            }
        }
        justificationData = justData;
        defaultTtl = policy.defaultTtlMillis();
    }
}
