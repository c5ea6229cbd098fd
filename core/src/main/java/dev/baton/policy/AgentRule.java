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
 * @param maxDepthAt  where the agent's {@code max_depth} was written: its own field, the policy-wide
 *                    {@code max_depth}, or {@code at} when neither is written (the default 0).
 */
public record AgentRule(NameRef name, PatternRef identity, ScopeSpec ceiling, List<NameRef> delegatesTo,
                        int maxDepth, SourceRef at, SourceRef maxDepthAt) {

    /**
     * An agent whose {@code max_depth} is written on its name line.
     *
     * @param name        the agent's name.
     * @param identity    its SPIFFE ID pattern.
     * @param ceiling     its ceiling.
     * @param delegatesTo agents it may delegate to.
     * @param maxDepth    its max depth.
     * @param at          where its entry starts.
     */
    public AgentRule(final NameRef name, final PatternRef identity, final ScopeSpec ceiling,
                     final List<NameRef> delegatesTo, final int maxDepth, final SourceRef at) {
        this(name, identity, ceiling, delegatesTo, maxDepth, at, at);
    }
}
