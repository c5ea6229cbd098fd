package dev.baton.testkit;

import dev.baton.Decision;
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
     * An expected outcome, optionally with the reasons one of which it must give, the life the grant it
     * issues must have, and the flags it must carry.
     *
     * @param outcome   ALLOW, DENY or REVIEW.
     * @param reasons   the reasons of which the decision must give one; empty for any.
     * @param expiresIn the grant's expiry minus the decision's time, in milliseconds, or -1 for unchecked.
     * @param flags     flags the decision must carry ({@code BREAK_GLASS}, {@code REVIEWED}); others are not checked.
     * @param denies    reasons of steps that must each also refuse the request ({@code denies=NEVER_LEAVE,...}),
     *                  beside the first, which is the decision's reason; empty for unchecked.
     */
    record Expectation(Outcome outcome, List<Reason> reasons, long expiresIn, List<String> flags, List<Reason> denies) {
        /** The flags an expectation may name. */
        public static final List<String> FLAGS = List.of("BREAK_GLASS", "REVIEWED");

        /** Copies the lists. */
        public Expectation {
            reasons = List.copyOf(reasons);
            flags = List.copyOf(flags);
            denies = List.copyOf(denies);
        }

        /**
         * @param outcome ALLOW, DENY or REVIEW.
         * @param reason  the reason, or null for any.
         */
        public Expectation(final Outcome outcome, final Reason reason) {
            this(outcome, reason == null ? List.of() : List.of(reason), -1, List.of(), List.of());
        }

        /**
         * @param d       the decision.
         * @param refused the reasons of every step that refused the request (empty when not computed).
         * @return whether the decision meets this expectation, {@code denies} included.
         */
        public boolean metBy(final Decision d, final java.util.Set<Reason> refused) {
            if (!metBy(d)) {
                return false;
            }
            for (int i = 0; i < denies.size(); i++) { // indexed: a scenario's warm runs allocate nothing
                if (!refused.contains(denies.get(i))) {
                    return false;
                }
            }
            return true;
        }

        /** @return whether a decision meets this expectation ({@code denies} not checked). */
        public boolean metBy(final Decision d) {
            return outcome == d.outcome() && (reasons.isEmpty() || reasons.contains(d.reason()))
                && (expiresIn < 0 || d.expiry() - d.timestamp() == expiresIn)
                && (!flags.contains("BREAK_GLASS") || d.breakGlass())
                && (!flags.contains("REVIEWED") || d.reviewed());
        }

        @Override
        public String toString() {
            final StringBuilder sb = new StringBuilder(outcome.name());
            for (int i = 0; i < reasons.size(); i++) {
                sb.append(i == 0 ? ' ' : '|').append(reasons.get(i));
            }
            if (expiresIn >= 0) {
                sb.append(" expires_in=").append(dev.baton.policy.Durations.format(expiresIn));
            }
            if (!flags.isEmpty()) {
                sb.append(" flags=").append(String.join(",", flags));
            }
            for (int i = 0; i < denies.size(); i++) {
                sb.append(i == 0 ? " denies=" : ",").append(denies.get(i));
            }
            return sb.toString();
        }
    }

    /**
     * A requested scope by name; {@link NameBinding#scope(ScopeNames)} builds it.
     *
     * @param capabilities {@code tool:action} or {@code tool:*} entries.
     * @param data         data-class names.
     * @param budgets      budget slices asked for, by budget name, amounts as written.
     * @param constraints  argument constraints asked for ({@code Scope.Builder.constrain}), in file order.
     */
    record ScopeNames(List<String> capabilities, List<String> data, java.util.Map<String, String> budgets,
                      List<Constrained> constraints) {
        /**
         * A scope that asks for no argument constraint.
         *
         * @param capabilities {@code tool:action} or {@code tool:*} entries.
         * @param data         data-class names.
         * @param budgets      budget slices asked for.
         */
        public ScopeNames(final List<String> capabilities, final List<String> data,
                          final java.util.Map<String, String> budgets) {
            this(capabilities, data, budgets, List.of());
        }

        /**
         * A scope that asks for no budget slice.
         *
         * @param capabilities {@code tool:action} or {@code tool:*} entries.
         * @param data         data-class names.
         */
        public ScopeNames(final List<String> capabilities, final List<String> data) {
            this(capabilities, data, java.util.Map.of());
        }
    }

    /**
     * One argument constraint a requested scope asks for, as a policy writes it.
     *
     * @param tool     the tool.
     * @param argument its declared argument.
     * @param kind     {@code exact}, {@code one_of}, {@code range}, {@code prefix}, {@code glob} or {@code regex}.
     * @param values   the values as written.
     * @param at       where it stands in the test file.
     */
    record Constrained(String tool, String argument, String kind, List<String> values, SourceRef at) {
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
                     String data, String justification, java.util.Map<String, String> arguments) implements Step {
        /** Copies the arguments, keeping their order. */
        public Authorize {
            arguments = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(arguments));
        }
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

    /**
     * {@code swap}: the engine swaps to another policy file; the steps after it are bound in that policy
     * (grants keep their names), and decide under it.
     *
     * @param at     where the step stands.
     * @param expect always null: a swap takes no decision.
     * @param policy the policy file, resolved against the scenario's directory.
     */
    record Swap(SourceRef at, Expectation expect, java.nio.file.Path policy) implements Step {
    }

    /** {@code advance}: the scenario clock moves (negative values move it back). */
    record Advance(SourceRef at, Expectation expect, long millis) implements Step {
    }
}
