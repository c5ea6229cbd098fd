package dev.baton.testkit;

import dev.baton.Outcome;
import dev.baton.Reason;
import dev.baton.policy.SourceRef;

import java.util.List;

/**
 * One operation of a scenario, as written (names, not indices). Grants are referred to by the names
 * given with {@code as}.
 */
public sealed interface Step {
    /** @return where the step stands in its file. */
    SourceRef at();

    /** @return what the step expects, or null for no expectation. */
    Expectation expect();

    /**
     * An expected outcome, optionally with the reason.
     *
     * @param outcome ALLOW, DENY or REVIEW.
     * @param reason  the reason, or null for any.
     */
    record Expectation(Outcome outcome, Reason reason) {
        /** @return whether a decision meets this expectation. */
        public boolean metBy(final Outcome actualOutcome, final Reason actualReason) {
            return outcome == actualOutcome && (reason == null || reason == actualReason);
        }

        @Override
        public String toString() {
            return reason == null ? outcome.name() : outcome + " " + reason;
        }
    }

    /**
     * A requested scope by name; {@link NameBinding#scope(ScopeNames)} builds it.
     *
     * @param capabilities {@code tool:action} or {@code tool:*} entries.
     * @param data         data-class names.
     */
    record ScopeNames(List<String> capabilities, List<String> data) {
    }

    /**
     * What a root grant asks for ({@code open} and {@code break_glass}).
     *
     * @param principal who starts the task.
     * @param purpose   the purpose.
     * @param agent     the first agent, who receives the grant.
     * @param scope     the scope asked for.
     */
    record Root(String principal, String purpose, String agent, ScopeNames scope) {
    }

    /** {@code open}: a principal starts a task. */
    record Open(SourceRef at, Expectation expect, String as, Root root) implements Step {
    }

    /** {@code delegate}: the holder of {@code from} hands a sub-task to {@code to}. */
    record Delegate(SourceRef at, Expectation expect, String as, String from, String presenter, String to,
                    ScopeNames scope) implements Step {
    }

    /** {@code fan_out}: one holder delegates to many agents at once. */
    record FanOut(SourceRef at, Expectation expect, String from, List<Delegate> children) implements Step {
    }

    /** {@code authorize}: the holder of {@code grant} calls a tool. */
    record Authorize(SourceRef at, Expectation expect, String grant, String presenter, String capability,
                     String data, String justification) implements Step {
    }

    /** {@code revoke}: a grant and its descendants, by the identity {@code by}. */
    record Revoke(SourceRef at, Expectation expect, String grant, String by) implements Step {
    }

    /** {@code close}: a task, by its root grant, by the identity {@code by}. */
    record Close(SourceRef at, Expectation expect, String grant, String by) implements Step {
    }

    /** {@code review}: a reviewer approves or denies a pending grant. */
    record Review(SourceRef at, Expectation expect, String grant, String reviewer, boolean approve) implements Step {
    }

    /** {@code break_glass}: an emergency root grant under {@code rule}, with a reason and a requested life. */
    record BreakGlass(SourceRef at, Expectation expect, String as, Root root, String rule, String reason,
                      long ttlMillis) implements Step {
    }

    /** {@code advance}: the scenario clock moves (negative values move it back). */
    record Advance(SourceRef at, Expectation expect, long millis) implements Step {
    }
}
