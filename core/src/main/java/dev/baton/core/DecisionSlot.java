package dev.baton.core;

import dev.baton.Reason;
import dev.baton.Outcome;

/**
 * The answer to one request: outcome, reason, the policy rule and the capability or data class that
 * decided it, and for an {@code ALLOW} (or a {@code REVIEW}) the grant it created.
 * <p>
 * A {@code DecisionSlot} is a mutable result holder owned by the caller and filled by the engine, so a
 * decision allocates nothing; reuse one per calling thread.
 * <p>
 * <b>Note:</b> not thread-safe.
 */
public final class DecisionSlot {
    /** Value of {@link #capability()} and {@link #dataClass()} when none decided. */
    public static final int NONE = -1;

    private Outcome outcome = Outcome.DENY;
    private Reason reason = Reason.UNKNOWN_GRANT;
    private int rule = NONE;
    private int capability = NONE;
    private int dataClass = NONE;
    private long grantId;
    private long parentGrantId;
    private long timestamp;
    private long expiry;
    private int depth;
    private int flags;
    private long policyVersion;

    /** Makes this a copy of {@code other}. */
    void copyFrom(final DecisionSlot other) {
        outcome = other.outcome;
        reason = other.reason;
        rule = other.rule;
        capability = other.capability;
        dataClass = other.dataClass;
        grantId = other.grantId;
        parentGrantId = other.parentGrantId;
        timestamp = other.timestamp;
        expiry = other.expiry;
        depth = other.depth;
        flags = other.flags;
        policyVersion = other.policyVersion;
    }

    void reset(final long timestamp, final long policyVersion) {
        this.outcome = Outcome.DENY;
        this.reason = Reason.UNKNOWN_GRANT;
        this.rule = NONE;
        this.capability = NONE;
        this.dataClass = NONE;
        this.grantId = 0;
        this.parentGrantId = 0;
        this.timestamp = timestamp;
        this.expiry = 0;
        this.depth = 0;
        this.flags = 0;
        this.policyVersion = policyVersion;
    }

    /**
     * Fills {@code d} with a DENY taken outside the core: a request refused before it reached a core
     * (stale scope layout) or a replayed warrant refusal. For the pipeline and replay, not for callers.
     *
     * @return {@code d}.
     */
    public static DecisionSlot deny(final DecisionSlot d, final long timestamp, final long policyVersion,
                                final Reason reason) {
        d.reset(timestamp, policyVersion);
        return d.deny(reason, NONE, NONE, NONE);
    }

    DecisionSlot deny(final Reason reason, final int rule, final int capability, final int dataClass) {
        this.outcome = Outcome.DENY;
        this.reason = reason;
        this.rule = rule;
        this.capability = capability;
        this.dataClass = dataClass;
        return this;
    }

    DecisionSlot review(final int rule, final int capability, final int dataClass, final long pendingGrantId,
                    final long reviewDeadline) {
        this.outcome = Outcome.REVIEW;
        this.reason = Reason.REVIEW_REQUIRED;
        this.rule = rule;
        this.capability = capability;
        this.dataClass = dataClass;
        this.grantId = pendingGrantId;
        this.expiry = reviewDeadline;
        return this;
    }

    /** A review still pending after an approval that did not yet reach the rule's count. */
    DecisionSlot pending(final Reason reason, final int rule, final long pendingGrantId, final long reviewDeadline) {
        this.outcome = Outcome.REVIEW;
        this.reason = reason;
        this.rule = rule;
        this.grantId = pendingGrantId;
        this.expiry = reviewDeadline;
        return this;
    }

    DecisionSlot allow(final long grantId, final long expiry, final int depth, final int flags) {
        this.outcome = Outcome.ALLOW;
        this.reason = Reason.ALLOWED;
        this.grantId = grantId;
        this.expiry = expiry;
        this.depth = depth;
        this.flags = flags;
        return this;
    }

    /** Names the rule that decided an ALLOW (the reviewer class an approval counted under). */
    DecisionSlot rule(final int rule) {
        this.rule = rule;
        return this;
    }

    void parentGrantId(final long parentGrantId) {
        this.parentGrantId = parentGrantId;
    }

    /** @return ALLOW, DENY or REVIEW. */
    public Outcome outcome() {
        return outcome;
    }

    /** @return true when the outcome is ALLOW. */
    public boolean allowed() {
        return outcome == Outcome.ALLOW;
    }

    /** @return why. */
    public Reason reason() {
        return reason;
    }

    /** @return the id of the deciding policy rule ({@link CompiledPolicy#ruleName(int)}), or {@link #NONE}. */
    public int rule() {
        return rule;
    }

    /** @return the capability index that decided it, or {@link #NONE}. */
    public int capability() {
        return capability;
    }

    /** @return the data-class index that decided it, or {@link #NONE}. */
    public int dataClass() {
        return dataClass;
    }

    /** @return for ALLOW the new (or used) grant's id; for REVIEW the pending grant's id; else 0. */
    public long grantId() {
        return grantId;
    }

    /** @return the parent grant of a delegation, or 0. */
    public long parentGrantId() {
        return parentGrantId;
    }

    /** @return the engine time the decision was taken at (epoch millis, never decreasing). */
    public long timestamp() {
        return timestamp;
    }

    /** @return for ALLOW the grant's expiry; for REVIEW the review deadline (epoch millis); else 0. */
    public long expiry() {
        return expiry;
    }

    /** @return the depth of the grant an ALLOW created or used. */
    public int depth() {
        return depth;
    }

    /** @return the grant flags ({@link GrantFlags}) of an ALLOW. */
    public int flags() {
        return flags;
    }

    /** @return the version id of the compiled policy that decided. */
    public long policyVersion() {
        return policyVersion;
    }

    /**
     * Renders the decision with names from the policy. Allocates: for logs, tests and the CLI, not the
     * hot path.
     *
     * @param policy the policy that decided.
     * @return e.g. {@code DENY AGENT_CEILING capability=ledger.pay:purchase rule=agents.crm-reader.ceiling (p.yaml:31:7)}.
     */
    public String describe(final CompiledPolicy policy) {
        final StringBuilder sb = new StringBuilder(96).append(outcome).append(' ').append(reason);
        if (capability != NONE) {
            sb.append(" capability=").append(policy.capabilityName(capability));
        }
        if (dataClass != NONE) {
            sb.append(" data=").append(policy.dataClassName(dataClass));
        }
        if (rule != NONE) {
            sb.append(" rule=").append(policy.ruleName(rule)).append(" (").append(policy.ruleSource(rule)).append(')');
        }
        if (grantId != 0) {
            sb.append(" grant=").append(grantId);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return outcome + " " + reason + " rule=" + rule + " capability=" + capability + " data=" + dataClass
            + " grant=" + grantId;
    }
}
