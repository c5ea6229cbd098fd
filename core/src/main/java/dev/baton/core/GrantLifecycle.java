package dev.baton.core;

import dev.baton.Reason;

/**
 * The operations of {@link DecisionCore} that change an existing grant's state: someone revokes it or
 * closes its task ({@link #revoke}, {@link #close}), a reviewer decides a pending one ({@link #review}).
 * <p>
 * <b>Note:</b> not thread-safe: one per core, on its thread; allocation-free.
 */
final class GrantLifecycle {
    private static final int NONE = DecisionSlot.NONE;
    /** {@link #countedClass}: the reviewer is in no class the rule names. */
    private static final int NOT_NAMED = -2;

    private final DecisionCore core;
    private final GrantRegistry grants;
    private final IdentityTable identities;

    GrantLifecycle(final DecisionCore core, final GrantRegistry grants, final IdentityTable identities) {
        this.core = core;
        this.grants = grants;
        this.identities = identities;
    }

    /** See {@link DecisionCore#revoke(long, int, DecisionSlot)}. */
    int revoke(final long grantId, final int actor, final DecisionSlot out) {
        return revoke(grantId, actor, core.begin(out), out);
    }

    private int revoke(final long grantId, final int actor, final long now, final DecisionSlot out) {
        identities.touch(actor, now);
        final int s = grants.slotOf(grantId, now);
        if (s == GrantRegistry.NO_SLOT) {
            out.deny(Reason.UNKNOWN_GRANT, NONE, NONE, NONE);
            return 0;
        }
        out.parentGrantId(grants.parentId(s));
        if (!mayRevoke(s, actor)) {
            out.deny(Reason.NOT_AUTHORIZED_TO_REVOKE, core.policy().administratorsRule, NONE, NONE);
            return 0;
        }
        final int revoked = grants.revoke(s);
        out.allow(grantId, grants.expiry(s), grants.depth(s), grants.flags(s));
        return revoked;
    }

    /** See {@link DecisionCore#close(long, int, DecisionSlot)}. */
    int close(final long rootGrantId, final int actor, final DecisionSlot out) {
        final long now = core.begin(out);
        final int s = grants.slotOf(rootGrantId, now);
        if (s != GrantRegistry.NO_SLOT && grants.parentId(s) != 0) {
            out.deny(Reason.NOT_ROOT, NONE, NONE, NONE);
            return 0;
        }
        return revoke(rootGrantId, actor, now, out);
    }

    /**
     * Whether {@code actor} may revoke the grant in slot {@code s}: its task's principal, an administrator,
     * or the holder of the grant or of any ancestor (a delegator may take back what it handed on, never
     * the reverse). Walks at most the chain's depth.
     */
    private boolean mayRevoke(final int s, final int actor) {
        if (actor < 0) {
            return false;
        }
        if (grants.principal(s) == actor || identities.isAdministrator(actor)) {
            return true;
        }
        for (int k = s; k != GrantRegistry.NO_SLOT; k = grants.parentSlot(k)) {
            if (grants.holder(k) == actor) {
                return true;
            }
        }
        return false;
    }

    /** See {@link DecisionCore#review(long, int, boolean, DecisionSlot)}. */
    DecisionSlot review(final long pendingGrant, final int reviewer, final boolean approve, final DecisionSlot out) {
        final CompiledPolicy policy = core.policy();
        final long now = core.begin(out);
        identities.touch(reviewer, now);
        final GrantRegistry g = grants;
        final int s = g.slotOf(pendingGrant, now);
        if (s == GrantRegistry.NO_SLOT) {
            return out.deny(Reason.UNKNOWN_GRANT, NONE, NONE, NONE);
        }
        out.parentGrantId(g.parentId(s));
        if ((g.flags(s) & GrantFlags.PENDING) == 0) {
            return out.deny(Reason.NOT_PENDING, NONE, NONE, NONE);
        }
        if ((g.flags(s) & GrantFlags.REVOKED) != 0) {
            return out.deny(Reason.REVOKED, NONE, NONE, NONE);
        }
        final int rule = g.reviewRule(s);
        if (rule < 0) {
            return out.deny(Reason.NOT_PENDING, NONE, NONE, NONE); // its rule is gone (it was revoked on swap)
        }
        if (now >= g.reviewDeadline(s)) {
            g.revoke(s); // a timed-out request never becomes usable
            return out.deny(Reason.REVIEW_TIMED_OUT, policy.reviews.rule[rule], NONE, NONE);
        }
        if (now >= g.expiry(s)) {
            return out.deny(Reason.EXPIRED, NONE, NONE, NONE);
        }
        if (!identities.mayReview(reviewer, rule)) {
            return out.deny(Reason.NOT_A_REVIEWER, policy.reviews.rule[rule], NONE, NONE);
        }
        if (!approve) {
            g.revoke(s);
            return out.deny(Reason.REVIEW_DENIED, policy.reviews.rule[rule], NONE, NONE);
        }
        final int cls = countedClass(policy, rule, reviewer);
        if (cls == NOT_NAMED) {
            return out.deny(Reason.REVIEWER_CLASS_NOT_NAMED, policy.reviews.rule[rule], NONE, NONE);
        }
        final int approvals = g.ledger.approve(s, reviewer, cls, now);
        if (approvals < 0) {
            return out.deny(Reason.ALREADY_APPROVED, policy.reviews.rule[rule], NONE, NONE);
        }
        final int approvalRule = cls < 0 ? policy.reviews.rule[rule] : policy.reviews.classRule[cls];
        if (approvals < policy.reviews.approvals[rule]) {
            return out.pending(Reason.APPROVAL_RECORDED, approvalRule, g.id(s), g.reviewDeadline(s));
        }
        final int parent = g.parentSlot(s);
        long expiry = now + PolicyRules.ttlCap(policy, g.longs, g.capsOffset(s), g.data(s));
        if (parent != GrantRegistry.NO_SLOT) {
            expiry = Math.min(expiry, g.expiry(parent));
        }
        g.expiry(s, expiry);
        g.flags(s, (g.flags(s) & ~GrantFlags.PENDING) | GrantFlags.REVIEWED);
        out.allow(pendingGrant, expiry, g.depth(s), g.flags(s));
        return cls < 0 ? out : out.rule(approvalRule);
    }

    /**
     * The reviewer class an approval by {@code reviewer} counts under for review rule {@code rule}: -1 when the
     * rule counts any reviewer's approval, {@link #NOT_NAMED} when the reviewer's class is not one it names.
     */
    private int countedClass(final CompiledPolicy policy, final int rule, final int reviewer) {
        final long from = policy.reviews.from[rule];
        if (from == 0) {
            return -1;
        }
        final int cls = identities.reviewerClass(reviewer);
        return cls >= 0 && (from & 1L << cls) != 0 ? cls : NOT_NAMED;
    }
}
