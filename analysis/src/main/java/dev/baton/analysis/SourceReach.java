package dev.baton.analysis;

/**
 * Everything reachable from one {@link Source}: for each agent class, each data class (and "no data"),
 * the capabilities it can hold, with and without a review on the way, and the longest life such a grant
 * can have.
 * <p>
 * <b>Note:</b> read-only once built; thread-safe for reads. Holds (data classes + 1) x 2 fixpoint results.
 */
public final class SourceReach {
    private final PolicyModel m;
    private final StepRules rules;
    private final Source source;
    private final AgentReach[] any;
    private final AgentReach[] reviewFree;
    /** By agent, by depth: the capabilities a grant at that depth can hold (any data), or null. */
    private final long[][][] byDepth;

    SourceReach(final PolicyModel model, final StepRules rules, final Source source) {
        this.m = model;
        this.rules = rules;
        this.source = source;
        any = new AgentReach[model.dataCount + 1];
        reviewFree = new AgentReach[model.dataCount + 1];
        final StepMasks all = new StepMasks(rules, source, false);
        final StepMasks free = new StepMasks(rules, source, true);
        byDepth = new long[model.agents][][];
        any[0] = Reachability.run(all, -1, new Reachability.Visitor() {
            @Override
            public void node(final int a, final int depth, final long[] caps) {
                if (byDepth[a] == null) {
                    byDepth[a] = new long[dev.baton.core.CompiledPolicy.MAX_DEPTH + 1][];
                }
                byDepth[a][depth] = caps;
            }

            @Override
            public void edge(final int a, final int b, final int depth, final boolean carries) {
                // only nodes matter here
            }
        });
        for (int x = -1; x < model.dataCount; x++) {
            if (x >= 0) {
                any[x + 1] = Reachability.run(all, x);
            }
            reviewFree[x + 1] = Reachability.run(free, x);
        }
    }

    /** @return the source. */
    public Source source() {
        return source;
    }

    /** @return whether agent class {@code a} can receive any grant (even an empty one) from this source. */
    public boolean reached(final int a) {
        return any[0].reached(a);
    }

    /** @return the least depth at which agent class {@code a} receives a grant, or -1. */
    public int minDepth(final int a) {
        return any[0].minDepth(a);
    }

    /**
     * @return the capabilities a grant of agent class {@code a} at {@code depth} can hold (with any data
     *     class, or none): the greatest scope at that depth, or null when no grant reaches it there (shared;
     *     do not modify).
     */
    long[] capsAtDepth(final int a, final int depth) {
        return byDepth[a] == null ? null : byDepth[a][depth];
    }

    /** @return whether agent class {@code a} can hold a grant that includes data class {@code x}. */
    public boolean holdsData(final int a, final int x) {
        return any[x + 1].reached(a);
    }

    /**
     * @param x the data class, or -1 for a call that touches no data.
     * @return whether agent class {@code a} can hold capability {@code c} with data class {@code x}.
     */
    public boolean holds(final int a, final int c, final int x) {
        return any[x + 1].has(a, c);
    }

    /** @return whether it can, through a chain on which no step asks for review. */
    public boolean holdsWithoutReview(final int a, final int c, final int x) {
        return reviewFree[x + 1].has(a, c);
    }

    /** @return the capabilities agent class {@code a} can hold with data class {@code x} (-1: none), or null (shared; do not modify). */
    long[] caps(final int a, final int x) {
        return any[x + 1].caps(a);
    }

    /** @return the capabilities it can hold with {@code x} without review, or null (shared; do not modify). */
    long[] capsWithoutReview(final int a, final int x) {
        return reviewFree[x + 1].caps(a);
    }

    /**
     * @return the longest life, in milliseconds, of a grant of agent class {@code a} holding ({@code c},
     *     {@code x}): the TTL cap of the most sensitive tier the pair meets, and for a break-glass task
     *     the rule's {@code max_ttl} (the emergency root itself is capped only by it).
     */
    public long ttlCapMillis(final int a, final int c, final int x) {
        final long tier = m.ttlCap(c, x);
        if (!source.breakGlass()) {
            return tier;
        }
        final long glass = m.glassTtl[source.glassRule()];
        if (m.domain[a] == source.rootDomain()) {
            final long[] root = new long[m.words];
            rules.fillRootCaps(source, a, false, root);
            if (PolicyModel.get(root, c) && (x < 0 || (rules.rootUsableData(source, a, false) & (1L << x)) != 0)) {
                return glass;
            }
        }
        return Math.min(glass, tier);
    }
}
