package dev.baton.core;

import dev.baton.policy.AgentRule;
import dev.baton.policy.BreakGlassRule;
import dev.baton.policy.CapabilityRef;
import dev.baton.policy.ExternalLimit;
import dev.baton.policy.NameRef;
import dev.baton.policy.PatternRef;
import dev.baton.policy.PolicyDocument;
import dev.baton.policy.PolicyException;
import dev.baton.policy.PurposeRule;
import dev.baton.policy.ReviewRule;
import dev.baton.policy.ScopeSpec;
import dev.baton.policy.SourceRef;
import dev.baton.policy.Tier;
import dev.baton.policy.ToolDecl;
import dev.baton.policy.Vocabulary;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random but valid policies for property tests, built as syntax trees (no YAML). Every scope holds
 * capability 0 and data class 0 so that no rule is rejected as never matching.
 */
final class RandomPolicies {
    static final String[] DOMAINS = {"home.example", "away.example"};
    private static final SourceRef AT = new SourceRef("random.yaml", 1, 1);

    private RandomPolicies() {
    }

    static CompiledPolicy compile(final Random rnd) {
        final PolicyDocument p = generate(rnd);
        try {
            return PolicyCompiler.compile(p);
        } catch (final PolicyException unreachable) {
            // A random min_depth may name a depth no agent holding the trigger can reach: use depth 0.
            final List<ReviewRule> shallow = new ArrayList<>();
            for (final ReviewRule r : p.reviews()) {
                shallow.add(new ReviewRule(r.name(), r.trigger(), 0, r.externalOnly(), r.timeoutMillis(), r.reviewers(),
                    r.at()));
            }
            try {
                return PolicyCompiler.compile(new PolicyDocument(p.file(), p.text(), p.version(), p.vocabulary(),
                    p.delegation(), p.boundaries(), new PolicyDocument.Controls(shallow, p.defaultTtlMillis(),
                    p.tiers(), p.breakGlass())));
            } catch (final PolicyException e) {
                throw new IllegalStateException("generator made an invalid policy: " + e.getMessage(), e);
            }
        }
    }

    static String agentIdentity(final int agent, final int domain) {
        return "spiffe://" + DOMAINS[domain] + "/agent/a" + agent;
    }

    static PolicyDocument generate(final Random rnd) {
        final int tools = 1 + rnd.nextInt(40);
        final int actionsPerTool = 1 + rnd.nextInt(4); // up to 160 capabilities: crosses word boundaries
        final int dataCount = 1 + rnd.nextInt(64);
        final List<NameRef> actions = new ArrayList<>();
        for (int a = 0; a < actionsPerTool; a++) {
            actions.add(name("act" + a));
        }
        final List<ToolDecl> toolDecls = new ArrayList<>();
        final List<String[]> caps = new ArrayList<>();
        for (int t = 0; t < tools; t++) {
            toolDecls.add(new ToolDecl(name("tool" + t), actions));
            for (int a = 0; a < actionsPerTool; a++) {
                caps.add(new String[] {"tool" + t, "act" + a});
            }
        }
        final List<NameRef> data = new ArrayList<>();
        for (int d = 0; d < dataCount; d++) {
            data.add(name("d" + d));
        }
        final Vocabulary vocabulary = new Vocabulary(actions, toolDecls, data,
            List.of(name(DOMAINS[0]), name(DOMAINS[1])));

        final int agentCount = 2 + rnd.nextInt(5);
        final List<AgentRule> agents = new ArrayList<>();
        int deepest = 0;
        for (int a = 0; a < agentCount; a++) {
            final int domain = a == 0 ? 0 : (a == 1 ? 1 : rnd.nextInt(2));
            final int maxDepth = rnd.nextInt(5);
            final List<NameRef> edges = new ArrayList<>();
            if (maxDepth > 0) {
                for (int b = 0; b < agentCount; b++) {
                    if (rnd.nextInt(3) > 0) {
                        edges.add(name("agent" + b));
                    }
                }
            }
            deepest = Math.max(deepest, maxDepth);
            agents.add(new AgentRule(name("agent" + a), new PatternRef(agentIdentity(a, domain), AT),
                scope(rnd, caps, dataCount, 0.7), edges, maxDepth, AT));
        }
        final List<NameRef> allAgents = new ArrayList<>();
        for (int a = 0; a < agentCount; a++) {
            allAgents.add(name("agent" + a));
        }
        final int purposeCount = 1 + rnd.nextInt(3);
        final List<PurposeRule> purposes = new ArrayList<>();
        for (int p = 0; p < purposeCount; p++) {
            purposes.add(new PurposeRule(name("purpose" + p), List.of(new PatternRef("user:*", AT)), allAgents,
                scope(rnd, caps, dataCount, 0.8), AT));
        }
        final List<NameRef> neverLeave = new ArrayList<>();
        for (int d = 1; d < dataCount; d++) {
            if (rnd.nextInt(4) == 0) {
                neverLeave.add(name("d" + d));
            }
        }
        final List<ExternalLimit> external = rnd.nextBoolean()
            ? List.of(new ExternalLimit(name(DOMAINS[1]), scope(rnd, caps, dataCount, 0.5))) : List.of();
        final List<ReviewRule> reviews = new ArrayList<>();
        for (int r = 0, n = rnd.nextInt(3); r < n; r++) {
            reviews.add(new ReviewRule(name("review" + r), scope(rnd, caps, dataCount, 0.05), rnd.nextInt(deepest + 1),
                !external.isEmpty() && rnd.nextBoolean(), 60_000L * (1 + rnd.nextInt(10)),
                List.of(new PatternRef("user:reviewer*", AT)), AT));
        }
        final long defaultTtl = 60_000L * (1 + rnd.nextInt(120));
        final List<Tier> tiers = new ArrayList<>();
        long ttl = defaultTtl;
        for (int t = 0, n = rnd.nextInt(3); t < n; t++) {
            ttl = Math.max(1000, ttl / (1 + rnd.nextInt(3)));
            tiers.add(new Tier(name("tier" + t), ttl, scope(rnd, caps, dataCount, 0.05), rnd.nextBoolean(), AT));
        }
        final List<BreakGlassRule> glass = List.of(new BreakGlassRule(name("glass"),
            List.of(new PatternRef("user:oncall*", AT)), 600_000L, true, null, AT));
        return new PolicyDocument("random.yaml", "random policy " + rnd.nextLong(), name("random"), vocabulary,
            new PolicyDocument.Delegation(agents, purposes, List.of()),
            new PolicyDocument.Boundaries(neverLeave, external, scope(rnd, caps, dataCount, 0.1)),
            new PolicyDocument.Controls(reviews, defaultTtl, tiers, glass));
    }

    private static ScopeSpec scope(final Random rnd, final List<String[]> caps, final int dataCount,
                                   final double density) {
        final List<CapabilityRef> c = new ArrayList<>();
        c.add(new CapabilityRef(caps.get(0)[0], caps.get(0)[1], AT));
        for (int i = 1; i < caps.size(); i++) {
            if (rnd.nextDouble() < density) {
                c.add(new CapabilityRef(caps.get(i)[0], caps.get(i)[1], AT));
            }
        }
        final List<NameRef> d = new ArrayList<>();
        d.add(name("d0"));
        for (int i = 1; i < dataCount; i++) {
            if (rnd.nextDouble() < density) {
                d.add(name("d" + i));
            }
        }
        return new ScopeSpec(c, d, AT);
    }

    private static NameRef name(final String n) {
        return new NameRef(n, AT);
    }
}
