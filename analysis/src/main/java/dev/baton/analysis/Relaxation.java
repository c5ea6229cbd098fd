package dev.baton.analysis;

/**
 * Which delegation rules the analysis enforces: all of them ({@link #NONE}), or only one rule or one
 * family of rules ({@link #onlyEnforce}). The cut search asks "does this rule, alone, leave no path?".
 * <p>
 * <b>Note:</b> an immutable value; thread-safe.
 */
final class Relaxation {
    /** Every rule enforced: the policy as the engine decides it. */
    static final Relaxation NONE = new Relaxation(null, -1);

    /** A rule family; with an index, one rule of it (an agent's, a domain's or a data class's). */
    enum Family {
        /** {@code agents.X.delegates_to}. */
        EDGES,
        /** {@code agents.X.max_depth}. */
        MAX_DEPTH,
        /** {@code agents.X.ceiling}. */
        AGENT_CEILING,
        /** {@code purposes.P.ceiling}. */
        PURPOSE_CEILING,
        /** {@code non_transitive}. */
        NON_TRANSITIVE,
        /** {@code never_leave}. */
        NEVER_LEAVE,
        /** {@code external.D} (or no limit for D: nothing crosses). */
        EXTERNAL,
        /** The {@code review} rules, when asking for a chain without review. */
        REVIEW
    }

    private final Family only;
    private final int index;

    private Relaxation(final Family only, final int index) {
        this.only = only;
        this.index = index;
    }

    /** Enforces only {@code family} (rule {@code index} of it, or all of it when -1); every other rule is off. */
    static Relaxation onlyEnforce(final Family family, final int index) {
        return new Relaxation(family, index);
    }

    private boolean off(final Family f, final int i) {
        return only != null && (only != f || (index >= 0 && i != index));
    }

    boolean edge(final int agent) {
        return off(Family.EDGES, agent);
    }

    boolean maxDepth(final int agent) {
        return off(Family.MAX_DEPTH, agent);
    }

    boolean agentCeiling(final int agent) {
        return off(Family.AGENT_CEILING, agent);
    }

    boolean purposeCeiling() {
        return off(Family.PURPOSE_CEILING, -1);
    }

    boolean nonTransitive() {
        return off(Family.NON_TRANSITIVE, -1);
    }

    boolean neverLeave() {
        return off(Family.NEVER_LEAVE, -1);
    }

    boolean external(final int domain) {
        return off(Family.EXTERNAL, domain);
    }

    boolean review() {
        return off(Family.REVIEW, -1);
    }
}
