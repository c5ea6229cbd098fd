package dev.baton.analysis;

import dev.baton.Policy;
import dev.baton.core.CompiledPolicy;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The acceptance property of issue 15: for random small policies the analysis agrees exactly with brute
 * force (every chain up to max depth, each step asking for one capability and one data class, enumerated
 * through the real decision core), and every witness, replayed through the engine, is allowed and as
 * short as the shortest chain brute force found.
 */
class BruteForceAgreementTest {

    @Property(tries = 100, shrinking = ShrinkingMode.OFF)
    void shouldAgreeWithBruteForceEnumerationThroughTheEngine(@ForAll final long seed) {
        final RandomPolicy gen = RandomPolicy.valid(seed);
        final CompiledPolicy compiled = gen.compiled;
        final Policy policy = compiled.api();
        final PolicyAnalysis analysis = PolicyAnalysis.of(policy);
        try (EngineChains engine = new EngineChains(policy, gen::identity, RandomPolicy.PRINCIPAL,
            gen.glassRules > 0 ? RandomPolicy.ONCALL : null, RandomPolicy.REVIEWER)) {
            final BruteForce brute = new BruteForce(engine, compiled, gen.domain);
            brute.run(gen.purposes, gen.glassRules);
            final Map<String, Integer> analysed = new HashMap<>();
            final TreeSet<String> analysedFree = new TreeSet<>();
            for (final Source s : analysis.sources()) {
                collect(analysis, engine, s, analysed, analysedFree, brute);
            }
            assertEquals(new TreeSet<>(brute.reached.keySet()), new TreeSet<>(analysed.keySet()),
                () -> "reachable sets differ for\n" + gen.yaml);
            assertEquals(brute.reviewFree, analysedFree, () -> "review-free sets differ for\n" + gen.yaml);
            final int deepest = brute.reached.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
            Statistics.label("chain of depth 2 or more").collect(deepest >= 2);
            Statistics.label("some pair only through review").collect(brute.reached.keySet().stream()
                .anyMatch(k -> !k.contains("|-1|") && !brute.reviewFree.contains(k)));
            Statistics.label("break-glass").collect(gen.glassRules > 0);
            Statistics.label("trust zone joining two domains").collect(gen.yaml.contains("zone: home"));
            Statistics.label("chain of depth 2 or more").coverage(c -> c.check(true).percentage(p -> p >= 15));
            Statistics.label("some pair only through review").coverage(c -> c.check(true).percentage(p -> p >= 10));
        }
    }

    private static void collect(final PolicyAnalysis analysis, final EngineChains engine, final Source s,
                                final Map<String, Integer> reached, final TreeSet<String> free, final BruteForce brute) {
        final CompiledPolicy p = analysis.policy();
        final SourceReach r = analysis.reach(s);
        final String key = BruteForce.key(s);
        for (int a = 0; a < p.agentCount(); a++) {
            for (int x = -1; x < p.dataClassCount(); x++) {
                final boolean present = x < 0 ? r.reached(a) : r.holdsData(a, x);
                if (present) {
                    reached.put(key + "|" + a + "|-1|" + x, 0);
                }
                for (int c = 0; c < p.capabilityCount(); c++) {
                    if (!r.holds(a, c, x)) {
                        assertFalse(r.holdsWithoutReview(a, c, x), "review-free implies reachable");
                        continue;
                    }
                    final String k = key + "|" + a + "|" + c + "|" + x;
                    reached.put(k, 0);
                    final EngineChains.Step last = checkWitness(analysis, engine, s, a, c, x, false, brute.reached.get(k));
                    assertEquals(r.ttlCapMillis(a, c, x), last.expiry() - EngineChains.NOW.toEpochMilli(),
                        "the shortest witness's grant lives as long as the TTL cap says");
                    if (r.holdsWithoutReview(a, c, x)) {
                        free.add(k);
                        checkWitness(analysis, engine, s, a, c, x, true, null);
                    } else {
                        assertEquals(null, analysis.witness(s, a, c, x, true), "no review-free witness when none");
                    }
                }
            }
        }
    }

    private static EngineChains.Step checkWitness(final PolicyAnalysis analysis, final EngineChains engine, final Source s,
                                     final int a, final int c, final int x, final boolean reviewFree,
                                     final Integer bruteMinDepth) {
        final Witness w = analysis.witness(s, a, c, x, reviewFree);
        assertNotNull(w, "a reachable pair has a witness");
        final EngineChains.Step replayed = engine.replay(w);
        assertTrue(replayed.allowed(), () -> "witness refused by the engine: " + w.describe());
        if (reviewFree) {
            assertFalse(replayed.reviewed(), () -> "review-free witness met a review: " + w.describe());
        }
        if (bruteMinDepth != null) {
            assertEquals(bruteMinDepth.intValue(), w.hops().size() - 1, () -> "witness not shortest: " + w.describe());
        }
        return replayed;
    }
}
