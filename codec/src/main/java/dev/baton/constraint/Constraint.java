package dev.baton.constraint;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One constraint on one typed tool argument: {@link Kind#EXACT}, {@link Kind#ONE_OF}, {@link Kind#RANGE}
 * (numbers), {@link Kind#PREFIX}, {@link Kind#GLOB}, {@link Kind#REGEX} (strings and identifiers, matched on
 * UTF-8 bytes). Numbers are compared as carried by {@link ArgumentType} (a decimal's unscaled value).
 * <p>
 * <b>Note:</b> immutable and thread-safe; {@link #matches(long)} and {@link #matches(byte[], int, int)}
 * allocate nothing.
 */
public final class Constraint {
    /** The kinds of constraint. */
    public enum Kind {
        /** One value. */
        EXACT,
        /** A set of values. */
        ONE_OF,
        /** Numbers from a lower to an upper bound, both included. */
        RANGE,
        /** Strings starting with a prefix. */
        PREFIX,
        /** Strings matching a glob ({@link Glob}). */
        GLOB,
        /** Strings matching a linear-time regular expression ({@link LinearRegex}). */
        REGEX
    }

    private final Kind kind;
    private final boolean numeric;
    private final String text;
    private final long lo;
    private final long hi;
    /** Sorted numbers of EXACT or ONE_OF. */
    private final long[] numbers;
    /** Strings of EXACT or ONE_OF, or the one prefix of PREFIX. */
    private final byte[][] strings;
    private final Glob glob;
    private final LinearRegex regex;

    private Constraint(final Kind kind, final boolean numeric, final String text, final long lo, final long hi,
                       final long[] numbers, final byte[][] strings, final Glob glob, final LinearRegex regex) {
        this.kind = kind;
        this.numeric = numeric;
        this.text = text;
        this.lo = lo;
        this.hi = hi;
        this.numbers = numbers;
        this.strings = strings;
        this.glob = glob;
        this.regex = regex;
    }

    /**
     * @param text   the constraint as written, for messages ({@code range [0, 500.00]}).
     * @param values one value (EXACT) or more (ONE_OF).
     * @return a constraint on a number.
     */
    public static Constraint numbers(final String text, final long... values) {
        final long[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Constraint(values.length == 1 ? Kind.EXACT : Kind.ONE_OF, true, text, sorted[0],
            sorted[sorted.length - 1], sorted, null, null, null);
    }

    /**
     * @param text the constraint as written.
     * @param lo   lower bound, included.
     * @param hi   upper bound, included, at least {@code lo}.
     * @return a range.
     */
    public static Constraint range(final String text, final long lo, final long hi) {
        if (hi < lo) {
            throw new IllegalArgumentException("range bounds are reversed: " + text);
        }
        return new Constraint(Kind.RANGE, true, text, lo, hi, null, null, null, null);
    }

    /**
     * @param text   the constraint as written.
     * @param values one value (EXACT) or more (ONE_OF).
     * @return a constraint on a string.
     */
    public static Constraint strings(final String text, final List<String> values) {
        final byte[][] b = new byte[values.size()][];
        for (int i = 0; i < b.length; i++) {
            b[i] = values.get(i).getBytes(StandardCharsets.UTF_8);
        }
        return new Constraint(b.length == 1 ? Kind.EXACT : Kind.ONE_OF, false, text, 0, 0, null, b, null, null);
    }

    /**
     * @param text   the constraint as written.
     * @param prefix the prefix.
     * @return a prefix constraint.
     */
    public static Constraint prefix(final String text, final String prefix) {
        return new Constraint(Kind.PREFIX, false, text, 0, 0, null,
            new byte[][] {prefix.getBytes(StandardCharsets.UTF_8)}, null, null);
    }

    /**
     * @param text the constraint as written.
     * @param glob the glob.
     * @return a glob constraint.
     */
    public static Constraint glob(final String text, final Glob glob) {
        return new Constraint(Kind.GLOB, false, text, 0, 0, null, null, glob, null);
    }

    /**
     * @param text  the constraint as written.
     * @param regex the pattern.
     * @return a regular-expression constraint.
     */
    public static Constraint regex(final String text, final LinearRegex regex) {
        return new Constraint(Kind.REGEX, false, text, 0, 0, null, null, null, regex);
    }

    /** @return the kind. */
    public Kind kind() {
        return kind;
    }

    /** @return whether it constrains a number (else UTF-8 bytes). */
    public boolean numeric() {
        return numeric;
    }

    /** @return the constraint as written. */
    public String text() {
        return text;
    }

    /**
     * @param value a carried number.
     * @return whether it satisfies this constraint (a string constraint holds for no number).
     */
    public boolean matches(final long value) {
        if (!numeric) {
            return false;
        }
        if (kind == Kind.RANGE) {
            return value >= lo && value <= hi;
        }
        return Arrays.binarySearch(numbers, value) >= 0;
    }

    /**
     * @param b   UTF-8 bytes.
     * @param off first byte.
     * @param len length.
     * @return whether they satisfy this constraint (a number constraint holds for no string).
     */
    public boolean matches(final byte[] b, final int off, final int len) {
        switch (kind) {
            case EXACT:
            case ONE_OF:
                if (numeric) {
                    return false;
                }
                for (final byte[] s : strings) {
                    if (Bytes.equal(s, b, off, len)) {
                        return true;
                    }
                }
                return false;
            case PREFIX:
                return Bytes.startsWith(b, off, len, strings[0]);
            case GLOB:
                return glob.matches(b, off, len);
            case REGEX:
                return regex.matches(b, off, len);
            default:
                return false;
        }
    }

    /** @return whether it is a string matched on bytes and holds this string. */
    boolean matches(final byte[] whole) {
        return matches(whole, 0, whole.length);
    }

    long lo() {
        return lo;
    }

    long hi() {
        return hi;
    }

    long[] numbers() {
        return numbers;
    }

    byte[][] strings() {
        return strings;
    }

    Glob globPattern() {
        return glob;
    }

    /** @return the pattern of a {@link Kind#REGEX} constraint, for compiling it into another form; else null. */
    public LinearRegex regexPattern() {
        return regex;
    }

    @Override
    public String toString() {
        return text;
    }
}
