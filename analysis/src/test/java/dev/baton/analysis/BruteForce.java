package dev.baton.analysis;

import dev.baton.core.CompiledPolicy;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every chain, depth first, through the engine: for each purpose and each agent as root (the engine
 * refuses what is not an entry agent), for each (capability or none, data class or none), every
 * sequence of delegations the engine allows. Records (source, agent, capability, data) reached with the
 * least depth, and which are reached by a chain with no review.
 */
final class BruteForce {
    final Map<String, Integer> reached = new HashMap<>();
    final TreeSet<String> reviewFree = new TreeSet<>();
    private final EngineChains engine;
    private final CompiledPolicy policy;
    private final int[] domain;

    BruteForce(final EngineChains engine, final CompiledPolicy policy, final int[] domain) {
        this.engine = engine;
        this.policy = policy;
        this.domain = domain;
    }

    static String key(final Source s) {
        return s.breakGlass() ? "G:" + s.glassRule() + ":" + s.purpose() + ":" + s.rootDomain()
            : "O:" + s.purpose() + ":" + s.entry();
    }

    void run(final int purposes, final int glassRules) {
        for (int c = -1; c < policy.capabilityCount(); c++) {
            for (int x = -1; x < policy.dataClassCount(); x++) {
                for (int p = 0; p < purposes; p++) {
                    for (int a = 0; a < domain.length; a++) {
                        final EngineChains.Step root = engine.open(p, a, c, x);
                        if (root.allowed()) {
                            explore("O:" + p + ":" + a, root.grant(), a, 0, root.reviewed(), c, x);
                        }
                        for (int b = 0; b < glassRules; b++) {
                            final EngineChains.Step glass = engine.breakGlass(b, p, a, c, x);
                            if (glass.allowed()) {
                                explore("G:" + b + ":" + p + ":" + policy.view().agentDomain(a), glass.grant(), a, 0,
                                    glass.reviewed(), c, x);
                            }
                        }
                    }
                }
            }
        }
    }

    private void explore(final String source, final long grant, final int holder, final int depth,
                         final boolean reviewed, final int c, final int x) {
        if (c < 0 || engine.authorize(grant, holder, c, x)) {
            final String k = source + "|" + holder + "|" + c + "|" + x;
            reached.merge(k, depth, Math::min);
            if (!reviewed && c >= 0) {
                reviewFree.add(k);
            }
        }
        if (depth >= CompiledPolicy.MAX_DEPTH) {
            return;
        }
        for (int b = 0; b < domain.length; b++) {
            final EngineChains.Step child = engine.delegate(grant, holder, b, c, x);
            if (child.allowed()) {
                explore(source, child.grant(), b, depth + 1, reviewed || child.reviewed(), c, x);
            }
        }
    }
}
