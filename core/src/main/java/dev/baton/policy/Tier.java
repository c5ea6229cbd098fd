package dev.baton.policy;

/**
 * A sensitivity tier. Tiers are listed from least to most sensitive; a scope's tier is the most
 * sensitive one whose members it meets.
 *
 * @param name                  tier name.
 * @param ttlMillis             the longest life of a grant whose scope falls in this tier.
 * @param members               capabilities and data classes that belong to the tier.
 * @param requireJustification  {@code authorize} calls in this tier must carry a justification.
 * @param at                    where the tier's entry starts.
 */
public record Tier(NameRef name, long ttlMillis, ScopeSpec members, boolean requireJustification, SourceRef at) {
}
