package dev.baton.analysis;

import dev.baton.core.CompiledPolicy;
import dev.baton.core.PolicyView;
import dev.baton.policy.PatternRef;

import java.util.ArrayList;
import java.util.List;

/**
 * The one adapter between a {@link CompiledPolicy} and the analysis: every table the analysis reads is
 * copied here, once, from the compiler's {@link PolicyView} and the policy's syntax tree. When the policy
 * language gains a rule that bounds delegation, this class (and {@link StepRules}, which applies it) is
 * where the analysis learns of it.
 * <p>
 * <b>Note:</b> immutable after construction and thread-safe; construction allocates the copies, reads
 * allocate nothing.
 */
final class PolicyModel {
    final CompiledPolicy policy;
    final int words;
    final int caps;
    final int dataCount;
    final int agents;
    final int purposes;
    final int glassRules;
    final int maxDepthAll;

    final int[] domain;
    final long[][] agentCeiling;
    final long[] agentData;
    final int[] maxDepth;
    final int[][] successors;
    final boolean[][] edge;

    final long[][] purposeCeiling;
    final long[] purposeData;
    final int[][] entries;

    final long neverLeave;
    final long[][] externalCaps;
    final long[] externalData;
    final boolean[] hasExternal;
    final long[] ntCaps;
    final long ntData;

    /** Union of the review triggers applying at each band ({@code depth * 2 + external}). */
    final long[][] reviewCaps;
    final long[] reviewData;

    final long[][] tierCaps;
    final long[] tierData;
    final long[] tierTtl;
    final long defaultTtl;

    /** By pair of domains: whether they are one trust zone. */
    final boolean[][] sameZone;
    final boolean[] glassSkipsReview;
    final long[][] glassCeiling;
    final long[] glassData;
    final boolean[] glassHasCeiling;
    final long[] glassTtl;

    PolicyModel(final CompiledPolicy policy) {
        this.policy = policy;
        final PolicyView v = policy.view();
        words = v.words();
        caps = policy.capabilityCount();
        dataCount = policy.dataClassCount();
        agents = policy.agentCount();
        purposes = policy.purposeCount();
        domain = new int[agents];
        agentCeiling = new long[agents][];
        agentData = new long[agents];
        maxDepth = new int[agents];
        edge = new boolean[agents][agents];
        successors = new int[agents][];
        maxDepthAll = readAgents(v);
        purposeCeiling = new long[purposes][];
        purposeData = new long[purposes];
        entries = new int[purposes][];
        readPurposes(v);
        neverLeave = v.neverLeave();
        final int domains = policy.trustDomainCount();
        externalCaps = new long[domains][];
        externalData = new long[domains];
        hasExternal = new boolean[domains];
        sameZone = new boolean[domains][domains];
        readDomains(v, domains);
        ntCaps = v.nonTransitiveCapabilities();
        ntData = v.nonTransitiveData();
        final int bands = (CompiledPolicy.MAX_DEPTH + 1) * 2;
        reviewCaps = new long[bands][words];
        reviewData = new long[bands];
        readReviews(v);
        tierCaps = new long[v.tierCount()][];
        tierData = new long[v.tierCount()];
        tierTtl = new long[v.tierCount()];
        for (int t = 0; t < tierCaps.length; t++) {
            tierCaps[t] = v.tierCapabilities(t);
            tierData[t] = v.tierData(t);
            tierTtl[t] = v.tierTtlMillis(t);
        }
        defaultTtl = v.defaultTtlMillis();
        glassRules = policy.source().breakGlass().size();
        glassCeiling = new long[glassRules][];
        glassData = new long[glassRules];
        glassHasCeiling = new boolean[glassRules];
        glassTtl = new long[glassRules];
        glassSkipsReview = new boolean[glassRules];
        readBreakGlass(v);
    }

    /** Fills the agent tables; returns the largest max_depth. */
    private int readAgents(final PolicyView v) {
        int deepest = 0;
        for (int a = 0; a < agents; a++) {
            domain[a] = v.agentDomain(a);
            agentCeiling[a] = v.agentCeiling(a);
            agentData[a] = v.agentCeilingData(a);
            maxDepth[a] = Math.min(v.maxDepth(a), CompiledPolicy.MAX_DEPTH);
            deepest = Math.max(deepest, maxDepth[a]);
            final List<Integer> next = new ArrayList<>();
            for (int b = 0; b < agents; b++) {
                if (v.edge(a, b)) {
                    edge[a][b] = true;
                    next.add(b);
                }
            }
            successors[a] = next.stream().mapToInt(Integer::intValue).toArray();
        }
        return deepest;
    }

    private void readPurposes(final PolicyView v) {
        for (int p = 0; p < purposes; p++) {
            purposeCeiling[p] = v.purposeCeiling(p);
            purposeData[p] = v.purposeCeilingData(p);
            final List<Integer> e = new ArrayList<>();
            for (int a = 0; a < agents; a++) {
                if (v.entryAgent(p, a)) {
                    e.add(a);
                }
            }
            entries[p] = e.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** Fills the external-limit tables and the trust-zone relation of the {@code domains} trust domains. */
    private void readDomains(final PolicyView v, final int domains) {
        for (int d = 0; d < domains; d++) {
            hasExternal[d] = v.hasExternalLimit(d);
            externalCaps[d] = v.externalCapabilities(d);
            externalData[d] = v.externalData(d);
            for (int e = 0; e < domains; e++) {
                sameZone[d][e] = v.sameZone(d, e);
            }
        }
    }

    private void readBreakGlass(final PolicyView v) {
        for (int b = 0; b < glassRules; b++) {
            glassSkipsReview[b] = v.breakGlassSkipsReview(b);
            glassHasCeiling[b] = v.breakGlassHasCeiling(b);
            glassCeiling[b] = v.breakGlassCeiling(b);
            glassData[b] = v.breakGlassCeilingData(b);
            glassTtl[b] = v.breakGlassMaxTtlMillis(b);
        }
    }

    /**
     * Per band, the union of the review triggers that apply there (as the compiler's ReviewTable does). A rule
     * whose trigger constrains arguments may not apply to a capability, depending on the delegatee's ceiling:
     * its capabilities are left out (a chain may then get them without review), which can only make a proof of
     * "only through review" fail, never make a false one pass.
     */
    private void readReviews(final PolicyView v) {
        for (int r = 0; r < policy.reviewRuleCount(); r++) {
            final long[] rc = v.reviewConstrained(r) ? new long[words] : v.reviewCapabilities(r);
            for (int d = v.reviewMinDepth(r); d <= CompiledPolicy.MAX_DEPTH; d++) {
                for (int ext = v.reviewExternalOnly(r) ? 1 : 0; ext < 2; ext++) {
                    final int band = band(d, ext == 1);
                    for (int w = 0; w < words; w++) {
                        reviewCaps[band][w] |= rc[w];
                    }
                    reviewData[band] |= v.reviewData(r);
                }
            }
        }
    }

    /** The review band of a grant at {@code depth}, inside or outside its root's trust domain. */
    static int band(final int depth, final boolean external) {
        return Math.min(depth, CompiledPolicy.MAX_DEPTH) * 2 + (external ? 1 : 0);
    }

    /** Whether a holder of class {@code a} sits outside the trust zone of a task rooted in {@code rootDomain}. */
    boolean external(final int a, final int rootDomain) {
        return domain[a] < 0 || rootDomain < 0 || !sameZone[domain[a]][rootDomain];
    }

    /** The TTL cap of a grant of exactly capability {@code c} and data class {@code x} (-1: none). */
    long ttlCap(final int c, final int x) {
        for (int t = tierTtl.length - 1; t >= 0; t--) {
            if ((x >= 0 && (tierData[t] & (1L << x)) != 0) || get(tierCaps[t], c)) {
                return tierTtl[t];
            }
        }
        return defaultTtl;
    }

    /** @return the identity pattern of agent class {@code a}. */
    String identityPattern(final int a) {
        return policy.source().agents().get(a).identity().pattern();
    }

    /** @return the {@code opened_by} patterns of purpose {@code p}. */
    List<String> openedBy(final int p) {
        return policy.source().purposes().get(p).openedBy().stream().map(PatternRef::pattern).toList();
    }

    /** @return the trust-domain name of agent class {@code a}, or its pattern's host when undeclared. */
    String domainName(final int a) {
        return domain[a] >= 0 ? policy.trustDomainName(domain[a]) : "(undeclared)";
    }

    static boolean get(final long[] bits, final int bit) {
        return (bits[bit >>> 6] & (1L << bit)) != 0;
    }
}
