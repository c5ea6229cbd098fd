package dev.baton.core;

import dev.baton.UnknownNameException;
import dev.baton.policy.AgentRule;
import dev.baton.policy.BreakGlassRule;
import dev.baton.policy.ExternalLimit;
import dev.baton.policy.IdentityPattern;
import dev.baton.policy.NameRef;
import dev.baton.policy.PatternRef;
import dev.baton.policy.PolicyDocument;
import dev.baton.policy.PurposeRule;
import dev.baton.policy.ReviewRule;
import dev.baton.policy.SourceRef;
import dev.baton.policy.Tier;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A delegation policy compiled into bitset lattices and tables: capabilities and data classes are bit
 * indices, ceilings, limits and masks are precomputed bitsets, so a decision is table look-ups and
 * AND/compare. Build one with {@link PolicyCompiler#compile(PolicyDocument)}.
 * <p>
 * ScopeBits rows are {@link #words} longs wide (64 capabilities a word, up to 4,096 capabilities); data
 * classes fit one long (up to 64).
 * <p>
 * Name look-ups ({@link #capability(String, String)}, {@link #dataClass(String)}, {@link #purpose(String)},
 * ...) throw {@link UnknownNameException} for a name the policy does not declare: no look-up returns a
 * sentinel index, so a misspelt name can never reach a decision as "none". The {@code has...} methods
 * test a name without throwing.
 * <p>
 * <b>Note:</b> immutable and thread-safe once constructed. Name look-ups hash strings; they are meant
 * for set-up, not the decision path.
 */
public final class CompiledPolicy {
    /** Largest depth any chain may reach (and largest {@code max_depth}). */
    public static final int MAX_DEPTH = 16;

    private final PolicyDocument source;
    private volatile PolicyNames api;
    private final byte[] hash;
    private final long versionId;
    private final long layoutId;

    final int capabilityCount;
    final int words;
    final long allData;
    private final String[] capTool;
    private final String[] capAction;
    private final Map<String, Integer> capIndex;
    private final String[] dataNames;
    private final Map<String, Integer> dataIndex;
    private final String[] domainNames;
    private final Map<String, Integer> domainIndex;

    // Rules: every place a decision can point at.
    private final List<String> ruleNames = new ArrayList<>();
    private final List<SourceRef> ruleSources = new ArrayList<>();

    // Agents.
    final int agentCount;
    final int agentWords;
    private final String[] agentNames;
    private final IdentityPattern[] agentPatterns;
    final int[] agentDomain;
    final long[] agentCeiling;
    final long[] agentCeilingData;
    final int[] agentMaxDepth;
    final long[] agentEdges;
    final int[] agentCeilingRule;
    final int[] agentEdgeRule;
    final int[] agentDepthRule;

    // Purposes.
    final int purposeCount;
    private final String[] purposeNames;
    private final Map<String, Integer> purposeIndex;
    final long[] purposeCeiling;
    final long[] purposeCeilingData;
    final long[] purposeEntry;
    private final IdentityPattern[][] purposeOpenedBy;
    final int[] purposeCeilingRule;
    final int[] purposeOpenedByRule;
    final int[] purposeEntryRule;

    // Trust domains.
    final long neverLeave;
    final int[] neverLeaveRule;
    final long[] externalCaps;
    final long[] externalData;
    final int[] externalRule;

    // Non-transitive.
    final long[] nonTransitiveCaps;
    final long nonTransitiveData;
    final int nonTransitiveRule;

    // Review.
    final int reviewCount;
    final long[] reviewCaps;
    final long[] reviewData;
    final int[] reviewMinDepth;
    final boolean[] reviewExternalOnly;
    final long[] reviewTimeout;
    private final IdentityPattern[][] reviewers;
    final int[] reviewRule;
    /** Union of review triggers applicable at [depth][external ? 1 : 0]. */
    final long[] reviewMaskCaps;
    final long[] reviewMaskData;

    // Tiers and TTL.
    final int tierCount;
    final long[] tierCaps;
    final long[] tierData;
    final long[] tierTtl;
    final int[] tierRule;
    final boolean[] tierJustification;
    final long defaultTtl;
    final long[] justificationCaps;
    final long justificationData;

    // Break-glass.
    final int breakGlassCount;
    private final String[] breakGlassNames;
    private final IdentityPattern[][] breakGlassWho;
    final long[] breakGlassMaxTtl;
    final boolean[] breakGlassReasonRequired;
    final boolean[] breakGlassHasCeiling;
    final long[] breakGlassCeiling;
    final long[] breakGlassCeilingData;
    final int[] breakGlassRule;

    // Administrators: who may revoke or close any grant.
    private final IdentityPattern[] administrators;
    /** The {@code administrators} rule a refused revoke names, or -1 when the policy has none. */
    final int administratorsRule;

    CompiledPolicy(final PolicyDocument policy, final PolicyLayout layout) {
        this.source = policy;
        this.hash = sha256(policy.text());
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (hash[i] & 0xFF);
        }
        this.versionId = v;

        long layoutHash = 1125899906842597L; // capability and data-class names in index order
        for (int c = 0; c < layout.capabilityCount(); c++) {
            layoutHash = 31 * layoutHash + PolicyLayout.key(layout.capTool.get(c), layout.capAction.get(c)).hashCode();
        }
        for (final NameRef d : policy.vocabulary().dataClasses()) {
            layoutHash = 31 * layoutHash + d.name().hashCode() + 7;
        }
        this.layoutId = layoutHash;
        capabilityCount = layout.capabilityCount();
        words = layout.words;
        allData = layout.allData;
        capTool = layout.capTool.toArray(new String[0]);
        capAction = layout.capAction.toArray(new String[0]);
        capIndex = Map.copyOf(layout.capIndex);
        dataNames = names(policy.vocabulary().dataClasses());
        dataIndex = Map.copyOf(layout.dataIndex);
        domainNames = names(policy.vocabulary().trustDomains());
        domainIndex = Map.copyOf(layout.domainIndex);

        // Agents.
        agentCount = policy.agents().size();
        agentWords = Bits.words(agentCount);
        agentNames = new String[agentCount];
        agentPatterns = new IdentityPattern[agentCount];
        agentDomain = new int[agentCount];
        agentCeiling = new long[agentCount * words];
        agentCeilingData = new long[agentCount];
        agentMaxDepth = new int[agentCount];
        agentEdges = new long[agentCount * agentWords];
        agentCeilingRule = new int[agentCount];
        agentEdgeRule = new int[agentCount];
        agentDepthRule = new int[agentCount];
        for (int a = 0; a < agentCount; a++) {
            final AgentRule rule = policy.agents().get(a);
            final String name = rule.name().name();
            agentNames[a] = name;
            agentPatterns[a] = IdentityPattern.spiffe(rule.identity().pattern());
            agentDomain[a] = layout.domainIndex.getOrDefault(agentPatterns[a].trustDomain(), -1);
            layout.capabilities(rule.ceiling(), agentCeiling, a * words);
            agentCeilingData[a] = layout.data(rule.ceiling());
            agentMaxDepth[a] = rule.maxDepth();
            for (final NameRef target : rule.delegatesTo()) {
                Bits.set(agentEdges, a * agentWords, layout.agentIndex.get(target.name()));
            }
            agentCeilingRule[a] = rule("agents." + name + ".ceiling", rule.ceiling().at());
            agentEdgeRule[a] = rule("agents." + name + ".delegates_to", rule.at());
            agentDepthRule[a] = rule("agents." + name + ".max_depth", rule.at());
        }

        // Purposes.
        purposeCount = policy.purposes().size();
        purposeNames = new String[purposeCount];
        purposeIndex = Map.copyOf(layout.purposeIndex);
        purposeCeiling = new long[purposeCount * words];
        purposeCeilingData = new long[purposeCount];
        purposeEntry = new long[purposeCount * agentWords];
        purposeOpenedBy = new IdentityPattern[purposeCount][];
        purposeCeilingRule = new int[purposeCount];
        purposeOpenedByRule = new int[purposeCount];
        purposeEntryRule = new int[purposeCount];
        for (int p = 0; p < purposeCount; p++) {
            final PurposeRule rule = policy.purposes().get(p);
            final String name = rule.name().name();
            purposeNames[p] = name;
            layout.capabilities(rule.ceiling(), purposeCeiling, p * words);
            purposeCeilingData[p] = layout.data(rule.ceiling());
            for (final NameRef entry : rule.entryAgents()) {
                Bits.set(purposeEntry, p * agentWords, layout.agentIndex.get(entry.name()));
            }
            purposeOpenedBy[p] = patterns(rule.openedBy());
            purposeCeilingRule[p] = rule("purposes." + name + ".ceiling", rule.ceiling().at());
            purposeOpenedByRule[p] = rule("purposes." + name + ".opened_by", rule.at());
            purposeEntryRule[p] = rule("purposes." + name + ".entry_agents", rule.at());
        }

        // Trust domains: never_leave and external limits (a domain without an entry gets nothing).
        long leave = 0;
        neverLeaveRule = new int[64];
        Arrays.fill(neverLeaveRule, -1);
        for (final NameRef d : policy.neverLeave()) {
            final int bit = layout.dataIndex.get(d.name());
            leave |= 1L << bit;
            neverLeaveRule[bit] = rule("never_leave." + d.name(), d.at());
        }
        neverLeave = leave;
        final int domainCount = domainNames.length;
        externalCaps = new long[Math.max(1, domainCount) * words];
        externalData = new long[Math.max(1, domainCount)];
        externalRule = new int[Math.max(1, domainCount)];
        Arrays.fill(externalRule, -1);
        for (final ExternalLimit limit : policy.external()) {
            final int d = layout.domainIndex.get(limit.trustDomain().name());
            layout.capabilities(limit.limit(), externalCaps, d * words);
            externalData[d] = layout.data(limit.limit());
            externalRule[d] = rule("external." + limit.trustDomain().name(), limit.trustDomain().at());
        }

        // Non-transitive.
        nonTransitiveCaps = new long[words];
        layout.capabilities(policy.nonTransitive(), nonTransitiveCaps, 0);
        nonTransitiveData = layout.data(policy.nonTransitive());
        nonTransitiveRule = rule("non_transitive", policy.nonTransitive().at());

        // Review rules and the per-depth, per-crossing union masks.
        reviewCount = policy.reviews().size();
        reviewCaps = new long[Math.max(1, reviewCount) * words];
        reviewData = new long[Math.max(1, reviewCount)];
        reviewMinDepth = new int[reviewCount];
        reviewExternalOnly = new boolean[reviewCount];
        reviewTimeout = new long[reviewCount];
        reviewers = new IdentityPattern[reviewCount][];
        reviewRule = new int[reviewCount];
        reviewMaskCaps = new long[(MAX_DEPTH + 1) * 2 * words];
        reviewMaskData = new long[(MAX_DEPTH + 1) * 2];
        for (int r = 0; r < reviewCount; r++) {
            final ReviewRule rule = policy.reviews().get(r);
            layout.capabilities(rule.trigger(), reviewCaps, r * words);
            reviewData[r] = layout.data(rule.trigger());
            reviewMinDepth[r] = rule.minDepth();
            reviewExternalOnly[r] = rule.externalOnly();
            reviewTimeout[r] = rule.timeoutMillis();
            reviewers[r] = patterns(rule.reviewers());
            reviewRule[r] = rule("review." + rule.name().name(), rule.at());
            for (int depth = rule.minDepth(); depth <= MAX_DEPTH; depth++) {
                for (int external = rule.externalOnly() ? 1 : 0; external < 2; external++) {
                    final int band = reviewBand(depth, external == 1);
                    Bits.or(reviewCaps, r * words, reviewMaskCaps, band * words, words);
                    reviewMaskData[band] |= reviewData[r];
                }
            }
        }

        // Tiers: TTL caps and justification masks.
        tierCount = policy.tiers().size();
        tierCaps = new long[Math.max(1, tierCount) * words];
        tierData = new long[Math.max(1, tierCount)];
        tierTtl = new long[tierCount];
        tierRule = new int[tierCount];
        tierJustification = new boolean[tierCount];
        justificationCaps = new long[words];
        long justData = 0;
        for (int t = 0; t < tierCount; t++) {
            final Tier tier = policy.tiers().get(t);
            layout.capabilities(tier.members(), tierCaps, t * words);
            tierData[t] = layout.data(tier.members());
            tierTtl[t] = tier.ttlMillis();
            tierRule[t] = rule("tiers." + tier.name().name(), tier.at());
            tierJustification[t] = tier.requireJustification();
            if (tier.requireJustification()) {
                Bits.or(tierCaps, t * words, justificationCaps, 0, words);
                justData |= tierData[t];
            }
        }
        justificationData = justData;
        defaultTtl = policy.defaultTtlMillis();

        // Break-glass.
        breakGlassCount = policy.breakGlass().size();
        breakGlassNames = new String[breakGlassCount];
        breakGlassWho = new IdentityPattern[breakGlassCount][];
        breakGlassMaxTtl = new long[breakGlassCount];
        breakGlassReasonRequired = new boolean[breakGlassCount];
        breakGlassHasCeiling = new boolean[breakGlassCount];
        breakGlassCeiling = new long[Math.max(1, breakGlassCount) * words];
        breakGlassCeilingData = new long[Math.max(1, breakGlassCount)];
        breakGlassRule = new int[breakGlassCount];
        for (int b = 0; b < breakGlassCount; b++) {
            final BreakGlassRule rule = policy.breakGlass().get(b);
            breakGlassNames[b] = rule.name().name();
            breakGlassWho[b] = patterns(rule.who());
            breakGlassMaxTtl[b] = rule.maxTtlMillis();
            breakGlassReasonRequired[b] = rule.reasonRequired();
            breakGlassHasCeiling[b] = rule.ceiling() != null;
            if (rule.ceiling() != null) {
                layout.capabilities(rule.ceiling(), breakGlassCeiling, b * words);
                breakGlassCeilingData[b] = layout.data(rule.ceiling());
            }
            breakGlassRule[b] = rule("break_glass." + rule.name().name(), rule.at());
        }

        // Administrators (last, so that adding the list leaves every other rule id as it was).
        administrators = new IdentityPattern[policy.administrators().size()];
        for (int i = 0; i < administrators.length; i++) {
            final String pattern = policy.administrators().get(i).pattern();
            administrators[i] = pattern.startsWith("spiffe:")
                ? IdentityPattern.spiffe(pattern) : IdentityPattern.principal(pattern);
        }
        administratorsRule = administrators.length == 0 ? -1
            : rule("administrators", policy.administrators().get(0).at());
    }

    static int reviewBand(final int depth, final boolean external) {
        return (Math.min(depth, MAX_DEPTH) << 1) | (external ? 1 : 0);
    }

    private int rule(final String name, final SourceRef at) {
        ruleNames.add(name);
        ruleSources.add(at);
        return ruleNames.size() - 1;
    }

    // ---------------------------------------------------------------- identity binding (set-up time)

    /**
     * @param identity a workload identity.
     * @return index of the first agent (file order) whose pattern matches, or -1 when none does (an
     *     identity that is no agent: every operation refuses it as an agent, {@code UNKNOWN_AGENT}).
     */
    public int agentFor(final String identity) {
        for (int a = 0; a < agentCount; a++) {
            if (agentPatterns[a].matches(identity)) {
                return a;
            }
        }
        return -1;
    }

    /**
     * @param identity a workload identity.
     * @return index of its trust domain among those declared, or -1 (not a SPIFFE ID, or undeclared);
     *     decisions treat -1 as foreign to every domain, including another -1.
     */
    public int domainFor(final String identity) {
        final String domain = IdentityPattern.trustDomainOf(identity);
        return domain == null ? -1 : domainIndex.getOrDefault(domain, -1);
    }

    /** @return whether {@code principal} matches an {@code opened_by} pattern of the purpose. */
    public boolean mayOpen(final int purpose, final String principal) {
        return anyMatches(purposeOpenedBy[purpose], principal);
    }

    /** @return whether {@code principal} matches a reviewer pattern of the review rule. */
    public boolean mayReview(final int review, final String principal) {
        return anyMatches(reviewers[review], principal);
    }

    /** @return whether {@code principal} matches a {@code who} pattern of the break-glass rule. */
    public boolean mayBreakGlass(final int rule, final String principal) {
        return anyMatches(breakGlassWho[rule], principal);
    }

    /** @return whether {@code identity} (principal or workload identity) matches an {@code administrators} pattern. */
    public boolean isAdministrator(final String identity) {
        return anyMatches(administrators, identity);
    }

    /**
     * The check behind {@link DecisionCore#agent(String)}.
     *
     * @throws UnknownNameException if {@code identity} matches no agent, naming the nearest agent pattern.
     */
    public void requireAgentIdentity(final String identity) {
        if (agentFor(identity) < 0) {
            throw UnknownNameException.of("agent identity", identity, file(), patternTexts(agentPatterns));
        }
    }

    /**
     * The check behind {@link DecisionCore#reviewer(String)}.
     *
     * @throws UnknownNameException if {@code identity} matches no review rule's reviewers.
     */
    public void requireReviewer(final String identity) {
        final List<String> patterns = new ArrayList<>();
        for (int r = 0; r < reviewCount; r++) {
            if (mayReview(r, identity)) {
                return;
            }
            patterns.addAll(patternTexts(reviewers[r]));
        }
        throw UnknownNameException.of("reviewer", identity, file(), patterns);
    }

    /**
     * The check behind {@link DecisionCore#principal(String)}.
     *
     * @throws UnknownNameException if {@code identity} may open no purpose and break no glass.
     */
    public void requirePrincipal(final String identity) {
        final List<String> patterns = new ArrayList<>();
        for (int p = 0; p < purposeCount; p++) {
            if (mayOpen(p, identity)) {
                return;
            }
            patterns.addAll(patternTexts(purposeOpenedBy[p]));
        }
        for (int b = 0; b < breakGlassCount; b++) {
            if (mayBreakGlass(b, identity)) {
                return;
            }
            patterns.addAll(patternTexts(breakGlassWho[b]));
        }
        throw UnknownNameException.of("principal", identity, file(), patterns);
    }

    private static List<String> patternTexts(final IdentityPattern[] patterns) {
        final List<String> out = new ArrayList<>(patterns.length);
        for (final IdentityPattern p : patterns) {
            out.add(p.pattern());
        }
        return out;
    }

    private static boolean anyMatches(final IdentityPattern[] patterns, final String identity) {
        for (final IdentityPattern p : patterns) {
            if (p.matches(identity)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- names (set-up time)

    /** @return this policy's names bound to typed handles: what the public API hands out. */
    public PolicyNames api() {
        PolicyNames n = api;
        if (n == null) {
            synchronized (this) {
                n = api;
                if (n == null) {
                    n = new PolicyNames(this);
                    api = n;
                }
            }
        }
        return n;
    }

    /** @return the policy file name. */
    public String file() {
        return source.file();
    }

    /** @return the syntax tree this was compiled from (for replay and explain). */
    public PolicyDocument source() {
        return source;
    }

    /** @return the file's {@code version} label. */
    public String label() {
        return source.version().name();
    }

    /** @return the first 64 bits of the SHA-256 of the policy text: the version every decision records. */
    public long versionId() {
        return versionId;
    }

    /**
     * @return a hash of the capability and data-class names in index order: two policies with the same
     *     layout id number capabilities and data classes alike, so scopes and indices carry over.
     */
    public long layoutId() {
        return layoutId;
    }

    /** @return the policy file's full text (kept in the journal so replay needs nothing else). */
    public String text() {
        return source.text();
    }

    /** @return the SHA-256 of the policy text, in hex (allocates). */
    public String versionHash() {
        return HexFormat.of().formatHex(hash);
    }

    /** @return number of capabilities (bits). */
    public int capabilityCount() {
        return capabilityCount;
    }

    /** @return number of data classes (bits). */
    public int dataClassCount() {
        return dataNames.length;
    }

    /** @return number of agent classes. */
    public int agentCount() {
        return agentCount;
    }

    /** @return number of purposes. */
    public int purposeCount() {
        return purposeCount;
    }

    /** @return number of rules a decision can name. */
    public int ruleCount() {
        return ruleNames.size();
    }

    /**
     * @return the capability index of (tool, action).
     * @throws UnknownNameException if the policy declares no such capability.
     */
    public int capability(final String tool, final String action) {
        final Integer c = capIndex.get(PolicyLayout.key(tool, action));
        if (c == null) {
            throw UnknownNameException.of("capability", tool + ':' + action, file(), capabilityNames());
        }
        return c;
    }

    /** @return whether the policy declares the capability (tool, action). */
    public boolean hasCapability(final String tool, final String action) {
        return capIndex.containsKey(PolicyLayout.key(tool, action));
    }

    /** @return whether some capability of the policy is on {@code tool}. */
    public boolean hasTool(final String tool) {
        for (int c = 0; c < capabilityCount; c++) {
            if (capTool[c].equals(tool)) {
                return true;
            }
        }
        return false;
    }

    /** The exception for a tool the policy does not declare. */
    UnknownNameException unknownTool(final String tool) {
        return UnknownNameException.of("tool", tool, file(), Arrays.asList(capTool));
    }

    private List<String> capabilityNames() {
        final List<String> names = new ArrayList<>(capabilityCount);
        for (int c = 0; c < capabilityCount; c++) {
            names.add(capTool[c] + ':' + capAction[c]);
        }
        return names;
    }

    /**
     * @return the data-class index of {@code name}.
     * @throws UnknownNameException if the policy declares no such data class.
     */
    public int dataClass(final String name) {
        final Integer d = dataIndex.get(name);
        if (d == null) {
            throw UnknownNameException.of("data class", name, file(), Arrays.asList(dataNames));
        }
        return d;
    }

    /** @return whether the policy declares the data class {@code name}. */
    public boolean hasDataClass(final String name) {
        return dataIndex.containsKey(name);
    }

    /**
     * @return the purpose index of {@code name}.
     * @throws UnknownNameException if the policy declares no such purpose.
     */
    public int purpose(final String name) {
        final Integer p = purposeIndex.get(name);
        if (p == null) {
            throw UnknownNameException.of("purpose", name, file(), Arrays.asList(purposeNames));
        }
        return p;
    }

    /** @return whether the policy declares the purpose {@code name}. */
    public boolean hasPurpose(final String name) {
        return purposeIndex.containsKey(name);
    }

    /**
     * @return the index of the agent class called {@code name} (e.g. {@code planner}).
     * @throws UnknownNameException if the policy declares no such agent.
     */
    public int agent(final String name) {
        final int a = indexOf(agentNames, name);
        if (a < 0) {
            throw UnknownNameException.of("agent", name, file(), Arrays.asList(agentNames));
        }
        return a;
    }

    /** @return whether the policy declares an agent class called {@code name}. */
    public boolean hasAgent(final String name) {
        return indexOf(agentNames, name) >= 0;
    }

    /** @return number of declared trust domains. */
    public int trustDomainCount() {
        return domainNames.length;
    }

    /**
     * @return the trust-domain index of {@code name}.
     * @throws UnknownNameException if the policy declares no such trust domain.
     */
    public int trustDomain(final String name) {
        final Integer d = domainIndex.get(name);
        if (d == null) {
            throw UnknownNameException.of("trust domain", name, file(), Arrays.asList(domainNames));
        }
        return d;
    }

    /** @return whether the policy declares the trust domain {@code name}. */
    public boolean hasTrustDomain(final String name) {
        return domainIndex.containsKey(name);
    }

    /** @return the trust-domain name. */
    public String trustDomainName(final int domain) {
        return domain >= 0 && domain < domainNames.length ? domainNames[domain] : "(unknown trust domain)";
    }

    /** @return number of review rules. */
    public int reviewRuleCount() {
        return reviewCount;
    }

    /** @return the review rule's name. */
    public String reviewRuleName(final int review) {
        return source.reviews().get(review).name().name();
    }

    /**
     * @return the index of the review rule called {@code name}.
     * @throws UnknownNameException if the policy has no such review rule.
     */
    public int reviewRule(final String name) {
        final int r = findReviewRule(name);
        if (r < 0) {
            final List<String> names = new ArrayList<>(reviewCount);
            for (int i = 0; i < reviewCount; i++) {
                names.add(reviewRuleName(i));
            }
            throw UnknownNameException.of("review rule", name, file(), names);
        }
        return r;
    }

    /** @return whether the policy has a review rule called {@code name}. */
    public boolean hasReviewRule(final String name) {
        return findReviewRule(name) >= 0;
    }

    private int findReviewRule(final String name) {
        for (int r = 0; r < reviewCount; r++) {
            if (reviewRuleName(r).equals(name)) {
                return r;
            }
        }
        return -1;
    }

    /** @return the tool of a capability. */
    public String toolOf(final int capability) {
        return capTool[capability];
    }

    /** @return the action of a capability. */
    public String actionOf(final int capability) {
        return capAction[capability];
    }

    /** @return {@code tool:action}. */
    public String capabilityName(final int capability) {
        return capability >= 0 && capability < capabilityCount
            ? capTool[capability] + ':' + capAction[capability] : "#" + capability;
    }

    /** @return the data-class name. */
    public String dataClassName(final int dataClass) {
        return dataClass >= 0 && dataClass < dataNames.length ? dataNames[dataClass] : "#" + dataClass;
    }

    /** @return the agent name. */
    public String agentName(final int agent) {
        return agent >= 0 && agent < agentCount ? agentNames[agent] : "(unknown agent)";
    }

    /** @return the purpose name. */
    public String purposeName(final int purpose) {
        return purpose >= 0 && purpose < purposeCount ? purposeNames[purpose] : "(unknown purpose)";
    }

    /** @return the break-glass rule name. */
    public String breakGlassName(final int rule) {
        return breakGlassNames[rule];
    }

    /**
     * @return the index of the break-glass rule called {@code name}.
     * @throws UnknownNameException if the policy has no such break-glass rule.
     */
    public int breakGlassRule(final String name) {
        final int b = indexOf(breakGlassNames, name);
        if (b < 0) {
            throw UnknownNameException.of("break-glass rule", name, file(), Arrays.asList(breakGlassNames));
        }
        return b;
    }

    /** @return whether the policy has a break-glass rule called {@code name}. */
    public boolean hasBreakGlassRule(final String name) {
        return indexOf(breakGlassNames, name) >= 0;
    }

    /** @return the dotted name of a rule a decision names ({@code agents.planner.delegates_to}). */
    public String ruleName(final int rule) {
        return rule >= 0 && rule < ruleNames.size() ? ruleNames.get(rule) : "(none)";
    }

    /**
     * @param name a dotted rule name, as {@link #ruleName(int)} renders it ({@code agents.planner.ceiling}).
     * @return the rule's id, as decisions carry it.
     * @throws UnknownNameException if no rule has that name.
     */
    public int rule(final String name) {
        final int r = ruleNames.indexOf(name);
        if (r < 0) {
            throw UnknownNameException.of("rule", name, file(), ruleNames);
        }
        return r;
    }

    /** @return where that rule stands in the policy file. */
    public SourceRef ruleSource(final int rule) {
        return rule >= 0 && rule < ruleSources.size() ? ruleSources.get(rule) : SourceRef.NONE;
    }

    // ---------------------------------------------------------------- helpers

    private static int indexOf(final String[] names, final String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String[] names(final List<NameRef> refs) {
        final String[] out = new String[refs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = refs.get(i).name();
        }
        return out;
    }

    private static IdentityPattern[] patterns(final List<PatternRef> refs) {
        final IdentityPattern[] out = new IdentityPattern[refs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = IdentityPattern.principal(refs.get(i).pattern());
        }
        return out;
    }

    private static byte[] sha256(final String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "CompiledPolicy{" + file() + " version=" + label() + " hash=" + Long.toHexString(versionId)
            + " capabilities=" + capabilityCount + " agents=" + agentCount + " purposes=" + purposeCount + '}';
    }
}
