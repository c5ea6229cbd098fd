package dev.baton.core;

import dev.baton.constraint.ArgumentType;
import dev.baton.constraint.Constraint;
import dev.baton.constraint.Glob;
import dev.baton.constraint.LinearRegex;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * Builds the constraint a requested scope asks for ({@link dev.baton.Scope.Builder#constrain}) from its kind
 * and values written as in a policy ({@code range "0.01" "50.00"}, {@code prefix "kb/public/"}), checked
 * against the argument's declared type with the policy language's messages.
 * <p>
 * <b>Note:</b> stateless and thread-safe; allocates (set-up time only).
 */
final class RequestedConstraint {
    /** The kinds, as the policy language names them. */
    static final List<String> KINDS = List.of("exact", "one_of", "range", "prefix", "glob", "regex");

    private RequestedConstraint() {
    }

    /**
     * @param name   the argument, {@code tool(argument)}, for messages.
     * @param type   its declared type.
     * @param kind   one of {@link #KINDS}.
     * @param values the values: one for exact, prefix, glob, regex; two (low, high) for range; one or more
     *               distinct ones for one_of.
     * @return the constraint.
     * @throws IllegalArgumentException naming the argument and what is wrong.
     */
    static Constraint build(final String name, final ArgumentType type, final String kind, final String... values) {
        try {
            return parse(type, kind == null ? "" : kind.toLowerCase(Locale.ROOT), values == null ? new String[0] : values);
        } catch (final IllegalArgumentException ex) {
            throw new IllegalArgumentException("constraint on " + name + ": " + ex.getMessage(), ex);
        }
    }

    private static Constraint parse(final ArgumentType type, final String kind, final String[] values) {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("expected exactly one of: " + String.join(", ", KINDS) + ", found '"
                + kind + "'");
        }
        if (values.length == 0 || !"one_of".equals(kind) && values.length != ("range".equals(kind) ? 2 : 1)) {
            throw new IllegalArgumentException(kind + " takes " + ("range".equals(kind) ? "[low, high]"
                : "one_of".equals(kind) ? "at least one value" : "one value") + ", found " + values.length + " values");
        }
        final HashSet<String> seen = new HashSet<>();
        for (final String v : values) {
            if (v == null || !seen.add(v)) {
                throw new IllegalArgumentException(v == null ? "a value is null" : "duplicate value '" + v + "'");
            }
        }
        final String written = kind + ("range".equals(kind) ? " [" + values[0] + ", " + values[1] + "]"
            : values.length == 1 && !"one_of".equals(kind) ? " '" + values[0] + "'" : " " + List.of(values));
        if ("exact".equals(kind) || "one_of".equals(kind)) {
            if (type.numeric()) {
                final long[] n = new long[values.length];
                for (int i = 0; i < n.length; i++) {
                    n[i] = type.parseNumber(values[i]);
                }
                return Constraint.numbers(written, n);
            }
            for (final String v : values) {
                type.checkText(v);
            }
            return Constraint.strings(written, List.of(values));
        }
        if ("range".equals(kind)) {
            if (!type.numeric()) {
                throw new IllegalArgumentException("range applies to integer and decimal arguments; this one is "
                    + type.describe());
            }
            final long lo = type.parseNumber(values[0]);
            final long hi = type.parseNumber(values[1]);
            if (hi < lo) {
                throw new IllegalArgumentException("range bounds are reversed: " + values[0] + " is above " + values[1]
                    + "; expected [low, high]");
            }
            return Constraint.range(written, lo, hi);
        }
        if (type.numeric()) {
            throw new IllegalArgumentException(kind + " applies to string, enum and identifier arguments; this one is "
                + type.describe());
        }
        switch (kind) {
            case "prefix":
                return Constraint.prefix(written, values[0]);
            case "glob":
                return Constraint.glob(written, Glob.compile(values[0]));
            default:
                return Constraint.regex(written, LinearRegex.compile(values[0]));
        }
    }
}
