package dev.baton.policy;

/**
 * What an agent of a foreign trust domain may receive when delegated to across domains. A foreign
 * domain with no limit gets nothing.
 *
 * @param trustDomain the foreign trust domain (declared in the vocabulary).
 * @param limit       the widest scope such a delegatee may receive.
 */
public record ExternalLimit(NameRef trustDomain, ScopeSpec limit) {
}
