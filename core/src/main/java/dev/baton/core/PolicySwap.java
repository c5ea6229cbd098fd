package dev.baton.core;

/**
 * Carries a grant registry from one compiled policy to another: capabilities, data classes,
 * purposes, trust domains and review rules are matched by name, since their indices may differ.
 * <p>
 * <b>Note:</b> stateless; allocates (swap time only).
 */
final class PolicySwap {
    /** In a map from old to new indices: the new policy lacks it (the registry drops or revokes). */
    private static final int GONE = -1;

    private PolicySwap() {
    }

    /**
     * @return number of grants revoked because the new policy lacks their purpose or review rule.
     */
    static int remap(final CompiledPolicy old, final CompiledPolicy next, final GrantRegistry grants) {
        final int[] capMap = new int[old.capabilityCount];
        for (int c = 0; c < capMap.length; c++) {
            capMap[c] = next.hasCapability(old.toolOf(c), old.actionOf(c))
                ? next.capability(old.toolOf(c), old.actionOf(c)) : GONE;
        }
        final int[] dataMap = new int[old.dataClassCount()];
        for (int d = 0; d < dataMap.length; d++) {
            dataMap[d] = next.hasDataClass(old.dataClassName(d)) ? next.dataClass(old.dataClassName(d)) : GONE;
        }
        final int[] purposeMap = new int[old.purposes.count];
        for (int p = 0; p < purposeMap.length; p++) {
            purposeMap[p] = next.hasPurpose(old.purposeName(p)) ? next.purpose(old.purposeName(p)) : GONE;
        }
        final int[] domainMap = new int[old.trustDomainCount()];
        for (int d = 0; d < domainMap.length; d++) {
            domainMap[d] = next.hasTrustDomain(old.trustDomainName(d))
                ? next.trustDomain(old.trustDomainName(d)) : GONE;
        }
        final int[] reviewMap = new int[old.reviews.count];
        for (int r = 0; r < reviewMap.length; r++) {
            reviewMap[r] = next.hasReviewRule(old.reviewRuleName(r))
                ? next.reviewRule(old.reviewRuleName(r)) : GONE;
        }
        final int[] glassMap = new int[old.breakGlass.count];
        for (int b = 0; b < glassMap.length; b++) {
            glassMap[b] = next.hasBreakGlassRule(old.breakGlassName(b))
                ? next.breakGlassRule(old.breakGlassName(b)) : GONE;
        }
        final int[] budgetMap = new int[old.budgets.count];
        for (int b = 0; b < budgetMap.length; b++) {
            budgetMap[b] = next.budgets.indexOf(old.budgets.name(b));
        }
        grants.ledger.remap(budgetMap);
        return grants.remap(next.words, capMap, dataMap, purposeMap, domainMap, reviewMap, glassMap);
    }
}
