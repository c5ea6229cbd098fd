package dev.baton.policy;

import java.util.List;

/**
 * Who may open an emergency grant, for how long at most, and whether a reason is required.
 *
 * @param name           rule name.
 * @param who            principal patterns allowed to invoke it.
 * @param maxTtlMillis   cap on the emergency grant's life.
 * @param reasonRequired a non-blank reason must be given.
 * @param ceiling        the widest scope the emergency grant may have, or {@code null} for the
 *                       receiving agent's ceiling.
 * @param at             where the rule's entry starts.
 * @param skipReview     the emergency grant is issued even when its scope meets a review rule; when false,
 *                       such a request is refused ({@code REVIEW_REQUIRED}, naming the review rule).
 */
public record BreakGlassRule(NameRef name, List<PatternRef> who, long maxTtlMillis, boolean reasonRequired,
                             ScopeSpec ceiling, SourceRef at, boolean skipReview) {

    /**
     * A rule that does not skip review.
     *
     * @param name           rule name.
     * @param who            principal patterns allowed to invoke it.
     * @param maxTtlMillis   cap on the emergency grant's life.
     * @param reasonRequired a non-blank reason must be given.
     * @param ceiling        the rule's ceiling, or {@code null}.
     * @param at             where the rule's entry starts.
     */
    public BreakGlassRule(final NameRef name, final List<PatternRef> who, final long maxTtlMillis,
                          final boolean reasonRequired, final ScopeSpec ceiling, final SourceRef at) {
        this(name, who, maxTtlMillis, reasonRequired, ceiling, at, false);
    }
}
