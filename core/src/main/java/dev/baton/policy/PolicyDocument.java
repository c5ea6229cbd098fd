package dev.baton.policy;

import java.util.List;

/**
 * A parsed and reference-checked delegation policy: the syntax tree of one policy file. Every name it
 * references is declared, every pattern is well formed and every number is in range; the compiler
 * turns it into a {@code CompiledPolicy}.
 * <p>
 * <b>Note:</b> immutable and thread-safe.
 *
 * @param file          the file name as given to the parser.
 * @param text          the full source text (hashed for the policy version, kept for replay).
 * @param version       the file's {@code version} label.
 * @param vocabulary    actions, tools, data classes, trust domains.
 * @param agents        agent classes in file order (the first whose pattern matches an identity wins).
 * @param purposes      purposes in file order.
 * @param neverLeave    data classes that never cross a trust-domain boundary.
 * @param external      limits for foreign trust domains.
 * @param nonTransitive capabilities and data classes a delegatee may use but never pass on.
 * @param reviews       review rules in file order.
 * @param defaultTtlMillis TTL cap for a scope that meets no tier.
 * @param tiers         sensitivity tiers, least to most sensitive.
 * @param breakGlass    break-glass rules in file order.
 * @param administrators identity patterns (principal or SPIFFE) that may revoke or close any grant,
 *                      besides the grant's own holder, its ancestors' holders and its task's principal.
 */
public record PolicyDocument(String file, String text, NameRef version, Vocabulary vocabulary, List<AgentRule> agents,
                     List<PurposeRule> purposes, List<NameRef> neverLeave, List<ExternalLimit> external,
                     ScopeSpec nonTransitive, List<ReviewRule> reviews, long defaultTtlMillis, List<Tier> tiers,
                     List<BreakGlassRule> breakGlass, List<PatternRef> administrators) {
}
