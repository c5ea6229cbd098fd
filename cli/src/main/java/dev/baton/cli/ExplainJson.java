package dev.baton.cli;

import dev.baton.audit.AuditId;
import dev.baton.audit.DecisionEntry;
import dev.baton.audit.GrantChain;
import dev.baton.audit.JsonLinesExport;
import dev.baton.audit.ShadowReport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code baton explain --format json} document (schema in docs/cli.md). Every decision in it is the
 * object {@code baton export} writes for it, without the record hash.
 * <p>
 * <b>Note:</b> stateless.
 */
final class ExplainJson {
    /** At most this many later uses of a grant are listed ({@code uses_total} counts them all). */
    static final int MAX_USES = 100;

    private ExplainJson() {
    }

    /**
     * @param chain    the journal's grants.
     * @param target   what was asked about.
     * @param decision the decision asked about, or null.
     * @param created   the creation of the grant asked about, or null.
     * @param damage   what is wrong with the journal, or null.
     * @param shadow   for a decision, what a candidate attached in shadow mode decided instead, or null.
     * @return the document.
     */
    static Map<String, Object> of(final GrantChain chain, final AuditId target, final DecisionEntry decision,
                                  final DecisionEntry created, final String damage,
                                  final ShadowReport.Disagreement shadow) {
        final Map<String, Object> doc = new LinkedHashMap<>();
        final Map<String, Object> t = new LinkedHashMap<>();
        t.put("kind", target.kind() == AuditId.Kind.DECISION ? "decision" : "grant");
        t.put("id", target.value());
        t.put("note", target.note());
        doc.put("target", t);
        final long grant = decision != null
            ? (decision.createsGrant() && decision.grantId() != 0 ? decision.grantId() : decision.usedGrant())
            : target.value();
        doc.put("decision", decision == null ? null : raw(decision));
        doc.put("grant", grant == 0 ? null : grant);
        doc.put("chain", raws(chain.chain(grant)));
        doc.put("reviews", raws(chain.reviews(grant)));
        final DecisionEntry revoked = chain.revocation(grant, decision == null ? Long.MAX_VALUE : decision.seq());
        doc.put("revoked_by", revoked == null ? null : raw(revoked));
        if (decision != null) {
            doc.put("shadow", shadow == null ? null : shadow(shadow));
        }
        if (decision == null) {
            doc.put("created_by", created == null ? null : raw(created));
            final List<DecisionEntry> uses = chain.uses(grant);
            doc.put("uses_total", uses.size());
            doc.put("uses", raws(uses.subList(0, Math.min(uses.size(), MAX_USES))));
        }
        doc.put("damage", damage);
        return doc;
    }

    private static Map<String, Object> shadow(final ShadowReport.Disagreement d) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("candidate", d.candidate() == null ? null : d.candidate().label());
        m.put("candidate_version", d.candidate() == null ? null : DecisionEntry.version(d.candidate().versionId()));
        m.put("outcome", d.outcome());
        m.put("reason", d.reason());
        m.put("rule", d.rule());
        m.put("change", d.change());
        return m;
    }

    private static Json.Raw raw(final DecisionEntry e) {
        return new Json.Raw(JsonLinesExport.decisionJson(e));
    }

    private static List<Object> raws(final List<DecisionEntry> entries) {
        return entries.stream().<Object>map(ExplainJson::raw).toList();
    }
}
