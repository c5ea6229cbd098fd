package dev.baton.testkit;

import dev.baton.core.CompiledPolicy;
import dev.baton.Outcome;
import dev.baton.Reason;
import dev.baton.core.ScopeBits;
import dev.baton.UnknownNameException;
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
     * A requested scope by name.
     *
     * @param capabilities {@code tool:action} or {@code tool:*} entries.
     * @param data         data-class names.
     */
    record ScopeNames(List<String> capabilities, List<String> data) {
        /**
         * Builds the scope these names stand for in {@code policy} (string work: bind once, reuse).
         *
         * @param policy the policy whose names and layout to use.
         * @param at     where the names were written, for the error.
         * @return the scope.
         * @throws ScenarioException naming {@code at} if a name is not the policy's or not tool:action.
         */
        public ScopeBits toScope(final CompiledPolicy policy, final SourceRef at) throws ScenarioException {
            final ScopeBits s = new ScopeBits(policy);
            try {
                for (final String c : capabilities) {
                    final int colon = c.indexOf(':');
                    if (colon < 0) {
                        throw new IllegalArgumentException("expected tool:action, found '" + c + "'");
                    }
                    s.capability(c.substring(0, colon), c.substring(colon + 1));
                }
                for (final String d : data) {
                    s.data(d);
                }
            } catch (final UnknownNameException e) {
                throw ScenarioException.unknownName(at, e, null);
            } catch (final IllegalArgumentException e) {
                throw new ScenarioException(at + ": " + e.getMessage());
            }
            return s;
        }
    }

    /** {@code open}: a principal starts a task. */
    record Open(SourceRef at, Expectation expect, String as, String principal, String purpose, String agent,
                ScopeNames scope) implements Step {
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

    /** {@code break_glass}: an emergency root grant. */
    record BreakGlass(SourceRef at, Expectation expect, String as, String principal, String rule, String agent,
                      String purpose, ScopeNames scope, String reason, long ttlMillis) implements Step {
    }

    /** {@code advance}: the scenario clock moves (negative values move it back). */
    record Advance(SourceRef at, Expectation expect, long millis) implements Step {
    }
}
