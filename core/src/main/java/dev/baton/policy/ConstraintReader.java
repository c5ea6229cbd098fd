package dev.baton.policy;

import dev.baton.constraint.ArgumentType;
import dev.baton.constraint.Constraint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a scope's {@code constraints}: per tool the scope grants, per declared argument, one constraint
 * ({@code exact}, {@code one_of}, {@code range}, {@code prefix}, {@code glob} or {@code regex}) typed by
 * the argument's declaration.
 * <p>
 * <b>Note:</b> not thread-safe; one instance per parse.
 */
final class ConstraintReader {
    private final NodeReader r;
    private final VocabularyReader vocabulary;

    ConstraintReader(final NodeReader r, final VocabularyReader vocabulary) {
        this.r = r;
        this.vocabulary = vocabulary;
    }

    /**
     * @param node         the {@code constraints} mapping.
     * @param path         its dotted path.
     * @param capabilities the scope's capability references (a constrained tool must be among them).
     * @return the constraints, or {@code null} (errors recorded) when the node is not a mapping.
     */
    List<ConstraintSpec> read(final Node node, final String path, final List<CapabilityRef> capabilities) {
        final List<NodeReader.Entry> tools = r.entries(node, path, "tool", NodeReader.NameKind.NAME);
        if (tools == null) {
            return null;
        }
        final List<ConstraintSpec> out = new ArrayList<>();
        for (final NodeReader.Entry tool : tools) {
            final String name = tool.name().name();
            if (!vocabulary.checkTool(name, tool.name().at(), tool.path())) {
                continue;
            }
            if (!granted(name, capabilities)) {
                r.error(tool.name().at(), tool.path(), "constraint on tool '" + name
                    + "', of which this scope grants no capability");
                continue;
            }
            final List<NodeReader.Entry> args = r.entries(tool.value(), tool.path(), "argument", NodeReader.NameKind.NAME);
            if (args == null) {
                continue;
            }
            final Map<String, ArgumentDecl> declared = vocabulary.arguments().of(name);
            for (final NodeReader.Entry arg : args) {
                final ArgumentDecl decl = declared.get(arg.name().name());
                if (decl == null) {
                    r.error(arg.name().at(), arg.path(), "constraint on undeclared argument '" + arg.name().name()
                        + "' of tool '" + name + "'; " + (declared.isEmpty() ? "the tool declares no arguments"
                        + " (declare them under vocabulary.arguments." + name + ")"
                        : "declared arguments: " + VocabularyReader.listing(declared.keySet())));
                    continue;
                }
                final ConstraintSpec spec = constraint(arg, decl);
                if (spec != null) {
                    out.add(spec);
                }
            }
        }
        return out;
    }

    private boolean granted(final String tool, final List<CapabilityRef> capabilities) {
        for (final CapabilityRef ref : capabilities) {
            if (CapabilityRef.ANY.equals(ref.action()) ? ref.covers(tool, true) : ref.covers(tool, vocabulary.offers(tool, ref.action()))) {
                return true;
            }
        }
        return false;
    }

    private ConstraintSpec constraint(final NodeReader.Entry arg, final ArgumentDecl decl) {
        final Map<String, Node> f = r.fields(arg.value(), arg.path(), PolicySchema.CONSTRAINT);
        if (f == null) {
            return null;
        }
        if (f.size() != 1) {
            r.error(arg.value(), arg.path(), "expected exactly one of: " + PolicySchema.CONSTRAINT.expected()
                + ", found " + (f.isEmpty() ? "none" : String.join(", ", f.keySet())));
            return null;
        }
        final Map.Entry<String, Node> e = f.entrySet().iterator().next();
        final String path = NodeReader.child(arg.path(), e.getKey());
        final ArgumentType type = decl.type();
        try {
            final Constraint c = ConstraintValues.build(r, e.getKey(), e.getValue(), path, type);
            return c == null ? null : new ConstraintSpec(decl.tool(), arg.name(), c, r.at(e.getValue()));
        } catch (final IllegalArgumentException ex) {
            r.error(e.getValue(), path, ex.getMessage());
            return null;
        }
    }
}
