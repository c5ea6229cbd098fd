package dev.baton.cli;

import dev.baton.Decision;
import dev.baton.testkit.Step;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code baton decide} took: one decision per step (the open, each hop, the tool call), and the answer:
 * the first step that was not allowed, else the last (the request itself).
 * <p>
 * <b>Note:</b> not thread-safe; holds copies of the decisions.
 *
 * @param operation the operation asked about.
 * @param taken     the decisions, in step order.
 */
record DecideResult(String operation, List<Taken> taken) {

    /**
     * One step and its decision.
     *
     * @param step     the step.
     * @param decision a copy of its decision.
     */
    record Taken(Step step, Decision decision) {
    }

    /** @return the index of the deciding step. */
    int deciding() {
        for (int i = 0; i < taken.size() - 1; i++) {
            if (!taken.get(i).decision().allowed()) {
                return i;
            }
        }
        return taken.size() - 1;
    }

    /** @return the answer's decision. */
    Decision answer() {
        return taken.get(deciding()).decision();
    }

    /** Prints every step, then the decision, its reason and rule. */
    void print(final PrintWriter out) {
        for (final Taken t : taken) {
            out.printf("%-10s %-60s %s%n", TestReport.operation(t.step()), request(t.step()), t.decision().describe());
        }
        final Decision d = answer();
        out.printf("%ndecision   %s %s%n", d.outcome(), d.reason());
        out.printf("reason     %s%n", d.reason().text());
        out.printf("rule       %s%n", d.rule() == null ? "none (no rule decided it)"
            : d.rule() + (d.ruleSource() == null ? "" : " (" + d.ruleSource() + ")"));
        if (deciding() < taken.size() - 1) {
            out.printf("note       step %d of %d (%s) was not allowed, so the %s was not made%n", deciding() + 1,
                taken.size(), TestReport.operation(taken.get(deciding()).step()), operation);
        }
    }

    /** @return the {@code baton decide --format json} document (schema in docs/cli.md). */
    Map<String, Object> json() {
        final Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("operation", operation);
        doc.put("decision", json(answer()));
        doc.put("deciding_step", deciding() + 1);
        final List<Object> steps = new ArrayList<>();
        for (final Taken t : taken) {
            final Map<String, Object> s = new LinkedHashMap<>();
            s.put("operation", TestReport.operation(t.step()));
            s.put("request", request(t.step()));
            s.put("decision", json(t.decision()));
            steps.add(s);
        }
        doc.put("steps", steps);
        return doc;
    }

    private static Map<String, Object> json(final Decision d) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("outcome", d.outcome().name());
        m.put("allowed", d.allowed());
        m.put("reason", d.reason().name());
        m.put("reason_text", d.reason().text());
        m.put("rule", d.rule());
        m.put("rule_source", d.ruleSource());
        m.put("grant_id", d.grantId() == 0 ? null : d.grantId());
        m.put("policy_version", d.policyVersion());
        m.put("describe", d.describe());
        return m;
    }

    /** @return the step's request in a few words, e.g. {@code planner -> crm-reader}. */
    private static String request(final Step step) {
        if (step instanceof Step.Open o) {
            return o.root().principal() + " -> " + o.root().agent() + " (" + o.root().purpose() + ")";
        }
        if (step instanceof Step.Delegate d) {
            return "-> " + d.to();
        }
        if (step instanceof Step.Authorize a) {
            return a.capability() + (a.data() == null ? "" : " on " + a.data());
        }
        return "";
    }
}
