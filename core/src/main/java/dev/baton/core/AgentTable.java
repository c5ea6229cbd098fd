package dev.baton.core;

import dev.baton.policy.AgentRule;
import dev.baton.policy.DomainRule;
import dev.baton.policy.NameRef;
import dev.baton.policy.PolicyDocument;

/**
 * The agents of a compiled policy as decision tables, indexed by agent class: ceilings, delegation
 * edges ({@link #words} longs a row, one bit per agent), max depths, and the rule each names.
 * <p>
 * <b>Note:</b> immutable and thread-safe once built.
 */
final class AgentTable {
    final int count;
    /** Longs per row of {@link #edges} (and of a purpose's entry agents). */
    final int words;
    final int[] domain;
    final long[] ceiling;
    final long[] ceilingData;
    final int[] maxDepth;
    final long[] edges;
    final int[] ceilingRule;
    final int[] edgeRule;
    final int[] depthRule;

    AgentTable(final PolicyDocument policy, final PolicyLayout layout, final IdentityRules identities,
               final RuleIds rules) {
        final int capWords = layout.words;
        count = policy.agents().size();
        words = Bits.words(count);
        domain = new int[count];
        ceiling = new long[count * capWords];
        ceilingData = new long[count];
        maxDepth = new int[count];
        edges = new long[count * words];
        ceilingRule = new int[count];
        edgeRule = new int[count];
        depthRule = new int[count];
        for (int a = 0; a < count; a++) {
            final AgentRule rule = policy.agents().get(a);
            final String name = rule.name().name();
            domain[a] = layout.domainIndex.getOrDefault(identities.agentTrustDomain(a), -1);
            layout.capabilities(rule.ceiling(), ceiling, a * capWords);
            ceilingData[a] = layout.data(rule.ceiling());
            maxDepth[a] = rule.maxDepth();
            final DomainRule cap = depthCap(policy, identities.agentTrustDomain(a));
            final boolean capped = cap != null && cap.maxDepth() < rule.maxDepth();
            if (capped) {
                maxDepth[a] = cap.maxDepth();
            }
            for (final NameRef target : rule.delegatesTo()) {
                Bits.set(edges, a * words, layout.agentIndex.get(target.name()));
            }
            ceilingRule[a] = rules.add("agents." + name + ".ceiling", rule.ceiling().at());
            edgeRule[a] = rules.add("agents." + name + ".delegates_to", rule.at());
            depthRule[a] = capped
                ? rules.add("domains." + cap.trustDomain().name() + ".max_depth", cap.maxDepthAt())
                : rules.add("agents." + name + ".max_depth", rule.maxDepthAt());
        }
    }

    /** The settings of {@code domain} when they cap its agents' depth, else {@code null}. */
    private static DomainRule depthCap(final PolicyDocument policy, final String domain) {
        for (final DomainRule d : policy.domains()) {
            if (d.maxDepth() != DomainRule.NO_CAP && d.trustDomain().name().equals(domain)) {
                return d;
            }
        }
        return null;
    }
}
