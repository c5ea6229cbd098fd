package dev.baton.policy;

import java.util.List;

/**
 * A parsed and reference-checked delegation policy: the syntax tree of one policy file. Every name it
 * references is declared, every pattern is well formed and every number is in range; the compiler
 * turns it into a {@code CompiledPolicy}.
 * <p>
 * <b>Note:</b> immutable and thread-safe.
 *
 * @param file       the file name as given to the parser.
 * @param text       the full source text (hashed for the policy version, kept for replay).
 * @param version    the file's {@code version} label.
 * @param vocabulary actions, tools, data classes, trust domains.
 * @param delegation who may hold and pass on authority: agents, purposes, administrators.
 * @param boundaries what may not cross: never-leave data, external limits, non-transitive scope.
 * @param controls   how sensitivity is controlled: review rules, TTL tiers, break-glass rules.
 */
public record PolicyDocument(String file, String text, NameRef version, Vocabulary vocabulary, Delegation delegation,
                             Boundaries boundaries, Controls controls) {

    /**
     * @param agents         agent classes in file order (the first whose pattern matches an identity wins).
     * @param purposes       purposes in file order.
     * @param administrators identity patterns (principal or SPIFFE) that may revoke or close any grant,
     *                       besides the grant's own holder, its ancestors' holders and its task's principal.
     */
    public record Delegation(List<AgentRule> agents, List<PurposeRule> purposes, List<PatternRef> administrators) {
    }

    /**
     * @param neverLeave    data classes that never cross a trust-domain boundary.
     * @param external      limits for foreign trust domains.
     * @param nonTransitive capabilities and data classes a delegatee may use but never pass on.
     * @param domains       per-trust-domain settings (zones, depth caps), in file order.
     */
    public record Boundaries(List<NameRef> neverLeave, List<ExternalLimit> external, ScopeSpec nonTransitive,
                             List<DomainRule> domains) {

        /**
         * Boundaries without per-domain settings.
         *
         * @param neverLeave    data classes that never cross a trust-domain boundary.
         * @param external      limits for foreign trust domains.
         * @param nonTransitive what a delegatee may use but never pass on.
         */
        public Boundaries(final List<NameRef> neverLeave, final List<ExternalLimit> external,
                          final ScopeSpec nonTransitive) {
            this(neverLeave, external, nonTransitive, List.of());
        }
    }

    /**
     * @param reviews          review rules in file order.
     * @param defaultTtlMillis TTL cap for a scope that meets no tier.
     * @param tiers            sensitivity tiers, least to most sensitive.
     * @param breakGlass       break-glass rules in file order.
     * @param reviewerClasses  named reviewer classes in file order ({@code reviewer_classes}).
     */
    public record Controls(List<ReviewRule> reviews, long defaultTtlMillis, List<Tier> tiers,
                           List<BreakGlassRule> breakGlass, List<ReviewerClass> reviewerClasses) {

        /**
         * Controls without reviewer classes.
         *
         * @param reviews          review rules in file order.
         * @param defaultTtlMillis TTL cap for a scope that meets no tier.
         * @param tiers            sensitivity tiers, least to most sensitive.
         * @param breakGlass       break-glass rules in file order.
         */
        public Controls(final List<ReviewRule> reviews, final long defaultTtlMillis, final List<Tier> tiers,
                        final List<BreakGlassRule> breakGlass) {
            this(reviews, defaultTtlMillis, tiers, breakGlass, List.of());
        }
    }

    /** @return agent classes in file order. */
    public List<AgentRule> agents() {
        return delegation.agents();
    }

    /** @return purposes in file order. */
    public List<PurposeRule> purposes() {
        return delegation.purposes();
    }

    /** @return the administrators' identity patterns. */
    public List<PatternRef> administrators() {
        return delegation.administrators();
    }

    /** @return data classes that never cross a trust-domain boundary. */
    public List<NameRef> neverLeave() {
        return boundaries.neverLeave();
    }

    /** @return limits for foreign trust domains. */
    public List<ExternalLimit> external() {
        return boundaries.external();
    }

    /** @return per-trust-domain settings. */
    public List<DomainRule> domains() {
        return boundaries.domains();
    }

    /** @return what a delegatee may use but never pass on. */
    public ScopeSpec nonTransitive() {
        return boundaries.nonTransitive();
    }

    /** @return review rules in file order. */
    public List<ReviewRule> reviews() {
        return controls.reviews();
    }

    /** @return the named reviewer classes in file order. */
    public List<ReviewerClass> reviewerClasses() {
        return controls.reviewerClasses();
    }

    /** @return the TTL cap for a scope that meets no tier. */
    public long defaultTtlMillis() {
        return controls.defaultTtlMillis();
    }

    /** @return sensitivity tiers, least to most sensitive. */
    public List<Tier> tiers() {
        return controls.tiers();
    }

    /** @return break-glass rules in file order. */
    public List<BreakGlassRule> breakGlass() {
        return controls.breakGlass();
    }
}
