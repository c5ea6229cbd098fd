package dev.baton.testkit;

import dev.baton.policy.SourceRef;
import dev.baton.policy.yaml.YamlSource;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads of composed YAML nodes for the scenario, policy-test and workload files: the first
 * error stops the read with a {@link ScenarioException} naming file, line, column and field. Scalars
 * are read raw and typed here, never by YAML's resolver.
 * <p>
 * <b>Note:</b> stateless apart from the file name; allocates (set-up time only).
 */
public final class YamlFields {
    private final String file;

    /** @param file the file name errors name. */
    public YamlFields(final String file) {
        this.file = file;
    }

    /**
     * Reads a UTF-8 file under {@link YamlSource#read}'s limits.
     *
     * @throws ScenarioException if it is not UTF-8.
     * @throws IOException       if it cannot be read, is a directory or is too large
     *                           ({@code FILE: too large (limit N bytes)}).
     */
    public static String read(final Path file) throws ScenarioException, IOException {
        try {
            return YamlSource.read(file);
        } catch (final CharacterCodingException e) {
            throw new ScenarioException(file + ":1:1: the file is not valid UTF-8");
        }
    }

    /**
     * @return the root node of {@code text} (null when empty), composed under {@link YamlSource}'s rules,
     *     or a positioned YAML error.
     */
    public Node compose(final String text) throws ScenarioException {
        try {
            return YamlSource.compose(text);
        } catch (final MarkedYAMLException e) {
            final Mark m = e.getProblemMark();
            throw new ScenarioException(file + ':' + (m == null ? 1 : m.getLine() + 1) + ':'
                + (m == null ? 1 : m.getColumn() + 1) + ": "
                + (e instanceof YamlSource.UnsupportedYaml ? "" : "YAML: ") + e.getProblem());
        } catch (final YAMLException e) {
            throw new ScenarioException(file + ":1:1: YAML: " + e.getMessage());
        }
    }

    /**
     * The top-level fields of a file: its root mapping, checked as {@link #fields} checks one.
     *
     * @param text     the file's text.
     * @param holds    what the file holds, for the message when it is empty (e.g. {@code policy and cases}).
     * @param allowed  the fields it may have.
     * @param required the fields it must have.
     * @return the fields by name, in file order.
     */
    public Map<String, Node> top(final String text, final String holds, final Set<String> allowed,
                                 final Set<String> required) throws ScenarioException {
        final Node root = compose(text);
        if (root == null) {
            throw error(null, "", "the file is empty; expected a mapping with " + holds);
        }
        return fields(root, "", allowed, required);
    }

    /**
     * @param top  a file's top-level fields.
     * @param file the file.
     * @return its {@code policy} field: a path resolved against the file's directory.
     */
    public Path policy(final Map<String, Node> top, final Path file) throws ScenarioException {
        return file.toAbsolutePath().getParent().resolve(string(top.get("policy"), "policy")).normalize();
    }

    /** A mapping whose keys the author chooses: no duplicates. */
    public Map<String, Node> mapping(final Node node, final String field) throws ScenarioException {
        if (!(node instanceof MappingNode)) {
            throw error(node, field, "expected a mapping");
        }
        final Map<String, Node> out = new LinkedHashMap<>();
        for (final NodeTuple t : ((MappingNode) node).getValue()) {
            final String key = string(t.getKeyNode(), field);
            if (out.put(key, t.getValueNode()) != null) {
                throw error(t.getKeyNode(), field + '.' + key, "duplicate key '" + key + "'");
            }
        }
        return out;
    }

    /** A mapping with a fixed set of fields: no unknown, duplicate or missing required ones. */
    public Map<String, Node> fields(final Node node, final String field, final Set<String> allowed,
                                    final Set<String> required) throws ScenarioException {
        if (!(node instanceof MappingNode)) {
            throw error(node, field, "expected a mapping");
        }
        final Map<String, Node> out = new LinkedHashMap<>();
        for (final NodeTuple t : ((MappingNode) node).getValue()) {
            final String key = string(t.getKeyNode(), field);
            final String f = field.isEmpty() ? key : field + '.' + key;
            if (!allowed.contains(key)) {
                throw error(t.getKeyNode(), f, "unknown field '" + key + "'; expected one of: "
                    + String.join(", ", new TreeSet<>(allowed)));
            }
            if (out.put(key, t.getValueNode()) != null) {
                throw error(t.getKeyNode(), f, "duplicate key '" + key + "'");
            }
        }
        for (final String r : required) {
            if (!out.containsKey(r)) {
                throw error(node, field.isEmpty() ? r : field + '.' + r, "missing required field '" + r + "'");
            }
        }
        return out;
    }

    /** A non-empty string scalar. */
    public String string(final Node node, final String field) throws ScenarioException {
        if (!(node instanceof ScalarNode) || ((ScalarNode) node).getValue().isEmpty()) {
            throw error(node, field, "expected a non-empty string");
        }
        return ((ScalarNode) node).getValue();
    }

    /** A list's items. */
    public List<Node> list(final Node node, final String field) throws ScenarioException {
        if (!(node instanceof SequenceNode)) {
            throw error(node, field, "expected a list");
        }
        return ((SequenceNode) node).getValue();
    }

    /** A list of non-empty strings. */
    public List<String> strings(final Node node, final String field) throws ScenarioException {
        final List<String> out = new ArrayList<>();
        final List<Node> items = list(node, field);
        for (int i = 0; i < items.size(); i++) {
            out.add(string(items.get(i), field + '[' + i + ']'));
        }
        return List.copyOf(out);
    }

    /** A decimal integer in {@code [min, max]}; {@code _} may separate digits. */
    public long integer(final Node node, final String field, final long min, final long max)
        throws ScenarioException {
        final String text = string(node, field);
        try {
            final long v = Long.parseLong(text.replace("_", ""));
            if (v >= min && v <= max) {
                return v;
            }
        } catch (final NumberFormatException ignored) {
            // reported below
        }
        throw error(node, field, "expected an integer " + min + ".." + max + ", found '" + text + "'");
    }

    /** Exactly {@code true} or {@code false}. */
    public boolean bool(final Node node, final String field) throws ScenarioException {
        final String text = string(node, field);
        if ("true".equals(text) || "false".equals(text)) {
            return Boolean.parseBoolean(text);
        }
        throw error(node, field, "expected true or false, found '" + text + "'");
    }

    /** @return where {@code node} stands (1-based; 1:1 when unknown). */
    public SourceRef at(final Node node) {
        final Mark m = node == null ? null : node.getStartMark();
        return m == null ? new SourceRef(file, 1, 1) : new SourceRef(file, m.getLine() + 1, m.getColumn() + 1);
    }

    /** @return an error {@code file:line:col: field: message} at {@code node}. */
    public ScenarioException error(final Node node, final String field, final String message) {
        return new ScenarioException(at(node) + ": " + field + ": " + message);
    }
}
