package dev.baton.core;

/**
 * Read-only access to what {@code GrantLedger} keeps for each grant of a {@link DecisionCore}: its budget
 * counters, who approved it on review, and the argument constraints it is held to. For audit
 * ({@code explain}), tests and snapshots; it reads the core's state, so call it on the core's thread (or on a
 * replayed core).
 * <p>
 * <b>Note:</b> not thread-safe (the core's thread); allocation-free except {@link #constraints}.
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

    /**
     * Lists the argument constraints a grant's calls are checked against, for audit ({@code explain}): those its
     * requested scope or an ancestor's asked for, marked {@code (requested)}; those a foreign warrant carried into
     * its chain, marked {@code (carried)}; and those of the ceilings and external limit the policy holds it to on
     * the tools it holds, each with its rule. Each as {@code ledger.refund.amount range [0.00, 50.00] (requested)}.
     * Allocates: not for a decision path.
     *
     * @param grantId a grant.
     * @return the constraints, requested ones first; empty when none or the grant is not held.
     */
    public java.util.List<String> constraints(final long grantId) {
        final int s = grants.slotOf(grantId, core.time.last());
        final java.util.List<String> out = new java.util.ArrayList<>();
        if (s == GrantRegistry.NO_SLOT) {
            return out;
        }
        final CompiledPolicy c = core.policy();
        final ConstraintTable t = c.constraints;
        list(c, grants.ledger.foreign.ofGrant(s), "requested", out);
        list(c, grants.ledger.foreign.ofChain(grants, s), "carried", out);
        final int holder = grants.holder(s);
        final int agent = core.identityTable().agent(holder);
        final int domain = core.identityTable().domain(holder);
        final int glass = DelegationSteps.glassCeiling(grants, c, s);
        final java.util.Set<String> seen = new java.util.LinkedHashSet<>();
        if (glass >= 0) {
            row(c, t.glassRow + glass, s, seen);
        } else {
            if (agent >= 0) {
                row(c, t.agentRow + agent, s, seen);
            }
            row(c, t.purposeRow + grants.purpose(s), s, seen);
        }
        if (domain >= 0 && !c.domains.sameZone(domain, grants.rootDomain(s))) {
            row(c, t.domainRow + domain, s, seen);
        }
        out.addAll(seen);
        return out;
    }

    private static void list(final CompiledPolicy c, final ForeignConstraints.Carried k, final String mark,
                             final java.util.List<String> out) {
        if (null == k) {
            return;
        }
        if (k.layout != c.layoutFingerprint()) { // its argument numbers are another policy's
            out.add("(" + mark + " constraints read under another policy layout: every call is refused)");
            return;
        }
        for (int i = 0; i < k.arguments.length; i++) {
            out.add(c.constraints.argumentName(k.arguments[i]) + ' ' + k.constraints[i].text() + " (" + mark + ')');
        }
    }

    private void row(final CompiledPolicy c, final int row, final int s, final java.util.Set<String> seen) {
        final ConstraintTable t = c.constraints;
        for (int e = t.rowStart[row], end = t.rowStart[row + 1]; e < end; e++) {
            if (Bits.get(grants.longs, grants.capsOffset(s), t.entryCapability[e])) {
                seen.add(t.argumentName(t.entryArgument[e]) + ' ' + t.entryConstraint[e].text() + " ("
                    + c.ruleName(t.entryRule[e]) + ')');
            }
        }
    }
}
