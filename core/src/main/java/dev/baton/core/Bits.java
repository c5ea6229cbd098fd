package dev.baton.core;

/**
 * Bitset arithmetic over {@code long[]} words at offsets, so that scopes stored inline in the grant
 * registry and in compiled tables are compared without copying.
 * <p>
 * <b>Note:</b> stateless, thread-safe, allocation-free.
 */
final class Bits {
    /** Returned by the {@code first*} methods when no bit is found. */
    static final int NONE = -1;

    private Bits() {
    }

    /** Number of 64-bit words needed for {@code bits} bits; at least one. */
    static int words(final int bits) {
        return Math.max(1, (bits + 63) >>> 6);
    }

    static boolean get(final long[] a, final int aOff, final int bit) {
        return (a[aOff + (bit >>> 6)] & (1L << bit)) != 0;
    }

    static void set(final long[] a, final int aOff, final int bit) {
        a[aOff + (bit >>> 6)] |= 1L << bit;
    }

    /** Index of the first bit set in {@code a} but not in {@code b}, or {@link #NONE}: a ⊆ b iff NONE. */
    static int firstNotIn(final long[] a, final int aOff, final long[] b, final int bOff, final int words) {
        for (int i = 0; i < words; i++) {
            final long outside = a[aOff + i] & ~b[bOff + i];
            if (outside != 0) {
                return (i << 6) + Long.numberOfTrailingZeros(outside);
            }
        }
        return NONE;
    }

    /** Index of the first bit set in {@code a} and missing from {@code b AND c}, or {@link #NONE}. */
    static int firstNotInBoth(final long[] a, final int aOff, final long[] b, final int bOff, final long[] c,
                              final int cOff, final int words) {
        for (int i = 0; i < words; i++) {
            final long outside = a[aOff + i] & ~(b[bOff + i] & c[cOff + i]);
            if (outside != 0) {
                return (i << 6) + Long.numberOfTrailingZeros(outside);
            }
        }
        return NONE;
    }

    /** Index of the first bit set in both {@code a} and {@code b}, or {@link #NONE}. */
    static int firstCommon(final long[] a, final int aOff, final long[] b, final int bOff, final int words) {
        for (int i = 0; i < words; i++) {
            final long common = a[aOff + i] & b[bOff + i];
            if (common != 0) {
                return (i << 6) + Long.numberOfTrailingZeros(common);
            }
        }
        return NONE;
    }

    /** Index of the lowest bit set in {@code bits}, or {@link #NONE}. */
    static int first(final long bits) {
        return bits == 0 ? NONE : Long.numberOfTrailingZeros(bits);
    }

    static boolean isEmpty(final long[] a, final int aOff, final int words) {
        for (int i = 0; i < words; i++) {
            if (a[aOff + i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** dst = a AND b, word by word. */
    static void and(final long[] a, final int aOff, final long[] b, final int bOff, final long[] dst, final int dOff,
                    final int words) {
        for (int i = 0; i < words; i++) {
            dst[dOff + i] = a[aOff + i] & b[bOff + i];
        }
    }

    /** dst |= a, word by word. */
    static void or(final long[] a, final int aOff, final long[] dst, final int dOff, final int words) {
        for (int i = 0; i < words; i++) {
            dst[dOff + i] |= a[aOff + i];
        }
    }
}
