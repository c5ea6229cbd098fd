package dev.baton.core;

import dev.baton.Reason;
import dev.baton.ToolArguments;
import dev.baton.UnknownNameException;
import dev.baton.codec.IdentityId;
import dev.baton.codec.KeyRing;

import java.time.InstantSource;

/**
 * The synchronous delegation decision core: {@code open}, {@code delegate}, {@code fanOut},
 * {@code authorize}, {@code complete}, {@code revoke}, {@code close}, {@code review} and
 * {@link #breakGlass() breakGlass} over one {@link CompiledPolicy}, following BRIEF.md's steps in order
 * (the first failing step is the reason).
 * <p>
 * Identities are interned once with {@link #identity(String)}; after that every decision is table
 * look-ups and AND/compare on bitsets. Results go into a caller-owned {@link DecisionSlot}. Delegations
 * are decided in {@code Delegations}, step by step ({@code DelegationSteps}); tool calls in
 * {@code ToolCalls}, the other operations on an existing grant in {@code GrantLifecycle}.
 * <p>
 * Fail closed on every int a caller passes: an identity id that is not held (never issued, or reclaimed),
 * a purpose, capability, break-glass rule or data-class index out of range, is refused (DENY with the
 * reason), never read as "none". The one explicit "none" an operation takes is {@link #NO_DATA_CLASS}
 * for an {@code authorize} that touches no data; no name look-up can return it (look-ups throw
 * {@link UnknownNameException}).
 * <p>
 * Time comes from the injected {@link InstantSource} and never runs backwards inside the core: a clock
 * that jumps back is held at the latest time seen, so it can neither revive an expired grant nor
 * extend a new one.
 * <p>
 * Given a {@link KeyRing} ({@link CoreSettings#withKeys}), the core speaks warrants through its
 * {@link #warrants() WarrantGate}. A policy can be swapped between decisions ({@link #swap(CompiledPolicy)});
 * live grants are carried over by name and every later decision re-checks them against the new policy.
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
    private final IdentityTable identities;
    private final GrantRegistry grants;
    private final GrantSpec spec = new GrantSpec();
    private final Delegations delegations;
    private final ToolCalls calls;
    private final GrantLifecycle lifecycle;
    private final BreakGlassCall breakGlass;
    private final WarrantGate warrants;
    private final GrantCounters counters;
    /** The core's time (package-private: its parts read and restore it). */
    final CoreTime time;

    /**
     * A core with the {@link CoreSettings#DEFAULT default settings}: no warrants, room for 4,096 grants to
     * start, up to 16M, keeping dead grants for one minute.
     *
     * @param policy the compiled policy.
     * @param clock  the source of time (epoch millis).
     */
    public DecisionCore(final CompiledPolicy policy, final InstantSource clock) {
        this(policy, clock, CoreSettings.DEFAULT);
    }

    /**
     * @param policy   the compiled policy.
     * @param clock    the source of time (epoch millis).
     * @param settings the key ring for warrants (or none), registry sizes and retention.
     * @throws IllegalArgumentException if the registry sizes are not {@code 1 <= initial <= max}.
     */
    public DecisionCore(final CompiledPolicy policy, final InstantSource clock, final CoreSettings settings) {
        this.policy = policy;
        this.time = new CoreTime(clock);
        this.identities = new IdentityTable(policy, settings.retentionMillis());
        this.grants = new GrantRegistry(policy.words, settings.initialGrants(), settings.maxGrants(),
            settings.retentionMillis(), identities);
        this.delegations = new Delegations(this, grants, identities, spec);
        this.calls = new ToolCalls(this, grants, identities);
        this.lifecycle = new GrantLifecycle(this, grants, identities);
        this.breakGlass = new BreakGlassCall(this, grants, identities, spec);
        this.warrants = settings.keys() == null ? null : new WarrantGate(this, grants, settings.keys());
        this.counters = new GrantCounters(this, grants);
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
     * The id stays valid while a grant held by this core names the identity, and for at least the
     * retention time (never less than a minute) after a decision last named it. After that, once the
     * identity table is full, it may be reclaimed: the stale id is then refused by every operation, never
     * taken for another identity (ids are not reissued until 2<sup>31</sup> further ids have been), and
     * interning the name again gives a new id. Reclamation depends only on the decisions taken and the
     * identities interned, in order, so a replay of the same sequence assigns the same ids.
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

    /**
     * The stable 128-bit id of an interned identity: the truncated SHA-256 of its name, computed once when
     * it was interned; what portable warrants and offline verifiers name it by.
     *
     * @param id interned identity.
     * @return its stable id, or null if {@code id} is not held.
     */
    public IdentityId identityId(final int id) {
        return identities.stableId(id);
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

    /**
     * Sets the id the next grant this core creates gets (later ones count up from it). For a shadow core
     * that decides the same requests as a live one: a grant both create gets the live grant's id, so later
     * requests naming that id reach the same grant in both. The caller must never give an id this core
     * has already issued. Allocation-free.
     *
     * @param id strictly positive.
     */
    public void nextGrantId(final long id) {
        if (id <= 0) {
            throw new IllegalArgumentException("grant ids are strictly positive, found " + id);
        }
        grants.nextId(id);
    }

    /** @return number of grants held (live and tombstoned). */
    public int grantCount() {
        return grants.size();
    }

    /**
     * The warrant side of this core: verify presented warrant bytes, write the warrants of allowed grants.
     *
     * @return the core's one {@link WarrantGate}.
     * @throws IllegalStateException if the core was built without a {@link KeyRing}.
     */
    public WarrantGate warrants() {
        if (warrants == null) {
            throw new IllegalStateException("this core has no KeyRing: build it with CoreSettings.withKeys to use"
                + " warrants");
        }
        return warrants;
    }

    /** @return the most bytes one warrant can take under the current policy. */
    public int maxWarrantLength() {
        return WarrantGate.maxLength(policy.words);
    }

    /** The registry, for the {@link PortableGate} (same thread). */
    GrantRegistry registry() {
        return grants;
    }

    /**
     * @return whether the policy asks the identity's trust domain for proof of possession of the portable
     *     warrants it presents ({@code domains.<d>.proof_of_possession: required}).
     */
    boolean proofRequired(final int identity) {
        return policy.domains.proofRequired(identities.domain(identity));
    }

    /** The identity table, for {@link CoreSnapshot} (same thread). */
    IdentityTable identityTable() {
        return identities;
    }

    /** The trust domain an interned identity belongs to, or -1. */
    int domainOf(final int identity) {
        return identities.domain(identity);
    }

    /** Starts a decision: takes the time and resets {@code out} for it. */
    long begin(final DecisionSlot out) {
        final long now = time.now();
        out.reset(now, policy.versionId());
        return now;
    }

    /** A scope laid out for another policy numbers capabilities differently: its bits would mean other ones. */
    boolean layoutMatches(final ScopeBits requested, final DecisionSlot out) {
        if (requested.policy() != policy && requested.policy().layoutId() != policy.layoutId()) {
            out.deny(Reason.SCOPE_LAYOUT_CHANGED, NONE, NONE, NONE);
            return false;
        }
        return true;
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
        return delegations.open(principal, purpose, agent, requested, out);
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
    public DecisionSlot delegate(final long parentGrant, final int presenter, final int delegatee,
                                 final ScopeBits requested, final DecisionSlot out) {
        return delegations.delegate(parentGrant, presenter, delegatee, requested, time.now(), out);
    }

    /**
     * Every step that refuses a delegation, in step order, not only the first (which is the decision's
     * reason): so that a {@code NEVER_LEAVE} behind a ceiling denial is visible. Reads the current state
     * without changing it (no identity touched, no grant written); for audit and policy tests, not the hot
     * path. When the presented grant itself is refused (unknown, expired, revoked, not its holder), that is
     * the one denial: nothing else can be checked.
     *
     * @param parentGrant the presenter's grant.
     * @param presenter   interned identity presenting it.
     * @param delegatee   interned identity of the agent receiving the sub-task.
     * @param requested   scope asked for the child.
     * @param out         filled with one DENY per refusing step; at least 8.
     * @return how many of {@code out} were filled (0: every step passes).
     */
    public int denials(final long parentGrant, final int presenter, final int delegatee, final ScopeBits requested,
                       final DecisionSlot[] out) {
        return delegations.denials(parentGrant, presenter, delegatee, requested, out);
    }

    /**
     * Every check that refuses a tool call, in order, not only the first (the decision's reason): so that a
     * {@code NEVER_LEAVE} or an argument constraint behind a ceiling denial is visible. Reads state without
     * changing it (no identity touched, no budget spent); for audit, not the hot path. A refused grant
     * (unknown, expired, revoked, pending, not its holder) or an unknown capability or data class is the one
     * denial.
     *
     * @param grantId       the presenter's grant.
     * @param presenter     interned identity presenting it.
     * @param capability    capability index.
     * @param dataClass     data-class index, or {@link #NO_DATA_CLASS}.
     * @param justification why; may be null.
     * @param args          the call's arguments; may be null.
     * @param out           filled with one DENY per refusing check; at least 12.
     * @return how many of {@code out} were filled (0: every check passes).
     */
    public int callDenials(final long grantId, final int presenter, final int capability, final int dataClass,
                           final CharSequence justification, final ToolArguments args, final DecisionSlot[] out) {
        return calls.denials(grantId, presenter, capability, dataClass, justification, args, out);
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
        return delegations.fanOut(parentGrant, presenter, count, delegatees, requested, out);
    }

    // ------------------------------------------------------------------------------------ existing grants

    /**
     * The holder of a grant calls a tool: checked against the grant and the <i>current</i> policy,
     * revocations and expiry.
     *
     * @param grantId       the presenter's grant.
     * @param presenter     interned identity presenting it.
     * @param capability    capability index of the (tool, action) called.
     * @param dataClass     data-class index touched, or {@link #NO_DATA_CLASS} for a call that touches no
     *                      data; any other index out of range is denied {@code UNKNOWN_DATA_CLASS}.
     * @param justification why (required by tiers that say so); may be null.
     * @param out           filled with the decision.
     * @return {@code out}.
     */
    public DecisionSlot authorize(final long grantId, final int presenter, final int capability, final int dataClass,
                                  final CharSequence justification, final DecisionSlot out) {
        return calls.authorize(grantId, presenter, capability, dataClass, justification, null, out);
    }

    /**
     * {@link #authorize(long, int, int, int, CharSequence, DecisionSlot)} with the call's typed arguments,
     * checked against the constraints of the ceilings and external limit the call is checked against
     * (without arguments, a call of a constrained tool is refused: {@code ARGUMENT_INVALID}).
     *
     * @param grantId       the presenter's grant.
     * @param presenter     interned identity presenting it.
     * @param capability    capability index.
     * @param dataClass     data-class index, or {@link #NO_DATA_CLASS}.
     * @param justification why; may be null.
     * @param args          the call's arguments; may be null (none).
     * @param out           filled with the decision.
     * @return {@code out}.
     */
    public DecisionSlot authorize(final long grantId, final int presenter, final int capability, final int dataClass,
                                  final CharSequence justification, final ToolArguments args, final DecisionSlot out) {
        return calls.authorize(grantId, presenter, capability, dataClass, justification, args, out);
    }

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
        return calls.complete(grantId, presenter, out);
    }

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
        return lifecycle.revoke(grantId, actor, out);
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
        return lifecycle.close(rootGrantId, actor, out);
    }

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
    public DecisionSlot review(final long pendingGrant, final int reviewer, final boolean approve,
                               final DecisionSlot out) {
        return lifecycle.review(pendingGrant, reviewer, approve, out);
    }

    /**
     * Starts describing an emergency root grant: name its principal, rule, agent, purpose, scope, reason
     * and life on the returned call, then {@link BreakGlassCall#decide decide} it.
     *
     * @return the core's one {@link BreakGlassCall}, cleared.
     */
    public BreakGlassCall breakGlass() {
        return breakGlass.clear();
    }

    // ------------------------------------------------------------------------------------ grant state

    /** @return read-only access to the grants' budget counters and review approvals. */
    public GrantCounters counters() {
        return counters;
    }

    /**
     * Copies a grant's fields into {@code view}.
     *
     * @return false if no such grant is held (never issued, or reclaimed).
     */
    public boolean grant(final long grantId, final GrantView view) {
        final int s = grants.slotOf(grantId, time.raw());
        if (s == GrantRegistry.NO_SLOT) {
            return false;
        }
        view.copyFrom(grants, s);
        return true;
    }
}
