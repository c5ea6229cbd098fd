package dev.baton.core;

import dev.baton.Reason;

/**
 * The checks and the grant creation behind {@link DecisionCore}'s delegations, one method per step of
 * BRIEF.md's delegation: step 1 {@link #live}, step 2 {@link #edge}, step 3 {@link #attenuated}, step 4
 * {@link #withinHolderCeiling} and {@link #withinCeilings}, step 5 {@link #withinExternal}, steps 6 and 7
 * {@link #issue}. Each check fills {@code out} with the DENY and returns false when its step fails.
 * <p>
 * <b>Note:</b> stateless; runs on the core's thread; allocation-free.
 */
final class DelegationSteps {
    private static final int NONE = DecisionSlot.NONE;

    private DelegationSteps() {
    }

    /** The break-glass rule whose ceiling bounds the grant at slot {@code s}, or -1 (not an emergency root). */
    static int glassCeiling(final GrantRegistry grants, final CompiledPolicy policy, final int s) {
        final int rule = grants.glassRule(s);
        return rule >= 0 && policy.breakGlass.hasCeiling[rule] ? rule : -1;
    }

    /** Step 1 for a presented grant: known, held by the presenter, unexpired, unrevoked, not pending. */
    static boolean live(final GrantRegistry g, final int s, final int presenter, final long now, final DecisionSlot out) {
        if (s == GrantRegistry.NO_SLOT) {
            out.deny(Reason.UNKNOWN_GRANT, NONE, NONE, NONE);
            return false;
        }
        if (g.holder(s) != presenter) {
            out.deny(Reason.NOT_HOLDER, NONE, NONE, NONE);
            return false;
        }
        if (now >= g.expiry(s)) {
            out.deny(Reason.EXPIRED, NONE, NONE, NONE);
            return false;
        }
        final int flags = g.flags(s);
        if ((flags & GrantFlags.REVOKED) != 0) {
            out.deny(Reason.REVOKED, NONE, NONE, NONE);
            return false;
        }
        if ((flags & GrantFlags.PENDING) != 0) {
            out.deny(Reason.PENDING_REVIEW, NONE, NONE, NONE);
            return false;
        }
        return true;
    }

    /**
     * Step 2: both are agents, a delegation edge leads from the holder's class to the delegatee's, and
     * the child (at {@code depth}) stays within the holder's max depth.
     */
    static boolean edge(final CompiledPolicy policy, final int holderAgent, final int delegateeAgent, final int depth,
                        final DecisionSlot out) {
        if (holderAgent < 0 || delegateeAgent < 0) {
            out.deny(Reason.UNKNOWN_AGENT, NONE, NONE, NONE);
            return false;
        }
        if (!Bits.get(policy.agents.edges, holderAgent * policy.agents.words, delegateeAgent)) {
            out.deny(Reason.NO_DELEGATION_EDGE, policy.agents.edgeRule[holderAgent], NONE, NONE);
            return false;
        }
        if (depth > policy.agents.maxDepth[holderAgent]) {
            out.deny(Reason.MAX_DEPTH, policy.agents.depthRule[holderAgent], NONE, NONE);
            return false;
        }
        return true;
    }

    /** Step 3: requested within the parent grant at slot {@code p}, minus what the parent may not pass on. */
    static boolean attenuated(final CompiledPolicy policy, final GrantRegistry g, final int p,
                              final ScopeBits requested, final DecisionSlot out) {
        final int words = policy.words;
        int cap = Bits.firstNotIn(requested.capabilities, 0, g.longs, g.capsOffset(p), words);
        long data = requested.data & ~g.data(p);
        if (cap != NONE || data != 0) {
            out.deny(Reason.NOT_ATTENUATED, NONE, cap, Bits.first(data));
            return false;
        }
        if (g.depth(p) > 0) {
            cap = Bits.firstCommon(requested.capabilities, 0, policy.nonTransitiveCaps, 0, words);
            data = requested.data & policy.nonTransitiveData;
            if (cap != NONE || data != 0) {
                out.deny(Reason.NON_TRANSITIVE, policy.nonTransitiveRule, cap, Bits.first(data));
                return false;
            }
        }
        return true;
    }

    /**
     * Step 4, the holder's side: within the holder's ceiling under the current policy (a policy that
     * narrowed since the parent was issued narrows what it can pass on). The holder of an emergency root
     * grant is bounded by its break-glass rule's ceiling instead of its own.
     */
    static boolean withinHolderCeiling(final CompiledPolicy policy, final GrantRegistry g, final int p,
                                       final int holderAgent, final ScopeBits requested, final DecisionSlot out) {
        final int words = policy.words;
        final int glass = glassCeiling(g, policy, p);
        final int cap = glass >= 0
            ? Bits.firstNotIn(requested.capabilities, 0, policy.breakGlass.ceiling, glass * words, words)
            : Bits.firstNotIn(requested.capabilities, 0, policy.agents.ceiling, holderAgent * words, words);
        final long data = requested.data
            & ~(glass >= 0 ? policy.breakGlass.ceilingData[glass] : policy.agents.ceilingData[holderAgent]);
        if (cap != NONE || data != 0) {
            final int rule = glass >= 0 ? policy.breakGlass.rule[glass] : policy.agents.ceilingRule[holderAgent];
            out.deny(Reason.AGENT_CEILING, rule, cap, Bits.first(data));
            return false;
        }
        return true;
    }

    /**
     * Step 4, arguments: every constraint the holder's ceiling (or its break-glass rule's) places on a
     * requested capability is matched by one at least as narrow in the delegatee's ceiling (or in the
     * constraints the request, or the parent's requested scope, asked for), so that the
     * constraints a call meets never widen down a chain; and so is every constraint a foreign warrant
     * carried into the chain's root ({@link ForeignConstraints#childWithin}).
     */
    static boolean constraintsNarrow(final CompiledPolicy policy, final GrantRegistry g, final int p,
                                     final int holderAgent, final int delegateeAgent, final ScopeBits requested,
                                     final DecisionSlot out) {
        final ConstraintTable t = policy.constraints;
        if (!g.ledger.foreign.childWithin(policy, g, p, delegateeAgent, requested, out)) {
            return false; // a foreign parent's carried constraints bind its children too
        }
        if (t.entryRule.length == 0) {
            return true;
        }
        final int glass = glassCeiling(g, policy, p);
        final int row = glass >= 0 ? t.glassRow + glass : t.agentRow + holderAgent;
        // What the delegatee's ceiling leaves open, the request (or the parent's requested set) may narrow.
        final int e = wideningUnlessAsked(t, row, delegateeAgent, requested, g.ledger.foreign.ofGrant(p));
        if (e >= 0) {
            out.deny(Reason.CONSTRAINT_NOT_ATTENUATED, t.entryRule[e], t.entryCapability[e], NONE);
            return false;
        }
        return true;
    }

    /**
     * The first entry of {@code row} on a requested capability that the delegatee's ceiling leaves wider, or -1;
     * except that an entry the request (or the parent's requested set) already
     * narrows by a constraint within it does not widen: the child is held to that constraint.
     */
    private static int wideningUnlessAsked(final ConstraintTable t, final int row, final int delegateeAgent,
                                           final ScopeBits requested, final ForeignConstraints.Carried asked) {
        for (int e = t.rowStart[row], end = t.rowStart[row + 1]; e < end; e++) {
            if (t.notWithin[e * t.agentCount + delegateeAgent] && Bits.get(requested.capabilities, 0, t.entryCapability[e])
                && !RequestedConstraints.narrows(requested, asked, t.entryArgument[e], t.entryConstraint[e])) {
                return e;
            }
        }
        return -1;
    }

    /** Step 4, the receiver's side: requested within ceiling(agent) and ceiling(purpose). */
    static boolean withinCeilings(final CompiledPolicy policy, final ScopeBits requested, final int agent,
                                  final int purpose, final DecisionSlot out) {
        final int words = policy.words;
        int cap = Bits.firstNotIn(requested.capabilities, 0, policy.agents.ceiling, agent * words, words);
        long data = requested.data & ~policy.agents.ceilingData[agent];
        if (cap != NONE || data != 0) {
            out.deny(Reason.AGENT_CEILING, policy.agents.ceilingRule[agent], cap, Bits.first(data));
            return false;
        }
        cap = Bits.firstNotIn(requested.capabilities, 0, policy.purposes.ceiling, purpose * words, words);
        data = requested.data & ~policy.purposes.ceilingData[purpose];
        if (cap != NONE || data != 0) {
            out.deny(Reason.PURPOSE_CEILING, policy.purposes.ceilingRule[purpose], cap, Bits.first(data));
            return false;
        }
        return true;
    }

    /**
     * Step 5 for a delegatee outside the root's trust domain: never_leave stays home, and the external
     * limit bounds the rest.
     */
    static boolean withinExternal(final CompiledPolicy policy, final ScopeBits requested, final int domain,
                                  final DecisionSlot out) {
        final int words = policy.words;
        final long[] req = requested.capabilities;
        final long reqData = requested.data;
        final long leaving = reqData & policy.domains.neverLeave;
        if (leaving != 0) {
            final int d = Bits.first(leaving);
            out.deny(Reason.NEVER_LEAVE, policy.domains.neverLeaveRule[d], NONE, d);
            return false;
        }
        if (domain < 0 || policy.domains.externalRule[domain] < 0) {
            // No external limit names this domain: it gets nothing (an empty request is still nothing).
            if (!Bits.isEmpty(req, 0, words) || reqData != 0) {
                out.deny(Reason.EXTERNAL_LIMIT, NONE, PolicyRules.firstSet(req, 0, words), Bits.first(reqData));
                return false;
            }
            return true;
        }
        final int cap = Bits.firstNotIn(req, 0, policy.domains.externalCaps, domain * words, words);
        final long data = reqData & ~policy.domains.externalData[domain];
        if (cap != NONE || data != 0) {
            out.deny(Reason.EXTERNAL_LIMIT, policy.domains.externalRule[domain], cap, Bits.first(data));
            return false;
        }
        return true;
    }

    /** Steps 6 and 7: REVIEW if a review rule applies, else ALLOW; either way the grant {@code spec} is created. */
    static DecisionSlot issue(final CompiledPolicy policy, final GrantRegistry g, final GrantSpec spec, final long now,
                              final DecisionSlot out) {
        final int words = policy.words;
        final long[] req = spec.scope.capabilities;
        final long reqData = spec.scope.data;
        final int band = ReviewTable.band(spec.depth, spec.external);
        final boolean reviewHit = Bits.firstCommon(req, 0, policy.reviews.maskCaps, band * words, words) != NONE
            || (reqData & policy.reviews.maskData[band]) != 0;
        final long parentExpiry = spec.parent == GrantRegistry.NO_SLOT ? Long.MAX_VALUE : g.expiry(spec.parent);
        final int s = g.allocate(spec.parent, now);
        if (s == GrantRegistry.NO_SLOT) {
            return out.deny(Reason.CAPACITY, NONE, NONE, NONE);
        }
        final int flags = (spec.parentFlags & GrantFlags.BREAK_GLASS) | (spec.external ? GrantFlags.EXTERNAL : 0);
        final int r = reviewHit ? PolicyRules.firstReviewRule(policy, req, reqData, spec.depth, spec.external,
            spec.agent, spec.purpose) : NONE;
        if (r != NONE) {
            final long deadline = now + policy.reviews.timeout[r];
            fill(g, s, spec, flags | GrantFlags.PENDING, now, Math.min(parentExpiry, deadline));
            g.reviewDeadline(s, deadline);
            g.reviewRule(s, r);
            final int cap = PolicyRules.firstReviewCapability(policy, r, req, spec.agent, spec.purpose);
            return out.review(policy.reviews.rule[r], cap, Bits.first(reqData & policy.reviews.data[r]), g.id(s),
                deadline);
        }
        final long expiry = Math.min(parentExpiry, now + PolicyRules.ttlCap(policy, req, 0, reqData));
        fill(g, s, spec, flags, now, expiry);
        return out.allow(g.id(s), expiry, spec.depth, flags);
    }

    /** Writes the grant {@code spec} into slot {@code s}, linked under its parent (or as a root). */
    static void fill(final GrantRegistry g, final int s, final GrantSpec spec, final int flags, final long now,
                     final long expiry) {
        final int parent = spec.parent;
        g.parentId(s, parent == GrantRegistry.NO_SLOT ? 0 : g.id(parent));
        g.rootId(s, parent == GrantRegistry.NO_SLOT ? g.id(s) : g.rootId(parent));
        g.identities(s, spec.holder, spec.principal);
        g.purpose(s, spec.purpose);
        g.depth(s, spec.depth);
        g.rootDomain(s, spec.rootDomain);
        g.flags(s, flags);
        g.issuedAt(s, now);
        g.expiry(s, expiry);
        g.data(s, spec.scope.data);
        System.arraycopy(spec.scope.capabilities, 0, g.longs, g.capsOffset(s), g.words());
        g.ledger.issue(s, parent, spec.budgetMask, spec.budgetLimits);
        g.ledger.foreign.grant(s, spec.requested);
    }
}
