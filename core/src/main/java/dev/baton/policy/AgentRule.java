package dev.baton.policy;

import java.util.List;

/**
 * An agent class: the workload identities matching {@code identity}, what they may ever hold
 * ({@code ceiling}), whom they may delegate to, and how deep a chain they may extend.
 *
 * @param name        the agent's name in the policy.
 * @param identity    SPIFFE ID pattern ({@code *} one segment, {@code **} one or more).
 * @param ceiling     the widest scope any grant held by such an agent may have.
 * @param delegatesTo names of agents this agent may delegate to.
 * @param maxDepth    a delegation by this agent may create a grant of depth at most this (0..16).
 * @param at          where the agent's entry starts.
 */
public record AgentRule(NameRef name, PatternRef identity, ScopeSpec ceiling, List<NameRef> delegatesTo,
                        int maxDepth, SourceRef at) {
}
