package dev.baton;

/**
 * The operations an orchestrator calls, one method each. Get one per thread from
 * {@link DelegationEngine#session()}.
 * <p>
 * Each call copies its arguments (the presented warrant, the justification, the digests) before it
 * returns, so the caller may reuse them at once; handles and scopes are immutable. Each call returns
 * once the decision is final (for a journaled engine: decided, journaled and forced as configured),
 * with the session's own {@link Decision}, refilled by the next call.
 * <p>
 * Misuse (a handle bound by another engine, a null argument, a scope of another policy layout) throws
 * {@link IllegalArgumentException}; everything else is a decision with a reason.
 * <p>
 * <b>Note:</b> not thread-safe: one session per thread. In steady state, calls allocate nothing.
 */
public interface DecisionSession extends AutoCloseable {
    /**
     * A principal opens a task for a purpose and hands it to a first agent: the root grant.
     *
     * @param principal who starts the task.
     * @param purpose   why.
     * @param agent     the first agent.
     * @param scope     what it asks for; must fit the agent's and the purpose's ceilings.
     * @return the decision; for ALLOW, the root grant.
     */
    Decision open(Principal principal, Purpose purpose, Agent agent, Scope scope);

    /**
     * The holder of a grant hands a sub-task to another agent.
     *
     * @param parent    the holder's grant (by id or presented warrant).
     * @param holder    who presents it: must be its holder.
     * @param delegatee the agent receiving the sub-task.
     * @param scope     what the child asks for.
     * @return the decision; for ALLOW, the child grant.
     */
    Decision delegate(GrantRef parent, Agent holder, Agent delegatee, Scope scope);

    /**
     * One holder delegates to several agents in one call: independent decisions taken at one instant,
     * journaled together.
     *
     * @param parent     the holder's grant.
     * @param holder     who presents it.
     * @param delegatees the agents, at most {@link DelegationEngine#maxFanOut()}.
     * @param scopes     what each asks for, as many as delegatees.
     * @return one decision per delegatee.
     */
    FanOut fanOut(GrantRef parent, Agent holder, Agent[] delegatees, Scope[] scopes);

    /**
     * The holder of a grant calls a tool: checked against the grant and the current policy,
     * revocations and expiry.
     *
     * @param grant         the holder's grant.
     * @param holder        who presents it.
     * @param capability    the (tool, action) called.
     * @param dataClass     the data class it touches, or {@link DataClass#NONE}.
     * @param justification why, required by tiers that say so; may be null.
     * @param inputDigest   SHA-256 of the call's input (32 bytes), or null.
     * @return the decision.
     */
    Decision authorize(GrantRef grant, Agent holder, Capability capability, DataClass dataClass,
                       CharSequence justification, byte[] inputDigest);

    /**
     * {@link #authorize(GrantRef, Agent, Capability, DataClass, CharSequence, byte[])} with the call's typed
     * arguments, checked against the constraints of the policy (strings on their UTF-8 bytes). A DENY for
     * an argument ({@link Reason#ARGUMENT_CONSTRAINT}, {@link Reason#ARGUMENT_INVALID}) names the
     * constraint's rule ({@code agents.payments.ceiling.constraints.ledger.refund.amount}) and its line.
     * <p>
     * Both engines carry the arguments: the in-memory one checks them on the caller's thread; the journaled
     * one copies them into its request and journals them (an ARGUMENTS record before the DECISION), so that
     * replay and what-if check them again. An implementation that does not override this method decides as
     * if none were given: a call of a constrained tool is then refused, never let through.
     *
     * @param grant         the holder's grant.
     * @param holder        who presents it.
     * @param capability    the (tool, action) called.
     * @param dataClass     the data class it touches, or {@link DataClass#NONE}.
     * @param justification why, required by tiers that say so; may be null.
     * @param inputDigest   SHA-256 of the call's input (32 bytes), or null.
     * @param arguments     the call's arguments, reused call after call; read during the call only.
     * @return the decision.
     */
    default Decision authorize(final GrantRef grant, final Agent holder, final Capability capability,
                               final DataClass dataClass, final CharSequence justification, final byte[] inputDigest,
                               final ToolArguments arguments) {
        return authorize(grant, holder, capability, dataClass, justification, inputDigest);
    }

    /**
     * The holder reports that a tool call finished; the journal records the output's digest.
     *
     * @param grant        the grant the call ran under.
     * @param holder       its holder.
     * @param outputDigest SHA-256 of the call's output (32 bytes), or null.
     * @return ALLOW naming the grant, or a DENY.
     */
    Decision complete(GrantRef grant, Agent holder, byte[] outputDigest);

    /**
     * Revokes a grant and everything delegated under it.
     *
     * @param grant the grant.
     * @param actor who revokes: its holder, an ancestor's holder, the task's principal or a policy
     *              administrator.
     * @return ALLOW naming the grant, or a DENY with the reason.
     */
    Decision revoke(GrantRef grant, Identity actor);

    /**
     * Ends a task: revokes its root grant and so everything under it.
     *
     * @param root  the task's root grant.
     * @param actor who closes it (as for {@link #revoke(GrantRef, Identity)}).
     * @return ALLOW naming the grant, or a DENY with the reason.
     */
    Decision close(GrantRef root, Identity actor);

    /**
     * A reviewer approves or denies a pending REVIEW before its timeout.
     *
     * @param pending  the pending grant a REVIEW decision named.
     * @param reviewer who decides.
     * @param approve  true to approve.
     * @return ALLOW (the grant is now usable), or a DENY with the reason.
     */
    Decision review(GrantRef pending, Principal reviewer, boolean approve);

    /**
     * An emergency root grant: time-boxed, with a mandatory reason when the rule says so, always
     * flagged for post-hoc review.
     *
     * @param principal   who invokes it.
     * @param rule        the break-glass rule.
     * @param agent       who receives the grant.
     * @param purpose     the purpose recorded on it.
     * @param scope       what it asks for.
     * @param reason      why.
     * @param ttlMillis   requested life, capped by the rule's {@code max_ttl}; 0 means the cap.
     * @return the decision.
     */
    Decision breakGlass(Principal principal, BreakGlassRule rule, Agent agent, Purpose purpose, Scope scope,
                        CharSequence reason, long ttlMillis);

    /** Releases the session's resources. Idempotent. */
    @Override
    void close();
}
