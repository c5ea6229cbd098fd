package dev.baton.adapter;

import dev.baton.Decision;
import dev.baton.Reason;

import java.util.Objects;

/**
 * The answer to one tool call: run it, or refuse it and say why in words a model (and its operator) can read.
 * The code is the name of a {@link Reason} when the engine or verifier decided, or of a {@link GuardCode}
 * when the adapter refused before asking.
 * <p>
 * <b>Note:</b> immutable and thread-safe. Built once per call (allocates).
 */
public final class ToolVerdict {
    private final boolean allowed;
    private final String code;
    private final String detail;
    private final String rule;
    private final long grantId;

    private ToolVerdict(final boolean allowed, final String code, final String detail, final String rule,
                        final long grantId) {
        this.allowed = allowed;
        this.code = code;
        this.detail = detail;
        this.rule = rule;
        this.grantId = grantId;
    }

    /**
     * @param decision the engine's decision on the call (read before the session's next call).
     * @return the verdict it gives.
     */
    public static ToolVerdict of(final Decision decision) {
        final Reason reason = decision.reason();
        final String rule = decision.rule() == null ? null
            : decision.rule() + (decision.ruleSource() == null ? "" : " (" + decision.ruleSource() + ")");
        return new ToolVerdict(decision.allowed(), reason.name(), reason.text(), rule, decision.grantId());
    }

    /**
     * @param reason a verifier's reason.
     * @param rule   the rule that decided, or null.
     * @return a refusal.
     */
    public static ToolVerdict refused(final Reason reason, final String rule) {
        if (reason == Reason.ALLOWED) {
            throw new IllegalArgumentException("ALLOWED is no refusal");
        }
        return new ToolVerdict(false, reason.name(), reason.text(), rule, 0);
    }

    /**
     * @param code   why the adapter refused.
     * @param detail what exactly (e.g. the tool's name); may be null.
     * @return a refusal decided by the adapter.
     */
    public static ToolVerdict refused(final GuardCode code, final String detail) {
        Objects.requireNonNull(code, "code");
        return new ToolVerdict(false, code.name(), detail == null ? code.text() : code.text() + ": " + detail, null, 0);
    }

    /**
     * @param grantId the grant the call runs under.
     * @return an allowance decided without the engine (a verifier).
     */
    public static ToolVerdict allowedUnder(final long grantId) {
        return new ToolVerdict(true, Reason.ALLOWED.name(), Reason.ALLOWED.text(), null, grantId);
    }

    /** @return whether the tool may run. */
    public boolean allowed() {
        return allowed;
    }

    /** @return the name of the {@link Reason} or {@link GuardCode} that decided. */
    public String code() {
        return code;
    }

    /** @return the reason in words. */
    public String detail() {
        return detail;
    }

    /** @return the policy rule and where it is written, or null when no rule decided. */
    public String rule() {
        return rule;
    }

    /** @return the grant the call ran under (ALLOW), else 0. */
    public long grantId() {
        return grantId;
    }

    /**
     * @param toolName the tool that was asked for.
     * @return the text a refused call returns to the model instead of the tool's output, naming the reason;
     *     for an allowed call, a one-line note.
     */
    public String modelText(final String toolName) {
        if (allowed) {
            return "Baton allowed tool '" + toolName + "' under grant " + grantId + ".";
        }
        return "Refused by Baton: tool '" + toolName + "' was not run. Reason: " + code + " (" + detail + ")"
            + (rule == null ? "" : ". Rule: " + rule) + ".";
    }

    @Override
    public String toString() {
        return (allowed ? "ALLOW " : "DENY ") + code + (rule == null ? "" : " rule=" + rule)
            + (grantId == 0 ? "" : " grant=" + grantId);
    }
}
