package dev.baton.policy;

/**
 * Durations as written in policy files: a positive decimal integer followed by one unit, {@code ms},
 * {@code s}, {@code m}, {@code h} or {@code d} ({@code 500ms}, {@code 90s}, {@code 15m}, {@code 1h},
 * {@code 2d}). No sign, no spaces, no fractions, no compound forms ({@code 1h30m}).
 * <p>
 * <b>Note:</b> stateless and thread-safe. {@link #parseMillis(CharSequence)} allocates nothing on
 * success; errors and {@link #format(long)} allocate.
 */
public final class Durations {
    /** Milliseconds in a second. */
    public static final long SECOND = 1_000L;
    /** Milliseconds in a minute. */
    public static final long MINUTE = 60 * SECOND;
    /** Milliseconds in an hour. */
    public static final long HOUR = 60 * MINUTE;
    /** Milliseconds in a day. */
    public static final long DAY = 24 * HOUR;

    /** What a duration looks like, for error messages. */
    public static final String EXPECTED =
        "a duration: a positive integer followed by ms, s, m, h or d (500ms, 90s, 15m, 1h, 2d)";

    private static final int MAX_DIGITS = 15;

    private Durations() {
    }

    /**
     * @param text the duration as written.
     * @return the duration in milliseconds, always positive.
     * @throws IllegalArgumentException naming the expected form when {@code text} is not a duration
     *                                  or does not fit in a {@code long} of milliseconds.
     */
    public static long parseMillis(final CharSequence text) {
        final int length = text.length();
        int i = 0;
        long value = 0;
        while (i < length && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            if (i == MAX_DIGITS) {
                throw bad(text);
            }
            value = value * 10 + (text.charAt(i) - '0');
            i++;
        }
        if (i == 0 || value == 0) {
            throw bad(text);
        }
        final long unit = unit(text, i, length);
        if (unit == 0) {
            throw bad(text);
        }
        try {
            return Math.multiplyExact(value, unit);
        } catch (final ArithmeticException ex) {
            throw bad(text);
        }
    }

    /**
     * Formats a duration in the largest unit that represents it exactly; {@code parseMillis(format(x)) == x}.
     *
     * @param millis a positive number of milliseconds.
     * @return e.g. {@code 15m} for 900000.
     * @throws IllegalArgumentException if {@code millis} is not positive.
     */
    public static String format(final long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException("duration must be positive, found " + millis + "ms");
        }
        if (millis % DAY == 0) {
            return millis / DAY + "d";
        }
        if (millis % HOUR == 0) {
            return millis / HOUR + "h";
        }
        if (millis % MINUTE == 0) {
            return millis / MINUTE + "m";
        }
        if (millis % SECOND == 0) {
            return millis / SECOND + "s";
        }
        return millis + "ms";
    }

    private static long unit(final CharSequence text, final int from, final int length) {
        final int n = length - from;
        if (n == 1) {
            switch (text.charAt(from)) {
                case 's':
                    return SECOND;
                case 'm':
                    return MINUTE;
                case 'h':
                    return HOUR;
                case 'd':
                    return DAY;
                default:
                    return 0;
            }
        }
        if (n == 2 && text.charAt(from) == 'm' && text.charAt(from + 1) == 's') {
            return 1;
        }
        return 0;
    }

    private static IllegalArgumentException bad(final CharSequence text) {
        return new IllegalArgumentException("expected " + EXPECTED + ", found '" + text + "'");
    }
}
