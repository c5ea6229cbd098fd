package dev.baton.constraint;

import java.nio.charset.StandardCharsets;

/**
 * Parses a pattern of {@link LinearRegex}'s form and builds its Glushkov automaton by recursive descent:
 * each character class met becomes a fresh position (a counted repetition builds its operand again, so
 * it takes fresh positions for each copy).
 * <p>
 * <b>Note:</b> not thread-safe; one instance per pattern; compile time only.
 */
final class RegexBuilder {
    /** First, last and nullability of a sub-pattern. */
    static final class Frag {
        boolean nullable;
        long first;
        long last;

        Frag(final boolean nullable, final long first, final long last) {
            this.nullable = nullable;
            this.first = first;
            this.last = last;
        }
    }

    private final String text;
    private final byte[] src;
    private int at;
    final long[] follow = new long[LinearRegex.MAX_POSITIONS];
    /** By position: its byte class, 256 bits. */
    private final long[][] classes = new long[LinearRegex.MAX_POSITIONS][];
    int positions;

    RegexBuilder(final String pattern) {
        this.text = pattern;
        this.src = pattern.getBytes(StandardCharsets.UTF_8);
    }

    Frag build() {
        if (at < src.length && src[at] == '^') {
            at++;
        }
        final Frag f = alternation();
        if (at < src.length && src[at] == '$' && at == src.length - 1) {
            at++;
        }
        if (at < src.length) {
            throw bad(src[at] == ')' ? "unbalanced ')'" : "unexpected '" + (char) src[at] + "'");
        }
        return f;
    }

    long[] byteMasks() {
        final long[] masks = new long[256];
        for (int p = 0; p < positions; p++) {
            for (int b = 0; b < 256; b++) {
                if ((classes[p][b >>> 6] & (1L << b)) != 0) {
                    masks[b] |= 1L << p;
                }
            }
        }
        return masks;
    }

    private Frag alternation() {
        Frag f = sequence();
        while (at < src.length && src[at] == '|') {
            at++;
            final Frag g = sequence();
            f = new Frag(f.nullable || g.nullable, f.first | g.first, f.last | g.last);
        }
        return f;
    }

    private Frag sequence() {
        Frag f = new Frag(true, 0, 0);
        while (at < src.length && src[at] != '|' && src[at] != ')') {
            if (src[at] == '$' && at == src.length - 1) {
                break;
            }
            f = concat(f, repeated());
        }
        return f;
    }

    private Frag concat(final Frag a, final Frag b) {
        link(a.last, b.first);
        return new Frag(a.nullable && b.nullable, a.nullable ? a.first | b.first : a.first,
            b.nullable ? a.last | b.last : b.last);
    }

    private void link(final long from, final long to) {
        for (long c = from; c != 0; c &= c - 1) {
            follow[Long.numberOfTrailingZeros(c)] |= to;
        }
    }

    private Frag repeated() {
        final int start = at;
        Frag f = atom();
        if (at >= src.length || !quantifier(src[at])) {
            return f;
        }
        final byte q = src[at++];
        if (at < src.length && (src[at] == '?' || src[at] == '+') && q != '{') {
            throw bad("lazy and possessive quantifiers (" + (char) q + (char) src[at] + ") are not supported");
        }
        if (q == '*' || q == '+') {
            link(f.last, f.first);
            f = new Frag(q == '*' || f.nullable, f.first, f.last);
        } else if (q == '?') {
            f = new Frag(true, f.first, f.last);
        } else {
            f = counted(start, f);
        }
        if (at < src.length && quantifier(src[at])) {
            throw bad("stacked quantifiers are not supported: group the operand, e.g. (a{2})*");
        }
        return f;
    }

    private static boolean quantifier(final byte c) {
        return c == '*' || c == '+' || c == '?' || c == '{';
    }

    /** {@code {m}}, {@code {m,}}, {@code {m,n}} after an atom that started at {@code start}. */
    private Frag counted(final int start, final Frag once) {
        final int min = number();
        int max = min;
        boolean open = false;
        if (at < src.length && src[at] == ',') {
            at++;
            open = at < src.length && src[at] == '}';
            max = open ? min : number();
        }
        if (at >= src.length || src[at] != '}') {
            throw bad("expected '}' to close a counted repetition");
        }
        at++;
        if (max < min || max > LinearRegex.MAX_REPEAT) {
            throw bad("a counted repetition needs 0 <= m <= n <= " + LinearRegex.MAX_REPEAT);
        }
        if (max == 0 && !open) {
            return new Frag(true, 0, 0);
        }
        Frag f = new Frag(true, 0, 0);
        Frag copy = once;
        for (int i = 0; i < Math.max(max, 1); i++) {
            if (i > 0) {
                copy = again(start);
            }
            f = concat(f, i < min ? copy : new Frag(true, copy.first, copy.last));
        }
        if (open) {
            link(copy.last, copy.first);
        }
        return f;
    }

    /** Builds the atom starting at {@code start} again with fresh positions (its quantifier excluded). */
    private Frag again(final int start) {
        final int saved = at;
        at = start;
        final Frag f = atom();
        at = saved;
        return f;
    }

    private int number() {
        int n = 0;
        int digits = 0;
        while (at < src.length && src[at] >= '0' && src[at] <= '9' && digits < 3) {
            n = n * 10 + (src[at++] - '0');
            digits++;
        }
        if (digits == 0) {
            throw bad("expected a number in a counted repetition");
        }
        return n;
    }

    private Frag atom() {
        if (at >= src.length) {
            throw bad("the pattern ends where a character or group was expected");
        }
        final byte c = src[at++];
        switch (c) {
            case '(':
                return group();
            case '[':
                return position(RegexClasses.bracket(this));
            case '.':
                return position(RegexClasses.all());
            case '\\':
                return position(RegexClasses.escape(this));
            case '*': case '+': case '?': case '{':
                throw bad("quantifier '" + (char) c + "' has nothing to repeat");
            case '^': case '$':
                throw bad("'" + (char) c + "' is allowed only at the start or the end: the whole value always matches");
            default:
                return literal(c);
        }
    }

    private Frag group() {
        if (at < src.length && src[at] == '?') {
            if (at + 1 < src.length && src[at + 1] == ':') {
                at += 2;
            } else {
                throw bad("lookaround, named groups and flags ((?...)) are not supported");
            }
        }
        final Frag f = alternation();
        if (at >= src.length || src[at] != ')') {
            throw bad("unbalanced '('");
        }
        at++;
        return f;
    }

    /** A literal byte; a multi-byte UTF-8 character becomes one position per byte, in sequence. */
    private Frag literal(final byte c) {
        Frag f = position(RegexClasses.single(c & 0xff));
        while ((c & 0x80) != 0 && at < src.length && (src[at] & 0xc0) == 0x80) {
            f = concat(f, position(RegexClasses.single(src[at++] & 0xff)));
        }
        return f;
    }

    private Frag position(final long[] cls) {
        if (positions == LinearRegex.MAX_POSITIONS) {
            throw bad("more than " + LinearRegex.MAX_POSITIONS + " character positions (counted repetitions"
                + " count each copy)");
        }
        classes[positions] = cls;
        final long bit = 1L << positions++;
        return new Frag(false, bit, bit);
    }

    /** @return the next pattern byte, consumed; fails at the end. */
    int next(final String what) {
        if (at >= src.length) {
            throw bad("the pattern ends inside " + what);
        }
        return src[at++] & 0xff;
    }

    /** @return the next pattern byte without consuming it, or -1 at the end. */
    int peek() {
        return at < src.length ? src[at] & 0xff : -1;
    }

    IllegalArgumentException bad(final String why) {
        return new IllegalArgumentException("regular expression '" + text + "' is outside the linear-time form: "
            + why + " (at character " + Math.min(at, src.length) + ")");
    }
}
