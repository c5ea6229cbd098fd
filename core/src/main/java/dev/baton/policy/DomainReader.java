package dev.baton.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code domains}: per declared trust domain, the trust zone it belongs to, a cap on its agents'
 * {@code max_depth}, and whether its identities must prove possession of the portable warrants they present.
 * <p>
 * <b>Note:</b> stateless; allocates (parse time only).
 */
final class DomainReader {
    private DomainReader() {
    }

    /** @return the rules in file order, or {@code null} if the section could not be read (errors recorded). */
    static List<DomainRule> read(final NodeReader r, final VocabularyReader vocabulary, final Node node) {
        if (node == null) {
            return List.of();
        }
        final List<NodeReader.Entry> entries = r.entries(node, "domains", "trust domain",
            NodeReader.NameKind.TRUST_DOMAIN);
        if (entries == null) {
            return null;
        }
        final List<DomainRule> out = new ArrayList<>(entries.size());
        for (final NodeReader.Entry e : entries) {
            final boolean declared = vocabulary.checkTrustDomain(e.name().name(), e.name().at(), e.path());
            final Map<String, Node> f = r.fields(e.value(), e.path(), PolicySchema.DOMAIN);
            if (f == null) {
                continue;
            }
            final NameRef zone = f.containsKey("zone")
                ? r.name(f.get("zone"), NodeReader.child(e.path(), "zone"), "zone", NodeReader.NameKind.NAME) : null;
            final Integer depth = f.containsKey("max_depth") ? r.integer(f.get("max_depth"),
                NodeReader.child(e.path(), "max_depth"), 0, RuleReader.MAX_DEPTH) : Integer.valueOf(DomainRule.NO_CAP);
            final Boolean proof = proof(r, f.get("proof_of_possession"), e.path());
            if (declared && depth != null && proof != null && (zone != null || !f.containsKey("zone"))) {
                out.add(new DomainRule(e.name(), zone, depth,
                    f.containsKey("max_depth") ? r.at(f.get("max_depth")) : SourceRef.NONE, proof,
                    f.containsKey("proof_of_possession") ? r.at(f.get("proof_of_possession")) : SourceRef.NONE));
            }
        }
        return out;
    }

    /** {@code proof_of_possession}: {@code required} or {@code optional} (the default); null with an error. */
    private static Boolean proof(final NodeReader r, final Node node, final String path) {
        if (node == null) {
            return Boolean.FALSE;
        }
        final String field = NodeReader.child(path, "proof_of_possession");
        final String value = r.string(node, field);
        if (value == null) {
            return null;
        }
        switch (value) {
            case "required":
                return Boolean.TRUE;
            case "optional":
                return Boolean.FALSE;
            default:
                r.error(node, field, "proof_of_possession must be 'required' or 'optional', found '" + value + "'");
                return null;
        }
    }
}
