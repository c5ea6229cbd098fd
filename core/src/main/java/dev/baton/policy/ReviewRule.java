package dev.baton.policy;

import java.util.List;

/**
 * A rule that turns a delegation into a {@code REVIEW} decision when the requested scope meets its
 * trigger.
 *
 * @param name          rule name.
 * @param trigger       capabilities and data classes that trigger it (the rule applies when the
 *                      requested scope shares at least one capability or data class with it), and the
 *                      argument constraints that narrow its capabilities ({@code review.<rule>.constraints}).
 * @param minDepth      applies only when the new grant's depth is at least this (0..16).
 * @param externalOnly  applies only to delegatees outside the root's trust domain.
 * @param timeoutMillis how long a reviewer has to decide.
 * @param reviewers     principal patterns allowed to approve or deny.
 * @param at            where the rule's entry starts.
 * @param approvals     how many distinct approvals it needs, and from which reviewer classes.
 */
public record ReviewRule(NameRef name, ScopeSpec trigger, int minDepth, boolean externalOnly, long timeoutMillis,
                         List<PatternRef> reviewers, SourceRef at, Approvals approvals) {
    /** Most approvals a rule may require. */
    public static final int MAX_APPROVALS = 8;

    /**
     * What settles a review: {@code review.<rule>.approvals}.
     *
     * @param required how many distinct reviewers must approve before the timeout (M of the reviewers), 1..8.
     * @param from     the reviewer classes ({@code reviewer_classes}) whose approvals count; empty: any
     *                 reviewer's.
     * @param at       where the field is written ({@link SourceRef#NONE} when it is not).
     */
    public record Approvals(int required, List<NameRef> from, SourceRef at) {
        /** Copies the class list. */
        public Approvals {
            from = List.copyOf(from);
        }

        /**
         * @param required how many distinct reviewers must approve.
         * @return approvals from any reviewer.
         */
        public static Approvals of(final int required) {
            return new Approvals(required, List.of(), SourceRef.NONE);
        }
    }

    /**
     * A rule that one approval settles.
     *
     * @param name          rule name.
     * @param trigger       capabilities and data classes that trigger it.
     * @param minDepth      applies only when the new grant's depth is at least this.
     * @param externalOnly  applies only to delegatees outside the root's trust domain.
     * @param timeoutMillis how long a reviewer has to decide.
     * @param reviewers     principal patterns allowed to approve or deny.
     * @param at            where the rule's entry starts.
     */
    public ReviewRule(final NameRef name, final ScopeSpec trigger, final int minDepth, final boolean externalOnly,
                      final long timeoutMillis, final List<PatternRef> reviewers, final SourceRef at) {
        this(name, trigger, minDepth, externalOnly, timeoutMillis, reviewers, at, Approvals.of(1));
    }
}
