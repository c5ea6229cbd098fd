package dev.baton.analysis;

import java.util.List;

/**
 * A concrete chain that reaches a capability and data class at an agent: the root grant, then each
 * delegation, each asking for exactly that capability and data class. Replayed through a
 * {@code DecisionSession} (approving each step marked reviewed) it is allowed.
 * <p>
 * <b>Note:</b> an immutable value; thread-safe.
 *
 * @param source     where the chain starts.
 * @param purpose    the purpose's name.
 * @param glassRule  the break-glass rule's name, or null for an {@code open}.
 * @param hops       the holders, root first; the last one holds the authority.
 * @param capability the capability carried ({@code tool:action}), or null for none.
 * @param dataClass  the data class carried, or null for none.
 */
public record Witness(Source source, String purpose, String glassRule, List<Hop> hops, String capability,
                      String dataClass) {
    /**
     * One holder on the chain.
     *
     * @param agentIndex    the agent class index.
     * @param agent         the agent class name.
     * @param depth         the grant's depth (0 for the root).
     * @param reviewed      whether the step that created this grant asks for review.
     * @param crossesDomain whether this holder sits outside the root's trust domain.
     */
    public record Hop(int agentIndex, String agent, int depth, boolean reviewed, boolean crossesDomain) {
    }

    public Witness {
        hops = List.copyOf(hops);
    }

    /** @return whether any step of the chain asks for review. */
    public boolean reviewed() {
        return hops.stream().anyMatch(Hop::reviewed);
    }

    /** @return e.g. {@code open refund-dispute: planner -> payments [review] -> crm-reader} (allocates). */
    public String describe() {
        final StringBuilder sb = new StringBuilder();
        sb.append(glassRule == null ? "open " : "break_glass " + glassRule + " for ").append(purpose).append(": ");
        for (int i = 0; i < hops.size(); i++) {
            final Hop h = hops.get(i);
            if (i > 0) {
                sb.append(" -> ");
            }
            sb.append(h.agent());
            if (h.crossesDomain()) {
                sb.append(" [other domain]");
            }
            if (h.reviewed()) {
                sb.append(" [review]");
            }
        }
        sb.append(" carrying ").append(capability == null ? "no capability" : capability)
            .append(" / ").append(dataClass == null ? "no data" : dataClass);
        return sb.toString();
    }
}
