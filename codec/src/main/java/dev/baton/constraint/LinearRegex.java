package dev.baton.constraint;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A regular expression in the linear-time form, matched against UTF-8 bytes: always in time linear in
 * the input (at most 64 positions are tracked as one {@code long}), never by backtracking. The whole
 * value must match (as {@code String.matches}).
 * <p>
 * Accepted: literal characters (a non-ASCII character stands for its UTF-8 bytes), escapes {@code \.}
 * and the like for any punctuation, {@code \d}, {@code \w}, {@code \s}, {@code .} (any one byte),
 * classes {@code [a-z0-9_-]} and {@code [^...]} over ASCII, groups {@code (...)} and {@code (?:...)},
 * alternation {@code |}, quantifiers {@code *}, {@code +}, {@code ?}, {@code {m}}, {@code {m,}},
 * {@code {m,n}} (n at most 16), and {@code ^} at the start and {@code $} at the end (no-ops: the whole
 * value always matches). Refused, with a message saying which: backreferences, lookaround, lazy and
 * possessive quantifiers, flags, and patterns needing more than {@value #MAX_POSITIONS} positions.
 * <p>
 * Built as a Glushkov automaton: a set of positions, the positions that may come first, last, and which
 * may follow which; a byte moves the set by one OR per live position and one AND with the byte's mask.
 * <p>
 * <b>Note:</b> immutable and thread-safe once compiled; {@link #matches} allocates nothing.
 */
public final class LinearRegex {
    /** Most character positions a pattern may hold (one bit each of a {@code long}). */
    public static final int MAX_POSITIONS = 64;
    /** Largest bound of a counted repetition {@code {m,n}}. */
    public static final int MAX_REPEAT = 16;

    private final String pattern;
    private final boolean nullable;
    private final long first;
    private final long last;
    private final long[] follow;
    /** By byte value: the positions whose class holds it. */
    private final long[] byteMask;

    private LinearRegex(final String pattern, final RegexBuilder b, final RegexBuilder.Frag f) {
        this.pattern = pattern;
        this.nullable = f.nullable;
        this.first = f.first;
        this.last = f.last;
        this.follow = Arrays.copyOf(b.follow, b.positions);
        this.byteMask = b.byteMasks();
    }

    /**
     * Compiles a pattern.
     *
     * @param pattern the pattern text.
     * @return the compiled pattern.
     * @throws IllegalArgumentException if it is not in the linear-time form; the message says why and where.
     */
    public static LinearRegex compile(final String pattern) {
        final RegexBuilder b = new RegexBuilder(pattern);
        return new LinearRegex(pattern, b, b.build());
    }

    /** @return the pattern as written. */
    public String pattern() {
        return pattern;
    }

    /** @return whether the empty value matches. */
    public boolean nullable() {
        return nullable;
    }

    /** @return the number of character positions of the automaton (bits 0 to this - 1 of its sets). */
    public int positions() {
        return follow.length;
    }

    /** @return the positions the first byte of a value may match. */
    public long first() {
        return first;
    }

    /** @return the positions a value may end on: it matches when its last byte leaves one of them live. */
    public long last() {
        return last;
    }

    /**
     * @param position a position, 0 to {@link #positions()} - 1.
     * @return the positions that may come right after it.
     */
    public long follow(final int position) {
        return follow[position];
    }

    /**
     * The automaton read by {@link #matches(byte[], int, int)}, for compiling it into another form (such as a
     * table over bytes).
     *
     * @param b a byte value, 0 to 255.
     * @return the positions whose class holds it.
     */
    public long positionsOf(final int b) {
        return byteMask[b];
    }

    /**
     * @param value UTF-8 bytes.
     * @param off   first byte.
     * @param len   number of bytes.
     * @return whether the whole of {@code value[off, off + len)} matches.
     */
    public boolean matches(final byte[] value, final int off, final int len) {
        if (len == 0) {
            return nullable;
        }
        long cur = first & byteMask[value[off] & 0xff];
        for (int i = 1; i < len && cur != 0; i++) {
            long next = 0;
            for (long c = cur; c != 0; c &= c - 1) {
                next |= follow[Long.numberOfTrailingZeros(c)];
            }
            cur = next & byteMask[value[off + i] & 0xff];
        }
        return (cur & last) != 0;
    }

    /**
     * @param value a string, matched on its UTF-8 bytes (allocates; for set-up and tests).
     * @return whether it matches.
     */
    public boolean matches(final String value) {
        final byte[] b = value.getBytes(StandardCharsets.UTF_8);
        return matches(b, 0, b.length);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof LinearRegex && ((LinearRegex) o).pattern.equals(pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
