package dev.baton.core;

import dev.baton.constraint.Attenuation;

/**
 * A review rule whose trigger constrains arguments ({@code review.<rule>.constraints}) is about only the
 * calls those constraints match: "refunds above 1000.00". A delegation meets such a rule through a
 * capability only if the new grant could make such a call: if its holder's agent ceiling, or its purpose's
 * ceiling, constrains one of the rule's arguments of that capability <i>disjointly</i> from the rule
 * ({@link Attenuation#disjoint}), no call under the grant can match, and the rule does not apply to that
 * capability. Computed when the policy compiles: per constrained rule and per agent and purpose, the trigger
 * capabilities kept out of reach. A pair not provably disjoint keeps the rule (fail closed); data-class
 * triggers are never narrowed.
 * <p>
 * <b>Note:</b> immutable and thread-safe once built; look-ups allocate nothing.
 */
final class ReviewExemptions {
    private final int words;
    private final int agents;
    private final int owners;
    /** By rule: whether its trigger constrains arguments. */
    final boolean[] constrained;
    /** {@code exempt[(r * owners + o) * words ...]}: rule r's capabilities owner o (agents, then purposes) keeps out. */
    private final long[] exempt;

    ReviewExemptions(final ConstraintTable t, final int rules, final int purposes, final int words) {
        this.words = words;
        this.agents = t.agentCount;
        this.owners = agents + purposes;
        constrained = new boolean[rules];
        boolean any = false;
        for (int r = 0; r < rules; r++) {
            constrained[r] = t.rowStart[t.reviewRow + r] < t.rowStart[t.reviewRow + r + 1];
            any |= constrained[r];
        }
        exempt = new long[any ? rules * owners * words : 0];
        for (int r = 0; r < rules; r++) {
            for (int e = t.rowStart[t.reviewRow + r]; constrained[r] && e < t.rowStart[t.reviewRow + r + 1]; e++) {
                for (int o = 0; o < owners; o++) {
                    final int row = o < agents ? t.agentRow + o : t.purposeRow + o - agents;
                    if (disjoint(t, row, e)) {
                        Bits.set(exempt, (r * owners + o) * words, t.entryCapability[e]);
                    }
                }
            }
        }
    }

    /** Whether {@code row} constrains entry {@code e}'s capability and argument disjointly from it. */
    private static boolean disjoint(final ConstraintTable t, final int row, final int e) {
        for (int i = t.rowStart[row]; i < t.rowStart[row + 1]; i++) {
            if (t.entryCapability[i] == t.entryCapability[e] && t.entryArgument[i] == t.entryArgument[e]
                && Attenuation.disjoint(t.entryConstraint[i], t.entryConstraint[e])) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return whether capability word {@code w} of rule {@code r}'s trigger, for a grant held by agent
     *     {@code agent} for purpose {@code purpose}, holds capabilities the rule is about: {@code bits} minus those
     *     the agent's or the purpose's ceiling keeps out of reach.
     */
    long reachable(final int r, final int agent, final int purpose, final int w, final long bits) {
        if (!constrained[r] || bits == 0) {
            return bits;
        }
        long out = bits;
        if (agent >= 0) {
            out &= ~exempt[(r * owners + agent) * words + w];
        }
        if (purpose >= 0) {
            out &= ~exempt[(r * owners + agents + purpose) * words + w];
        }
        return out;
    }
}
