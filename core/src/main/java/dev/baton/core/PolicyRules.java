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

    /** The first review rule (file order) that applies at {@code depth} and meets the requested scope. */
    static int firstReviewRule(final CompiledPolicy policy, final long[] req, final int off, final long reqData,
                               final int depth, final boolean external) {
        final int words = policy.words;
        for (int r = 0; r < policy.reviews.count; r++) {
            if (depth >= policy.reviews.minDepth[r] && (external || !policy.reviews.externalOnly[r])
                && (Bits.firstCommon(req, off, policy.reviews.caps, r * words, words) != NONE
                || (reqData & policy.reviews.data[r]) != 0)) {
                return r;
            }
        }
        throw new IllegalStateException("review mask and rules disagree");
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
