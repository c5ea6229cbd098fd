package dev.baton.core;

/**
 * The fields of a grant about to be created: what {@link DelegationSteps#issue} and
 * {@link DelegationSteps#fill} write into a registry slot. Filled by name ({@link #root} or
 * {@link #child}, then the setters) so that no call lines up four interchangeable ints.
 * <p>
 * <b>Note:</b> not thread-safe: one per {@link DecisionCore}, refilled for every grant it creates;
 * allocation-free.
 */
final class GrantSpec {
    int parent = GrantRegistry.NO_SLOT;
    int holder;
    /** The holder's agent class (review rules whose triggers constrain arguments depend on its ceiling). */
    int agent = -1;
    int principal;
    int purpose;
    int depth;
    int rootDomain;
    boolean external;
    /** Flags the new grant inherits from ({@link GrantFlags#BREAK_GLASS}): the parent's, or 0 for a root. */
    int parentFlags;
    ScopeBits scope;
    /** The budgets of the new grant's task, as a mask, and its slice (or total) of each: set by {@code BudgetSteps}. */
    int budgetMask;
    final long[] budgetLimits = new long[BudgetTable.MAX_BUDGETS];
    /** The argument constraints the new grant is held to by request (its own merged with its parent's), or null. */
    ForeignConstraints.Carried requested;

    /** A root grant (no parent, depth 0, in its holder's trust domain) of {@code scope}. */
    GrantSpec root(final ScopeBits scope) {
        this.parent = GrantRegistry.NO_SLOT;
        this.depth = 0;
        this.external = false;
        this.parentFlags = 0;
        this.scope = scope;
        this.budgetMask = 0;
        this.requested = null;
        return this;
    }

    /** A child of the grant at slot {@code parent}: its task's principal, purpose and root domain, one level down. */
    GrantSpec child(final GrantRegistry grants, final int parent, final ScopeBits scope) {
        this.parent = parent;
        this.principal = grants.principal(parent);
        this.purpose = grants.purpose(parent);
        this.depth = grants.depth(parent) + 1;
        this.rootDomain = grants.rootDomain(parent);
        this.parentFlags = grants.flags(parent);
        this.scope = scope;
        this.budgetMask = 0;
        this.requested = grants.ledger.foreign.ofGrant(parent);
        return this;
    }

    GrantSpec holder(final int identity) {
        this.holder = identity;
        return this;
    }

    GrantSpec agent(final int agentClass) {
        this.agent = agentClass;
        return this;
    }

    GrantSpec principal(final int identity) {
        this.principal = identity;
        return this;
    }

    GrantSpec purpose(final int index) {
        this.purpose = index;
        return this;
    }

    GrantSpec rootDomain(final int domain) {
        this.rootDomain = domain;
        return this;
    }

    /** Whether the holder sits outside the root's trust domain. */
    GrantSpec external(final boolean crossesDomains) {
        this.external = crossesDomains;
        return this;
    }
}
