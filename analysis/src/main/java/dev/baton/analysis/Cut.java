package dev.baton.analysis;

import dev.baton.policy.SourceRef;

import java.util.List;

/**
 * Why something is unreachable: the rules that, each on its own, leave no chain to it. When
 * {@link #rules()} is empty, no single rule (or family of rules) cuts every chain: each chain is cut by a
 * different one.
 * <p>
 * <b>Note:</b> an immutable value; thread-safe.
 *
 * @param rules   the cutting rules' dotted names ({@code agents.summariser.ceiling}), most specific first.
 * @param sources where each stands in the policy file, in the same order.
 * @param summary one line saying what the rule does to the chains.
 */
public record Cut(List<String> rules, List<SourceRef> sources, String summary) {
    public Cut {
        rules = List.copyOf(rules);
        sources = List.copyOf(sources);
    }

    /** @return e.g. {@code never_leave.customer_pii (policy.yaml:106:15): ...} (allocates). */
    public String describe() {
        if (rules.isEmpty()) {
            return summary;
        }
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rules.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(rules.get(i));
            final SourceRef at = sources.get(i);
            if (at != null && at != SourceRef.NONE) {
                sb.append(" (").append(at).append(')');
            }
        }
        return sb.append(": ").append(summary).toString();
    }
}
