package dev.baton.analysis;

/**
 * A statement about every chain a policy allows, proved or refuted by the analysis (not by sampling):
 * "no agent of domain X can ever hold {@code customer_pii}", "{@code ledger.pay:purchase} is only ever
 * reached through a review", "{@code mailer} can never be reached from {@code refund-dispute}".
 * <p>
 * <b>Note:</b> an immutable value; thread-safe.
 *
 * @param kind       what is asserted.
 * @param agent      the agent class it is about, or null (with {@code domain}, or for every agent).
 * @param domain     the trust domain whose agents it is about, or null.
 * @param capability the capability ({@code tool:action}), or null.
 * @param dataClass  the data class, or null.
 * @param purpose    only tasks of this purpose, or null for every purpose.
 * @param breakGlass whether break-glass tasks count (true unless the assertion says otherwise).
 */
public record Assertion(Kind kind, String agent, String domain, String capability, String dataClass, String purpose,
                        boolean breakGlass) {
    /** What is asserted. */
    public enum Kind {
        /**
         * No chain gives the agents a grant holding the capability with the data class; with a data class
         * only, a grant including it; with neither, any grant at all.
         */
        NEVER_HOLDS,
        /** Every chain that gives the agents the capability (with the data class) passes a review. */
        ONLY_THROUGH_REVIEW
    }

    /**
     * The outcome.
     *
     * @param proved     whether the assertion holds for every chain.
     * @param reason     why: the rule that cuts every chain, or what the witness shows.
     * @param refutation a chain that breaks the assertion, or null when proved.
     */
    public record Verdict(boolean proved, String reason, Witness refutation) {
    }
}
