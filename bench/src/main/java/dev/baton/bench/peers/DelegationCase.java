package dev.baton.bench.peers;

import java.util.List;

/**
 * One request of the shared scenario: a task opened by {@code user:alice@acme.example} for
 * {@code refund-dispute} with {@link PeerScenario#TASK_CAPABILITIES} / {@link PeerScenario#TASK_DATA}, handed to
 * {@code chain[0]} (the planner), delegated hop by hop along {@code chain}, each hop asking for exactly
 * {@code capability} on {@code data}; then the last agent calls {@code capability} on {@code data}, with a
 * justification. Allowed only if every hop is an ALLOW (a REVIEW counts as not allowed) and the call is.
 *
 * @param chain      agent names, planner first; {@code chain.size() - 1} hops.
 * @param capability {@code tool:action}.
 * @param data       data class.
 */
public record DelegationCase(List<String> chain, String capability, String data) {
    /** @return the agent that makes the call. */
    public String caller() {
        return chain.get(chain.size() - 1);
    }

    /** @return number of delegation hops. */
    public int hops() {
        return chain.size() - 1;
    }

    @Override
    public String toString() {
        return String.join(" > ", chain) + " calls " + capability + " on " + data;
    }
}
