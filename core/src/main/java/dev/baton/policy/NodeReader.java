package dev.baton.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed reads of composed YAML nodes that collect errors instead of throwing: each read returns
 * {@code null} (or skips an entry) and records a {@link PolicyError} at the node's position. Scalars
 * are read raw and typed here, never by YAML's resolver.
 * <p>
 * <b>Note:</b> not thread-safe; one instance per parse.
 */
final class NodeReader {
    /** The kinds of names the reader checks. */
    enum NameKind {
        /** {@code [A-Za-z0-9][A-Za-z0-9._-]*}. */
        NAME,
        /** A SPIFFE trust domain: {@code [a-z0-9._-]+}. */
        TRUST_DOMAIN
    }

    /**
     * An entry of a map whose keys the author chooses.
     *
     * @param name  the key.
     * @param path  the entry's dotted path.
     * @param value the value node.
     */
    record Entry(NameRef name, String path, Node value) {
    }

    private static final int MAX_SHOWN = 40;

    private final String file;
    private final List<PolicyError> errors = new ArrayList<>();

    NodeReader(final String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    List<PolicyError> errors() {
        return errors;
    }

    SourceRef at(final Node node) {
        final Mark m = node.getStartMark();
        return m == null ? new SourceRef(file, 1, 1) : new SourceRef(file, m.getLine() + 1, m.getColumn() + 1);
    }

    void error(final Node node, final String field, final String message) {
        error(at(node), field, message);
    }

    void error(final SourceRef at, final String field, final String message) {
        errors.add(PolicyError.at(at, field, message));
    }

    static String child(final String path, final String name) {
        return path.isEmpty() ? name : path + '.' + name;
    }

    static String index(final String path, final int i) {
        return path + '[' + i + ']';
    }

    /**
     * Reads a mapping with a fixed set of fields: reports a non-mapping, duplicate keys, unknown and
     * missing required fields.
     *
     * @return field name to value node in file order, or {@code null} if the node is not a mapping.
     */
    Map<String, Node> fields(final Node node, final String path, final PolicySchema.Section section) {
        if (!(node instanceof MappingNode)) {
            typeError(node, path, "a mapping");
            return null;
        }
        final Map<String, Node> out = new LinkedHashMap<>();
        final Map<String, SourceRef> seen = new HashMap<>();
        for (final NodeTuple t : ((MappingNode) node).getValue()) {
            final String key = key(t.getKeyNode(), path);
            if (key == null) {
                continue;
            }
            final String field = child(path, key);
            final SourceRef first = seen.putIfAbsent(key, at(t.getKeyNode()));
            if (first != null) {
                error(t.getKeyNode(), field, "duplicate key '" + key + "'; first defined at line " + first.line());
            } else if (!section.accepts(key)) {
                error(t.getKeyNode(), field, "unknown field '" + key + "'; expected one of: " + section.expected());
            } else {
                out.put(key, t.getValueNode());
            }
        }
        for (final PolicySchema.Field f : section.fields()) {
            if (f.required() && !seen.containsKey(f.name())) {
                error(node, child(path, f.name()), "missing required field '" + f.name() + "'");
            }
        }
        return out;
    }

    /**
     * Reads a map whose keys are names the author chooses; reports bad and duplicate keys and skips them.
     *
     * @return the entries in file order, or {@code null} if the node is not a mapping.
     */
    List<Entry> entries(final Node node, final String path, final String what, final NameKind kind) {
        if (!(node instanceof MappingNode)) {
            typeError(node, path, "a mapping");
            return null;
        }
        final List<Entry> out = new ArrayList<>();
        final Map<String, SourceRef> seen = new HashMap<>();
        for (final NodeTuple t : ((MappingNode) node).getValue()) {
            final String key = key(t.getKeyNode(), path);
            if (key == null) {
                continue;
            }
            final String entryPath = child(path, key);
            final SourceRef first = seen.putIfAbsent(key, at(t.getKeyNode()));
            if (first != null) {
                error(t.getKeyNode(), entryPath, "duplicate key '" + key + "'; first defined at line " + first.line());
            } else if (checkName(key, t.getKeyNode(), entryPath, what, kind)) {
                out.add(new Entry(new NameRef(key, at(t.getKeyNode())), entryPath, t.getValueNode()));
            }
        }
        return out;
    }

    /** @return the scalar's raw text, or {@code null} (error recorded) if it is not a non-null scalar. */
    String string(final Node node, final String path) {
        if (!(node instanceof ScalarNode) || isNull(node)) {
            typeError(node, path, "a string");
            return null;
        }
        return ((ScalarNode) node).getValue();
    }

    /** @return a name checked against {@code kind}, or {@code null} with an error. */
    NameRef name(final Node node, final String path, final String what, final NameKind kind) {
        if (!(node instanceof ScalarNode) || isNull(node)) {
            typeError(node, path, article(what) + " name");
            return null;
        }
        final String value = ((ScalarNode) node).getValue();
        return checkName(value, node, path, what, kind) ? new NameRef(value, at(node)) : null;
    }

    /** @return the sequence's items, or {@code null} (error recorded) if it is not a list. */
    List<Node> list(final Node node, final String path) {
        if (!(node instanceof SequenceNode)) {
            typeError(node, path, "a list");
            return null;
        }
        return ((SequenceNode) node).getValue();
    }

    /** Reads a list of names; reports bad names and duplicate entries, skips them. */
    List<NameRef> names(final Node node, final String path, final String what, final NameKind kind) {
        final List<Node> items = list(node, path);
        if (items == null) {
            return null;
        }
        final List<NameRef> out = new ArrayList<>(items.size());
        final Map<String, SourceRef> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            final NameRef n = name(items.get(i), index(path, i), what, kind);
            if (n != null && unique(n.name(), n.at(), seen, index(path, i), what)) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * Records a duplicate-entry error if {@code value} was seen before in the same list.
     *
     * @return whether the value is new.
     */
    boolean unique(final String value, final SourceRef at, final Map<String, SourceRef> seen, final String path,
                   final String what) {
        final SourceRef first = seen.putIfAbsent(value, at);
        if (first != null) {
            error(at, path, "duplicate " + what + " '" + value + "'; first listed at line " + first.line());
            return false;
        }
        return true;
    }

    /** @return an integer in {@code [min, max]}, or {@code null} with an error. */
    Integer integer(final Node node, final String path, final int min, final int max) {
        final String s = scalarOrNull(node);
        if (s == null || !s.matches("[+-]?[0-9]+")) {
            typeError(node, path, "an integer from " + min + " to " + max);
            return null;
        }
        final String digits = s.startsWith("+") ? s.substring(1) : s;
        long v;
        try {
            v = Long.parseLong(digits);
        } catch (final NumberFormatException ex) {
            v = Long.MAX_VALUE;
        }
        if (v < min || v > max) {
            error(node, path, "out of range: expected an integer from " + min + " to " + max + ", found " + s);
            return null;
        }
        return (int) v;
    }

    /** @return {@code true} or {@code false} exactly as written, or {@code null} with an error. */
    Boolean bool(final Node node, final String path) {
        final String s = scalarOrNull(node);
        if ("true".equals(s)) {
            return Boolean.TRUE;
        }
        if ("false".equals(s)) {
            return Boolean.FALSE;
        }
        typeError(node, path, "a boolean (true or false)");
        return null;
    }

    /** @return a duration in milliseconds within {@code [min, max]}, or {@code null} with an error. */
    Long duration(final Node node, final String path, final long min, final long max) {
        final String s = scalarOrNull(node);
        if (s == null) {
            typeError(node, path, Durations.EXPECTED);
            return null;
        }
        final long v;
        try {
            v = Durations.parseMillis(s);
        } catch (final IllegalArgumentException ex) {
            error(node, path, ex.getMessage());
            return null;
        }
        if (v < min || v > max) {
            error(node, path, "out of range: expected a duration from " + Durations.format(min) + " to "
                + Durations.format(max) + ", found " + s);
            return null;
        }
        return v;
    }

    /** Records "expected X, found Y". */
    void typeError(final Node node, final String path, final String expected) {
        error(node, path, "expected " + expected + ", found " + describe(node));
    }

    static boolean isName(final String s) {
        if (s.isEmpty() || !isAlnum(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (!isAlnum(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    static String describe(final Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (isNull(node)) {
            return "an empty value";
        }
        final String v = ((ScalarNode) node).getValue();
        if (v.isEmpty()) {
            return "an empty string";
        }
        return '\'' + (v.length() > MAX_SHOWN ? v.substring(0, MAX_SHOWN) + "..." : v) + '\'';
    }

    private boolean checkName(final String value, final Node node, final String path, final String what,
                              final NameKind kind) {
        if (value.isEmpty()) {
            error(node, path, "expected " + article(what) + " name, found an empty string");
            return false;
        }
        if (kind == NameKind.TRUST_DOMAIN ? !IdentityPattern.isTrustDomain(value) : !isName(value)) {
            error(node, path, "bad " + what + " name " + describe(node) + "; expected "
                + (kind == NameKind.TRUST_DOMAIN ? "[a-z0-9._-]+ (a SPIFFE trust domain)" : "[A-Za-z0-9][A-Za-z0-9._-]*"));
            return false;
        }
        return true;
    }

    private String key(final Node keyNode, final String path) {
        if (!(keyNode instanceof ScalarNode) || isNull(keyNode)) {
            error(keyNode, path, "expected a key that is a string, found " + describe(keyNode));
            return null;
        }
        return ((ScalarNode) keyNode).getValue();
    }

    private static String article(final String what) {
        return ("aeiou".indexOf(what.charAt(0)) >= 0 ? "an " : "a ") + what;
    }

    private static String scalarOrNull(final Node node) {
        return node instanceof ScalarNode && !isNull(node) ? ((ScalarNode) node).getValue() : null;
    }

    private static boolean isNull(final Node node) {
        return node instanceof ScalarNode && ((ScalarNode) node).isPlain() && Tag.NULL.equals(node.getTag());
    }

    private static boolean isAlnum(final char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
}
