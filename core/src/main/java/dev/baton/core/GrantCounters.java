package dev.baton.core;

/**
 * Read-only access to what {@code GrantLedger} keeps for each grant of a {@link DecisionCore}: its budget
 * counters and who approved it on review. For audit ({@code explain}), tests and snapshots; it reads the
 * core's state, so call it on the core's thread (or on a replayed core).
 * <p>
 * <b>Note:</b> not thread-safe (the core's thread); allocation-free.
 */
public final class GrantCounters {
    private final DecisionCore core;
    private final GrantRegistry grants;

    GrantCounters(final DecisionCore core, final GrantRegistry grants) {
        this.core = core;
        this.grants = grants;
    }

    /**
     * Reads who approved a grant that needed review, and when, in order of approval (at most
     * {@link dev.baton.policy.ReviewRule#MAX_APPROVALS}). Allocation-free.
     *
     * @param grantId a grant.
     * @param who     filled with the interned ids of the reviewers who approved.
     * @param when    filled with the times of their approvals (epoch millis).
     * @return how many approved (0 when none, or when the grant is not held).
     */
    public int approvals(final long grantId, final int[] who, final long[] when) {
        final int s = grants.slotOf(grantId, core.time.last());
        if (s == GrantRegistry.NO_SLOT) {
            return 0;
        }
        final int n = grants.ledger.approvals(s);
        for (int k = 0; k < n; k++) {
            who[k] = grants.ledger.approver(s, k);
            when[k] = grants.ledger.approvedAt(s, k);
        }
        return n;
    }

    /**
     * Reads the reviewer class each approval of a grant counted under, in the order of
     * {@link #approvals(long, int[], long[])}: an index of {@code reviewer_classes} (its rule is
     * {@code reviewerClassRule}), or -1 when the rule counts any reviewer's approval. Allocation-free.
     *
     * @param grantId a grant.
     * @param classes filled with the classes.
     * @return how many approved (0 when none, or when the grant is not held).
     */
    public int approvalClasses(final long grantId, final int[] classes) {
        final int s = grants.slotOf(grantId, core.time.last());
        if (s == GrantRegistry.NO_SLOT) {
            return 0;
        }
        final int n = grants.ledger.approvals(s);
        for (int k = 0; k < n; k++) {
            classes[k] = grants.ledger.approverClass(s, k);
        }
        return n;
    }

    /**
     * @param reviewerClass an index of the current policy's {@code reviewer_classes}.
     * @return the class's rule id ({@code reviewer_classes.<class>}, for {@link CompiledPolicy#ruleName(int)}
     *     and {@link CompiledPolicy#ruleSource(int)}).
     * @throws IndexOutOfBoundsException if the policy has no such class.
     */
    public int reviewerClassRule(final int reviewerClass) {
        return core.policy().reviews.classRule[reviewerClass];
    }

    /**
     * Reads a grant's counters of one budget: {@code dst[0]} its limit (its slice, or its task's total for
     * a root), {@code dst[1]} what calls under it spent, {@code dst[2]} what it set aside for its children's
     * slices; its remainder is {@code dst[0] - dst[1] - dst[2]}. Allocation-free.
     *
     * @param grantId a grant.
     * @param budget  a budget index of the current policy.
     * @param dst     at least 3 longs.
     * @return false if the grant is not held or its task has no such budget ({@code dst} untouched).
     */
    public boolean budget(final long grantId, final int budget, final long[] dst) {
        final int s = grants.slotOf(grantId, core.time.last());
        if (s == GrantRegistry.NO_SLOT || budget < 0 || budget >= BudgetTable.MAX_BUDGETS
            || (grants.ledger.mask(s) & 1 << budget) == 0) {
            return false;
        }
        dst[0] = grants.ledger.limit(s, budget);
        dst[1] = grants.ledger.spent(s, budget);
        dst[2] = grants.ledger.reserved(s, budget);
        return true;
    }
}
