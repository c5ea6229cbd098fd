package dev.baton.core;

import dev.baton.Reason;

/**
 * The checks and the grant creation behind {@link DecisionCore}'s operations, one method per step of
 * BRIEF.md's delegation (step 1 {@link #live}, step 4 {@link #withinCeilings}, step 5
 * {@link #withinExternal}, steps 6 and 7 {@link #issue}). Each takes the compiled policy and the grant
 * registry it works on, so the core stays the public face and these stay small.
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
        return rule >= 0 && policy.breakGlassHasCeiling[rule] ? rule : -1;
    }

    /** Step 1 for a presented grant. */
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

    /** Step 4: requested within ceiling(agent) and ceiling(purpose). */
    static boolean withinCeilings(final CompiledPolicy policy, final long[] req, final int off, final long reqData,
                                  final int agent, final int purpose, final DecisionSlot out) {
        final int words = policy.words;
        int cap = Bits.firstNotIn(req, off, policy.agentCeiling, agent * words, words);
        long data = reqData & ~policy.agentCeilingData[agent];
        if (cap != NONE || data != 0) {
            out.deny(Reason.AGENT_CEILING, policy.agentCeilingRule[agent], cap, Bits.first(data));
            return false;
        }
        cap = Bits.firstNotIn(req, off, policy.purposeCeiling, purpose * words, words);
        data = reqData & ~policy.purposeCeilingData[purpose];
        if (cap != NONE || data != 0) {
            out.deny(Reason.PURPOSE_CEILING, policy.purposeCeilingRule[purpose], cap, Bits.first(data));
            return false;
        }
        return true;
    }

    /** Step 5 for a delegatee outside the root's trust domain. */
    static boolean withinExternal(final CompiledPolicy policy, final long[] req, final int off, final long reqData,
                                  final int domain, final DecisionSlot out) {
        final int words = policy.words;
        final long leaving = reqData & policy.neverLeave;
        if (leaving != 0) {
            final int d = Bits.first(leaving);
            out.deny(Reason.NEVER_LEAVE, policy.neverLeaveRule[d], NONE, d);
            return false;
        }
        if (domain < 0 || policy.externalRule[domain] < 0) {
            // No external limit names this domain: it gets nothing (an empty request is still nothing).
            if (!Bits.isEmpty(req, off, words) || reqData != 0) {
                out.deny(Reason.EXTERNAL_LIMIT, NONE, PolicyRules.firstSet(req, off, words), Bits.first(reqData));
                return false;
            }
            return true;
        }
        final int cap = Bits.firstNotIn(req, off, policy.externalCaps, domain * words, words);
        final long data = reqData & ~policy.externalData[domain];
        if (cap != NONE || data != 0) {
            out.deny(Reason.EXTERNAL_LIMIT, policy.externalRule[domain], cap, Bits.first(data));
            return false;
        }
        return true;
    }

    /** Steps 6 and 7: REVIEW if a review rule applies, else ALLOW; either way a grant is created. */
    static DecisionSlot issue(final CompiledPolicy policy, final GrantRegistry g, final int parent, final int holder,
                          final int principal, final int purpose, final int depth, final int rootDomain,
                          final boolean external, final int parentFlags, final long[] req, final int off,
                          final long reqData, final long now, final DecisionSlot out) {
        final int words = policy.words;
        final int band = CompiledPolicy.reviewBand(depth, external);
        final boolean reviewHit = Bits.firstCommon(req, off, policy.reviewMaskCaps, band * words, words) != NONE
            || (reqData & policy.reviewMaskData[band]) != 0;
        final long parentExpiry = parent == GrantRegistry.NO_SLOT ? Long.MAX_VALUE : g.expiry(parent);
        final int s = g.allocate(parent, now);
        if (s == GrantRegistry.NO_SLOT) {
            return out.deny(Reason.CAPACITY, NONE, NONE, NONE);
        }
        final int flags = (parentFlags & GrantFlags.BREAK_GLASS) | (external ? GrantFlags.EXTERNAL : 0);
        if (reviewHit) {
            final int r = PolicyRules.firstReviewRule(policy, req, off, reqData, depth, external);
            final long deadline = now + policy.reviewTimeout[r];
            fill(g, words, s, parent, holder, principal, purpose, depth, rootDomain, flags | GrantFlags.PENDING,
                req, off, reqData, now, Math.min(parentExpiry, deadline));
            g.reviewDeadline(s, deadline);
            g.reviewRule(s, r);
            final int cap = Bits.firstCommon(req, off, policy.reviewCaps, r * words, words);
            return out.review(policy.reviewRule[r], cap, Bits.first(reqData & policy.reviewData[r]), g.id(s),
                deadline);
        }
        final long expiry = Math.min(parentExpiry, now + PolicyRules.ttlCap(policy, req, off, reqData));
        fill(g, words, s, parent, holder, principal, purpose, depth, rootDomain, flags, req, off, reqData, now, expiry);
        return out.allow(g.id(s), expiry, depth, flags);
    }

    /** Writes a new grant's fields into slot {@code s}, linked under {@code parent} (or as a root). */
    static void fill(final GrantRegistry g, final int words, final int s, final int parent, final int holder,
                     final int principal, final int purpose, final int depth, final int rootDomain, final int flags,
                     final long[] req, final int off, final long reqData, final long now, final long expiry) {
        g.parentId(s, parent == GrantRegistry.NO_SLOT ? 0 : g.id(parent));
        g.rootId(s, parent == GrantRegistry.NO_SLOT ? g.id(s) : g.rootId(parent));
        g.identities(s, holder, principal);
        g.purpose(s, purpose);
        g.depth(s, depth);
        g.rootDomain(s, rootDomain);
        g.flags(s, flags);
        g.issuedAt(s, now);
        g.expiry(s, expiry);
        g.data(s, reqData);
        System.arraycopy(req, off, g.longs, g.capsOffset(s), words);
    }
}
