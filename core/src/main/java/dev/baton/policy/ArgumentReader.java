package dev.baton.policy;

import dev.baton.constraint.ArgumentType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code vocabulary.arguments}: per declared tool, its arguments and their types ({@code integer},
 * {@code decimal} with a {@code scale}, {@code string}, {@code enum} with {@code values}, {@code identifier}).
 * <p>
 * <b>Note:</b> not thread-safe; one instance per parse.
 */
final class ArgumentReader {
    /** Most arguments one tool may declare. */
    static final int MAX_ARGUMENTS = 16;
    private static final String TYPES = "integer, decimal, string, enum, identifier";

    private final NodeReader r;
    /** By tool, by argument name; in file order. */
    private final Map<String, Map<String, ArgumentDecl>> declared = new LinkedHashMap<>();

    ArgumentReader(final NodeReader r) {
        this.r = r;
    }

    /**
     * Reads the section.
     *
     * @param node  the {@code arguments} mapping, or {@code null} when absent.
     * @param tools the declared tools ({@code null} when they could not be read: references are not checked).
     * @return the declarations in file order, or {@code null} if the section is not a mapping.
     */
    List<ArgumentDecl> read(final Node node, final java.util.Set<String> tools) {
        if (node == null) {
            return List.of();
        }
        final List<NodeReader.Entry> entries = r.entries(node, "vocabulary.arguments", "tool", NodeReader.NameKind.NAME);
        if (entries == null) {
            return null;
        }
        final List<ArgumentDecl> out = new ArrayList<>();
        for (final NodeReader.Entry tool : entries) {
            if (tools != null && !tools.contains(tool.name().name())) {
                r.error(tool.name().at(), tool.path(), "unknown tool '" + tool.name().name() + "'; declared tools: "
                    + VocabularyReader.listing(tools));
                continue;
            }
            final List<NodeReader.Entry> args = r.entries(tool.value(), tool.path(), "argument", NodeReader.NameKind.NAME);
            if (args == null) {
                continue;
            }
            if (args.size() > MAX_ARGUMENTS) {
                r.error(args.get(MAX_ARGUMENTS).name().at(), tool.path(), "too many arguments: at most "
                    + MAX_ARGUMENTS + ", found " + args.size());
            }
            final Map<String, ArgumentDecl> byName = declared.computeIfAbsent(tool.name().name(), k -> new LinkedHashMap<>());
            for (final NodeReader.Entry arg : args) {
                final ArgumentType type = type(arg);
                if (type != null) {
                    final ArgumentDecl decl = new ArgumentDecl(tool.name(), arg.name(), type, arg.name().at());
                    byName.put(arg.name().name(), decl);
                    out.add(decl);
                }
            }
        }
        return out;
    }

    /** @return the declared arguments of {@code tool}, by name (empty when it declares none). */
    Map<String, ArgumentDecl> of(final String tool) {
        return declared.getOrDefault(tool, Map.of());
    }

    private ArgumentType type(final NodeReader.Entry arg) {
        final Map<String, Node> f = r.fields(arg.value(), arg.path(), PolicySchema.ARGUMENT);
        if (f == null || !f.containsKey("type")) {
            return null;
        }
        final String typePath = NodeReader.child(arg.path(), "type");
        final String type = r.string(f.get("type"), typePath);
        if (type == null) {
            return null;
        }
        if (!"decimal".equals(type) && f.containsKey("scale")) {
            r.error(f.get("scale"), NodeReader.child(arg.path(), "scale"), "scale applies to decimal arguments only");
        }
        if (!"enum".equals(type) && f.containsKey("values")) {
            r.error(f.get("values"), NodeReader.child(arg.path(), "values"), "values apply to enum arguments only");
        }
        switch (type) {
            case "integer":
                return ArgumentType.integer();
            case "string":
                return ArgumentType.string();
            case "identifier":
                return ArgumentType.identifier();
            case "decimal":
                final Integer scale = f.containsKey("scale") ? r.integer(f.get("scale"),
                    NodeReader.child(arg.path(), "scale"), 0, ArgumentType.MAX_SCALE) : null;
                if (!f.containsKey("scale")) {
                    r.error(arg.value(), NodeReader.child(arg.path(), "scale"), "missing required field 'scale' (a decimal"
                        + " has a fixed number of fraction digits, 0.." + ArgumentType.MAX_SCALE + ")");
                }
                return scale == null ? null : ArgumentType.decimal(scale);
            case "enum":
                return enumType(f.get("values"), NodeReader.child(arg.path(), "values"), arg);
            default:
                r.error(f.get("type"), typePath, "unknown argument type '" + type + "'; expected one of: " + TYPES);
                return null;
        }
    }

    private ArgumentType enumType(final Node values, final String path, final NodeReader.Entry arg) {
        if (values == null) {
            r.error(arg.value(), path, "missing required field 'values' (the values of the enum)");
            return null;
        }
        final List<NameRef> names = r.names(values, path, "enum value", NodeReader.NameKind.NAME);
        if (names == null) {
            return null;
        }
        if (names.isEmpty()) {
            r.error(values, path, "expected at least one enum value, found an empty list");
            return null;
        }
        final List<String> out = new ArrayList<>();
        for (final NameRef n : names) {
            out.add(n.name());
        }
        return ArgumentType.enumOf(out);
    }
}
