package dev.baton.analysis;

import dev.baton.core.CompiledPolicy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Breadth-first search, depth by depth, for the shortest chain from a {@link Source} to an agent class
 * holding one capability and one data class: the witness. Uses the same {@link StepRules} as the
 * fixpoint, one bit at a time.
 * <p>
 * <b>Note:</b> stateless; thread-safe. Allocates its visited table (agents x depths).
 */
final class WitnessSearch {
    private static final byte UNKNOWN = 0;
    private static final byte YES = 1;
    private static final byte NO = 2;

    private WitnessSearch() {
    }

    /**
     * @param target     the agent classes that count as reached.
     * @param c          the capability carried, or -1 for none.
     * @param x          the data class carried, or -1 for none.
     * @param reviewFree true to follow only steps that ask for no review.
     * @return the shortest chain, or null when none exists.
     */
    static Witness find(final StepRules rules, final Source s, final IntPredicate target, final int c, final int x,
                        final boolean reviewFree) {
        final PolicyModel m = rules.model();
        final int n = m.agents;
        final int layers = CompiledPolicy.MAX_DEPTH + 1;
        final int[][] parent = new int[layers][n];
        for (final int[] row : parent) {
            java.util.Arrays.fill(row, -2);
        }
        final long[] scratch = new long[m.words];
        List<Integer> frontier = new ArrayList<>();
        for (final int a : rules.roots(s)) {
            rules.fillRootCaps(s, a, reviewFree, scratch);
            final long data = c < 0 ? rules.rootData(s, a, reviewFree) : rules.rootUsableData(s, a, reviewFree);
            if ((x < 0 || (data & (1L << x)) != 0) && (c < 0 || PolicyModel.get(scratch, c))) {
                parent[0][a] = -1;
                frontier.add(a);
            }
        }
        final int[] every = Reachability.everyAgent(n);
        for (int d = 0; d < layers && !frontier.isEmpty(); d++) {
            for (final int a : frontier) {
                if (target.test(a)) {
                    return chain(rules, s, parent, a, d, c, x);
                }
            }
            if (d + 1 == layers) {
                break;
            }
            final byte[] admitted = new byte[n];
            final List<Integer> next = new ArrayList<>();
            for (final int a : frontier) {
                for (final int b : rules.successors(a, every)) {
                    if (parent[d + 1][b] != -2 || !rules.mayDelegate(a, b, d)) {
                        continue;
                    }
                    if (admitted[b] == UNKNOWN) {
                        admitted[b] = stepCarriesData(rules, s, b, d + 1, x, reviewFree)
                            && stepCarriesCapability(rules, s, b, d + 1, c, reviewFree, scratch) ? YES : NO;
                    }
                    if (admitted[b] == YES) {
                        parent[d + 1][b] = a;
                        next.add(b);
                    }
                }
            }
            frontier = next;
        }
        return null;
    }

    /** Whether a step to agent class {@code b} at {@code depth} carries data class {@code x} (true when -1). */
    private static boolean stepCarriesData(final StepRules rules, final Source s, final int b, final int depth,
                                           final int x, final boolean reviewFree) {
        return x < 0 || (rules.stepData(s, b, depth, reviewFree) & (1L << x)) != 0;
    }

    /** Whether a step to agent class {@code b} at {@code depth} carries capability {@code c} (true when -1). */
    private static boolean stepCarriesCapability(final StepRules rules, final Source s, final int b, final int depth,
                                                 final int c, final boolean reviewFree, final long[] scratch) {
        if (c < 0) {
            return true;
        }
        rules.fillStepCaps(s, b, depth, reviewFree, scratch);
        return PolicyModel.get(scratch, c);
    }

    private static Witness chain(final StepRules rules, final Source s, final int[][] parent, final int last,
                                 final int depth, final int c, final int x) {
        final PolicyModel m = rules.model();
        final CompiledPolicy p = m.policy;
        final List<Witness.Hop> hops = new ArrayList<>();
        int a = last;
        for (int d = depth; d >= 0; d--) {
            hops.add(new Witness.Hop(a, p.agentName(a), d, rules.reviewed(s, a, d, c, x),
                d > 0 && m.external(a, s.rootDomain())));
            a = parent[d][a];
        }
        Collections.reverse(hops);
        return new Witness(s, p.purposeName(s.purpose()), s.breakGlass() ? p.breakGlassName(s.glassRule()) : null,
            hops, c < 0 ? null : p.capabilityName(c), x < 0 ? null : p.dataClassName(x));
    }
}
