package dev.baton.core;

/**
 * A read-only view of a {@link CompiledPolicy}'s decision tables, for tools that reason about the
 * policy as a whole (the {@code baton-analysis} module) rather than decide one request. Every method
 * returns a copy or a primitive: nothing a caller does through this view can change a decision.
 * Capability rows are {@link #words()} longs, one bit per capability; data classes are one long.
 * <p>
 * <b>Note:</b> immutable and thread-safe. The row accessors allocate a copy; meant for set-up and
 * analysis, never for the decision path.
 */
public final class PolicyView {
    private final CompiledPolicy p;

    PolicyView(final CompiledPolicy policy) {
        this.p = policy;
    }

    /** @return longs per capability row. */
    public int words() {
        return p.words;
    }

    /** @return the trust-domain index agent class {@code a}'s identity pattern lies in, or -1 (undeclared). */
    public int agentDomain(final int a) {
        return p.agents.domain[a];
    }

    /**
     * @return whether trust domains {@code a} and {@code b} (indices, or -1 for unknown) are one trust zone:
     *     delegating between them crosses no trust boundary.
     */
    public boolean sameZone(final int a, final int b) {
        return p.domains.sameZone(a, b);
    }

    /** @return a copy of agent class {@code a}'s capability ceiling. */
    public long[] agentCeiling(final int a) {
        return row(p.agents.ceiling, a);
    }

    /** @return agent class {@code a}'s data-class ceiling. */
    public long agentCeilingData(final int a) {
        return p.agents.ceilingData[a];
    }

    /** @return the largest depth a grant created by a holder of class {@code a} may have. */
    public int maxDepth(final int a) {
        return p.agents.maxDepth[a];
    }

    /** @return whether a delegation edge leads from agent class {@code from} to {@code to}. */
    public boolean edge(final int from, final int to) {
        return Bits.get(p.agents.edges, from * p.agents.words, to);
    }

    /** @return a copy of purpose {@code purpose}'s capability ceiling. */
    public long[] purposeCeiling(final int purpose) {
        return row(p.purposes.ceiling, purpose);
    }

    /** @return purpose {@code purpose}'s data-class ceiling. */
    public long purposeCeilingData(final int purpose) {
        return p.purposes.ceilingData[purpose];
    }

    /** @return whether agent class {@code a} is an entry agent of purpose {@code purpose}. */
    public boolean entryAgent(final int purpose, final int a) {
        return Bits.get(p.purposes.entry, purpose * p.agents.words, a);
    }

    /** @return the data classes that never leave their root's trust domain. */
    public long neverLeave() {
        return p.domains.neverLeave;
    }

    /** @return whether trust domain {@code domain} has an {@code external} limit (without one it gets nothing). */
    public boolean hasExternalLimit(final int domain) {
        return domain >= 0 && domain < p.domains.externalRule.length && p.domains.externalRule[domain] >= 0;
    }

    /** @return a copy of the capabilities trust domain {@code domain} may receive (empty without a limit). */
    public long[] externalCapabilities(final int domain) {
        return hasExternalLimit(domain) ? row(p.domains.externalCaps, domain) : new long[p.words];
    }

    /** @return the data classes trust domain {@code domain} may receive (0 without a limit). */
    public long externalData(final int domain) {
        return hasExternalLimit(domain) ? p.domains.externalData[domain] : 0;
    }

    /** @return a copy of the non-transitive capabilities. */
    public long[] nonTransitiveCapabilities() {
        return p.nonTransitiveCaps.clone();
    }

    /** @return the non-transitive data classes. */
    public long nonTransitiveData() {
        return p.nonTransitiveData;
    }

    /** @return a copy of review rule {@code r}'s capability trigger. */
    public long[] reviewCapabilities(final int r) {
        return row(p.reviews.caps, r);
    }

    /**
     * @return whether review rule {@code r}'s trigger constrains arguments: it then meets a capability only for
     *     the agents and purposes whose ceilings could make a call it is about (see docs/policy-language.md).
     */
    public boolean reviewConstrained(final int r) {
        return p.constraints.reviewExemptions.constrained[r];
    }

    /** @return review rule {@code r}'s data-class trigger. */
    public long reviewData(final int r) {
        return p.reviews.data[r];
    }

    /** @return the least depth at which review rule {@code r} applies. */
    public int reviewMinDepth(final int r) {
        return p.reviews.minDepth[r];
    }

    /** @return whether review rule {@code r} applies only to a delegatee outside the root's trust domain. */
    public boolean reviewExternalOnly(final int r) {
        return p.reviews.externalOnly[r];
    }

    /** @return number of tiers, least to most sensitive. */
    public int tierCount() {
        return p.tiers.count;
    }

    /** @return a copy of tier {@code t}'s capabilities. */
    public long[] tierCapabilities(final int t) {
        return row(p.tiers.caps, t);
    }

    /** @return tier {@code t}'s data classes. */
    public long tierData(final int t) {
        return p.tiers.data[t];
    }

    /** @return tier {@code t}'s TTL cap, in milliseconds. */
    public long tierTtlMillis(final int t) {
        return p.tiers.ttl[t];
    }

    /** @return the TTL cap of a scope that meets no tier, in milliseconds. */
    public long defaultTtlMillis() {
        return p.tiers.defaultTtl;
    }

    /** @return whether break-glass rule {@code b} has a ceiling of its own (else the agent's ceiling bounds it). */
    public boolean breakGlassHasCeiling(final int b) {
        return p.breakGlass.hasCeiling[b];
    }

    /** @return a copy of break-glass rule {@code b}'s capability ceiling (empty when it has none). */
    public long[] breakGlassCeiling(final int b) {
        return row(p.breakGlass.ceiling, b);
    }

    /** @return break-glass rule {@code b}'s data-class ceiling (0 when it has none). */
    public long breakGlassCeilingData(final int b) {
        return p.breakGlass.ceilingData[b];
    }

    /** @return whether break-glass rule {@code b} issues its grant even when a depth-0 review rule meets the scope. */
    public boolean breakGlassSkipsReview(final int b) {
        return p.breakGlass.skipReview[b];
    }

    /** @return break-glass rule {@code b}'s TTL cap, in milliseconds. */
    public long breakGlassMaxTtlMillis(final int b) {
        return p.breakGlass.maxTtl[b];
    }

    private long[] row(final long[] table, final int index) {
        final long[] out = new long[p.words];
        System.arraycopy(table, index * p.words, out, 0, p.words);
        return out;
    }
}
