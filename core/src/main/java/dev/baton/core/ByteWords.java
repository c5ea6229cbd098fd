package dev.baton.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Up to eight bytes of a value read as one little-endian word (byte {@code k} in bits {@code 8k..8k+7},
 * zero above the value), so that a short value or the fixed start of a pattern is compared in one step
 * instead of byte by byte. Reads through a {@link VarHandle} view of the array: bounds checked by the
 * JVM, no {@code Unsafe}.
 * <p>
 * <b>Note:</b> stateless and thread-safe; allocates nothing.
 */
final class ByteWords {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private ByteWords() {
    }

    /**
     * @param b   bytes.
     * @param off first byte.
     * @param len number of bytes, 0..8.
     * @return {@code b[off, off + len)} as a little-endian word, zero above them.
     */
    static long word(final byte[] b, final int off, final int len) {
        if (off + Long.BYTES <= b.length) {
            final long w = (long) LONG.get(b, off);
            return len >= Long.BYTES ? w : w & (1L << (len << 3)) - 1;
        }
        long w = 0;
        for (int k = len - 1; k >= 0; k--) {
            w = w << 8 | b[off + k] & 0xff;
        }
        return w;
    }
}
