package dev.baton.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads scopes ({@code {capabilities: [...], data: [...]}}) and checks every capability reference and
 * data-class name against the vocabulary. Wildcards are kept as written; the compiler expands them.
 * <p>
 * <b>Note:</b> not thread-safe; one instance per parse.
 */
final class ScopeReader {
    static final String CAPABILITY_FORM =
        "tool:action, tool:*, family.*:action, family.*:*, *:action or \"*\" (quoted)";

    private final NodeReader r;
    private final VocabularyReader vocabulary;

    ScopeReader(final NodeReader r, final VocabularyReader vocabulary) {
        this.r = r;
        this.vocabulary = vocabulary;
    }

    /** Reads a scope mapping; {@code null} (error recorded) if it is not one. */
    ScopeSpec scope(final Node node, final String path, final PolicySchema.Section section) {
        final Map<String, Node> f = r.fields(node, path, section);
        return f == null ? null : constrained(inline(f, path, r.at(node)), f, path);
    }

    /**
     * Reads the {@code constraints} field of an already-read mapping into {@code scope} (a review rule's
     * trigger); {@code scope} itself when there is none, {@code null} (error recorded) when it is invalid.
     */
    ScopeSpec constrained(final ScopeSpec scope, final Map<String, Node> fields, final String path) {
        if (scope == null || !fields.containsKey("constraints")) {
            return scope;
        }
        final List<ConstraintSpec> constraints = new ConstraintReader(r, vocabulary)
            .read(fields.get("constraints"), NodeReader.child(path, "constraints"), scope.capabilities());
        return constraints == null ? null
            : new ScopeSpec(scope.capabilities(), scope.data(), scope.at(), List.copyOf(constraints));
    }

    /** Builds a scope from the {@code capabilities} and {@code data} fields of an already-read mapping. */
    ScopeSpec inline(final Map<String, Node> fields, final String path, final SourceRef at) {
        final Node caps = fields.get("capabilities");
        final Node data = fields.get("data");
        final List<CapabilityRef> capabilities = caps == null ? List.of()
            : capabilities(caps, NodeReader.child(path, "capabilities"));
        final List<NameRef> dataClasses = data == null ? List.of() : data(data, NodeReader.child(path, "data"));
        if (capabilities == null || dataClasses == null) {
            return null;
        }
        return new ScopeSpec(capabilities, dataClasses, at);
    }

    /** Reads a list of declared data-class names (no wildcard), as for {@code never_leave}. */
    List<NameRef> dataClassNames(final Node node, final String path) {
        final List<NameRef> names = r.names(node, path, "data class", NodeReader.NameKind.NAME);
        if (names == null) {
            return null;
        }
        final List<NameRef> out = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            final NameRef n = names.get(i);
            if (vocabulary.checkDataClass(n.name(), n.at(), NodeReader.index(path, i))) {
                out.add(n);
            }
        }
        return out;
    }

    private List<CapabilityRef> capabilities(final Node node, final String path) {
        final List<Node> items = r.list(node, path);
        if (items == null) {
            return null;
        }
        final List<CapabilityRef> out = new ArrayList<>(items.size());
        final Map<String, SourceRef> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            final String itemPath = NodeReader.index(path, i);
            final String text = r.string(items.get(i), itemPath);
            if (text == null) {
                continue;
            }
            final SourceRef at = r.at(items.get(i));
            final CapabilityRef ref = capability(text, at, itemPath);
            if (ref != null && r.unique(text, at, seen, itemPath, "capability")) {
                out.add(ref);
            }
        }
        return out;
    }

    private CapabilityRef capability(final String text, final SourceRef at, final String path) {
        if (CapabilityRef.ANY.equals(text)) {
            return new CapabilityRef(CapabilityRef.ANY, CapabilityRef.ANY, at);
        }
        final int colon = text.indexOf(':');
        if (colon < 0 || text.indexOf(':', colon + 1) >= 0) {
            r.error(at, path, "expected a capability: " + CAPABILITY_FORM + ", found '" + text + "'");
            return null;
        }
        final String tool = text.substring(0, colon);
        final String action = text.substring(colon + 1);
        final boolean anyAction = CapabilityRef.ANY.equals(action);
        final String family = CapabilityRef.family(tool);
        final boolean toolOk = CapabilityRef.ANY.equals(tool) ? !anyAction
            : NodeReader.isName(family != null ? family : tool);
        if (!toolOk || !anyAction && !NodeReader.isName(action)) {
            r.error(at, path, "expected a capability: " + CAPABILITY_FORM + ", found '" + text + "'");
            return null;
        }
        if (CapabilityRef.ANY.equals(tool)) {
            return vocabulary.checkAnyToolAction(action, at, path) ? new CapabilityRef(tool, action, at) : null;
        }
        if (family != null) {
            return vocabulary.checkFamily(family, action, at, path) ? new CapabilityRef(tool, action, at) : null;
        }
        if (!vocabulary.checkTool(tool, at, path)) {
            return null;
        }
        if (!CapabilityRef.ANY.equals(action) && !vocabulary.checkAction(tool, action, at, path)) {
            return null;
        }
        return new CapabilityRef(tool, action, at);
    }

    private List<NameRef> data(final Node node, final String path) {
        final List<Node> items = r.list(node, path);
        if (items == null) {
            return null;
        }
        final List<NameRef> out = new ArrayList<>(items.size());
        final Map<String, SourceRef> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            final String itemPath = NodeReader.index(path, i);
            final Node item = items.get(i);
            final String text = r.string(item, itemPath);
            if (text == null) {
                continue;
            }
            final SourceRef at = r.at(item);
            if (!CapabilityRef.ANY.equals(text)) {
                final NameRef n = r.name(item, itemPath, "data class", NodeReader.NameKind.NAME);
                if (n == null || !vocabulary.checkDataClass(text, at, itemPath)) {
                    continue;
                }
            }
            if (r.unique(text, at, seen, itemPath, "data class")) {
                out.add(new NameRef(text, at));
            }
        }
        return out;
    }
}
