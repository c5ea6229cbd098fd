package dev.baton.core;

import dev.baton.Reason;

/**
 * The delegation decisions of {@link DecisionCore}: a principal opens a task, the root grant
 * ({@link #open}), and the holder of a grant hands a sub-task to another agent ({@link #delegate}).
 * Each follows BRIEF.md's steps in order, the first failing step being the reason; the steps themselves
 * are in {@link DelegationSteps}.
 * <p>
 * <b>Note:</b> not thread-safe: one per core, on its thread; allocation-free.
 */
final class Delegations {
    private static final int NONE = DecisionSlot.NONE;

    private final DecisionCore core;
    private final GrantRegistry grants;
    private final IdentityTable identities;
    private final GrantSpec spec;
    private final BudgetSteps budgets = new BudgetSteps();
    /** The constraint-table rows a requested constraint must lie within ({@link #requestedWithin}). */
    private final int[] rows = new int[4];

    Delegations(final DecisionCore core, final GrantRegistry grants, final IdentityTable identities,
                final GrantSpec spec) {
        this.core = core;
        this.grants = grants;
        this.identities = identities;
        this.spec = spec;
    }

    /** See {@link DecisionCore#open(int, int, int, ScopeBits, DecisionSlot)}. */
    DecisionSlot open(final int principal, final int purpose, final int agent, final ScopeBits requested,
                      final DecisionSlot out) {
        final long now = core.begin(out);
        final CompiledPolicy policy = core.policy();
        identities.touch(principal, now);
        identities.touch(agent, now);
        if (purpose < 0 || purpose >= policy.purposes.count) {
            return out.deny(Reason.UNKNOWN_PURPOSE, NONE, NONE, NONE);
        }
        if (!core.layoutMatches(requested, out)) {
            return out;
        }
        if (!identities.mayOpen(principal, purpose)) {
            return out.deny(Reason.PRINCIPAL_NOT_ALLOWED, policy.purposes.openedByRule[purpose], NONE, NONE);
        }
        final int a = identities.agent(agent);
        if (a < 0) {
            return out.deny(Reason.UNKNOWN_AGENT, NONE, NONE, NONE);
        }
        if (!Bits.get(policy.purposes.entry, purpose * policy.agents.words, a)) {
            return out.deny(Reason.NOT_ENTRY_AGENT, policy.purposes.entryRule[purpose], NONE, NONE);
        }
        if (!DelegationSteps.withinCeilings(policy, requested, a, purpose, out)) {
            return out;
        }
        final ConstraintTable t = policy.constraints;
        rows[0] = t.agentRow + a;
        rows[1] = t.purposeRow + purpose;
        if (!RequestedConstraints.within(policy, grants, GrantRegistry.NO_SLOT, rows, 2, requested, out)) {
            return out;
        }
        spec.root(requested).holder(agent).agent(a).principal(principal).purpose(purpose)
            .rootDomain(identities.domain(agent));
        if (!budgets.root(policy, purpose, requested, spec, out) || !merged(policy, requested, out)) {
            return out;
        }
        return DelegationSteps.issue(policy, grants, spec, now, out);
    }

    /**
     * See {@link DecisionCore#denials}: every step of a delegation that refuses it, not only the first.
     * Reads state only (no identity is touched, no grant written), so an audit may call it between the
     * decisions it replays.
     */
    int denials(final long parentGrant, final int presenter, final int delegatee, final ScopeBits requested,
                final DecisionSlot[] out) {
        final CompiledPolicy c = core.policy();
        final long now = core.time.last();
        for (final DecisionSlot d : out) {
            d.reset(now, c.versionId());
        }
        final GrantRegistry g = grants;
        final int p = g.slotOf(parentGrant, now);
        if (!core.layoutMatches(requested, out[0]) || !DelegationSteps.live(g, p, presenter, now, out[0])) {
            return 1; // no grant to check the other steps against
        }
        final int holderAgent = identities.agent(presenter);
        final int delegateeAgent = identities.agent(delegatee);
        final int domain = identities.domain(delegatee);
        int n = 0;
        n += DelegationSteps.edge(c, holderAgent, delegateeAgent, g.depth(p) + 1, out[n]) ? 0 : 1;
        if (holderAgent < 0 || delegateeAgent < 0) {
            return n; // an unknown agent has no ceiling to check against
        }
        n += n < out.length && !DelegationSteps.attenuated(c, g, p, requested, out[n]) ? 1 : 0;
        n += n < out.length && !DelegationSteps.withinHolderCeiling(c, g, p, holderAgent, requested, out[n]) ? 1 : 0;
        n += n < out.length && !DelegationSteps.withinCeilings(c, requested, delegateeAgent, g.purpose(p), out[n]) ? 1 : 0;
        n += n < out.length && !DelegationSteps.constraintsNarrow(c, g, p, holderAgent, delegateeAgent, requested, out[n])
            ? 1 : 0;
        n += n < out.length && !c.domains.sameZone(domain, g.rootDomain(p))
            && !DelegationSteps.withinExternal(c, requested, domain, out[n]) ? 1 : 0;
        n += n < out.length && !budgets.child(c, g, p, requested, spec.child(g, p, requested), out[n]) ? 1 : 0;
        n += n < out.length && !requestedWithin(c, p, holderAgent, delegateeAgent, domain, requested, out[n]) ? 1 : 0;
        return n;
    }

    /** See {@link DecisionCore#fanOut}: every child decided at one instant, in order; the number allowed. */
    int fanOut(final long parentGrant, final int presenter, final int count, final int[] delegatees,
               final ScopeBits[] requested, final DecisionSlot[] out) {
        if (count < 0 || count > delegatees.length || count > requested.length || count > out.length) {
            throw new IllegalArgumentException("count " + count + " exceeds the arrays given");
        }
        final long now = core.time.now();
        int allowed = 0;
        for (int i = 0; i < count; i++) {
            if (delegate(parentGrant, presenter, delegatees[i], requested[i], now, out[i]).allowed()) {
                allowed++;
            }
        }
        return allowed;
    }

    /**
     * See {@link DecisionCore#delegate(long, int, int, ScopeBits, DecisionSlot)}; decided at {@code now}, so
     * that the children of one {@link DecisionCore#fanOut fanOut} share one instant.
     */
    DecisionSlot delegate(final long parentGrant, final int presenter, final int delegatee,
                          final ScopeBits requested, final long now, final DecisionSlot out) {
        final CompiledPolicy c = core.policy();
        out.reset(now, c.versionId());
        out.parentGrantId(parentGrant);
        identities.touch(presenter, now);
        identities.touch(delegatee, now);
        if (!core.layoutMatches(requested, out)) {
            return out;
        }
        final GrantRegistry g = grants;
        // 1. The presented grant is genuine, held by the presenter, unexpired and unrevoked.
        final int p = g.slotOf(parentGrant, now);
        if (!DelegationSteps.live(g, p, presenter, now, out)) {
            return out;
        }
        // 2. A delegation edge matches, and the chain stays within the holder's max depth.
        final int holderAgent = identities.agent(presenter);
        final int delegateeAgent = identities.agent(delegatee);
        if (!DelegationSteps.edge(c, holderAgent, delegateeAgent, g.depth(p) + 1, out)
            // 3. Attenuation: requested within the parent, minus what the parent may not pass on.
            || !DelegationSteps.attenuated(c, g, p, requested, out)
            // 4. Within the holder's, the delegatee's and the purpose's ceilings under the current policy.
            || !DelegationSteps.withinHolderCeiling(c, g, p, holderAgent, requested, out)
            || !DelegationSteps.withinCeilings(c, requested, delegateeAgent, g.purpose(p), out)
            || !DelegationSteps.constraintsNarrow(c, g, p, holderAgent, delegateeAgent, requested, out)) {
            return out;
        }
        // 5. Across trust domains: never_leave stays home, and the external limit bounds the rest.
        final int domain = identities.domain(delegatee);
        final boolean external = !c.domains.sameZone(domain, g.rootDomain(p)); // an unknown domain is nobody's own
        if (external && !DelegationSteps.withinExternal(c, requested, domain, out)) {
            return out;
        }
        // 5b. Each budget slice asked for fits the parent's remainder.
        spec.child(g, p, requested).holder(delegatee).agent(delegateeAgent).external(external);
        // 5c. The argument constraints the request asks for lie within every one the child would get.
        if (!budgets.child(c, g, p, requested, spec, out)
            || requested.constraintCount != 0 && !asked(c, p, holderAgent, delegateeAgent, domain, requested, out)) {
            return out;
        }
        // 6, 7. Review or allow; either way the child grant is created.
        return DelegationSteps.issue(c, g, spec, now, out);
    }

    /** Step 5c, then the new grant's requested set: {@link #requestedWithin}, then {@link #merged}. */
    private boolean asked(final CompiledPolicy c, final int p, final int holderAgent, final int delegateeAgent,
                          final int domain, final ScopeBits requested, final DecisionSlot out) {
        return requestedWithin(c, p, holderAgent, delegateeAgent, domain, requested, out) && merged(c, requested, out);
    }

    /**
     * Step 5c: every constraint {@code requested} asks for lies within the holder's ceiling (or its break-glass
     * rule's), the delegatee's and the purpose's ceilings, the external limit of a delegatee outside the root's
     * zone, the parent's requested set and its foreign root's carried set.
     */
    private boolean requestedWithin(final CompiledPolicy c, final int p, final int holderAgent, final int delegateeAgent,
                                    final int domain, final ScopeBits requested, final DecisionSlot out) {
        if (requested.constraintCount == 0) {
            return true;
        }
        final ConstraintTable t = c.constraints;
        final int glass = DelegationSteps.glassCeiling(grants, c, p);
        rows[0] = glass >= 0 ? t.glassRow + glass : t.agentRow + holderAgent;
        rows[1] = t.agentRow + delegateeAgent;
        rows[2] = t.purposeRow + grants.purpose(p);
        final boolean external = domain >= 0 && !c.domains.sameZone(domain, grants.rootDomain(p));
        rows[3] = external ? t.domainRow + domain : rows[2];
        return RequestedConstraints.within(c, grants, p, rows, 4, requested, out);
    }

    /** Sets the new grant's requested set: the parent's merged with the request's (allocates only for a request that asks). */
    private boolean merged(final CompiledPolicy c, final ScopeBits requested, final DecisionSlot out) {
        if (requested.constraintCount == 0) {
            return true;
        }
        spec.requested = RequestedConstraints.merge(c, spec.requested, requested);
        if (null == spec.requested) {
            out.deny(Reason.CONSTRAINT_NOT_ATTENUATED, NONE, NONE, NONE);
            return false;
        }
        return true;
    }
}
