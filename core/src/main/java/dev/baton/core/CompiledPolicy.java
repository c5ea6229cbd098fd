package dev.baton.core;

import dev.baton.UnknownNameException;
import dev.baton.policy.AgentRule;
import dev.baton.policy.BreakGlassRule;
import dev.baton.policy.NameRef;
import dev.baton.policy.PolicyDocument;
import dev.baton.policy.PurposeRule;
import dev.baton.policy.ReviewRule;
import dev.baton.policy.SourceRef;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A delegation policy compiled into bitset lattices and tables: capabilities and data classes are bit
 * indices, ceilings, limits and masks are precomputed bitsets, so a decision is table look-ups and
 * AND/compare. Build one with {@link PolicyCompiler#compile(PolicyDocument)}.
 * <p>
 * The decision tables are grouped by what they decide ({@code AgentTable}, {@code PurposeTable},
 * {@code DomainTable}, {@code ReviewTable}, {@code TierTable}, {@code BreakGlassTable}), each built from
 * the parsed policy and its numbering ({@code PolicyLayout}); identity patterns are matched by
 * {@code IdentityRules}. This class holds them and the name look-ups.
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
    private final long layoutFingerprint;

    final int capabilityCount;
    final int dataClassCount;
    final int words;
    final long allData;
    private final String[] capTool;
    private final String[] capAction;

    // Names, each in index order, for the look-ups.
    private final NameIndex capabilities;
    private final NameIndex dataClasses;
    private final NameIndex trustDomains;
    private final NameIndex agentNames;
    private final NameIndex purposeNames;
    private final NameIndex reviewNames;
    private final NameIndex breakGlassNames;
    /** Every place a decision can point at. */
    private final NameIndex rules;
    private final List<SourceRef> ruleSources;

    // The decision tables.
    final IdentityRules identities;
    final AgentTable agents;
    final PurposeTable purposes;
    final DomainTable domains;
    final ReviewTable reviews;
    final TierTable tiers;
    final BreakGlassTable breakGlass;
    final ConstraintTable constraints;
    final BudgetTable budgets;

    /** @return the policy's budgets (names, types, each purpose's totals). */
    public BudgetTable budgets() {
        return budgets;
    }
    final long[] nonTransitiveCaps;
    final long nonTransitiveData;
    final int nonTransitiveRule;
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
        this.layoutId = layoutId(policy, layout);
        capabilityCount = layout.capabilityCount();
        dataClassCount = policy.vocabulary().dataClasses().size();
        words = layout.words;
        allData = layout.allData;
        capTool = layout.capTool.toArray(new String[0]);
        capAction = layout.capAction.toArray(new String[0]);

        final String file = policy.file();
        final List<String> capabilityKeys = new ArrayList<>(capabilityCount);
        for (int c = 0; c < capabilityCount; c++) {
            capabilityKeys.add(PolicyLayout.key(capTool[c], capAction[c]));
        }
        capabilities = new NameIndex("capability", file, capabilityKeys);
        dataClasses = new NameIndex("data class", file, names(policy.vocabulary().dataClasses()));
        trustDomains = new NameIndex("trust domain", file, names(policy.vocabulary().trustDomains()));
        agentNames = new NameIndex("agent", file,
            policy.agents().stream().map(AgentRule::name).map(NameRef::name).toList());
        final List<String> purposeList = policy.purposes().stream().map(PurposeRule::name).map(NameRef::name).toList();
        purposeNames = new NameIndex("purpose", file, purposeList);
        layoutFingerprint = PolicyLayout.fingerprint(policy, purposeList, capabilityKeys, names(policy.vocabulary()
            .dataClasses()));
        reviewNames = new NameIndex("review rule", file,
            policy.reviews().stream().map(ReviewRule::name).map(NameRef::name).toList());
        breakGlassNames = new NameIndex("break-glass rule", file,
            policy.breakGlass().stream().map(BreakGlassRule::name).map(NameRef::name).toList());

        // The tables register their rules in this order: rule ids follow it (the journal records them).
        final RuleIds ids = new RuleIds();
        identities = new IdentityRules(policy, layout.domainIndex);
        agents = new AgentTable(policy, layout, identities, ids);
        purposes = new PurposeTable(policy, layout, agents.words, ids);
        domains = new DomainTable(policy, layout, ids);
        nonTransitiveCaps = new long[words];
        layout.capabilities(policy.nonTransitive(), nonTransitiveCaps, 0);
        nonTransitiveData = layout.data(policy.nonTransitive());
        nonTransitiveRule = ids.add("non_transitive", policy.nonTransitive().at());
        reviews = new ReviewTable(policy, layout, ids);
        tiers = new TierTable(policy, layout, ids);
        breakGlass = new BreakGlassTable(policy, layout, ids);
        // Administrators last, so that adding the list leaves every other rule id as it was.
        administratorsRule = policy.administrators().isEmpty() ? -1
            : ids.add("administrators", policy.administrators().get(0).at());
        // Constraints after every other rule: a policy without them keeps every rule id it had.
        constraints = new ConstraintTable(policy, layout, ids, this);
        // Budgets last of all, for the same reason.
        budgets = new BudgetTable(policy, this, constraints, ids);
        rules = new NameIndex("rule", file, ids.names);
        ruleSources = List.copyOf(ids.sources);
    }

    /** A hash of the capability and data-class names in index order. */
    private static long layoutId(final PolicyDocument policy, final PolicyLayout layout) {
        long layoutHash = 1125899906842597L;
        for (int c = 0; c < layout.capabilityCount(); c++) {
            layoutHash = 31 * layoutHash + PolicyLayout.key(layout.capTool.get(c), layout.capAction.get(c)).hashCode();
        }
        for (final NameRef d : policy.vocabulary().dataClasses()) {
            layoutHash = 31 * layoutHash + d.name().hashCode() + 7;
        }
        return layoutHash;
    }

    // ---------------------------------------------------------------- identity binding (set-up time)

    /** @return whether {@code identity} (principal or workload identity) matches an {@code administrators} pattern. */
    public boolean isAdministrator(final String identity) {
        return identities.isAdministrator(identity);
    }

    /**
     * The check behind {@link DecisionCore#agent(String)}.
     *
     * @throws UnknownNameException if {@code identity} matches no agent, naming the nearest agent pattern.
     */
    public void requireAgentIdentity(final String identity) {
        identities.requireAgentIdentity(identity);
    }

    /**
     * The check behind {@link DecisionCore#reviewer(String)}.
     *
     * @throws UnknownNameException if {@code identity} matches no review rule's reviewers.
     */
    public void requireReviewer(final String identity) {
        identities.requireReviewer(identity);
    }

    /**
     * The check behind {@link DecisionCore#principal(String)}.
     *
     * @throws UnknownNameException if {@code identity} may open no purpose and break no glass.
     */
    public void requirePrincipal(final String identity) {
        identities.requirePrincipal(identity);
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

    /**
     * @return the {@link dev.baton.codec.LayoutFingerprint} of the purpose, capability ({@code tool.action}),
     *     data-class (and argument and budget, when declared) tables in number order: what a portable
     *     warrant carries, and what an offline verifier of this policy's warrants is built with.
     */
    public long layoutFingerprint() {
        return layoutFingerprint;
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

    /** @return the declared tool arguments and the constraints on them. */
    public ConstraintTable constraints() {
        return constraints;
    }

    /** @return number of data classes (bits). */
    public int dataClassCount() {
        return dataClassCount;
    }

    /** @return number of agent classes. */
    public int agentCount() {
        return agents.count;
    }

    /** @return number of purposes. */
    public int purposeCount() {
        return purposes.count;
    }

    /** @return number of rules a decision can name. */
    public int ruleCount() {
        return rules.size();
    }

    /**
     * @return the capability index of (tool, action).
     * @throws UnknownNameException if the policy declares no such capability.
     */
    public int capability(final String tool, final String action) {
        return capabilities.require(PolicyLayout.key(tool, action));
    }

    /** @return whether the policy declares the capability (tool, action). */
    public boolean hasCapability(final String tool, final String action) {
        return capabilities.has(PolicyLayout.key(tool, action));
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

    /**
     * @return the data-class index of {@code name}.
     * @throws UnknownNameException if the policy declares no such data class.
     */
    public int dataClass(final String name) {
        return dataClasses.require(name);
    }

    /** @return whether the policy declares the data class {@code name}. */
    public boolean hasDataClass(final String name) {
        return dataClasses.has(name);
    }

    /**
     * @return the purpose index of {@code name}.
     * @throws UnknownNameException if the policy declares no such purpose.
     */
    public int purpose(final String name) {
        return purposeNames.require(name);
    }

    /** @return whether the policy declares the purpose {@code name}. */
    public boolean hasPurpose(final String name) {
        return purposeNames.has(name);
    }

    /**
     * @return the index of the agent class called {@code name} (e.g. {@code planner}).
     * @throws UnknownNameException if the policy declares no such agent.
     */
    public int agent(final String name) {
        return agentNames.require(name);
    }

    /** @return whether the policy declares an agent class called {@code name}. */
    public boolean hasAgent(final String name) {
        return agentNames.has(name);
    }

    /** @return number of declared trust domains. */
    public int trustDomainCount() {
        return trustDomains.size();
    }

    /**
     * @return the trust-domain index of {@code name}.
     * @throws UnknownNameException if the policy declares no such trust domain.
     */
    public int trustDomain(final String name) {
        return trustDomains.require(name);
    }

    /** @return whether the policy declares the trust domain {@code name}. */
    public boolean hasTrustDomain(final String name) {
        return trustDomains.has(name);
    }

    /** @return the trust-domain name. */
    public String trustDomainName(final int domain) {
        return trustDomains.name(domain, "(unknown trust domain)");
    }

    /** @return number of review rules. */
    public int reviewRuleCount() {
        return reviews.count;
    }

    /** @return the review rule's name. */
    public String reviewRuleName(final int review) {
        return reviewNames.name(review);
    }

    /**
     * @return the index of the review rule called {@code name}.
     * @throws UnknownNameException if the policy has no such review rule.
     */
    public int reviewRule(final String name) {
        return reviewNames.require(name);
    }

    /** @return whether the policy has a review rule called {@code name}. */
    public boolean hasReviewRule(final String name) {
        return reviewNames.has(name);
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
        return capabilities.name(capability, "#" + capability);
    }

    /** @return the data-class name. */
    public String dataClassName(final int dataClass) {
        return dataClasses.name(dataClass, "#" + dataClass);
    }

    /** @return the agent name. */
    public String agentName(final int agent) {
        return agentNames.name(agent, "(unknown agent)");
    }

    /** @return the purpose name. */
    public String purposeName(final int purpose) {
        return purposeNames.name(purpose, "(unknown purpose)");
    }

    /** @return the break-glass rule name. */
    public String breakGlassName(final int rule) {
        return breakGlassNames.name(rule);
    }

    /**
     * @return the index of the break-glass rule called {@code name}.
     * @throws UnknownNameException if the policy has no such break-glass rule.
     */
    public int breakGlassRule(final String name) {
        return breakGlassNames.require(name);
    }

    /** @return whether the policy has a break-glass rule called {@code name}. */
    public boolean hasBreakGlassRule(final String name) {
        return breakGlassNames.has(name);
    }

    /** @return the dotted name of a rule a decision names ({@code agents.planner.delegates_to}). */
    public String ruleName(final int rule) {
        return rules.name(rule, "(none)");
    }

    /**
     * @param name a dotted rule name, as {@link #ruleName(int)} renders it ({@code agents.planner.ceiling}).
     * @return the rule's id, as decisions carry it.
     * @throws UnknownNameException if no rule has that name.
     */
    public int rule(final String name) {
        return rules.require(name);
    }

    /** @return where that rule stands in the policy file. */
    public SourceRef ruleSource(final int rule) {
        return rule >= 0 && rule < ruleSources.size() ? ruleSources.get(rule) : SourceRef.NONE;
    }

    /** @return a read-only view of the decision tables, for whole-policy analysis (allocates). */
    public PolicyView view() {
        return new PolicyView(this);
    }

    // ---------------------------------------------------------------- helpers

    private static List<String> names(final List<NameRef> refs) {
        final List<String> out = new ArrayList<>(refs.size());
        for (final NameRef ref : refs) {
            out.add(ref.name());
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
            + " capabilities=" + capabilityCount + " agents=" + agents.count + " purposes=" + purposes.count + '}';
    }
}
