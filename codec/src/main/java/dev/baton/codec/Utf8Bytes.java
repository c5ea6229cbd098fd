package dev.baton.codec;

/**
 * UTF-8 on a plain {@code byte[]}, with no Agrona type anywhere in its signatures, so that the portable
 * warrant classes and the offline verifier can use it in a JVM without Agrona: validation (RFC 3629, no
 * overlongs, no surrogates, nothing above U+10FFFF) and writing a {@link CharSequence} (an unpaired
 * surrogate becomes {@code '?'}, as {@code String.getBytes(UTF_8)} does). {@link Utf8Text} uses the same
 * validation for Agrona buffers. {@link #putReplacing} is the tool-call arguments' encoder (core's
 * {@code ToolArguments}, the verifier's {@code CallArguments}).
 *
 * <p><b>Note:</b> stateless and thread-safe; allocates nothing.
 */
public final class Utf8Bytes {
    private Utf8Bytes() {
    }

    /**
     * Writes {@code text} as UTF-8 into {@code dst[at, limit)}, an unpaired surrogate as U+FFFD.
     *
     * @param text  the text.
     * @param dst   where the bytes go.
     * @param at    the first byte.
     * @param limit one past the last byte that may be written.
     * @return where the bytes end; -1 when they do not fit (bytes up to {@code limit} may have been written).
     */
    public static int putReplacing(final CharSequence text, final byte[] dst, final int at, final int limit) {
        int p = at;
        for (int k = 0, n = text.length(); k < n; k++) {
            final char c = text.charAt(k);
            final int cp;
            if (Character.isHighSurrogate(c) && k + 1 < n && Character.isLowSurrogate(text.charAt(k + 1))) {
                cp = Character.toCodePoint(c, text.charAt(++k));
            } else {
                cp = Character.isSurrogate(c) ? 0xFFFD : c;
            }
            final int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (limit - p < size) {
                return -1;
            }
            if (size == 1) {
                dst[p++] = (byte)cp;
            } else if (size == 2) {
                dst[p++] = (byte)(0xC0 | cp >> 6);
                dst[p++] = (byte)(0x80 | cp & 0x3F);
            } else if (size == 3) {
                dst[p++] = (byte)(0xE0 | cp >> 12);
                dst[p++] = (byte)(0x80 | cp >> 6 & 0x3F);
                dst[p++] = (byte)(0x80 | cp & 0x3F);
            } else {
                dst[p++] = (byte)(0xF0 | cp >> 18);
                dst[p++] = (byte)(0x80 | cp >> 12 & 0x3F);
                dst[p++] = (byte)(0x80 | cp >> 6 & 0x3F);
                dst[p++] = (byte)(0x80 | cp & 0x3F);
            }
        }
        return p;
    }

    /** @return whether {@code src[off, off + len)} is well-formed UTF-8. */
    static boolean isWellFormed(final byte[] src, final int off, final int len) {
        int i = off;
        final int end = off + len;
        while (i < end) {
            final int n = sequenceLength(src[i] & 0xFF, end - i, i + 1 < end ? src[i + 1] & 0xFF : 0);
            if (n == 0) {
                return false;
            }
            for (int k = 2; k < n; k++) {
                if ((src[i + k] & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += n;
        }
        return true;
    }

    /** Bytes {@code text} takes as UTF-8, as {@link #put} writes it. */
    static int encodedLength(final CharSequence text) {
        int n = 0;
        for (int i = 0, len = text.length(); i < len; i++) {
            final char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(text.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += c < 0x80 || Character.isSurrogate(c) ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        return n;
    }

    /** Writes {@code text} as UTF-8 at {@code at} (the caller checked the room); returns bytes written. */
    static int put(final byte[] dst, final int at, final CharSequence text) {
        int p = at;
        for (int i = 0, len = text.length(); i < len; i++) {
            final int c = codePointAt(text, i);
            i += c >= 0x10000 ? 1 : 0; // a surrogate pair: two chars
            if (c < 0x80) {
                dst[p++] = (byte)c;
            } else if (c < 0x800) {
                dst[p++] = (byte)(0xC0 | (c >> 6));
                dst[p++] = (byte)(0x80 | (c & 0x3F));
            } else if (c < 0x10000) {
                dst[p++] = (byte)(0xE0 | (c >> 12));
                dst[p++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                dst[p++] = (byte)(0x80 | (c & 0x3F));
            } else {
                dst[p++] = (byte)(0xF0 | (c >> 18));
                dst[p++] = (byte)(0x80 | ((c >> 12) & 0x3F));
                dst[p++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                dst[p++] = (byte)(0x80 | (c & 0x3F));
            }
        }
        return p - at;
    }

    /**
     * @return the code point at {@code i}: a surrogate pair's (then the caller skips {@code i + 1}), the
     *     char itself, or {@code '?'} for an unpaired surrogate, as {@code String.getBytes(UTF_8)} writes it.
     */
    static int codePointAt(final CharSequence text, final int i) {
        final char c = text.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
            return Character.toCodePoint(c, text.charAt(i + 1));
        }
        return Character.isSurrogate(c) ? '?' : c;
    }

    /**
     * Length of the UTF-8 sequence starting with {@code b0} whose second byte is {@code b1}, or 0 if
     * ill-formed (RFC 3629 table: no overlongs, no surrogates, nothing above U+10FFFF).
     */
    static int sequenceLength(final int b0, final int remaining, final int b1) {
        if (b0 < 0x80) {
            return 1;
        }
        final int n;
        final int lo;
        final int hi;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            n = 2; lo = 0x80; hi = 0xBF;
        } else if (b0 == 0xE0) {
            n = 3; lo = 0xA0; hi = 0xBF;
        } else if (b0 >= 0xE1 && b0 <= 0xEC || b0 == 0xEE || b0 == 0xEF) {
            n = 3; lo = 0x80; hi = 0xBF;
        } else if (b0 == 0xED) {
            n = 3; lo = 0x80; hi = 0x9F;
        } else if (b0 == 0xF0) {
            n = 4; lo = 0x90; hi = 0xBF;
        } else if (b0 >= 0xF1 && b0 <= 0xF3) {
            n = 4; lo = 0x80; hi = 0xBF;
        } else if (b0 == 0xF4) {
            n = 4; lo = 0x80; hi = 0x8F;
        } else {
            return 0;
        }
        if (remaining < n || b1 < lo || b1 > hi) {
            return 0;
        }
        return n;
    }
}
