package dev.baton.constraint;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attenuation never widens: whenever {@link Attenuation#within} says a child's constraint is within its
 * parent's, every value the child allows the parent allows (checked over every value of a small
 * universe); whenever it says wider, a value proves it. {@link Attenuation#disjoint} never calls two
 * constraints disjoint that share a value (and, for numbers, always does when they share none). The
 * linear-time regular expressions agree with
 * {@link java.util.regex.Pattern} on every string of that universe.
 */
class ConstraintAttenuationPropertyTest {
    private static final int NUMBER_UNIVERSE = 40;
    private static final String ALPHABET = "ab-";
    private static final List<byte[]> STRINGS = strings(5);

    @Property(tries = 2000)
    void shouldNeverWidenANumberConstraint(@ForAll final long seed) {
        final Random rnd = new Random(seed);
        final Constraint child = number(rnd);
        final Constraint parent = number(rnd);
        final Attenuation.Verdict v = Attenuation.within(child, parent);
        boolean witness = false;
        for (long x = -NUMBER_UNIVERSE; x <= NUMBER_UNIVERSE; x++) {
            if (child.matches(x) && !parent.matches(x)) {
                witness = true;
            }
        }
        assertEquals(witness ? Attenuation.Verdict.WIDER : Attenuation.Verdict.WITHIN, v,
            () -> child + " within " + parent);
    }

    @Property(tries = 2000)
    void shouldNeverWidenAStringConstraint(@ForAll final long seed) {
        final Random rnd = new Random(seed);
        final Constraint child = string(rnd);
        final Constraint parent = string(rnd);
        final Attenuation.Verdict v = Attenuation.within(child, parent);
        byte[] witness = null;
        for (final byte[] s : STRINGS) {
            if (child.matches(s, 0, s.length) && !parent.matches(s, 0, s.length)) {
                witness = s;
            }
        }
        if (v == Attenuation.Verdict.WITHIN) {
            final byte[] w = witness;
            assertEquals(null, w, () -> child + " said within " + parent + " but "
                + new String(w, StandardCharsets.UTF_8) + " is not");
        }
        if (v == Attenuation.Verdict.WIDER) {
            assertTrue(witness != null, () -> child + " said wider than " + parent);
        }
    }

    @Property(tries = 2000)
    void shouldCallNumberConstraintsDisjointExactlyWhenNoValueMeetsBoth(@ForAll final long seed) {
        final Random rnd = new Random(seed);
        final Constraint a = number(rnd);
        final Constraint b = number(rnd);
        boolean shared = false;
        for (long x = -NUMBER_UNIVERSE; x <= NUMBER_UNIVERSE; x++) {
            shared |= a.matches(x) && b.matches(x);
        }
        assertEquals(!shared, Attenuation.disjoint(a, b), () -> a + " disjoint from " + b);
    }

    @Property(tries = 2000)
    void shouldNeverCallStringConstraintsDisjointWhenAValueMeetsBoth(@ForAll final long seed) {
        final Random rnd = new Random(seed);
        final Constraint a = string(rnd);
        final Constraint b = string(rnd);
        if (Attenuation.disjoint(a, b)) {
            for (final byte[] s : STRINGS) {
                assertTrue(!(a.matches(s, 0, s.length) && b.matches(s, 0, s.length)),
                    () -> a + " said disjoint from " + b + " but both hold " + new String(s, StandardCharsets.UTF_8));
            }
        }
    }

    @Property(tries = 1000)
    void shouldMatchAsJavaRegexDoes(@ForAll final long seed) {
        final Random rnd = new Random(seed);
        final String pattern = regex(rnd, 3);
        final LinearRegex linear = LinearRegex.compile(pattern);
        final Pattern java = Pattern.compile(pattern);
        for (final byte[] s : STRINGS) {
            final String text = new String(s, StandardCharsets.UTF_8);
            assertEquals(java.matcher(text).matches(), linear.matches(s, 0, s.length),
                () -> "'" + pattern + "' on '" + text + "'");
        }
    }

    @Property(tries = 1000)
    void shouldMatchGlobsAsTheirRegexDoes(@ForAll final long seed) {
        final Random rnd = new Random(seed);
        final String g = glob(rnd);
        final Pattern java = Pattern.compile(g.replace("-", "\\-").replace("?", ".").replace("*", ".*"));
        final Glob glob = Glob.compile(g);
        for (final byte[] s : STRINGS) {
            assertEquals(java.matcher(new String(s, StandardCharsets.UTF_8)).matches(), glob.matches(s, 0, s.length),
                () -> g + " on " + new String(s, StandardCharsets.UTF_8));
        }
    }

    private static Constraint number(final Random rnd) {
        final int kind = rnd.nextInt(3);
        if (kind == 0) {
            final long lo = rnd.nextInt(41) - 20;
            final long hi = lo + rnd.nextInt(15);
            return Constraint.range("range [" + lo + ", " + hi + "]", lo, hi);
        }
        final long[] values = new long[kind == 1 ? 1 : 2 + rnd.nextInt(4)];
        for (int i = 0; i < values.length; i++) {
            values[i] = rnd.nextInt(41) - 20;
        }
        return Constraint.numbers("values " + java.util.Arrays.toString(values), values);
    }

    private static Constraint string(final Random rnd) {
        switch (rnd.nextInt(5)) {
            case 0:
                final List<String> values = new ArrayList<>();
                final int n = 1 + rnd.nextInt(3);
                for (int i = 0; i < n; i++) {
                    values.add(word(rnd, 4));
                }
                return Constraint.strings("one_of " + values, values);
            case 1:
                final String p = word(rnd, 2);
                return Constraint.prefix("prefix '" + p + "'", p);
            case 2:
                final String g = glob(rnd);
                return Constraint.glob("glob '" + g + "'", Glob.compile(g));
            default:
                final String r = regex(rnd, 2);
                return Constraint.regex("regex '" + r + "'", LinearRegex.compile(r));
        }
    }

    private static String word(final Random rnd, final int max) {
        final StringBuilder sb = new StringBuilder();
        final int n = rnd.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            sb.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private static String glob(final Random rnd) {
        final String symbols = ALPHABET + "*?";
        final StringBuilder sb = new StringBuilder();
        final int n = rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
            sb.append(symbols.charAt(rnd.nextInt(symbols.length())));
        }
        return sb.toString();
    }

    private static String regex(final Random rnd, final int depth) {
        final int choice = depth == 0 ? rnd.nextInt(3) : rnd.nextInt(9);
        switch (choice) {
            case 0:
                return String.valueOf("ab".charAt(rnd.nextInt(2)));
            case 1:
                return rnd.nextBoolean() ? "[ab]" : "\\-";
            case 2:
                return rnd.nextBoolean() ? "." : "[^a]";
            case 3:
                return regex(rnd, depth - 1) + regex(rnd, depth - 1);
            case 4:
                return "(" + regex(rnd, depth - 1) + "|" + regex(rnd, depth - 1) + ")";
            case 5:
                return "(" + regex(rnd, depth - 1) + ")*";
            case 6:
                return "(" + regex(rnd, depth - 1) + ")+";
            case 7:
                return "(" + regex(rnd, depth - 1) + ")?";
            default:
                final int m = rnd.nextInt(3);
                return "(?:" + regex(rnd, depth - 1) + "){" + m + (rnd.nextBoolean() ? "," : "," + (m + rnd.nextInt(2)))
                    + "}";
        }
    }

    private static List<byte[]> strings(final int maxLength) {
        final List<byte[]> out = new ArrayList<>();
        out.add(new byte[0]);
        int from = 0;
        for (int len = 1; len <= maxLength; len++) {
            final int to = out.size();
            for (int i = from; i < to; i++) {
                for (int c = 0; c < ALPHABET.length(); c++) {
                    final byte[] prev = out.get(i);
                    final byte[] next = java.util.Arrays.copyOf(prev, prev.length + 1);
                    next[prev.length] = (byte) ALPHABET.charAt(c);
                    out.add(next);
                }
            }
            from = to;
        }
        return out;
    }
}
