package dev.baton.constraint;

import dev.baton.codec.ConstraintsDecoder;
import dev.baton.codec.ConstraintsEncoder;
import dev.baton.codec.ConstraintsLayout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link Constraint} into an entry of a constraint list ({@link ConstraintsLayout}) and back, so
 * that a warrant carries a grant's constraints and whoever reads it (the offline verifier, another engine)
 * matches arguments with the same {@link Constraint} code as the engine that issued it. An entry read back
 * is compiled again: a glob or regular expression outside the language's form is refused.
 * <p>
 * <b>Note:</b> stateless and thread-safe; {@link #write} allocates nothing, {@link #read} allocates the
 * compiled constraint (once per carried list: callers cache it).
 */
public final class ConstraintWire {
    private ConstraintWire() {
    }

    /**
     * @param c a constraint.
     * @return its entry kind ({@link ConstraintsLayout#EXACT_NUMBER} .. {@link ConstraintsLayout#REGEX}).
     */
    public static int kindOf(final Constraint c) {
        switch (c.kind()) {
            case RANGE:
                return ConstraintsLayout.RANGE;
            case PREFIX:
                return ConstraintsLayout.PREFIX;
            case GLOB:
                return ConstraintsLayout.GLOB;
            case REGEX:
                return ConstraintsLayout.REGEX;
            default:
                final boolean one = distinctValues(c) == 1;
                if (c.numeric()) {
                    return one ? ConstraintsLayout.EXACT_NUMBER : ConstraintsLayout.ONE_OF_NUMBER;
                }
                return one ? ConstraintsLayout.EXACT_TEXT : ConstraintsLayout.ONE_OF_TEXT;
        }
    }

    /**
     * Appends {@code c} as an entry; the caller keeps entries in (argument, {@link #kindOf}) order.
     *
     * @param out      the list being written.
     * @param argument the constrained argument's index.
     * @param c        the constraint.
     * @throws IllegalArgumentException if it exceeds the list's bounds (values, text length, list length).
     */
    public static void write(final ConstraintsEncoder out, final int argument, final Constraint c) {
        out.entry(argument, kindOf(c));
        switch (c.kind()) {
            case RANGE:
                out.number(c.lo()).number(c.hi());
                return;
            case PREFIX:
                out.text(c.strings()[0], 0, c.strings()[0].length);
                return;
            case GLOB:
                out.text(c.globPattern().pattern());
                return;
            case REGEX:
                out.text(c.regexPattern().pattern());
                return;
            default:
                writeValues(out, c);
        }
    }

    private static void writeValues(final ConstraintsEncoder out, final Constraint c) {
        if (c.numeric()) {
            final long[] v = c.numbers();
            for (int i = 0; i < v.length; i++) {
                if (i == 0 || v[i] != v[i - 1]) {
                    out.number(v[i]);
                }
            }
            return;
        }
        final byte[][] s = c.strings();
        for (int i = 0; i < s.length; i++) {
            if (firstOf(s, i)) {
                out.text(s[i], 0, s[i].length);
            }
        }
    }

    /** @return how many distinct values an EXACT or ONE_OF constraint holds. */
    private static int distinctValues(final Constraint c) {
        int n = 0;
        if (c.numeric()) {
            final long[] v = c.numbers();
            for (int i = 0; i < v.length; i++) {
                n += i == 0 || v[i] != v[i - 1] ? 1 : 0;
            }
            return n;
        }
        for (int i = 0; i < c.strings().length; i++) {
            n += firstOf(c.strings(), i) ? 1 : 0;
        }
        return n;
    }

    private static boolean firstOf(final byte[][] s, final int i) {
        for (int k = 0; k < i; k++) {
            if (Bytes.equal(s[k], s[i], 0, s[i].length)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Compiles every entry of a validated list that came from outside (a warrant, a journal).
     *
     * @param in the list, wrapped.
     * @return the constraints in entry order; null when one is not in the language's form (a pattern too
     *     deep or outside the linear-time form), never an exception.
     */
    public static Constraint[] readAll(final ConstraintsDecoder in) {
        final Constraint[] entries = new Constraint[in.count()];
        try {
            for (int e = 0; e < entries.length; e++) {
                entries[e] = read(in, e);
            }
        } catch (final RuntimeException | StackOverflowError unreadable) {
            return null;
        }
        return entries;
    }

    /**
     * Compiles entry {@code e} of a validated list.
     *
     * @param in the list, wrapped.
     * @param e  the entry.
     * @return the constraint; its {@link Constraint#text()} reads like the policy ({@code range [0, 50000]},
     *     numbers as carried values).
     * @throws IllegalArgumentException if a glob or regular expression is not in the language's form.
     */
    public static Constraint read(final ConstraintsDecoder in, final int e) {
        final int kind = in.kind(e);
        switch (kind) {
            case ConstraintsLayout.RANGE:
                return Constraint.range("range [" + in.number(e, 0) + ", " + in.number(e, 1) + "]",
                    in.number(e, 0), in.number(e, 1));
            case ConstraintsLayout.EXACT_NUMBER:
            case ConstraintsLayout.ONE_OF_NUMBER:
                final long[] values = new long[in.valueCount(e)];
                for (int i = 0; i < values.length; i++) {
                    values[i] = in.number(e, i);
                }
                return Constraint.numbers(values.length == 1 ? "exact " + values[0]
                    : "one_of " + java.util.Arrays.toString(values), values);
            case ConstraintsLayout.EXACT_TEXT:
            case ConstraintsLayout.ONE_OF_TEXT:
                final List<String> texts = new ArrayList<>();
                for (int i = 0; i < in.valueCount(e); i++) {
                    texts.add(text(in, e, i));
                }
                return Constraint.strings(texts.size() == 1 ? "exact '" + texts.get(0) + "'" : "one_of " + texts, texts);
            case ConstraintsLayout.PREFIX:
                return Constraint.prefix("prefix '" + text(in, e, 0) + "'", text(in, e, 0));
            case ConstraintsLayout.GLOB:
                return Constraint.glob("glob '" + text(in, e, 0) + "'", Glob.compile(text(in, e, 0)));
            default:
                return Constraint.regex("regex '" + text(in, e, 0) + "'", LinearRegex.compile(text(in, e, 0)));
        }
    }

    private static String text(final ConstraintsDecoder in, final int e, final int i) {
        return new String(in.buffer(), in.textOffset(e, i), in.textLength(e, i), StandardCharsets.UTF_8);
    }
}
