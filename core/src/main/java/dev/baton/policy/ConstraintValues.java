package dev.baton.policy;

import dev.baton.constraint.ArgumentType;
import dev.baton.constraint.Constraint;
import dev.baton.constraint.Glob;
import dev.baton.constraint.LinearRegex;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.yaml.snakeyaml.nodes.Node;

/**
 * Builds one typed {@link Constraint} from its kind and YAML value, checking every value against the
 * argument's type: numbers in their scale, enum values declared, identifiers in their form, range bounds in
 * order, regular expressions in the linear-time form.
 * <p>
 * <b>Note:</b> stateless; parse time only.
 */
final class ConstraintValues {
    private ConstraintValues() {
    }

    /**
     * @return the constraint, or {@code null} with the error recorded.
     * @throws IllegalArgumentException with a message for a value of the wrong form (the caller records it
     *                                  at the value).
     */
    static Constraint build(final NodeReader r, final String kind, final Node value, final String path,
                            final ArgumentType type) {
        switch (kind) {
            case "exact":
            case "one_of":
                return values(r, kind, value, path, type);
            case "range":
                return range(r, value, path, type);
            default:
                return pattern(r, kind, value, path, type);
        }
    }

    private static Constraint values(final NodeReader r, final String kind, final Node value, final String path,
                                     final ArgumentType type) {
        final List<Node> items;
        if ("exact".equals(kind)) {
            items = List.of(value);
        } else {
            items = r.list(value, path);
            if (items == null) {
                return null;
            }
            if (items.isEmpty()) {
                r.error(value, path, "expected at least one value, found an empty list");
                return null;
            }
        }
        final List<String> texts = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            final String itemPath = "exact".equals(kind) ? path : NodeReader.index(path, i);
            final String text = r.string(items.get(i), itemPath);
            if (text == null) {
                return null;
            }
            if (!seen.add(text)) {
                r.error(items.get(i), itemPath, "duplicate value '" + text + "'");
                return null;
            }
            texts.add(text);
        }
        final String written = kind + " " + (texts.size() == 1 && "exact".equals(kind) ? texts.get(0) : texts.toString());
        if (type.numeric()) {
            final long[] numbers = new long[texts.size()];
            for (int i = 0; i < numbers.length; i++) {
                final Long n = number(r, items.get(i), "exact".equals(kind) ? path : NodeReader.index(path, i), type,
                    texts.get(i));
                if (n == null) {
                    return null;
                }
                numbers[i] = n;
            }
            return Constraint.numbers(written, numbers);
        }
        for (int i = 0; i < texts.size(); i++) {
            try {
                type.checkText(texts.get(i));
            } catch (final IllegalArgumentException ex) {
                r.error(items.get(i), "exact".equals(kind) ? path : NodeReader.index(path, i), ex.getMessage());
                return null;
            }
        }
        return Constraint.strings(written, texts);
    }

    private static Constraint range(final NodeReader r, final Node value, final String path, final ArgumentType type) {
        if (!type.numeric()) {
            throw new IllegalArgumentException("range applies to integer and decimal arguments; this one is "
                + type.describe());
        }
        final List<Node> items = r.list(value, path);
        if (items == null) {
            return null;
        }
        if (items.size() != 2) {
            r.error(value, path, "expected [low, high], found " + items.size() + " values");
            return null;
        }
        final String lo = r.string(items.get(0), NodeReader.index(path, 0));
        final String hi = r.string(items.get(1), NodeReader.index(path, 1));
        if (lo == null || hi == null) {
            return null;
        }
        final Long low = number(r, items.get(0), NodeReader.index(path, 0), type, lo);
        final Long high = number(r, items.get(1), NodeReader.index(path, 1), type, hi);
        if (low == null || high == null) {
            return null;
        }
        if (high < low) {
            throw new IllegalArgumentException("range bounds are reversed: " + lo + " is above " + hi
                + "; expected [low, high]");
        }
        return Constraint.range("range [" + lo + ", " + hi + "]", low, high);
    }

    private static Constraint pattern(final NodeReader r, final String kind, final Node value, final String path,
                                      final ArgumentType type) {
        if (type.numeric()) {
            throw new IllegalArgumentException(kind + " applies to string, enum and identifier arguments; this one is "
                + type.describe());
        }
        final String text = r.string(value, path);
        if (text == null) {
            return null;
        }
        final String written = kind + " '" + text + "'";
        switch (kind) {
            case "prefix":
                return Constraint.prefix(written, text);
            case "glob":
                return Constraint.glob(written, Glob.compile(text));
            default:
                return Constraint.regex(written, LinearRegex.compile(text));
        }
    }

    /** @return the carried number, or {@code null} with the error recorded at {@code node}. */
    private static Long number(final NodeReader r, final Node node, final String path, final ArgumentType type,
                               final String text) {
        try {
            return type.parseNumber(text);
        } catch (final IllegalArgumentException ex) {
            r.error(node, path, ex.getMessage());
            return null;
        }
    }
}
