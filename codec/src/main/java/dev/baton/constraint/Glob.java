package dev.baton.constraint;

import java.nio.charset.StandardCharsets;

/**
 * A glob pattern over UTF-8 bytes: {@code *} matches any run of bytes (possibly empty), {@code ?} any one
 * byte, {@code \*}, {@code \?} and {@code \\} themselves, anything else itself. The whole value must match.
 * Matching keeps one fall-back point (the last {@code *}), so it takes at most pattern length × value
 * length steps and never backtracks further.
 * <p>
 * <b>Note:</b> immutable and thread-safe; {@link #matches} allocates nothing.
 */
public final class Glob {
    private static final byte STAR = 1;
    private static final byte ONE = 2;
    private static final byte LITERAL = 0;

    private final String pattern;
    private final byte[] bytes;
    private final byte[] kinds;

    private Glob(final String pattern, final byte[] bytes, final byte[] kinds) {
        this.pattern = pattern;
        this.bytes = bytes;
        this.kinds = kinds;
    }

    /**
     * @param pattern the glob as written.
     * @return the compiled glob.
     * @throws IllegalArgumentException if it ends with a lone {@code \} or escapes another character.
     */
    public static Glob compile(final String pattern) {
        final byte[] src = pattern.getBytes(StandardCharsets.UTF_8);
        final byte[] b = new byte[src.length];
        final byte[] k = new byte[src.length];
        int n = 0;
        for (int i = 0; i < src.length; i++) {
            final byte c = src[i];
            if (c == '\\') {
                if (i + 1 >= src.length || src[i + 1] != '*' && src[i + 1] != '?' && src[i + 1] != '\\') {
                    throw new IllegalArgumentException("glob '" + pattern + "': a backslash escapes only *, ? or \\");
                }
                b[n] = src[++i];
                k[n++] = LITERAL;
            } else {
                b[n] = c;
                k[n++] = c == '*' ? STAR : c == '?' ? ONE : LITERAL;
            }
        }
        return new Glob(pattern, java.util.Arrays.copyOf(b, n), java.util.Arrays.copyOf(k, n));
    }

    /** @return the pattern as written. */
    public String pattern() {
        return pattern;
    }

    /** @return the literal bytes before the first wildcard (a fresh array). */
    public byte[] literalPrefix() {
        int n = 0;
        while (n < kinds.length && kinds[n] == LITERAL) {
            n++;
        }
        return java.util.Arrays.copyOf(bytes, n);
    }

    /** @return whether the pattern has no wildcard (it matches exactly one value). */
    public boolean isLiteral() {
        return literalPrefix().length == kinds.length;
    }

    /** @return whether the pattern is a literal prefix followed by one {@code *} and nothing else. */
    public boolean isPrefixForm() {
        final int n = literalPrefix().length;
        return n == kinds.length - 1 && kinds[n] == STAR;
    }

    /**
     * @param value UTF-8 bytes.
     * @param off   first byte.
     * @param len   number of bytes.
     * @return whether the whole value matches.
     */
    public boolean matches(final byte[] value, final int off, final int len) {
        int p = 0;
        int v = 0;
        int starP = -1;
        int starV = 0;
        while (v < len) {
            if (p < kinds.length && kinds[p] == STAR) {
                starP = p++;
                starV = v;
            } else if (p < kinds.length && (kinds[p] == ONE || bytes[p] == value[off + v])) {
                p++;
                v++;
            } else if (starP >= 0) {
                p = starP + 1;
                v = ++starV;
            } else {
                return false;
            }
        }
        while (p < kinds.length && kinds[p] == STAR) {
            p++;
        }
        return p == kinds.length;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
