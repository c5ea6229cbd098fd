package dev.baton.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code baton check} warns about in a valid policy: things the engine decides correctly but that an
 * author rarely means. A delegation edge from an agent to itself, a cycle of delegation edges (authority
 * can go round it until {@code max_depth} stops it), and an external limit that names a {@code never_leave}
 * data class (the engine refuses that class across domains whatever the limit says, so the allowance is
 * dead and misleads a reader); a budget no purpose gives a total, and a purpose total on a tool its
 * ceiling does not grant (both count nothing). Edges, purposes and rules that can never allow anything are reported by
 * the analysis module, not here.
 * <p>
 * <b>Note:</b> stateless and thread-safe; allocates the list (check time only, never on a decision path).
 */
public final class PolicyWarnings {
    private PolicyWarnings() {
    }

    /**
     * @param policy a parsed policy.
     * @return every warning, sorted by line and column; each message starts with {@code warning: }.
     */
    public static List<PolicyError> of(final PolicyDocument policy) {
        final List<PolicyError> out = new ArrayList<>();
        edges(policy, out);
        neverLeaveAllowed(policy, out);
        unusedBudgets(policy, out);
        out.sort(Comparator.comparingInt(PolicyError::line).thenComparingInt(PolicyError::column));
        return out;
    }

    /**
     * A budget no purpose gives a total counts nothing; a purpose total on a tool its ceiling does not
     * grant can never be spent.
     */
    private static void unusedBudgets(final PolicyDocument policy, final List<PolicyError> out) {
        final Set<String> given = new HashSet<>();
        for (final PurposeRule p : policy.purposes()) {
            for (final BudgetLimit l : p.budgets()) {
                given.add(l.budget().name());
                final BudgetDecl d = declared(policy, l.budget().name());
                if (d != null && !grantsTool(p.ceiling(), d.tool().name())) {
                    out.add(PolicyError.at(l.at(), "purposes." + p.name().name() + ".budgets." + l.budget().name(),
                        "warning: the purpose's ceiling grants no action of '" + d.tool().name()
                        + "', so this total is never spent"));
                }
            }
        }
        for (final BudgetDecl d : policy.vocabulary().budgets()) {
            if (!given.contains(d.name().name())) {
                out.add(PolicyError.at(d.at(), "vocabulary.budgets." + d.name().name(), "warning: no purpose gives"
                    + " budget '" + d.name().name() + "' a total (purposes.<purpose>.budgets), so it counts nothing"));
            }
        }
    }

    private static BudgetDecl declared(final PolicyDocument policy, final String name) {
        for (final BudgetDecl d : policy.vocabulary().budgets()) {
            if (d.name().name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    private static boolean grantsTool(final ScopeSpec ceiling, final String tool) {
        for (final CapabilityRef c : ceiling.capabilities()) {
            if (c.covers(tool, true)) {
                return true; // never a false warning: an action the tool lacks would have failed to parse
            }
        }
        return false;
    }

    private static void edges(final PolicyDocument policy, final List<PolicyError> out) {
        final Map<String, AgentRule> byName = new HashMap<>();
        for (final AgentRule a : policy.agents()) {
            byName.put(a.name().name(), a);
        }
        final Set<String> reported = new HashSet<>();
        for (final AgentRule a : policy.agents()) {
            for (final NameRef target : a.delegatesTo()) {
                final String field = "agents." + a.name().name() + ".delegates_to";
                if (target.name().equals(a.name().name())) {
                    out.add(PolicyError.at(target.at(), field, "warning: self delegation edge: '" + a.name().name()
                        + "' may delegate to its own agent class, so a chain can pass the same authority to"
                        + " itself until max_depth stops it"));
                    continue;
                }
                final List<String> path = pathBack(byName, target.name(), a.name().name());
                if (path != null) {
                    final Set<String> members = new HashSet<>(path);
                    if (reported.add(String.join(",", new TreeSet<>(members)))) {
                        out.add(PolicyError.at(target.at(), field, "warning: delegation cycle "
                            + a.name().name() + " -> " + String.join(" -> ", path)
                            + ": authority can go round it until max_depth stops it"));
                    }
                }
            }
        }
    }

    /** A shortest path of delegation edges from {@code from} to {@code to} (both included), or {@code null}. */
    private static List<String> pathBack(final Map<String, AgentRule> agents, final String from, final String to) {
        final Map<String, String> previous = new HashMap<>();
        final List<String> queue = new ArrayList<>();
        queue.add(from);
        previous.put(from, from);
        for (int i = 0; i < queue.size(); i++) {
            final String at = queue.get(i);
            if (at.equals(to)) {
                final List<String> path = new ArrayList<>();
                for (String n = to; ; n = previous.get(n)) {
                    path.add(0, n);
                    if (n.equals(from)) {
                        return path;
                    }
                }
            }
            for (final NameRef next : agents.get(at).delegatesTo()) {
                if (previous.putIfAbsent(next.name(), at) == null) {
                    queue.add(next.name());
                }
            }
        }
        return null;
    }

    private static void neverLeaveAllowed(final PolicyDocument policy, final List<PolicyError> out) {
        final Set<String> neverLeave = new HashSet<>();
        for (final NameRef d : policy.neverLeave()) {
            neverLeave.add(d.name());
        }
        for (final ExternalLimit limit : policy.external()) {
            final String field = "external." + limit.trustDomain().name() + ".data";
            for (final NameRef d : limit.limit().data()) {
                if (neverLeave.contains(d.name())) {
                    out.add(PolicyError.at(d.at(), field, "warning: data class '" + d.name() + "' is in never_leave,"
                        + " so it never crosses to '" + limit.trustDomain().name() + "' whatever this limit says;"
                        + " remove it here, or from never_leave"));
                } else if (CapabilityRef.ANY.equals(d.name()) && !neverLeave.isEmpty()) {
                    out.add(PolicyError.at(d.at(), field, "warning: \"*\" includes the never_leave data classes "
                        + String.join(", ", new TreeSet<>(neverLeave)) + ", which never cross to '"
                        + limit.trustDomain().name() + "' whatever this limit says; list the classes that may"));
                }
            }
        }
    }
}
