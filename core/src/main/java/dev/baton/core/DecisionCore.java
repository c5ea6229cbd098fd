package dev.baton.core;

import dev.baton.UnknownNameException;
import dev.baton.Reason;
import dev.baton.Outcome;
import dev.baton.codec.ErrorDetail;
import dev.baton.codec.KeyRing;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.time.InstantSource;

/**
 * The synchronous delegation decision core: {@code open}, {@code delegate}, {@code fanOut},
 * {@code authorize}, {@code revoke}, {@code close}, {@code review} and {@code breakGlass} over one
 * {@link CompiledPolicy}, following BRIEF.md's steps in order (the first failing step is the reason).
 * <p>
 * Identities are interned once with {@link #identity(String)}; after that every decision is table
 * look-ups and AND/compare on bitsets. Results go into a caller-owned {@link DecisionSlot}.
 * <p>
 * Fail closed on every int a caller passes: an identity id that is not held (never issued, or reclaimed),
 * a purpose, capability, break-glass rule or data-class index out of range, is refused (DENY with the
 * reason), never read as "none". The one explicit "none" an operation takes is {@link #NO_DATA_CLASS}
 * for an {@code authorize} that touches no data; no name look-up can return it (look-ups throw
 * {@link UnknownNameException}).
 * <p>
 * Identities no grant names, and that no decision has named for a while, may be reclaimed when the
 * identity table is full (see {@link #identity(String)}), so ephemeral workers do not grow a long-running
 * core without bound.
 * <p>
 * Time comes from the injected {@link InstantSource} and never runs backwards inside the core: a clock
 * that jumps back is held at the latest time seen, so it can neither revive an expired grant nor
 * extend a new one.
 * <p>
 * Given a {@link KeyRing}, the core also speaks warrants: {@code open}, {@code delegate},
 * {@code fanOut}, {@code review} and {@code breakGlass} write the new grant's signed warrant into a
 * caller-supplied buffer, and {@code delegate}, {@code fanOut} and {@code authorize} accept warrant bytes,
 * which are verified (structure, key, MAC, holder, expiry) before the grant is looked up. A policy
 * can be swapped between decisions ({@link #swap(CompiledPolicy)}); live grants are carried over by name
 * and every later decision re-checks them against the new policy.
 * <p>
 * <b>Note:</b> not thread-safe: one thread owns a core (the pipeline puts it behind a ring). After
 * warm-up, decisions allocate nothing (the registry grows only when every slot holds a live grant).
 */
public final class DecisionCore {
    /**
     * The {@code dataClass} argument of {@code authorize} for a tool call that touches no data. Distinct
     * from {@link DecisionSlot#NONE} and from every index, so a failed or forgotten look-up (-1) is refused
     * {@code UNKNOWN_DATA_CLASS} rather than read as "no data".
     */
    public static final int NO_DATA_CLASS = Integer.MIN_VALUE;

    private static final int NONE = DecisionSlot.NONE;

    private CompiledPolicy policy;
    private int words;
    private final InstantSource clock;
    private final IdentityTable identities;
    private final GrantRegistry grants;
    private final GrantWarrants warrants;
    private long lastNow = Long.MIN_VALUE;

    /**
     * A core with room for 4,096 grants to start, up to 16M, keeping dead grants for one minute.
     *
     * @param policy the compiled policy.
     * @param clock  the source of time (epoch millis).
     */
    public DecisionCore(final CompiledPolicy policy, final InstantSource clock) {
        this(policy, clock, 4096, 1 << 24, 60_000);
    }

    /**
     * @param policy          the compiled policy.
     * @param clock           the source of time (epoch millis).
     * @param initialGrants   registry slots to preallocate.
     * @param maxGrants       most grants (live or tombstoned) held at once; beyond it, DENY CAPACITY.
     * @param retentionMillis how long a dead grant is kept to answer EXPIRED/REVOKED before reclaim.
     */
    public DecisionCore(final CompiledPolicy policy, final InstantSource clock, final int initialGrants,
                        final int maxGrants, final long retentionMillis) {
        this(policy, clock, null, initialGrants, maxGrants, retentionMillis);
    }

    /**
     * A core that issues and accepts warrants signed with {@code keys}, with the default registry sizes.
     *
     * @param policy the compiled policy.
     * @param clock  the source of time (epoch millis).
     * @param keys   the key ring that signs and verifies warrants.
     */
    public DecisionCore(final CompiledPolicy policy, final InstantSource clock, final KeyRing keys) {
        this(policy, clock, keys, 4096, 1 << 24, 60_000);
    }

    /**
     * @param policy          the compiled policy.
     * @param clock           the source of time (epoch millis).
     * @param keys            the key ring for warrants, or null for a core that works on grant ids only.
     * @param initialGrants   registry slots to preallocate.
     * @param maxGrants       most grants (live or tombstoned) held at once; beyond it, DENY CAPACITY.
     * @param retentionMillis how long a dead grant is kept to answer EXPIRED/REVOKED before reclaim.
     */
    public DecisionCore(final CompiledPolicy policy, final InstantSource clock, final KeyRing keys,
                        final int initialGrants, final int maxGrants, final long retentionMillis) {
        this.policy = policy;
        this.clock = clock;
        this.identities = new IdentityTable(policy, retentionMillis);
        this.words = policy.words;
        this.grants = new GrantRegistry(words, initialGrants, maxGrants, retentionMillis, identities);
        this.warrants = keys == null ? null : new GrantWarrants(keys, words);
    }

    /**
     * Replaces the policy between two decisions. Identities are re-bound to the new policy; live grants
     * keep their capabilities and data classes by name (those the new policy lacks are dropped), and a
     * grant whose purpose, or pending review rule, is gone is revoked. Later decisions check everything
     * against the new policy. Allocates: not for the hot path.
     *
     * @param next the new compiled policy.
     * @return number of grants revoked because the new policy no longer has what they referred to.
     */
    public int swap(final CompiledPolicy next) {
        final int revoked = PolicySwap.remap(policy, next, grants);
        identities.bind(next);
        policy = next;
        words = next.words;
        if (warrants != null) {
            warrants.words(next.words);
        }
        return revoked;
    }

    /** @return the policy this core decides with. */
    public CompiledPolicy policy() {
        return policy;
    }

    /**
     * Interns an identity (workload identity or principal) and binds it to the policy. Call once per
     * identity, off the hot path; the int is what every operation takes.
     * <p>
     * The id stays valid while a grant held by this core names the identity (as holder or principal),
     * and for at least the retention time (and never less than a minute) after a decision last named it.
     * After that, once the identity table is full, it may be reclaimed: the stale id is then refused by
     * every operation (as an unknown agent, principal, holder or reviewer), never taken for another
     * identity, and interning the name again gives a new id. Ids are not reissued until 2<sup>31</sup>
     * further ids have been. Reclamation depends only on the decisions taken and the identities interned,
     * in order, so a replay of the same sequence assigns the same ids.
     *
     * @param identity e.g. {@code spiffe://acme.example/agent/planner} or {@code user:alice@acme.example}.
     * @return its id.
     */
    public int identity(final String identity) {
        return identities.intern(identity);
    }

    /**
     * {@link #identity(String)} for an identity that must be an agent of the policy: the way to bind an
     * agent once, so a misspelt SPIFFE ID fails here rather than as {@code UNKNOWN_AGENT} decisions.
     *
     * @throws UnknownNameException if the identity matches no agent (naming the nearest agent pattern).
     */
    public int agent(final String identity) {
        policy.requireAgentIdentity(identity);
        return identity(identity);
    }

    /**
     * {@link #identity(String)} for a principal that may open some purpose or break glass.
     *
     * @throws UnknownNameException if the identity matches no {@code opened_by} or break-glass {@code who}.
     */
    public int principal(final String identity) {
        policy.requirePrincipal(identity);
        return identity(identity);
    }

    /**
     * {@link #identity(String)} for a reviewer of some review rule.
     *
     * @throws UnknownNameException if the identity matches no review rule's {@code reviewers}.
     */
    public int reviewer(final String identity) {
        policy.requireReviewer(identity);
        return identity(identity);
    }

    /** @return the identity string for an id, or {@code (unknown identity #id)} if it is not held. */
    public String identityName(final int id) {
        return identities.name(id);
    }

    /** @return whether {@code id} names an identity this core holds (interned and not reclaimed). */
    public boolean hasIdentity(final int id) {
        return identities.contains(id);
    }

    /** @return the agent class index of an identity, or -1 when it matches no agent or is not held. */
    public int agentOf(final int identity) {
        return identities.agent(identity);
    }

    /** @return number of identities held now (interned and not reclaimed). */
    public int identityCount() {
        return identities.size();
    }

    /**
     * @return how many calls of {@link #identity(String)} changed the identity table (issued an id, or
     *     renewed an idle identity's). A journaling caller records exactly those calls, in order, so that a
     *     replay repeats them.
     */
    public long identityChanges() {
        return identities.changes();
    }

    /** @return number of grants held (live and tombstoned). */
    public int grantCount() {
        return grants.size();
    }

    /** Engine time: the clock, held at the latest value seen so it never runs backwards. */
    long now() {
        final long t = clock.millis();
        if (t > lastNow) {
            lastNow = t;
        }
        return lastNow;
    }

    // ------------------------------------------------------------------------------------ open

    /**
     * A principal opens a task for a purpose and hands it to a first agent: the root grant.
     *
     * @param principal interned principal.
     * @param purpose   purpose index.
     * @param agent     interned identity of the first agent.
     * @param requested scope asked for; must fit the agent's and the purpose's ceilings.
     * @param out       filled with the decision; for ALLOW, {@code grantId()} is the root grant.
     * @return {@code out}.
     */
    public DecisionSlot open(final int principal, final int purpose, final int agent, final ScopeBits requested,
                         final DecisionSlot out) {
        final long now = now();
        out.reset(now, policy.versionId());
        identities.touch(principal, now);
        identities.touch(agent, now);
        if (purpose < 0 || purpose >= policy.purposeCount) {
            return out.deny(Reason.UNKNOWN_PURPOSE, NONE, NONE, NONE);
        }
        if (!layoutMatches(requested, out)) {
            return out;
        }
        if (!identities.mayOpen(principal, purpose)) {
            return out.deny(Reason.PRINCIPAL_NOT_ALLOWED, policy.purposeOpenedByRule[purpose], NONE, NONE);
        }
        final int a = identities.agent(agent);
        if (a < 0) {
            return out.deny(Reason.UNKNOWN_AGENT, NONE, NONE, NONE);
        }
        if (!Bits.get(policy.purposeEntry, purpose * policy.agentWords, a)) {
            return out.deny(Reason.NOT_ENTRY_AGENT, policy.purposeEntryRule[purpose], NONE, NONE);
        }
        if (!DelegationSteps.withinCeilings(policy, requested.capabilities, 0, requested.data, a, purpose, out)) {
            return out;
        }
        final int domain = identities.domain(agent);
        return DelegationSteps.issue(policy, grants, GrantRegistry.NO_SLOT, agent, principal, purpose, 0, domain,
            false, 0, requested.capabilities, 0, requested.data, now, out);
    }

    // ------------------------------------------------------------------------------------ delegate

    /**
     * The holder of a grant hands a sub-task to another agent with a requested scope.
     *
     * @param parentGrant the presenter's grant.
     * @param presenter   interned identity presenting it (must be its holder).
     * @param delegatee   interned identity of the agent receiving the sub-task.
     * @param requested   scope asked for the child.
     * @param out         filled with the decision; for ALLOW, {@code grantId()} is the child grant.
     * @return {@code out}.
     */
    public DecisionSlot delegate(final long parentGrant, final int presenter, final int delegatee, final ScopeBits requested,
                             final DecisionSlot out) {
        return delegate(parentGrant, presenter, delegatee, requested, now(), out);
    }

    /**
     * One holder delegates to {@code count} agents in one call: {@code count} independent decisions
     * taken at one instant, in order.
     *
     * @param parentGrant the presenter's grant.
     * @param presenter   interned identity presenting it.
     * @param count       number of children.
     * @param delegatees  interned identities, at least {@code count}.
     * @param requested   requested scopes, at least {@code count}.
     * @param out         decisions, at least {@code count}.
     * @return the number of children allowed.
     */
    public int fanOut(final long parentGrant, final int presenter, final int count, final int[] delegatees,
                      final ScopeBits[] requested, final DecisionSlot[] out) {
        if (count < 0 || count > delegatees.length || count > requested.length || count > out.length) {
            throw new IllegalArgumentException("count " + count + " exceeds the arrays given");
        }
        final long now = now();
        int allowed = 0;
        for (int i = 0; i < count; i++) {
            if (delegate(parentGrant, presenter, delegatees[i], requested[i], now, out[i]).allowed()) {
                allowed++;
            }
        }
        return allowed;
    }

    private DecisionSlot delegate(final long parentGrant, final int presenter, final int delegatee, final ScopeBits requested,
                              final long now, final DecisionSlot out) {
        out.reset(now, policy.versionId());
        out.parentGrantId(parentGrant);
        identities.touch(presenter, now);
        identities.touch(delegatee, now);
        if (!layoutMatches(requested, out)) {
            return out;
        }
        final GrantRegistry g = grants;
        // 1. The presented grant is genuine, held by the presenter, unexpired and unrevoked.
        final int p = g.slotOf(parentGrant, now);
        if (!DelegationSteps.live(grants, p, presenter, now, out)) {
            return out;
        }
        // 2. A delegation edge matches, and the chain stays within the holder's max depth.
        final int holderAgent = identities.agent(presenter);
        if (holderAgent < 0) {
            return out.deny(Reason.UNKNOWN_AGENT, NONE, NONE, NONE);
        }
        final int delegateeAgent = identities.agent(delegatee);
        if (delegateeAgent < 0) {
            return out.deny(Reason.UNKNOWN_AGENT, NONE, NONE, NONE);
        }
        if (!Bits.get(policy.agentEdges, holderAgent * policy.agentWords, delegateeAgent)) {
            return out.deny(Reason.NO_DELEGATION_EDGE, policy.agentEdgeRule[holderAgent], NONE, NONE);
        }
        final int depth = g.depth(p) + 1;
        if (depth > policy.agentMaxDepth[holderAgent]) {
            return out.deny(Reason.MAX_DEPTH, policy.agentDepthRule[holderAgent], NONE, NONE);
        }
        // 3. Attenuation: requested within the parent, minus what the parent may not pass on.
        final long[] req = requested.capabilities;
        final long reqData = requested.data;
        int cap = Bits.firstNotIn(req, 0, g.longs, g.capsOffset(p), words);
        long data = reqData & ~g.data(p);
        if (cap != NONE || data != 0) {
            return out.deny(Reason.NOT_ATTENUATED, NONE, cap, Bits.first(data));
        }
        if (g.depth(p) > 0) {
            cap = Bits.firstCommon(req, 0, policy.nonTransitiveCaps, 0, words);
            data = reqData & policy.nonTransitiveData;
            if (cap != NONE || data != 0) {
                return out.deny(Reason.NON_TRANSITIVE, policy.nonTransitiveRule, cap, Bits.first(data));
            }
        }
        // 4. Within the holder's, the delegatee's and the purpose's ceilings under the current policy:
        //    a policy that narrowed since the parent was issued narrows what it can pass on. The holder
        //    of an emergency root grant is bounded by its break-glass rule's ceiling instead of its own.
        final int glass = DelegationSteps.glassCeiling(grants, policy, p);
        cap = glass >= 0 ? Bits.firstNotIn(req, 0, policy.breakGlassCeiling, glass * words, words)
            : Bits.firstNotIn(req, 0, policy.agentCeiling, holderAgent * words, words);
        data = reqData & ~(glass >= 0 ? policy.breakGlassCeilingData[glass] : policy.agentCeilingData[holderAgent]);
        if (cap != NONE || data != 0) {
            final int rule = glass >= 0 ? policy.breakGlassRule[glass] : policy.agentCeilingRule[holderAgent];
            return out.deny(Reason.AGENT_CEILING, rule, cap, Bits.first(data));
        }
        final int purpose = g.purpose(p);
        if (!DelegationSteps.withinCeilings(policy, req, 0, reqData, delegateeAgent, purpose, out)) {
            return out;
        }
        // 5. Across trust domains: never_leave stays home, and the external limit bounds the rest.
        final int rootDomain = g.rootDomain(p);
        final int domain = identities.domain(delegatee);
        final boolean external = domain < 0 || domain != rootDomain; // an unknown domain is nobody's own
        if (external && !DelegationSteps.withinExternal(policy, req, 0, reqData, domain, out)) {
            return out;
        }
        return DelegationSteps.issue(policy, grants, p, delegatee, g.principal(p), purpose, depth, rootDomain,
            external, g.flags(p), req, 0, reqData, now, out);
    }

    // ------------------------------------------------------------------------------------ authorize

    /**
     * The holder of a grant calls a tool: checked against the grant and the <i>current</i> policy,
     * revocations and expiry.
     *
     * @param grantId       the presenter's grant.
     * @param presenter     interned identity presenting it.
     * @param capability    capability index of the (tool, action) called.
     * @param dataClass     data-class index touched, or {@link #NO_DATA_CLASS} for a call that touches no
     *                      data; anything else outside the policy's data classes is denied
     *                      {@code UNKNOWN_DATA_CLASS}.
     * @param justification why (required by tiers that say so); may be null.
     * @param out           filled with the decision.
     * @return {@code out}.
     */
    public DecisionSlot authorize(final long grantId, final int presenter, final int capability, final int dataClass,
                              final CharSequence justification, final DecisionSlot out) {
        final long now = now();
        out.reset(now, policy.versionId());
        return authorize(grantId, presenter, capability, dataClass, justification, now, out);
    }

    private DecisionSlot authorize(final long grantId, final int presenter, final int capability, final int dataClass,
                               final CharSequence justification, final long now, final DecisionSlot out) {
        final GrantRegistry g = grants;
        identities.touch(presenter, now);
        final int s = g.slotOf(grantId, now);
        if (!DelegationSteps.live(grants, s, presenter, now, out)) {
            return out;
        }
        if (capability < 0 || capability >= policy.capabilityCount) {
            return out.deny(Reason.UNKNOWN_CAPABILITY, NONE, NONE, NONE);
        }
        final boolean noData = dataClass == NO_DATA_CLASS;
        if (!noData && (dataClass < 0 || dataClass >= policy.dataClassCount())) {
            return out.deny(Reason.UNKNOWN_DATA_CLASS, NONE, capability, NONE);
        }
        final long dataBit = noData ? 0 : 1L << dataClass;
        final int data = noData ? NONE : dataClass; // what a decision reports: NONE when no data is touched
        if (!Bits.get(g.longs, g.capsOffset(s), capability)) {
            return out.deny(Reason.CAPABILITY_NOT_GRANTED, NONE, capability, NONE);
        }
        if ((g.data(s) & dataBit) != dataBit) {
            return out.deny(Reason.DATA_NOT_GRANTED, NONE, capability, data);
        }
        // Re-evaluate under the current policy: it may have narrowed since the grant was issued.
        final int agent = identities.agent(presenter);
        if (agent < 0) {
            return out.deny(Reason.UNKNOWN_AGENT, NONE, capability, NONE);
        }
        final int purpose = g.purpose(s);
        final int glass = DelegationSteps.glassCeiling(grants, policy, s);
        if (glass >= 0) {
            // An emergency root grant answers to its break-glass rule's ceiling, not the agent's or purpose's.
            if (!Bits.get(policy.breakGlassCeiling, glass * words, capability)
                || (policy.breakGlassCeilingData[glass] & dataBit) != dataBit) {
                return out.deny(Reason.AGENT_CEILING, policy.breakGlassRule[glass], capability, data);
            }
        } else {
            if (!Bits.get(policy.agentCeiling, agent * words, capability)
                || (policy.agentCeilingData[agent] & dataBit) != dataBit) {
                return out.deny(Reason.AGENT_CEILING, policy.agentCeilingRule[agent], capability, data);
            }
            if (!Bits.get(policy.purposeCeiling, purpose * words, capability)
                || (policy.purposeCeilingData[purpose] & dataBit) != dataBit) {
                return out.deny(Reason.PURPOSE_CEILING, policy.purposeCeilingRule[purpose], capability, data);
            }
        }
        final int domain = identities.domain(presenter);
        if (domain < 0 || domain != g.rootDomain(s)) { // an unknown domain is nobody's own
            if ((dataBit & policy.neverLeave) != 0) {
                return out.deny(Reason.NEVER_LEAVE, policy.neverLeaveRule[dataClass], capability, data);
            }
            if (domain < 0 || policy.externalRule[domain] < 0
                || !Bits.get(policy.externalCaps, domain * words, capability)
                || (policy.externalData[domain] & dataBit) != dataBit) {
                return out.deny(Reason.EXTERNAL_LIMIT, domain < 0 ? NONE : policy.externalRule[domain], capability,
                    data);
            }
        }
        if ((Bits.get(policy.justificationCaps, 0, capability) || (policy.justificationData & dataBit) != 0)
            && PolicyRules.isBlank(justification)) {
            return out.deny(Reason.JUSTIFICATION_REQUIRED, PolicyRules.justificationRule(policy, capability, dataBit),
                capability, data);
        }
        out.parentGrantId(g.parentId(s));
        return out.allow(grantId, g.expiry(s), g.depth(s), g.flags(s));
    }

    // ------------------------------------------------------------------------------------ complete

    /**
     * The holder of a grant reports that a tool call finished; the pipeline journals the call's output
     * digest with this decision. Only the holder may report on its grant; a call that finishes after
     * its grant expired or was revoked is still recorded (the call was authorized when it started).
     *
     * @param grantId   the grant the call ran under.
     * @param presenter interned identity reporting (its holder).
     * @param out       ALLOW naming the grant, or DENY UNKNOWN_GRANT / NOT_HOLDER.
     * @return {@code out}.
     */
    public DecisionSlot complete(final long grantId, final int presenter, final DecisionSlot out) {
        final long now = now();
        out.reset(now, policy.versionId());
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

    // ------------------------------------------------------------------------------------ revoke, close

    /**
     * Revokes a grant and every descendant, on behalf of {@code actor}. Idempotent. The actor must be the
     * grant's holder, the holder of one of its ancestors, the task's principal (the root principal) or an
     * identity the policy's {@code administrators} name; anyone else is refused, and nothing is revoked.
     *
     * @param grantId the grant.
     * @param actor   interned identity asking for the revocation (journaled as the revoker).
     * @param out     ALLOW naming the grant, or DENY UNKNOWN_GRANT / NOT_AUTHORIZED_TO_REVOKE.
     * @return number of grants newly revoked.
     */
    public int revoke(final long grantId, final int actor, final DecisionSlot out) {
        final long now = now();
        out.reset(now, policy.versionId());
        identities.touch(actor, now);
        final int s = grants.slotOf(grantId, now);
        if (s == GrantRegistry.NO_SLOT) {
            out.deny(Reason.UNKNOWN_GRANT, NONE, NONE, NONE);
            return 0;
        }
        out.parentGrantId(grants.parentId(s));
        if (!mayRevoke(s, actor)) {
            out.deny(Reason.NOT_AUTHORIZED_TO_REVOKE, policy.administratorsRule, NONE, NONE);
            return 0;
        }
        final int revoked = grants.revoke(s);
        out.allow(grantId, grants.expiry(s), grants.depth(s), grants.flags(s));
        return revoked;
    }

    /**
     * Ends a task on behalf of {@code actor}: revokes its root grant and so everything delegated under
     * it. The actor must be allowed to revoke the root grant ({@link #revoke(long, int, DecisionSlot)}).
     *
     * @param rootGrantId the task's root grant.
     * @param actor       interned identity closing the task.
     * @param out         ALLOW, or DENY UNKNOWN_GRANT / NOT_ROOT / NOT_AUTHORIZED_TO_REVOKE.
     * @return number of grants newly revoked.
     */
    public int close(final long rootGrantId, final int actor, final DecisionSlot out) {
        final long now = now();
        final int s = grants.slotOf(rootGrantId, now);
        if (s != GrantRegistry.NO_SLOT && grants.parentId(s) != 0) {
            out.reset(now, policy.versionId());
            out.deny(Reason.NOT_ROOT, NONE, NONE, NONE);
            return 0;
        }
        return revoke(rootGrantId, actor, out);
    }

    /**
     * Whether {@code actor} may revoke the grant in slot {@code s}: its task's principal, an administrator,
     * or the holder of the grant or of any ancestor (a delegator may take back what it handed on, never
     * the reverse). Walks at most the chain's depth; allocates nothing.
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

    // ------------------------------------------------------------------------------------ review

    /**
     * A reviewer approves or denies a pending REVIEW before its timeout.
     *
     * @param pendingGrant the grant id a REVIEW decision returned.
     * @param reviewer     interned principal deciding.
     * @param approve      true to approve.
     * @param out          ALLOW (the grant is now usable, with its expiry), or DENY with the reason
     *                     (REVIEW_DENIED, REVIEW_TIMED_OUT, NOT_A_REVIEWER, ...).
     * @return {@code out}.
     */
    public DecisionSlot review(final long pendingGrant, final int reviewer, final boolean approve, final DecisionSlot out) {
        final long now = now();
        out.reset(now, policy.versionId());
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
            return out.deny(Reason.REVIEW_TIMED_OUT, policy.reviewRule[rule], NONE, NONE);
        }
        if (now >= g.expiry(s)) {
            return out.deny(Reason.EXPIRED, NONE, NONE, NONE);
        }
        if (!identities.mayReview(reviewer, rule)) {
            return out.deny(Reason.NOT_A_REVIEWER, policy.reviewRule[rule], NONE, NONE);
        }
        if (!approve) {
            g.revoke(s);
            return out.deny(Reason.REVIEW_DENIED, policy.reviewRule[rule], NONE, NONE);
        }
        final int parent = g.parentSlot(s);
        long expiry = now + PolicyRules.ttlCap(policy, g.longs, g.capsOffset(s), g.data(s));
        if (parent != GrantRegistry.NO_SLOT) {
            expiry = Math.min(expiry, g.expiry(parent));
        }
        g.expiry(s, expiry);
        g.flags(s, (g.flags(s) & ~GrantFlags.PENDING) | GrantFlags.REVIEWED);
        return out.allow(pendingGrant, expiry, g.depth(s), g.flags(s));
    }

    // ------------------------------------------------------------------------------------ break-glass

    /**
     * An emergency root grant: time-boxed by the rule's {@code max_ttl}, with a mandatory reason when
     * the rule says so, always flagged {@link GrantFlags#BREAK_GLASS} for post-hoc review. Bounded by the
     * rule's ceiling, or the agent's ceiling when the rule has none; purpose ceilings do not apply.
     *
     * @param principal  interned principal invoking it.
     * @param rule       break-glass rule index ({@link CompiledPolicy#breakGlassRule(String)}).
     * @param agent      interned identity receiving the grant.
     * @param purpose    purpose index recorded on the grant.
     * @param requested  scope asked for.
     * @param reason     why; required non-blank when the rule says so.
     * @param ttlMillis  requested life, capped by the rule's {@code max_ttl}; 0 or less means the cap.
     * @param out        filled with the decision.
     * @return {@code out}.
     */
    public DecisionSlot breakGlass(final int principal, final int rule, final int agent, final int purpose,
                               final ScopeBits requested, final CharSequence reason, final long ttlMillis,
                               final DecisionSlot out) {
        final long now = now();
        out.reset(now, policy.versionId());
        identities.touch(principal, now);
        identities.touch(agent, now);
        if (!layoutMatches(requested, out)) {
            return out;
        }
        if (rule < 0 || rule >= policy.breakGlassCount || !identities.mayBreakGlass(principal, rule)) {
            return out.deny(Reason.BREAK_GLASS_NOT_ALLOWED,
                rule >= 0 && rule < policy.breakGlassCount ? policy.breakGlassRule[rule] : NONE, NONE, NONE);
        }
        if (policy.breakGlassReasonRequired[rule] && PolicyRules.isBlank(reason)) {
            return out.deny(Reason.REASON_REQUIRED, policy.breakGlassRule[rule], NONE, NONE);
        }
        if (purpose < 0 || purpose >= policy.purposeCount) {
            return out.deny(Reason.UNKNOWN_PURPOSE, NONE, NONE, NONE);
        }
        final int a = identities.agent(agent);
        if (a < 0) {
            return out.deny(Reason.UNKNOWN_AGENT, NONE, NONE, NONE);
        }
        final long[] ceiling = policy.breakGlassHasCeiling[rule] ? policy.breakGlassCeiling : policy.agentCeiling;
        final int off = policy.breakGlassHasCeiling[rule] ? rule * words : a * words;
        final long ceilingData = policy.breakGlassHasCeiling[rule]
            ? policy.breakGlassCeilingData[rule] : policy.agentCeilingData[a];
        final int ceilingRule = policy.breakGlassHasCeiling[rule]
            ? policy.breakGlassRule[rule] : policy.agentCeilingRule[a];
        final int cap = Bits.firstNotIn(requested.capabilities, 0, ceiling, off, words);
        final long data = requested.data & ~ceilingData;
        if (cap != NONE || data != 0) {
            return out.deny(Reason.AGENT_CEILING, ceilingRule, cap, Bits.first(data));
        }
        final long cap0 = policy.breakGlassMaxTtl[rule];
        final long ttl = ttlMillis <= 0 ? cap0 : Math.min(ttlMillis, cap0);
        final int s = grants.allocate(GrantRegistry.NO_SLOT, now);
        if (s == GrantRegistry.NO_SLOT) {
            return out.deny(Reason.CAPACITY, NONE, NONE, NONE);
        }
        DelegationSteps.fill(grants, words, s, GrantRegistry.NO_SLOT, agent, principal, purpose, 0,
            identities.domain(agent), GrantFlags.BREAK_GLASS, requested.capabilities, 0, requested.data, now,
            now + ttl);
        grants.glassRule(s, rule);
        return out.allow(grants.id(s), now + ttl, 0, GrantFlags.BREAK_GLASS);
    }

    // ------------------------------------------------------------------------------------ warrants

    /**
     * {@link #open(int, int, int, ScopeBits, DecisionSlot)}, writing the root grant's signed warrant on ALLOW.
     *
     * @param warrant buffer to write the warrant into, with room for {@link #maxWarrantLength()} bytes.
     * @param offset  where to write it.
     * @return the warrant's length, or 0 when the decision is not ALLOW.
     */
    public int open(final int principal, final int purpose, final int agent, final ScopeBits requested,
                    final DecisionSlot out, final MutableDirectBuffer warrant, final int offset) {
        requireWarrants(warrant, offset, 1);
        return issued(open(principal, purpose, agent, requested, out), warrant, offset);
    }

    /**
     * {@link #delegate(long, int, int, ScopeBits, DecisionSlot)} on presented warrant bytes: the warrant is
     * verified (structure, key, MAC, holder, expiry) first; on ALLOW the child's warrant is written.
     *
     * @param parent       buffer holding the presented warrant (untrusted).
     * @param parentOffset where it starts.
     * @param parentLength its length, MAC included.
     * @param child        buffer for the child's warrant, with room for {@link #maxWarrantLength()}.
     * @param childOffset  where to write it.
     * @return the child warrant's length, or 0 when the decision is not ALLOW.
     */
    public int delegate(final DirectBuffer parent, final int parentOffset, final int parentLength,
                        final int presenter, final int delegatee, final ScopeBits requested, final DecisionSlot out,
                        final MutableDirectBuffer child, final int childOffset) {
        requireWarrants(child, childOffset, 1);
        final long now = now();
        out.reset(now, policy.versionId());
        final long parentId = warrants.verify(parent, parentOffset, parentLength, presenter, now, out);
        if (parentId == 0) {
            return 0;
        }
        return issued(delegate(parentId, presenter, delegatee, requested, now, out), child, childOffset);
    }

    /**
     * {@link #fanOut(long, int, int, int[], ScopeBits[], DecisionSlot[])} on presented warrant bytes; the
     * children's warrants are written back to back from {@code offset}.
     *
     * @param offsets filled with each child's warrant offset (unchanged where not allowed).
     * @param lengths filled with each child's warrant length, 0 where not allowed.
     * @return the number of children allowed.
     */
    public int fanOut(final DirectBuffer parent, final int parentOffset, final int parentLength, final int presenter,
                      final int count, final int[] delegatees, final ScopeBits[] requested, final DecisionSlot[] out,
                      final MutableDirectBuffer children, final int offset, final int[] offsets, final int[] lengths) {
        if (count < 0 || count > delegatees.length || count > requested.length || count > out.length
            || count > offsets.length || count > lengths.length) {
            throw new IllegalArgumentException("count " + count + " exceeds the arrays given");
        }
        requireWarrants(children, offset, Math.max(1, count));
        final long now = now();
        if (count > 0) {
            out[0].reset(now, policy.versionId());
        }
        final long parentId = count == 0 ? 0
            : warrants.verify(parent, parentOffset, parentLength, presenter, now, out[0]);
        int allowed = 0;
        int cursor = offset;
        for (int i = 0; i < count; i++) {
            lengths[i] = 0;
            if (parentId == 0) {
                copyDenial(out[0], out[i], now);
                continue;
            }
            if (delegate(parentId, presenter, delegatees[i], requested[i], now, out[i]).allowed()) {
                allowed++;
                offsets[i] = cursor;
                lengths[i] = issued(out[i], children, cursor);
                cursor += lengths[i];
            }
        }
        return allowed;
    }

    /**
     * {@link #authorize(long, int, int, int, CharSequence, DecisionSlot)} on presented warrant bytes.
     *
     * @param warrant buffer holding the presented warrant (untrusted).
     * @param offset  where it starts.
     * @param length  its length, MAC included.
     * @return {@code out}.
     */
    public DecisionSlot authorize(final DirectBuffer warrant, final int offset, final int length, final int presenter,
                              final int capability, final int dataClass, final CharSequence justification,
                              final DecisionSlot out) {
        requireWarrants(null, 0, 0);
        final long now = now();
        out.reset(now, policy.versionId());
        final long grantId = warrants.verify(warrant, offset, length, presenter, now, out);
        return grantId == 0 ? out : authorize(grantId, presenter, capability, dataClass, justification, now, out);
    }

    /**
     * {@link #review(long, int, boolean, DecisionSlot)}, writing the approved grant's warrant on ALLOW.
     *
     * @return the warrant's length, or 0 when the decision is not ALLOW.
     */
    public int review(final long pendingGrant, final int reviewer, final boolean approve, final DecisionSlot out,
                      final MutableDirectBuffer warrant, final int offset) {
        requireWarrants(warrant, offset, 1);
        return issued(review(pendingGrant, reviewer, approve, out), warrant, offset);
    }

    /**
     * {@link #breakGlass(int, int, int, int, ScopeBits, CharSequence, long, DecisionSlot)}, writing the
     * emergency grant's warrant on ALLOW.
     *
     * @return the warrant's length, or 0 when the decision is not ALLOW.
     */
    public int breakGlass(final int principal, final int rule, final int agent, final int purpose,
                          final ScopeBits requested, final CharSequence reason, final long ttlMillis, final DecisionSlot out,
                          final MutableDirectBuffer warrant, final int offset) {
        requireWarrants(warrant, offset, 1);
        return issued(breakGlass(principal, rule, agent, purpose, requested, reason, ttlMillis, out), warrant, offset);
    }

    /**
     * Writes the signed warrant of a live grant (for a grant allowed by id, or to re-issue one).
     *
     * @param grantId the grant.
     * @param dst     buffer with room for {@link #maxWarrantLength()} bytes from {@code offset}.
     * @param offset  where to write.
     * @return the warrant's length, or 0 if the grant is not live (unknown, expired, revoked, pending).
     */
    public int warrant(final long grantId, final MutableDirectBuffer dst, final int offset) {
        requireWarrants(dst, offset, 1);
        final long now = lastNow == Long.MIN_VALUE ? clock.millis() : lastNow;
        final int s = grants.slotOf(grantId, now);
        if (s == GrantRegistry.NO_SLOT || now >= grants.expiry(s)
            || (grants.flags(s) & (GrantFlags.REVOKED | GrantFlags.PENDING)) != 0) {
            return 0;
        }
        return warrants.write(grants, s, words, policy.versionId(), dst, offset);
    }

    /** @return the most bytes one warrant can take under the current policy. */
    public int maxWarrantLength() {
        return GrantWarrants.maxLength(words);
    }

    /**
     * @return what was wrong with the last warrant refused as malformed (field, offset, length,
     *     capacity); for logs and diagnostics, never containing key material.
     */
    public ErrorDetail lastWarrantError() {
        requireWarrants(null, 0, 0);
        return warrants.lastError();
    }

    /**
     * @return the grant id named by the last presented warrant that verified, or 0 when the last one
     *     was refused before its grant was looked up (its decision's reason then says why). The journal
     *     records this so that replay, which holds no keys, can re-execute the request on the grant id.
     */
    public long lastVerifiedGrant() {
        requireWarrants(null, 0, 0);
        return warrants.lastVerifiedGrant();
    }

    private int issued(final DecisionSlot out, final MutableDirectBuffer dst, final int offset) {
        if (out.outcome() != Outcome.ALLOW) {
            return 0;
        }
        return warrants.write(grants, grants.slotOf(out.grantId()), words, policy.versionId(), dst, offset);
    }

    private void requireWarrants(final MutableDirectBuffer dst, final int offset, final int count) {
        if (warrants == null) {
            throw new IllegalStateException("this core has no KeyRing: construct it with one to use warrants");
        }
        if (dst != null) {
            final long need = (long) GrantWarrants.maxLength(words) * count;
            if (offset < 0 || dst.capacity() - (long) offset < need) {
                throw new IllegalArgumentException("warrant buffer too small: offset=" + offset + " capacity="
                    + dst.capacity() + " need=" + need);
            }
        }
    }

    /** A scope laid out for another policy numbers capabilities differently: its bits would mean other ones. */
    private boolean layoutMatches(final ScopeBits requested, final DecisionSlot out) {
        if (requested.policy() != policy && requested.policy().layoutId() != policy.layoutId()) {
            out.deny(Reason.SCOPE_LAYOUT_CHANGED, NONE, NONE, NONE);
            return false;
        }
        return true;
    }

    private static void copyDenial(final DecisionSlot from, final DecisionSlot to, final long now) {
        if (to != from) {
            to.reset(now, from.policyVersion());
            to.deny(from.reason(), from.rule(), from.capability(), from.dataClass());
        }
    }

    // ------------------------------------------------------------------------------------ grant state

    /**
     * Copies a grant's fields into {@code view}.
     *
     * @return false if no such grant is held (never issued, or reclaimed).
     */
    public boolean grant(final long grantId, final GrantView view) {
        final GrantRegistry g = grants;
        final int s = g.slotOf(grantId, lastNow);
        if (s == GrantRegistry.NO_SLOT) {
            return false;
        }
        view.id = grantId;
        view.parentId = g.parentId(s);
        view.rootId = g.rootId(s);
        view.holder = g.holder(s);
        view.principal = g.principal(s);
        view.purpose = g.purpose(s);
        view.depth = g.depth(s);
        view.issuedAt = g.issuedAt(s);
        view.expiry = g.expiry(s);
        view.reviewDeadline = g.reviewDeadline(s);
        view.flags = g.flags(s);
        System.arraycopy(g.longs, g.capsOffset(s), view.scope.capabilities, 0, words);
        view.scope.data = g.data(s);
        return true;
    }
}
