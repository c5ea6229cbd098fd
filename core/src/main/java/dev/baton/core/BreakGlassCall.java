package dev.baton.core;

import dev.baton.Reason;

/**
 * One break-glass request, described by name and then decided: an emergency root grant, time-boxed by
 * the rule's {@code max_ttl}, with a mandatory reason when the rule says so, always flagged
 * {@link GrantFlags#BREAK_GLASS} for post-hoc review. Bounded by the rule's ceiling, or the agent's
 * ceiling when the rule has none; purpose ceilings do not apply.
 * <pre>{@code
 * core.breakGlass().principal(oncall).rule(policy.breakGlassRule("oncall")).agent(planner)
 *     .purpose(refund).scope(scope).reason("prod outage #812").decide(out);
 * }</pre>
 * Named setters, because principal, rule, agent and purpose are all ints. What is not set is refused
 * (no principal, rule, agent or purpose is {@code -1}), never read as "any".
 * <p>
 * <b>Note:</b> not thread-safe: the core owns one, and {@link DecisionCore#breakGlass()} clears and hands
 * out that one, so describe and decide one call at a time on the core's thread. Allocation-free.
 */
public final class BreakGlassCall {
    private static final int NONE = DecisionSlot.NONE;

    private final DecisionCore core;
    private final GrantRegistry grants;
    private final IdentityTable identities;
    private final GrantSpec spec;
    /** The constraint-table rows a requested constraint must lie within. */
    private final int[] rows = new int[2];
    private final BudgetSteps budgets = new BudgetSteps();
    private int principal;
    private int rule;
    private int agent;
    private int purpose;
    private ScopeBits scope;
    private CharSequence reason;
    private long ttlMillis;

    BreakGlassCall(final DecisionCore core, final GrantRegistry grants, final IdentityTable identities,
                   final GrantSpec spec) {
        this.core = core;
        this.grants = grants;
        this.identities = identities;
        this.spec = spec;
        clear();
    }

    /** Forgets every argument. */
    BreakGlassCall clear() {
        principal = NONE;
        rule = NONE;
        agent = NONE;
        purpose = NONE;
        scope = null;
        reason = null;
        ttlMillis = 0;
        return this;
    }

    /**
     * @param identity interned principal invoking it.
     * @return this.
     */
    public BreakGlassCall principal(final int identity) {
        this.principal = identity;
        return this;
    }

    /**
     * @param index break-glass rule index ({@link CompiledPolicy#breakGlassRule(String)}).
     * @return this.
     */
    public BreakGlassCall rule(final int index) {
        this.rule = index;
        return this;
    }

    /**
     * @param identity interned identity receiving the grant.
     * @return this.
     */
    public BreakGlassCall agent(final int identity) {
        this.agent = identity;
        return this;
    }

    /**
     * @param index purpose index recorded on the grant.
     * @return this.
     */
    public BreakGlassCall purpose(final int index) {
        this.purpose = index;
        return this;
    }

    /**
     * @param requested scope asked for.
     * @return this.
     */
    public BreakGlassCall scope(final ScopeBits requested) {
        this.scope = requested;
        return this;
    }

    /**
     * @param why required non-blank when the rule says so; may be null otherwise.
     * @return this.
     */
    public BreakGlassCall reason(final CharSequence why) {
        this.reason = why;
        return this;
    }

    /**
     * @param millis requested life, capped by the rule's {@code max_ttl}; 0 (the default) or less means the cap.
     * @return this.
     */
    public BreakGlassCall ttlMillis(final long millis) {
        this.ttlMillis = millis;
        return this;
    }

    /**
     * Decides the call described.
     *
     * @param out filled with the decision; for ALLOW, {@code grantId()} is the emergency root grant.
     * @return {@code out}.
     * @throws IllegalStateException if no scope was given.
     */
    public DecisionSlot decide(final DecisionSlot out) {
        if (scope == null) {
            throw new IllegalStateException("break-glass call without a scope: set scope(...) before decide");
        }
        final CompiledPolicy policy = core.policy();
        final long now = core.begin(out);
        identities.touch(principal, now);
        identities.touch(agent, now);
        if (!core.layoutMatches(scope, out)) {
            return out;
        }
        final boolean known = rule >= 0 && rule < policy.breakGlass.count;
        if (!known || !identities.mayBreakGlass(principal, rule)) {
            return out.deny(Reason.BREAK_GLASS_NOT_ALLOWED, known ? policy.breakGlass.rule[rule] : NONE, NONE, NONE);
        }
        if (policy.breakGlass.reasonRequired[rule] && PolicyRules.isBlank(reason)) {
            return out.deny(Reason.REASON_REQUIRED, policy.breakGlass.rule[rule], NONE, NONE);
        }
        if (purpose < 0 || purpose >= policy.purposes.count) {
            return out.deny(Reason.UNKNOWN_PURPOSE, NONE, NONE, NONE);
        }
        final int a = identities.agent(agent);
        if (a < 0) {
            return out.deny(Reason.UNKNOWN_AGENT, NONE, NONE, NONE);
        }
        if (!withinCeiling(policy, a, out) || !reviewSkipped(policy, a, out)) {
            return out;
        }
        if (!requestedWithin(policy, a, out)) {
            return out;
        }
        spec.root(scope).holder(agent).principal(principal).purpose(purpose).rootDomain(identities.domain(agent));
        if (!budgets.root(policy, purpose, scope, spec, out)) {
            return out;
        }
        if (scope.constraintCount() > 0) {
            spec.requested = RequestedConstraints.merge(policy, null, scope);
            if (null == spec.requested) {
                return out.deny(Reason.CONSTRAINT_NOT_ATTENUATED, NONE, NONE, NONE);
            }
        }
        final long cap = policy.breakGlass.maxTtl[rule];
        final long expiry = now + (ttlMillis <= 0 ? cap : Math.min(ttlMillis, cap));
        final int s = grants.allocate(GrantRegistry.NO_SLOT, now);
        if (s == GrantRegistry.NO_SLOT) {
            return out.deny(Reason.CAPACITY, NONE, NONE, NONE);
        }
        DelegationSteps.fill(grants, s, spec, GrantFlags.BREAK_GLASS, now, expiry);
        grants.glassRule(s, rule);
        return out.allow(grants.id(s), expiry, 0, GrantFlags.BREAK_GLASS);
    }

    /**
     * A rule without {@code skip_review: true} refuses a scope that a review rule applying at depth 0 meets:
     * an emergency grant is never left waiting for review, and never skips one silently.
     */
    private boolean reviewSkipped(final CompiledPolicy policy, final int a, final DecisionSlot out) {
        if (policy.breakGlass.skipReview[rule]) {
            return true;
        }
        final int words = policy.words;
        final int band = ReviewTable.band(0, false);
        if (Bits.firstCommon(scope.capabilities, 0, policy.reviews.maskCaps, band * words, words) == NONE
            && (scope.data & policy.reviews.maskData[band]) == 0) {
            return true;
        }
        // The emergency grant is bounded by the rule's ceiling (else the agent's), never by the purpose's.
        final int agentCeiling = policy.breakGlass.hasCeiling[rule] ? -1 : a;
        final int r = PolicyRules.firstReviewRule(policy, scope.capabilities, scope.data, 0, false, agentCeiling, -1);
        if (r == NONE) {
            return true;
        }
        out.deny(Reason.REVIEW_REQUIRED, policy.reviews.rule[r],
            PolicyRules.firstReviewCapability(policy, r, scope.capabilities, agentCeiling, -1),
            Bits.first(scope.data & policy.reviews.data[r]));
        return false;
    }

    /** The rule's ceiling, or agent class {@code a}'s when the rule has none. */
    private boolean withinCeiling(final CompiledPolicy policy, final int a, final DecisionSlot out) {
        final int words = policy.words;
        final boolean own = policy.breakGlass.hasCeiling[rule];
        final long[] ceiling = own ? policy.breakGlass.ceiling : policy.agents.ceiling;
        final int off = own ? rule * words : a * words;
        final long ceilingData = own ? policy.breakGlass.ceilingData[rule] : policy.agents.ceilingData[a];
        final int cap = Bits.firstNotIn(scope.capabilities, 0, ceiling, off, words);
        final long data = scope.data & ~ceilingData;
        if (cap != NONE || data != 0) {
            out.deny(Reason.AGENT_CEILING, own ? policy.breakGlass.rule[rule] : policy.agents.ceilingRule[a], cap,
                Bits.first(data));
            return false;
        }
        return true;
    }

    /**
     * The constraints the scope asks for lie within the rule's ceiling (when it has one: the emergency grant's
     * calls are checked against it) or else the agent's and the purpose's ceilings.
     */
    private boolean requestedWithin(final CompiledPolicy policy, final int a, final DecisionSlot out) {
        final ConstraintTable t = policy.constraints;
        final boolean own = policy.breakGlass.hasCeiling[rule];
        rows[0] = own ? t.glassRow + rule : t.agentRow + a;
        rows[1] = own ? rows[0] : t.purposeRow + purpose;
        return RequestedConstraints.within(policy, grants, GrantRegistry.NO_SLOT, rows, 2, scope, out);
    }
}
