package dev.baton.analysis;

import dev.baton.core.CompiledPolicy;
import dev.baton.policy.SourceRef;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What in a valid policy can never allow anything, found by the analysis over every chain (the compiler
 * already refuses what a look at one rule shows): delegation edges no chain carries anything across,
 * agent classes no opened task reaches, purposes under which no agent can hold a capability, external
 * limits nothing crosses, and review rules no chain ever triggers. {@code baton check} prints these as
 * warnings, in the form of the policy language's own ({@code dev.baton.policy.PolicyWarnings}):
 * {@code file:line:col: field: warning: message}.
 * <p>
 * <b>Note:</b> stateless; thread-safe. Runs every source's fixpoints once.
 */
public final class PolicyWarnings {
    /**
     * One warning.
     *
     * @param at      where the rule stands.
     * @param field   the rule's dotted name.
     * @param message what can never happen, and why.
     */
    public record Warning(SourceRef at, String field, String message) {
        @Override
        public String toString() {
            return at + ": " + field + ": warning: " + message;
        }
    }

    private PolicyWarnings() {
    }

    /** @return the warnings for the analysed policy, in file order. */
    public static List<Warning> of(final PolicyAnalysis analysis) {
        final PolicyModel m = analysis.model();
        final Usage use = new Usage(m);
        for (final Source s : analysis.sources()) {
            use.run(analysis.reach(s), s);
        }
        final CompiledPolicy p = m.policy;
        final List<Warning> out = new ArrayList<>();
        for (int a = 0; a < m.agents; a++) {
            if (!use.openedReach[a]) {
                out.add(warn(p, "agents." + p.agentName(a) + ".ceiling", "agents." + p.agentName(a),
                    "no task opened for a purpose ever reaches this agent (following entry_agents, delegates_to "
                        + "and max_depth)" + (m.glassRules > 0 ? "; only break-glass can give it a grant" : "")));
            }
            for (final int b : m.successors[a]) {
                if (!use.edge[a][b]) {
                    out.add(warn(p, "agents." + p.agentName(a) + ".delegates_to",
                        "agents." + p.agentName(a) + ".delegates_to." + p.agentName(b),
                        "can never allow anything: no chain carries a capability or data class from '"
                            + p.agentName(a) + "' to '" + p.agentName(b) + "' (ceilings, purposes, depth, "
                            + "trust-domain limits and non_transitive leave nothing)"));
                }
            }
        }
        for (int q = 0; q < m.purposes; q++) {
            if (!use.purposeUsed[q]) {
                out.add(warn(p, "purposes." + p.purposeName(q) + ".ceiling", "purposes." + p.purposeName(q),
                    "can never allow anything: no agent a task of this purpose reaches can hold any capability"));
            }
        }
        for (int d = 0; d < m.hasExternal.length; d++) {
            if (m.hasExternal[d] && !use.crossed[d]) {
                final String rule = "external." + p.trustDomainName(d);
                out.add(warn(p, rule, rule, "can never allow anything: no chain brings a capability or data "
                    + "class to an agent of '" + p.trustDomainName(d) + "' from another trust domain"));
            }
        }
        for (int r = 0; r < p.reviewRuleCount(); r++) {
            if (!use.review[r]) {
                final String rule = "review." + p.reviewRuleName(r);
                out.add(warn(p, rule, rule, "never applies: no chain asks for any of its capabilities or data "
                    + "classes where it applies (its min_depth, external_only)"));
            }
        }
        out.sort(Comparator.comparingInt((Warning w) -> w.at().line()).thenComparingInt(w -> w.at().column()));
        return out;
    }

    private static Warning warn(final CompiledPolicy p, final String rule, final String field, final String message) {
        SourceRef at;
        try {
            at = p.ruleSource(p.rule(rule));
        } catch (final RuntimeException unknown) {
            at = new SourceRef(p.file(), 0, 0);
        }
        return new Warning(at, field, message);
    }
}
