package dev.baton.core;

import dev.baton.Reason;
import dev.baton.ToolArguments;

/**
 * The tool calls of {@link DecisionCore}: the holder of a grant calls a tool ({@link #authorize}), checked
 * against the grant and then re-evaluated under the <i>current</i> policy, which may have narrowed since
 * the grant was issued; and reports that a call finished ({@link #complete}). Each check fills the
 * decision with the DENY and returns false when it fails. The data touched is carried as a bit
 * ({@code 0} for none) and reported as its index.
 * <p>
 * <b>Note:</b> not thread-safe: one per core, on its thread; allocation-free.
 */
final class ToolCalls {
    private static final int NONE = DecisionSlot.NONE;

    private final DecisionCore core;
    private final GrantRegistry grants;
    private final IdentityTable identities;
    private final BudgetSteps budgets = new BudgetSteps();

    ToolCalls(final DecisionCore core, final GrantRegistry grants, final IdentityTable identities) {
        this.core = core;
        this.grants = grants;
        this.identities = identities;
    }

    /** See {@link DecisionCore#authorize(long, int, int, int, CharSequence, DecisionSlot)}. */
    DecisionSlot authorize(final long grantId, final int presenter, final int capability, final int dataClass,
                           final CharSequence justification, final ToolArguments args, final DecisionSlot out) {
        final CompiledPolicy c = core.policy();
        final long now = core.begin(out);
        final GrantRegistry g = grants;
        identities.touch(presenter, now);
        final int s = g.slotOf(grantId, now);
        if (!DelegationSteps.live(g, s, presenter, now, out)) {
            return out;
        }
        if (capability < 0 || capability >= c.capabilityCount) {
            return out.deny(Reason.UNKNOWN_CAPABILITY, NONE, NONE, NONE);
        }
        final boolean noData = dataClass == DecisionCore.NO_DATA_CLASS;
        if (!noData && (dataClass < 0 || dataClass >= c.dataClassCount)) {
            return out.deny(Reason.UNKNOWN_DATA_CLASS, NONE, capability, NONE);
        }
        final long dataBit = noData ? 0 : 1L << dataClass;
        if (!Bits.get(g.longs, g.capsOffset(s), capability)) {
            return out.deny(Reason.CAPABILITY_NOT_GRANTED, NONE, capability, NONE);
        }
        if ((g.data(s) & dataBit) != dataBit) {
            return out.deny(Reason.DATA_NOT_GRANTED, NONE, capability, Bits.first(dataBit));
        }
        // Re-evaluate under the current policy: it may have narrowed since the grant was issued.
        final int agent = identities.agent(presenter);
        if (agent < 0) {
            return out.deny(Reason.UNKNOWN_AGENT, NONE, capability, NONE);
        }
        final int domain = identities.domain(presenter);
        if (!withinCeilings(c, s, agent, capability, dataBit, out)
            || !withinDomain(c, domain, g.rootDomain(s), capability, dataBit, out)
            || !argumentsWithinCeilings(c, s, agent, capability, Bits.first(dataBit), args, out)
            || !argumentsWithinDomain(c, domain, g.rootDomain(s), capability, Bits.first(dataBit), args, out)
            || !g.ledger.foreign.callWithin(c, g, s, capability, Bits.first(dataBit), args, out)
            || !justified(c, capability, dataBit, justification, out)
            || !budgets.spend(c, g, s, capability, Bits.first(dataBit), args, out)) {
            return out;
        }
        out.parentGrantId(g.parentId(s));
        return out.allow(grantId, g.expiry(s), g.depth(s), g.flags(s));
    }

    /**
     * See {@link DecisionCore#callDenials}: every check of a tool call that refuses it, reading state only
     * (no identity touched, nothing spent).
     */
    int denials(final long grantId, final int presenter, final int capability, final int dataClass,
                final CharSequence justification, final ToolArguments args, final DecisionSlot[] out) {
        final CompiledPolicy c = core.policy();
        final long now = core.time.last();
        for (final DecisionSlot d : out) {
            d.reset(now, c.versionId());
        }
        final GrantRegistry g = grants;
        final int s = g.slotOf(grantId, now);
        final boolean noData = dataClass == DecisionCore.NO_DATA_CLASS;
        if (!DelegationSteps.live(g, s, presenter, now, out[0])) {
            return 1;
        }
        if (capability < 0 || capability >= c.capabilityCount
            || !noData && (dataClass < 0 || dataClass >= c.dataClassCount)) {
            out[0].deny(capability < 0 || capability >= c.capabilityCount ? Reason.UNKNOWN_CAPABILITY
                : Reason.UNKNOWN_DATA_CLASS, NONE, NONE, NONE);
            return 1;
        }
        final long dataBit = noData ? 0 : 1L << dataClass;
        final int data = Bits.first(dataBit);
        int n = 0;
        if (!Bits.get(g.longs, g.capsOffset(s), capability)) {
            out[n++].deny(Reason.CAPABILITY_NOT_GRANTED, NONE, capability, NONE);
        }
        if ((g.data(s) & dataBit) != dataBit) {
            out[n++].deny(Reason.DATA_NOT_GRANTED, NONE, capability, data);
        }
        final int agent = identities.agent(presenter);
        if (agent < 0) {
            out[n++].deny(Reason.UNKNOWN_AGENT, NONE, capability, NONE);
            return n;
        }
        n += !withinCeilings(c, s, agent, capability, dataBit, out[n]) ? 1 : 0;
        n += !withinDomain(c, identities.domain(presenter), g.rootDomain(s), capability, dataBit, out[n]) ? 1 : 0;
        n += !argumentsWithinCeilings(c, s, agent, capability, data, args, out[n]) ? 1 : 0;
        n += !argumentsWithinDomain(c, identities.domain(presenter), g.rootDomain(s), capability, data, args, out[n])
            ? 1 : 0;
        n += !justified(c, capability, dataBit, justification, out[n]) ? 1 : 0;
        n += !budgets.check(c, g, s, capability, data, args, out[n]) ? 1 : 0;
        return n;
    }

    /** See {@link DecisionCore#complete(long, int, DecisionSlot)}. */
    DecisionSlot complete(final long grantId, final int presenter, final DecisionSlot out) {
        final long now = core.begin(out);
        identities.touch(presenter, now);
        final int s = grants.slotOf(grantId, now);
        if (s == GrantRegistry.NO_SLOT) {
            return out.deny(Reason.UNKNOWN_GRANT, NONE, NONE, NONE);
        }
        if (grants.holder(s) != presenter) {
            return out.deny(Reason.NOT_HOLDER, NONE, NONE, NONE);
        }
        out.parentGrantId(grants.parentId(s));
        return out.allow(grantId, grants.expiry(s), grants.depth(s), grants.flags(s));
    }

    /**
     * Within agent class {@code agent}'s and the grant's purpose's ceilings; for an emergency root grant,
     * within its break-glass rule's ceiling instead.
     */
    private boolean withinCeilings(final CompiledPolicy policy, final int s, final int agent, final int capability,
                                   final long dataBit, final DecisionSlot out) {
        final int words = policy.words;
        final int glass = DelegationSteps.glassCeiling(grants, policy, s);
        if (glass >= 0) {
            if (!Bits.get(policy.breakGlass.ceiling, glass * words, capability)
                || (policy.breakGlass.ceilingData[glass] & dataBit) != dataBit) {
                out.deny(Reason.AGENT_CEILING, policy.breakGlass.rule[glass], capability, Bits.first(dataBit));
                return false;
            }
            return true;
        }
        if (!Bits.get(policy.agents.ceiling, agent * words, capability)
            || (policy.agents.ceilingData[agent] & dataBit) != dataBit) {
            out.deny(Reason.AGENT_CEILING, policy.agents.ceilingRule[agent], capability, Bits.first(dataBit));
            return false;
        }
        final int purpose = grants.purpose(s);
        if (!Bits.get(policy.purposes.ceiling, purpose * words, capability)
            || (policy.purposes.ceilingData[purpose] & dataBit) != dataBit) {
            out.deny(Reason.PURPOSE_CEILING, policy.purposes.ceilingRule[purpose], capability, Bits.first(dataBit));
            return false;
        }
        return true;
    }

    /**
     * A holder outside the root's trust domain ({@code domain} -1 is nobody's own): data that must never
     * leave stays home, and the domain's external limit bounds the call.
     */
    private static boolean withinDomain(final CompiledPolicy policy, final int domain, final int rootDomain,
                                        final int capability, final long dataBit, final DecisionSlot out) {
        if (policy.domains.sameZone(domain, rootDomain)) {
            return true;
        }
        final int data = Bits.first(dataBit);
        if ((dataBit & policy.domains.neverLeave) != 0) {
            out.deny(Reason.NEVER_LEAVE, policy.domains.neverLeaveRule[data], capability, data);
            return false;
        }
        if (domain < 0 || policy.domains.externalRule[domain] < 0
            || !Bits.get(policy.domains.externalCaps, domain * policy.words, capability)
            || (policy.domains.externalData[domain] & dataBit) != dataBit) {
            out.deny(Reason.EXTERNAL_LIMIT, domain < 0 ? NONE : policy.domains.externalRule[domain], capability, data);
            return false;
        }
        return true;
    }

    /**
     * The call's arguments satisfy the constraints of the ceilings it was checked against: the holder's
     * agent's and the purpose's, or the break-glass rule's.
     */
    private boolean argumentsWithinCeilings(final CompiledPolicy c, final int s, final int agent, final int capability,
                                            final int data, final ToolArguments args, final DecisionSlot out) {
        final ConstraintTable t = c.constraints;
        if (t.entryRule.length == 0) {
            return true;
        }
        final int glass = DelegationSteps.glassCeiling(grants, c, s);
        if (glass >= 0) {
            return ArgumentCheck.check(c, t.glassRow + glass, capability, data, args, out);
        }
        return ArgumentCheck.check(c, t.agentRow + agent, t.purposeRow + grants.purpose(s), capability, data, args,
            out);
    }

    /**
     * Across trust zones (presenter's {@code domain}, the root's {@code rootDomain}), the call's arguments
     * satisfy the constraints of the presenter's external limit.
     */
    private static boolean argumentsWithinDomain(final CompiledPolicy c, final int domain, final int rootDomain,
                                                 final int capability, final int data, final ToolArguments args,
                                                 final DecisionSlot out) {
        final ConstraintTable t = c.constraints;
        if (t.entryRule.length == 0) {
            return true;
        }
        return c.domains.sameZone(domain, rootDomain) || domain < 0
            || ArgumentCheck.check(c, t.domainRow + domain, capability, data, args, out);
    }

    /** Tiers that ask for a justification get a non-blank one. */
    private static boolean justified(final CompiledPolicy policy, final int capability, final long dataBit,
                                     final CharSequence justification, final DecisionSlot out) {
        if ((Bits.get(policy.tiers.justificationCaps, 0, capability) || (policy.tiers.justificationData & dataBit) != 0)
            && PolicyRules.isBlank(justification)) {
            out.deny(Reason.JUSTIFICATION_REQUIRED, PolicyRules.justificationRule(policy, capability, dataBit),
                capability, Bits.first(dataBit));
            return false;
        }
        return true;
    }
}
