package dev.baton.constraint;

/**
 * Byte classes (256-bit sets as four {@code long}s) for {@link RegexBuilder}: single bytes, {@code .},
 * the escapes {@code \d \w \s} and bracket classes over ASCII.
 * <p>
 * <b>Note:</b> stateless; compile time only.
 */
final class RegexClasses {
    private RegexClasses() {
    }

    static long[] single(final int b) {
        final long[] s = new long[4];
        s[b >>> 6] |= 1L << b;
        return s;
    }

    static long[] all() {
        return new long[] {-1L, -1L, -1L, -1L};
    }

    static long[] escape(final RegexBuilder b) {
        final int c = b.next("an escape");
        switch (c) {
            case 'd':
                return range(new long[4], '0', '9');
            case 'w':
                return word(new long[4]);
            case 's':
                final long[] s = new long[4];
                for (final char w : new char[] {' ', '\t', '\n', '\r', '\f', 0x0b}) {
                    s[0] |= 1L << w;
                }
                return s;
            default:
                if (c >= '1' && c <= '9') {
                    throw b.bad("backreferences (\\" + (char) c + ") are not supported");
                }
                if (Character.isLetterOrDigit(c) || c >= 0x80) {
                    throw b.bad("escape \\" + (char) c + " is not supported (only \\d, \\w, \\s and escaped punctuation)");
                }
                return single(c);
        }
    }

    /** A bracket class after its {@code [}: {@code [^a-z_]}. */
    static long[] bracket(final RegexBuilder b) {
        final long[] s = new long[4];
        final boolean negated = b.peek() == '^';
        if (negated) {
            b.next("a class");
        }
        boolean firstItem = true;
        while (true) {
            int c = b.next("a class");
            if (c == ']' && !firstItem) {
                break;
            }
            firstItem = false;
            if (c == '\\') {
                final long[] e = escape(b);
                for (int i = 0; i < 4; i++) {
                    s[i] |= e[i];
                }
                continue;
            }
            if (c >= 0x80) {
                throw b.bad("a class holds ASCII characters only");
            }
            if (b.peek() == '-') {
                b.next("a class");
                if (b.peek() == ']') {
                    range(s, c, c);
                    range(s, '-', '-');
                    continue;
                }
                final int hi = b.next("a class");
                if (hi < c || hi >= 0x80) {
                    throw b.bad("class range " + (char) c + "-" + (char) hi + " is reversed or not ASCII");
                }
                range(s, c, hi);
            } else {
                range(s, c, c);
            }
        }
        if (negated) {
            for (int i = 0; i < 4; i++) {
                s[i] = ~s[i];
            }
        }
        return s;
    }

    private static long[] range(final long[] s, final int lo, final int hi) {
        for (int c = lo; c <= hi; c++) {
            s[c >>> 6] |= 1L << c;
        }
        return s;
    }

    private static long[] word(final long[] s) {
        range(s, 'a', 'z');
        range(s, 'A', 'Z');
        range(s, '0', '9');
        return range(s, '_', '_');
    }
}
