package dev.baton.core;

/**
 * Look-ups on a compiled policy that name <i>which</i> rule applies once the bitset masks have said
 * that one does: the review rule a scope meets, the tier that caps its TTL, the tier that asks for a
 * justification.
 * <p>
 * <b>Note:</b> stateless, thread-safe, allocation-free.
 */
final class PolicyRules {
    private static final int NONE = DecisionSlot.NONE;

    private PolicyRules() {
    }

    /**
     * The first review rule (file order) that applies at {@code depth} and meets the requested scope of a grant
     * to be held by agent {@code agent} for purpose {@code purpose} (a rule whose trigger constrains arguments
     * meets only the capabilities whose calls it is about: {@link ReviewExemptions}).
     *
     * @return the rule, or {@link DecisionSlot#NONE} when none applies.
     */
    static int firstReviewRule(final CompiledPolicy policy, final long[] req, final long reqData, final int depth,
                               final boolean external, final int agent, final int purpose) {
        for (int r = 0; r < policy.reviews.count; r++) {
            if (depth >= policy.reviews.minDepth[r] && (external || !policy.reviews.externalOnly[r])
                && ((reqData & policy.reviews.data[r]) != 0
                || firstReviewCapability(policy, r, req, agent, purpose) != NONE)) {
                return r;
            }
        }
        return NONE;
    }

    /** The first requested capability review rule {@code r} is about, for such a grant; or {@link DecisionSlot#NONE}. */
    static int firstReviewCapability(final CompiledPolicy policy, final int r, final long[] req, final int agent,
                                     final int purpose) {
        final int words = policy.words;
        final ReviewExemptions x = policy.constraints.reviewExemptions;
        for (int w = 0; w < words; w++) {
            final long hit = x.reachable(r, agent, purpose, w, req[w] & policy.reviews.caps[r * words + w]);
            if (hit != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(hit);
            }
        }
        return NONE;
    }

    /** TTL cap of the most sensitive tier the scope meets (tiers shorten with sensitivity), or the default. */
    static long ttlCap(final CompiledPolicy policy, final long[] caps, final int off, final long data) {
        final int words = policy.words;
        for (int t = policy.tiers.count - 1; t >= 0; t--) {
            if ((data & policy.tiers.data[t]) != 0
                || Bits.firstCommon(caps, off, policy.tiers.caps, t * words, words) != NONE) {
                return policy.tiers.ttl[t];
            }
        }
        return policy.tiers.defaultTtl;
    }

    /** The rule id of the most sensitive tier asking a justification for this call, or NONE. */
    static int justificationRule(final CompiledPolicy policy, final int capability, final long dataBit) {
        for (int t = policy.tiers.count - 1; t >= 0; t--) {
            if (policy.tiers.justification[t]
                && (Bits.get(policy.tiers.caps, t * policy.words, capability)
                || (policy.tiers.data[t] & dataBit) != 0)) {
                return policy.tiers.rule[t];
            }
        }
        return NONE;
    }

    /** Index of the lowest bit set in {@code words} words of {@code a} from {@code off}, or NONE. */
    static int firstSet(final long[] a, final int off, final int words) {
        for (int i = 0; i < words; i++) {
            if (a[off + i] != 0) {
                return (i << 6) + Long.numberOfTrailingZeros(a[off + i]);
            }
        }
        return NONE;
    }

    /** Null, empty or only whitespace. */
    static boolean isBlank(final CharSequence s) {
        if (s == null) {
            return true;
        }
        for (int i = 0, n = s.length(); i < n; i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
