package dev.baton.core;

import dev.baton.policy.NameRef;
import dev.baton.policy.PolicyDocument;
import dev.baton.policy.PurposeRule;

/**
 * The purposes of a compiled policy as decision tables, indexed by purpose: ceilings, entry agents (one
 * bit per agent, {@link AgentTable#words} longs a row), and the rule each names.
 * <p>
 * <b>Note:</b> immutable and thread-safe once built.
 */
final class PurposeTable {
    final int count;
    final long[] ceiling;
    final long[] ceilingData;
    final long[] entry;
    final int[] ceilingRule;
    final int[] openedByRule;
    final int[] entryRule;

    PurposeTable(final PolicyDocument policy, final PolicyLayout layout, final int agentWords, final RuleIds rules) {
        final int words = layout.words;
        count = policy.purposes().size();
        ceiling = new long[count * words];
        ceilingData = new long[count];
        entry = new long[count * agentWords];
        ceilingRule = new int[count];
        openedByRule = new int[count];
        entryRule = new int[count];
        for (int p = 0; p < count; p++) {
            final PurposeRule rule = policy.purposes().get(p);
            final String name = rule.name().name();
            layout.capabilities(rule.ceiling(), ceiling, p * words);
            ceilingData[p] = layout.data(rule.ceiling());
            for (final NameRef agent : rule.entryAgents()) {
                Bits.set(entry, p * agentWords, layout.agentIndex.get(agent.name()));
            }
            ceilingRule[p] = rules.add("purposes." + name + ".ceiling", rule.ceiling().at());
            openedByRule[p] = rules.add("purposes." + name + ".opened_by", rule.at());
            entryRule[p] = rules.add("purposes." + name + ".entry_agents", rule.at());
        }
    }
}
