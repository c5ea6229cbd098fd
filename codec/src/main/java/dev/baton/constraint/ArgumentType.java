package dev.baton.constraint;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The declared type of one tool argument. Numbers are carried as a {@code long}: an integer as itself, a
 * decimal as its unscaled value at the declared scale ({@code 12.50} at scale 2 is {@code 1250}). Strings,
 * enum values and identifiers are carried as UTF-8 bytes.
 * <p>
 * <b>Note:</b> immutable and thread-safe; {@link #validBytes} allocates nothing.
 */
public final class ArgumentType {
    /** Largest decimal scale. */
    public static final int MAX_SCALE = 9;
    /** Longest identifier, in bytes. */
    public static final int MAX_IDENTIFIER = 256;

    /** The kinds of argument. */
    public enum Kind {
        /** A signed 64-bit integer. */
        INTEGER,
        /** A decimal with a fixed number of fraction digits. */
        DECIMAL,
        /** Any UTF-8 text. */
        STRING,
        /** One of the declared values. */
        ENUM,
        /** 1 to 256 bytes of {@code A-Z a-z 0-9 . _ - : @ /}. */
        IDENTIFIER
    }

    /** The identifier bytes, one bit each. */
    private static final long[] IDENTIFIER_BYTES = identifierBytes();

    private final Kind kind;
    private final int scale;
    private final List<String> values;
    private final byte[][] valueBytes;

    private ArgumentType(final Kind kind, final int scale, final List<String> values) {
        this.kind = kind;
        this.scale = scale;
        this.values = List.copyOf(values);
        this.valueBytes = new byte[values.size()][];
        for (int i = 0; i < valueBytes.length; i++) {
            valueBytes[i] = values.get(i).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** @return an integer argument. */
    public static ArgumentType integer() {
        return new ArgumentType(Kind.INTEGER, 0, List.of());
    }

    /**
     * @param scale fraction digits, 0..{@value #MAX_SCALE}.
     * @return a decimal argument.
     */
    public static ArgumentType decimal(final int scale) {
        if (scale < 0 || scale > MAX_SCALE) {
            throw new IllegalArgumentException("scale must be 0.." + MAX_SCALE + ", found " + scale);
        }
        return new ArgumentType(Kind.DECIMAL, scale, List.of());
    }

    /** @return a string argument. */
    public static ArgumentType string() {
        return new ArgumentType(Kind.STRING, 0, List.of());
    }

    /** @return an identifier argument. */
    public static ArgumentType identifier() {
        return new ArgumentType(Kind.IDENTIFIER, 0, List.of());
    }

    /**
     * @param values the declared values, non-empty, distinct.
     * @return an enum argument.
     */
    public static ArgumentType enumOf(final List<String> values) {
        if (values.isEmpty() || values.stream().distinct().count() != values.size()) {
            throw new IllegalArgumentException("an enum needs distinct values, at least one");
        }
        return new ArgumentType(Kind.ENUM, 0, new ArrayList<>(values));
    }

    /** @return the kind. */
    public Kind kind() {
        return kind;
    }

    /** @return fraction digits of a decimal, else 0. */
    public int scale() {
        return scale;
    }

    /** @return the values of an enum, else empty. */
    public List<String> values() {
        return values;
    }

    /** @return whether values are numbers (integer, decimal). */
    public boolean numeric() {
        return kind == Kind.INTEGER || kind == Kind.DECIMAL;
    }

    /**
     * Reads a number as written in a policy: an integer, or a decimal with at most {@link #scale()} digits.
     *
     * @param text the text.
     * @return the carried value.
     * @throws IllegalArgumentException naming what was expected.
     */
    public long parseNumber(final String text) {
        if (!numeric()) {
            throw new IllegalArgumentException("a " + describe() + " argument takes no number");
        }
        final String form = kind == Kind.INTEGER ? "[+-]?[0-9]{1,19}" : "[+-]?[0-9]{1,19}(\\.[0-9]{1," + Math.max(1, scale) + "})?";
        if (!text.matches(form) || kind == Kind.DECIMAL && scale == 0 && text.contains(".")) {
            throw new IllegalArgumentException("expected " + (kind == Kind.INTEGER ? "an integer"
                : "a decimal with at most " + scale + " fraction digits") + ", found '" + text + "'");
        }
        try {
            return new BigDecimal(text).movePointRight(scale).longValueExact();
        } catch (final ArithmeticException ex) {
            throw new IllegalArgumentException("out of range: '" + text + "' does not fit a 64-bit value at scale "
                + scale, ex);
        }
    }

    /**
     * @param value a carried number.
     * @return it as written in a policy ({@code 1250} at scale 2 is {@code 12.50}).
     */
    public String formatNumber(final long value) {
        return kind == Kind.DECIMAL ? BigDecimal.valueOf(value, scale).toPlainString() : Long.toString(value);
    }

    /**
     * Checks the bytes of a string-like argument against its type: an enum value is declared, an
     * identifier has the identifier form; any string is valid UTF-8 here (the caller encoded it).
     *
     * @param b   bytes.
     * @param off first byte.
     * @param len length.
     * @return whether the value is of this type.
     */
    public boolean validBytes(final byte[] b, final int off, final int len) {
        switch (kind) {
            case ENUM:
                return enumIndex(b, off, len) >= 0;
            case IDENTIFIER:
                if (len < 1 || len > MAX_IDENTIFIER) {
                    return false;
                }
                for (int i = off; i < off + len; i++) {
                    if (!identifierByte(b[i])) {
                        return false;
                    }
                }
                return true;
            case STRING:
                return true;
            default:
                return false;
        }
    }

    /**
     * Checks a string-like value written in a policy or a request, as {@link #validBytes} does its UTF-8.
     * Allocates; for policies and requests, not calls.
     *
     * @param text the value.
     * @throws IllegalArgumentException naming the value and what it should be, when it is not of this type.
     */
    public void checkText(final String text) {
        final byte[] b = text.getBytes(StandardCharsets.UTF_8);
        if (!validBytes(b, 0, b.length)) {
            throw new IllegalArgumentException(kind == Kind.ENUM
                ? "'" + text + "' is not a value of " + describe()
                : "'" + text + "' is not an identifier (1 to " + MAX_IDENTIFIER + " of A-Z a-z 0-9 . _ - : @ /)");
        }
    }

    /** @return the index of the enum value with these bytes, or -1. */
    public int enumIndex(final byte[] b, final int off, final int len) {
        for (int v = 0; v < valueBytes.length; v++) {
            if (Bytes.equal(valueBytes[v], b, off, len)) {
                return v;
            }
        }
        return -1;
    }

    private static boolean identifierByte(final byte c) {
        return (IDENTIFIER_BYTES[(c & 0xff) >>> 6] & 1L << c) != 0;
    }

    private static long[] identifierBytes() {
        final long[] set = new long[4];
        for (int c = 0; c < 128; c++) {
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '.' || c == '_' || c == '-' || c == ':' || c == '@' || c == '/') {
                set[c >>> 6] |= 1L << c;
            }
        }
        return set;
    }

    /** @return e.g. {@code decimal(2)}, {@code enum[EUR, USD]}. */
    public String describe() {
        switch (kind) {
            case DECIMAL:
                return "decimal(" + scale + ")";
            case ENUM:
                return "enum" + values;
            default:
                return kind.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
