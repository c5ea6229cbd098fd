package dev.baton.cli;

import dev.baton.audit.DecisionEntry;
import dev.baton.audit.WhatIf;
import dev.baton.audit.WhatIfBudgets;
import dev.baton.core.CompiledPolicy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code baton what-if --policy NEW --format json} document (schema in docs/cli.md): the same counts,
 * budgets and examples as the text report, as fields.
 * <p>
 * <b>Note:</b> stateless.
 */
final class WhatIfJson {
    private WhatIfJson() {
    }

    /**
     * @param w       the what-if, run.
     * @param journal the journal directory as given.
     * @param policy  the new policy's file as given.
     * @return the document.
     */
    static Map<String, Object> of(final WhatIf w, final String journal, final String policy) {
        final Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("journal", journal);
        doc.put("decisions", w.decisions());
        final CompiledPolicy recorded = w.recordedPolicy();
        final Map<String, Object> was = new LinkedHashMap<>();
        was.put("versions", w.recordedVersions());
        was.put("label", recorded == null ? null : recorded.label());
        was.put("version", recorded == null ? null : JournalArgument.version(recorded.versionId()));
        doc.put("recorded", was);
        final Map<String, Object> next = new LinkedHashMap<>();
        next.put("file", policy);
        next.put("label", w.next().label());
        next.put("version", JournalArgument.version(w.next().versionId()));
        doc.put("policy", next);
        doc.put("changes", w.changes());
        doc.put("follow_ons", w.followOns());
        doc.put("reason_only", w.reasonOnlyChanges());
        final List<Object> kinds = new ArrayList<>();
        w.changesByKind().forEach((k, v) -> kinds.add(row("change", k, "count", v)));
        doc.put("by_change", kinds);
        doc.put("budget_changes", w.budgetChanges());
        final List<Object> budgets = new ArrayList<>();
        for (final WhatIfBudgets.Budget b : w.budgets()) {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("budget", b.name());
            m.put("recorded", side(b, b.recorded()));
            m.put("now", side(b, b.now()));
            budgets.add(m);
        }
        doc.put("budgets", budgets);
        final List<Object> examples = new ArrayList<>();
        for (final WhatIf.Change c : w.examples()) {
            final DecisionEntry e = c.recorded();
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("decision_id", e.decisionId());
            m.put("request_id", e.requestId());
            m.put("at", DecisionEntry.instant(e.timestamp()));
            m.put("request", WhatIf.request(c));
            m.put("was", e.outcome() + ' ' + e.reason() + (e.rule() == null ? "" : ", rule " + e.ruleWithLine()));
            m.put("now", c.now());
            m.put("follow_on", c.followOn());
            examples.add(m);
        }
        doc.put("examples", examples);
        doc.put("damage", w.damage());
        return doc;
    }

    private static Map<String, Object> side(final WhatIfBudgets.Budget b, final WhatIfBudgets.Side s) {
        if (s == null) {
            return null;
        }
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("tasks", s.tasks());
        m.put("limit", b.type().formatNumber(s.limit()));
        m.put("spent", b.type().formatNumber(s.spent()));
        m.put("left", b.type().formatNumber(s.left()));
        return m;
    }

    private static Map<String, Object> row(final String k1, final Object v1, final String k2, final Object v2) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }
}
