package dev.baton;

/**
 * The answer to one request: the outcome, the reason, the policy rule (and its line) and the
 * capability or data class that decided it, and for an {@code ALLOW} the grant it created or used,
 * with the grant's signed warrant when the engine holds a key ring.
 * <p>
 * A {@link DecisionSession} returns the same instance for each call, refilled: read it before the next
 * call on that session, or keep a {@link #copy()}. The futures of {@link AsyncSession} complete with
 * copies.
 * <p>
 * <b>Note:</b> not thread-safe; the accessors allocate nothing except {@link #copy()},
 * {@link #warrant()} and {@link #describe()}.
 */
public interface Decision {
    /** @return ALLOW, DENY or REVIEW. */
    Outcome outcome();

    /** @return true when the outcome is ALLOW. */
    boolean allowed();

    /** @return why; for a refusal, the first step that failed. */
    Reason reason();

    /** @return the name of the policy rule that decided it ({@code agents.crm-reader.ceiling}), or null. */
    String rule();

    /** @return where that rule is written ({@code file:line:col}), or null. */
    String ruleSource();

    /** @return the capability that decided it, or null. */
    Capability capability();

    /** @return the data class that decided it, or null. */
    DataClass dataClass();

    /** @return for ALLOW the new (or used) grant's id; for REVIEW the pending grant's id; else 0. */
    long grantId();

    /** @return the parent grant of a delegation, or 0. */
    long parentGrantId();

    /** @return the engine time the decision was taken at (epoch millis, never decreasing). */
    long timestamp();

    /** @return for ALLOW the grant's expiry; for REVIEW the review deadline (epoch millis); else 0. */
    long expiry();

    /** @return the depth of the grant an ALLOW created or used (0 for a root grant). */
    int depth();

    /** @return whether the grant is an emergency (break-glass) grant, flagged for post-hoc review. */
    boolean breakGlass();

    /** @return whether the grant passed a human review. */
    boolean reviewed();

    /** @return the SHA-256 (hex) of the policy text that decided. */
    String policyVersion();

    /** @return the length of the new grant's signed warrant, or 0 when there is none. */
    int warrantLength();

    /**
     * Copies the new grant's warrant out, allocation-free.
     *
     * @param dst    with room for {@link #warrantLength()} bytes from {@code offset}.
     * @param offset where to write.
     * @return bytes written ({@link #warrantLength()}).
     */
    int getWarrant(byte[] dst, int offset);

    /** @return a copy of the new grant's warrant bytes (empty when there is none). Allocates. */
    byte[] warrant();

    /** @return an immutable copy that outlives the next call on the session. Allocates. */
    Decision copy();

    /**
     * @return e.g. {@code DENY AGENT_CEILING capability=ledger.pay:purchase
     *     rule=agents.crm-reader.ceiling (p.yaml:31:7)}. Allocates: for logs and tests.
     */
    String describe();
}
