package dev.baton.analysis;

import dev.baton.Policy;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.PolicyNames;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.IntPredicate;

/**
 * Reachable authority of a compiled policy, computed exactly: which agent classes can ever hold which
 * capabilities with which data classes, from which {@link Source}, through which chain, and what needs a
 * review on the way. See {@code docs/analysis.md}.
 * <pre>{@code
 * PolicyAnalysis analysis = PolicyAnalysis.of(Policy.load(path));
 * Answer a = analysis.query("summariser", "doc.summarize:summarize", "customer_pii");
 * }</pre>
 * <p>
 * <b>Note:</b> immutable and thread-safe. Everything allocates; analysis runs off the decision path.
 */
public final class PolicyAnalysis {
    private final PolicyModel model;
    private final StepRules rules;
    private final List<Source> sources;

    private PolicyAnalysis(final CompiledPolicy policy) {
        this.model = new PolicyModel(policy);
        this.rules = new StepRules(model, Relaxation.NONE);
        this.sources = List.copyOf(sources(model));
    }

    /** @return the analysis of {@code policy}. */
    static PolicyAnalysis of(final CompiledPolicy policy) {
        return new PolicyAnalysis(policy);
    }

    /**
     * @return the analysis of {@code policy}.
     * @throws IllegalArgumentException if the policy is not one Baton compiled.
     */
    public static PolicyAnalysis of(final Policy policy) {
        if (!(policy instanceof PolicyNames names)) {
            throw new IllegalArgumentException("not a Baton policy: " + policy.getClass().getName());
        }
        return new PolicyAnalysis(names.compiled());
    }

    private static List<Source> sources(final PolicyModel m) {
        final List<Source> out = new ArrayList<>();
        for (int p = 0; p < m.purposes; p++) {
            for (final int e : m.entries[p]) {
                out.add(new Source(Source.Kind.OPEN, p, e, -1, m.domain[e]));
            }
        }
        final TreeSet<Integer> domains = new TreeSet<>();
        for (int a = 0; a < m.agents; a++) {
            domains.add(m.domain[a]);
        }
        for (int b = 0; b < m.glassRules; b++) {
            for (int p = 0; p < m.purposes; p++) {
                for (final int d : domains) {
                    out.add(new Source(Source.Kind.BREAK_GLASS, p, -1, b, d));
                }
            }
        }
        return out;
    }

    /** @return the compiled policy analysed. */
    CompiledPolicy policy() {
        return model.policy;
    }

    /** @return every source of authority: each purpose's entry agents, and each break-glass rule. */
    public List<Source> sources() {
        return sources;
    }

    /**
     * @return a stable name of {@code source}, the same in two versions of a policy that name the same
     *     purpose, entry agent or rule and domain: {@code open refund-dispute at planner}, or
     *     {@code break_glass oncall for refund-dispute in acme.example}.
     */
    public String label(final Source source) {
        final CompiledPolicy p = model.policy;
        if (!source.breakGlass()) {
            return "open " + p.purposeName(source.purpose()) + " at " + p.agentName(source.entry());
        }
        return "break_glass " + p.breakGlassName(source.glassRule()) + " for " + p.purposeName(source.purpose())
            + " in " + p.trustDomainName(source.rootDomain());
    }

    /** @return the {@code opened_by} patterns of the source's purpose, or the break-glass rule's {@code who}. */
    public List<String> principals(final Source source) {
        if (!source.breakGlass()) {
            return model.openedBy(source.purpose());
        }
        return model.policy.source().breakGlass().get(source.glassRule()).who().stream()
            .map(dev.baton.policy.PatternRef::pattern).toList();
    }

    /** @return everything reachable from {@code source} (computes the fixpoint; allocates). */
    public SourceReach reach(final Source source) {
        return new SourceReach(model, rules, source);
    }

    /**
     * Can agent class {@code agent} ever hold {@code capability} with {@code dataClass}?
     *
     * @param agent      an agent class name.
     * @param capability {@code tool:action}, or null for "any grant at all".
     * @param dataClass  a data class name, or null for a call that touches no data.
     * @return reachable with the shortest witness, or unreachable with the rule that cuts every chain.
     * @throws dev.baton.UnknownNameException if a name is not declared.
     */
    public Answer query(final String agent, final String capability, final String dataClass) {
        final int a = model.policy.agent(agent);
        return answer(a, b -> b == a, capability(capability), dataClass == null ? -1 : model.policy.dataClass(dataClass),
            sources);
    }

    /**
     * The answer for a set of agent classes, over a subset of the sources.
     *
     * @param targetAgent the one agent class asked about, or -1 when {@code target} is a set.
     * @param c           capability index, or -1 for none.
     * @param x           data-class index, or -1 for none.
     * @param from        the sources to consider.
     * @return the answer.
     */
    Answer answer(final int targetAgent, final IntPredicate target, final int c, final int x, final List<Source> from) {
        final Witness any = shortest(target, c, x, false, from);
        if (any == null) {
            return new Answer(false, null, null, new CutFinder(model, from).find(targetAgent, target, c, x, false));
        }
        return new Answer(true, any, shortest(target, c, x, true, from), null);
    }

    /** The shortest chain over {@code from} (fewest hops; the first source wins a tie), or null. */
    Witness shortest(final IntPredicate target, final int c, final int x, final boolean reviewFree,
                     final List<Source> from) {
        return from.stream().map(s -> WitnessSearch.find(rules, s, target, c, x, reviewFree))
            .filter(w -> w != null).min(Comparator.comparingInt(w -> w.hops().size())).orElse(null);
    }

    /**
     * Proves or refutes an assertion over every chain.
     *
     * @param assertion what to prove.
     * @return proved with the rule that cuts every chain, or refuted with a witness.
     * @throws IllegalArgumentException if a name is not declared, or an {@code ONLY_THROUGH_REVIEW} names no
     *                                  capability.
     */
    public Assertion.Verdict check(final Assertion assertion) {
        final CompiledPolicy p = model.policy;
        final int a = assertion.agent() == null ? -1 : p.agent(assertion.agent());
        final int dom = assertion.domain() == null ? -1 : p.trustDomain(assertion.domain());
        final IntPredicate target = b -> (a < 0 || b == a) && (dom < 0 || model.domain[b] == dom);
        final int c = capability(assertion.capability());
        final int x = assertion.dataClass() == null ? -1 : p.dataClass(assertion.dataClass());
        final int purpose = assertion.purpose() == null ? -1 : p.purpose(assertion.purpose());
        final List<Source> from = sources.stream().filter(s -> purpose < 0 || s.purpose() == purpose)
            .filter(s -> assertion.breakGlass() || !s.breakGlass()).toList();
        if (assertion.kind() == Assertion.Kind.NEVER_HOLDS) {
            final Witness w = shortest(target, c, x, false, from);
            return w != null ? new Assertion.Verdict(false, "reachable: " + w.describe(), w)
                : new Assertion.Verdict(true, "unreachable: " + cut(a, target, c, x, false, from).describe(), null);
        }
        if (c < 0) {
            throw new IllegalArgumentException("only_through_review needs a capability");
        }
        final Witness free = shortest(target, c, x, true, from);
        if (free != null) {
            return new Assertion.Verdict(false, "reachable without review: " + free.describe(), free);
        }
        final Witness any = shortest(target, c, x, false, from);
        return new Assertion.Verdict(true, any == null ? "never reachable at all: "
            + cut(a, target, c, x, false, from).describe()
            : "every chain passes a review: " + cut(a, target, c, x, true, from).describe(), null);
    }

    /** The shortest chain from {@code s} to agent {@code a} holding ({@code c}, {@code x}), or null. */
    public Witness witness(final Source s, final int a, final int c, final int x, final boolean reviewFree) {
        return WitnessSearch.find(rules, s, b -> b == a, c, x, reviewFree);
    }

    /** The cut for a target no source in {@code from} reaches. */
    Cut cut(final int targetAgent, final IntPredicate target, final int c, final int x, final boolean reviewFree,
            final List<Source> from) {
        return new CutFinder(model, from).find(targetAgent, target, c, x, reviewFree);
    }

    PolicyModel model() {
        return model;
    }

    private int capability(final String name) {
        if (name == null) {
            return -1;
        }
        final int colon = name.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("capability '" + name + "': expected tool:action");
        }
        return model.policy.capability(name.substring(0, colon), name.substring(colon + 1));
    }
}
