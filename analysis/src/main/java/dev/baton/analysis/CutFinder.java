package dev.baton.analysis;

import dev.baton.analysis.Relaxation.Family;
import dev.baton.core.CompiledPolicy;
import dev.baton.policy.SourceRef;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Finds the rule that cuts every chain to something unreachable: it enforces one rule (or one family of
 * rules) alone, everything else switched off, and asks whether any chain is left. Candidates are tried
 * most specific first: the target's own ceiling, the purpose ceilings, never-leave, the target domain's
 * external limit, non-transitive, the delegation edges, max depth, review, then every agent ceiling and
 * every external limit together.
 * <p>
 * <b>Note:</b> stateless; thread-safe. Each candidate costs one witness search per source.
 */
final class CutFinder {
    private final PolicyModel m;
    private final List<Source> sources;

    CutFinder(final PolicyModel model, final List<Source> sources) {
        this.m = model;
        this.sources = sources;
    }

    /**
     * @param targetAgent the one agent class asked about, or -1 when the target is a set (a domain).
     * @return the cut, for a target no source reaches.
     */
    Cut find(final int targetAgent, final IntPredicate target, final int c, final int x, final boolean reviewFree) {
        final CompiledPolicy p = m.policy;
        final List<Candidate> candidates = new ArrayList<>();
        if (targetAgent >= 0) {
            candidates.add(new Candidate(Family.AGENT_CEILING, targetAgent,
                List.of("agents." + p.agentName(targetAgent) + ".ceiling"), "the agent's own ceiling leaves it out"));
        }
        final List<String> purposeRules = new ArrayList<>();
        for (int q = 0; q < m.purposes; q++) {
            purposeRules.add("purposes." + p.purposeName(q) + ".ceiling");
        }
        candidates.add(new Candidate(Family.PURPOSE_CEILING, -1, purposeRules, "no purpose's ceiling includes it"));
        if (x >= 0) {
            candidates.add(new Candidate(Family.NEVER_LEAVE, -1, List.of("never_leave." + p.dataClassName(x)),
                "the data class never leaves its root's trust domain"));
        }
        if (targetAgent >= 0) {
            final int dom = m.domain[targetAgent];
            candidates.add(new Candidate(Family.EXTERNAL, dom, List.of("external." + m.domainName(targetAgent)),
                "the external limit of the agent's trust domain leaves it out (a domain without a limit gets nothing)"));
        }
        candidates.add(new Candidate(Family.NON_TRANSITIVE, -1, List.of("non_transitive"),
            "it may be used by the first delegatee but never passed on, and no chain gets it there in one step"));
        candidates.add(new Candidate(Family.EDGES, -1, reachedRuleNames(".delegates_to"),
            "no chain of delegation edges leads there from an entry agent"));
        candidates.add(new Candidate(Family.MAX_DEPTH, -1, reachedRuleNames(".max_depth"),
            "every chain that leads there is longer than the holders' max_depth allows"));
        if (reviewFree) {
            candidates.add(new Candidate(Family.REVIEW, -1, reviewNames(c, x), "every chain passes a review"));
        }
        candidates.add(new Candidate(Family.AGENT_CEILING, -1, ruleNames(".ceiling"),
            "each chain passes an agent whose ceiling leaves it out"));
        candidates.add(new Candidate(Family.EXTERNAL, -1, externalNames(),
            "each chain crosses into a trust domain whose external limit leaves it out"));
        for (final Candidate cand : candidates) {
            final Relaxation only = Relaxation.onlyEnforce(cand.family(), cand.index());
            if (!reachable(new StepRules(m, only), target, c, x, reviewFree)) {
                return new Cut(cand.rules(), cand.rules().stream().map(this::source).toList(), cand.summary());
            }
        }
        return new Cut(List.of(), List.of(),
            "no single rule cuts every chain: each chain is cut by a different rule (ask for each agent on it)");
    }

    /** One rule, or one family of rules, to enforce alone. */
    private record Candidate(Family family, int index, List<String> rules, String summary) {
    }

    private boolean reachable(final StepRules rules, final IntPredicate target, final int c, final int x,
                              final boolean reviewFree) {
        for (final Source s : sources) {
            if (WitnessSearch.find(rules, s, target, c, x, reviewFree) != null) {
                return true;
            }
        }
        return false;
    }

    private SourceRef source(final String rule) {
        final CompiledPolicy p = m.policy;
        try {
            return p.ruleSource(p.rule(rule));
        } catch (final RuntimeException unknown) {
            return SourceRef.NONE;
        }
    }

    private List<String> ruleNames(final String suffix) {
        final List<String> out = new ArrayList<>();
        for (int a = 0; a < m.agents; a++) {
            out.add("agents." + m.policy.agentName(a) + suffix);
        }
        return out;
    }

    /** The review rules whose triggers hold {@code c} or {@code x}: the ones a chain carrying them meets. */
    private List<String> reviewNames(final int c, final int x) {
        final List<String> out = new ArrayList<>();
        final dev.baton.core.PolicyView v = m.policy.view();
        for (int r = 0; r < m.policy.reviewRuleCount(); r++) {
            if ((c >= 0 && PolicyModel.get(v.reviewCapabilities(r), c)) || (x >= 0 && (v.reviewData(r) & (1L << x)) != 0)) {
                out.add("review." + m.policy.reviewRuleName(r));
            }
        }
        return out;
    }

    /** The rules of the agents some source reaches: the ones whose edges and depths bound every chain. */
    private List<String> reachedRuleNames(final String suffix) {
        final boolean[] reached = new boolean[m.agents];
        final StepRules all = new StepRules(m, Relaxation.NONE);
        for (final Source s : sources) {
            final AgentReach r = Reachability.run(all, s, -1, false);
            for (int a = 0; a < m.agents; a++) {
                reached[a] |= r.reached(a);
            }
        }
        final List<String> out = new ArrayList<>();
        for (int a = 0; a < m.agents; a++) {
            if (reached[a]) {
                out.add("agents." + m.policy.agentName(a) + suffix);
            }
        }
        return out;
    }

    private List<String> externalNames() {
        final List<String> out = new ArrayList<>();
        for (int d = 0; d < m.policy.trustDomainCount(); d++) {
            out.add("external." + m.policy.trustDomainName(d));
        }
        return out;
    }
}
