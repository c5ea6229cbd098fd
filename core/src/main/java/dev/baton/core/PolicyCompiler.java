package dev.baton.core;

import dev.baton.policy.AgentRule;
import dev.baton.policy.BreakGlassRule;
import dev.baton.policy.Durations;
import dev.baton.policy.ExternalLimit;
import dev.baton.policy.NameRef;
import dev.baton.policy.PolicyDocument;
import dev.baton.policy.PolicyError;
import dev.baton.policy.PolicyException;
import dev.baton.policy.PolicyParser;
import dev.baton.policy.PurposeRule;
import dev.baton.policy.ReviewRule;
import dev.baton.policy.Tier;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Compiles a parsed {@link PolicyDocument} into a {@link CompiledPolicy}, and rejects rules that can never
 * match (they are almost always mistakes in a security policy): an agent whose identity pattern an
 * earlier agent already claims, a delegation edge or purpose whose ceilings share nothing, a review
 * rule, tier, external limit or break-glass ceiling that no agent could ever meet, and tiers whose TTL
 * grows with sensitivity.
 * <p>
 * <b>Note:</b> stateless and thread-safe; allocates freely (set-up time only).
 */
public final class PolicyCompiler {
    private PolicyCompiler() {
    }

    /**
     * Parses and compiles a policy file.
     *
     * @param file the YAML policy.
     * @return the compiled policy.
     * @throws PolicyException every error found, with file, line, column and field.
     * @throws IOException     if the file cannot be read.
     */
    public static CompiledPolicy load(final Path file) throws PolicyException, IOException {
        return compile(PolicyParser.parse(file));
    }

    /**
     * Compiles a parsed policy.
     *
     * @param policy a policy from {@link PolicyParser}.
     * @return the compiled policy.
     * @throws PolicyException if a rule can never match.
     */
    public static CompiledPolicy compile(final PolicyDocument policy) throws PolicyException {
        final PolicyLayout layout = new PolicyLayout(policy);
        final CompiledPolicy compiled = new CompiledPolicy(policy, layout);
        final List<PolicyError> errors = new ArrayList<>();
        checkAgents(policy, compiled, errors);
        checkPurposes(policy, compiled, layout, errors);
        checkExternal(policy, compiled, layout, errors);
        checkReviews(policy, compiled, errors);
        checkTiers(policy, compiled, errors);
        checkBreakGlass(policy, compiled, errors);
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparingInt(PolicyError::line).thenComparingInt(PolicyError::column));
            throw new PolicyException(errors);
        }
        return compiled;
    }

    private static void checkAgents(final PolicyDocument policy, final CompiledPolicy c, final List<PolicyError> errors) {
        final List<AgentRule> agents = policy.agents();
        for (int a = 0; a < agents.size(); a++) {
            final AgentRule rule = agents.get(a);
            for (int earlier = 0; earlier < a; earlier++) {
                if (agents.get(earlier).identity().pattern().equals(rule.identity().pattern())) {
                    errors.add(PolicyError.at(rule.identity().at(), "agents." + rule.name().name() + ".identity",
                        "never matches: agent '" + agents.get(earlier).name().name() + "' (line "
                            + agents.get(earlier).at().line() + ") has the same pattern and comes first"));
                }
            }
            for (final NameRef target : rule.delegatesTo()) {
                final int b = indexOf(agents, target.name());
                if (!meets(c.agents.ceiling, a * c.words, c.agents.ceilingData[a], c.agents.ceiling, b * c.words,
                    c.agents.ceilingData[b], c.words)) {
                    errors.add(PolicyError.at(target.at(), "agents." + rule.name().name() + ".delegates_to",
                        "never matches: the ceilings of '" + rule.name().name() + "' and '" + target.name()
                            + "' share no capability or data class, so nothing could be delegated"));
                }
            }
            if (!rule.delegatesTo().isEmpty() && rule.maxDepth() == 0) {
                errors.add(PolicyError.at(rule.at(), "agents." + rule.name().name() + ".max_depth",
                    "never matches: delegates_to is not empty but max_depth is 0; expected max_depth 1..16"));
            }
        }
    }

    private static void checkPurposes(final PolicyDocument policy, final CompiledPolicy c, final PolicyLayout layout,
                                      final List<PolicyError> errors) {
        for (int p = 0; p < policy.purposes().size(); p++) {
            final PurposeRule rule = policy.purposes().get(p);
            for (final NameRef entry : rule.entryAgents()) {
                final int a = layout.agentIndex.get(entry.name());
                if (!meets(c.purposes.ceiling, p * c.words, c.purposes.ceilingData[p], c.agents.ceiling, a * c.words,
                    c.agents.ceilingData[a], c.words)) {
                    errors.add(PolicyError.at(entry.at(), "purposes." + rule.name().name() + ".entry_agents",
                        "never matches: the ceilings of purpose '" + rule.name().name() + "' and agent '"
                            + entry.name() + "' share no capability or data class"));
                }
            }
        }
    }

    private static void checkExternal(final PolicyDocument policy, final CompiledPolicy c, final PolicyLayout layout,
                                      final List<PolicyError> errors) {
        for (final ExternalLimit limit : policy.external()) {
            final int d = layout.domainIndex.get(limit.trustDomain().name());
            boolean anyAgent = false;
            for (int a = 0; a < c.agents.count; a++) {
                anyAgent |= c.agents.domain[a] == d;
            }
            if (!anyAgent) {
                errors.add(PolicyError.at(limit.trustDomain().at(), "external." + limit.trustDomain().name(),
                    "never matches: no agent's identity pattern is in trust domain '"
                        + limit.trustDomain().name() + "'"));
            }
        }
    }

    private static void checkReviews(final PolicyDocument policy, final CompiledPolicy c, final List<PolicyError> errors) {
        int deepest = 0;
        for (int a = 0; a < c.agents.count; a++) {
            deepest = Math.max(deepest, c.agents.maxDepth[a]);
        }
        final boolean[][] reach = reachable(c);
        for (int r = 0; r < c.reviews.count; r++) {
            final ReviewRule rule = policy.reviews().get(r);
            final String field = "review." + rule.name().name();
            if (!meetsAnyAgent(c, c.reviews.caps, r * c.words, c.reviews.data[r])) {
                errors.add(PolicyError.at(rule.at(), field,
                    "never matches: no agent's ceiling holds any of its capabilities or data classes"));
            } else if (rule.minDepth() > deepest) {
                errors.add(PolicyError.at(rule.at(), field + ".min_depth", "never matches: min_depth "
                    + rule.minDepth() + " is deeper than any agent's max_depth (" + deepest + ")"));
            } else if (!meetsAgentAtDepth(c, reach, rule.minDepth(), c.reviews.caps, r * c.words, c.reviews.data[r])) {
                errors.add(PolicyError.at(rule.at(), field, "never matches: no agent that can hold a grant at depth "
                    + rule.minDepth() + " or deeper (following delegates_to and max_depth from the purposes'"
                    + " entry agents) has any of its capabilities or data classes in its ceiling"));
            } else if (c.constraints.reviewExemptions.constrained[r] && c.reviews.data[r] == 0
                && !c.constraints.reviewExemptions.reachable(r, c)) {
                errors.add(PolicyError.at(rule.at(), field + ".constraints", "never matches: every agent whose "
                    + "ceiling holds its capabilities constrains their arguments outside the rule's constraints, so no "
                    + "call it is about can be made"));
            }
            if (rule.externalOnly() && policy.external().isEmpty()) {
                errors.add(PolicyError.at(rule.at(), field + ".external_only",
                    "never matches: external_only is true but no external limit lets anything cross a trust domain"));
            }
        }
    }

    private static void checkTiers(final PolicyDocument policy, final CompiledPolicy c, final List<PolicyError> errors) {
        long previousTtl = policy.defaultTtlMillis();
        String previous = "default_ttl";
        for (int t = 0; t < c.tiers.count; t++) {
            final Tier tier = policy.tiers().get(t);
            final String field = "tiers." + tier.name().name();
            if (!meetsAnyAgent(c, c.tiers.caps, t * c.words, c.tiers.data[t])) {
                errors.add(PolicyError.at(tier.at(), field,
                    "never matches: no agent's ceiling holds any of its capabilities or data classes"));
            }
            if (tier.ttlMillis() > previousTtl) {
                errors.add(PolicyError.at(tier.at(), field + ".ttl", tierOrder(tier, t == 0 ? null : previous,
                    previousTtl)));
            }
            previousTtl = tier.ttlMillis();
            previous = "'" + tier.name().name() + "'";
        }
    }

    /** The message for a tier that lives longer than the one before it (or than {@code default_ttl}). */
    private static String tierOrder(final Tier tier, final String previous, final long previousTtl) {
        final String name = tier.name().name();
        final String ttl = Durations.format(tier.ttlMillis());
        if (previous == null) {
            return "out of range: ttl " + ttl + " is longer than default_ttl (" + Durations.format(previousTtl)
                + "); a tier may not outlive a grant that meets no tier";
        }
        return "tier order: '" + name + "' (ttl " + ttl + ") is listed after " + previous + " (ttl "
            + Durations.format(previousTtl) + ") but lives longer; tiers are listed least to most sensitive:"
            + " move '" + name + "' before " + previous + ", or shorten one of the two ttls";
    }

    private static void checkBreakGlass(final PolicyDocument policy, final CompiledPolicy c, final List<PolicyError> errors) {
        for (int b = 0; b < c.breakGlass.count; b++) {
            final BreakGlassRule rule = policy.breakGlass().get(b);
            if (rule.ceiling() != null
                && !meetsAnyAgent(c, c.breakGlass.ceiling, b * c.words, c.breakGlass.ceilingData[b])) {
                errors.add(PolicyError.at(rule.ceiling().at(), "break_glass." + rule.name().name() + ".ceiling",
                    "never matches: no agent's ceiling holds any of its capabilities or data classes"));
            }
        }
    }

    /**
     * reach[a][d]: agent {@code a} can hold a grant of depth {@code d}. Depth 0: the purposes' entry agents,
     * and every agent when a break-glass rule exists (an emergency root may go to any agent); then along
     * delegation edges while the delegating agent's max_depth allows.
     */
    private static boolean[][] reachable(final CompiledPolicy c) {
        final boolean[][] reach = new boolean[c.agents.count][CompiledPolicy.MAX_DEPTH + 1];
        for (int a = 0; a < c.agents.count; a++) {
            boolean entry = c.breakGlass.count > 0;
            for (int p = 0; p < c.purposes.count && !entry; p++) {
                entry = Bits.get(c.purposes.entry, p * c.agents.words, a);
            }
            reach[a][0] = entry;
        }
        for (int d = 0; d < CompiledPolicy.MAX_DEPTH; d++) {
            for (int a = 0; a < c.agents.count; a++) {
                if (reach[a][d] && d + 1 <= c.agents.maxDepth[a]) {
                    for (int b = 0; b < c.agents.count; b++) {
                        reach[b][d + 1] |= Bits.get(c.agents.edges, a * c.agents.words, b);
                    }
                }
            }
        }
        return reach;
    }

    private static boolean meetsAgentAtDepth(final CompiledPolicy c, final boolean[][] reach, final int minDepth,
                                             final long[] caps, final int off, final long data) {
        for (int a = 0; a < c.agents.count; a++) {
            boolean deepEnough = false;
            for (int d = minDepth; d <= CompiledPolicy.MAX_DEPTH; d++) {
                deepEnough |= reach[a][d];
            }
            if (deepEnough && meets(caps, off, data, c.agents.ceiling, a * c.words, c.agents.ceilingData[a], c.words)) {
                return true;
            }
        }
        return false;
    }

    private static boolean meetsAnyAgent(final CompiledPolicy c, final long[] caps, final int off, final long data) {
        for (int a = 0; a < c.agents.count; a++) {
            if (meets(caps, off, data, c.agents.ceiling, a * c.words, c.agents.ceilingData[a], c.words)) {
                return true;
            }
        }
        return false;
    }

    private static boolean meets(final long[] a, final int aOff, final long aData, final long[] b, final int bOff,
                                 final long bData, final int words) {
        return (aData & bData) != 0 || Bits.firstCommon(a, aOff, b, bOff, words) != Bits.NONE;
    }

    private static int indexOf(final List<AgentRule> agents, final String name) {
        for (int i = 0; i < agents.size(); i++) {
            if (agents.get(i).name().name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("parser let through unknown agent " + name);
    }
}
