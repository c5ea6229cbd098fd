package dev.baton.constraint;

/**
 * Byte-array comparisons for constraints.
 * <p>
 * <b>Note:</b> stateless; allocation-free.
 */
final class Bytes {
    private Bytes() {
    }

    /** @return whether {@code b[off, off + len)} equals {@code a}. */
    static boolean equal(final byte[] a, final byte[] b, final int off, final int len) {
        if (a.length != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (a[i] != b[off + i]) {
                return false;
            }
        }
        return true;
    }

    /** @return whether {@code b[off, off + len)} starts with {@code prefix}. */
    static boolean startsWith(final byte[] b, final int off, final int len, final byte[] prefix) {
        if (len < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (prefix[i] != b[off + i]) {
                return false;
            }
        }
        return true;
    }
}
