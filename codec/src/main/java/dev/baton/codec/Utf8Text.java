package dev.baton.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Bounded UTF-8 text on the wire: {@code u16 length} then that many bytes of well-formed UTF-8.
 * Decoders refuse malformed UTF-8 so nothing ambiguous reaches the journal.
 */
final class Utf8Text {
    /** Most bytes a justification may hold. */
    static final int MAX_LENGTH = 1024;

    private Utf8Text() {
    }

    /**
     * Writes {@code src[off, off + len)} as length-prefixed text of at most {@code max} bytes; returns bytes
     * written.
     */
    static int put(
        final MutableDirectBuffer buffer, final int index, final byte[] src, final int off, final int len, final int max) {
        if (len < 0 || off < 0 || off + len > src.length || !isWellFormed(src, off, len)) {
            throw new IllegalArgumentException("text is not well-formed UTF-8 or out of its array: off=" + off + " length=" + len);
        }
        return VarBytes.put(buffer, index, src, off, len, max);
    }

    /**
     * Bytes {@code text} takes as UTF-8, as {@link #put(MutableDirectBuffer, int, CharSequence)} writes it:
     * an unpaired surrogate is written as {@code '?'} (one byte), as {@code String.getBytes(UTF_8)} does.
     */
    static int encodedLength(final CharSequence text) {
        return Utf8Bytes.encodedLength(text);
    }

    /**
     * Writes {@code text} as length-prefixed UTF-8 without allocating; returns bytes written.
     *
     * @throws IllegalArgumentException if it takes more than {@link #MAX_LENGTH} bytes.
     */
    static int put(final MutableDirectBuffer buffer, final int index, final CharSequence text) {
        final int ascii = putAscii(buffer, index, text);
        if (ascii >= 0) {
            return ascii;
        }
        final int length = encodedLength(text);
        if (length > MAX_LENGTH) {
            throw new IllegalArgumentException("length=" + length + " bound=" + MAX_LENGTH);
        }
        Bounds.requireCapacity(buffer, index, VarBytes.LENGTH_PREFIX + length);
        buffer.putShort(index, (short)length, ByteOrder.LITTLE_ENDIAN);
        int at = index + VarBytes.LENGTH_PREFIX;
        for (int i = 0, len = text.length(); i < len; i++) {
            final int c = Utf8Bytes.codePointAt(text, i);
            i += c >= 0x10000 ? 1 : 0; // a surrogate pair: two chars
            at += putCodePoint(buffer, at, c);
        }
        return VarBytes.LENGTH_PREFIX + length;
    }

    /**
     * The usual case in one pass: text all of whose chars are ASCII, each written as its byte.
     *
     * @return bytes written, or -1 (nothing promised about the bytes past the prefix) if a char is not
     *     ASCII or the text is longer than {@link #MAX_LENGTH}: the caller then writes it in full.
     */
    private static int putAscii(final MutableDirectBuffer buffer, final int index, final CharSequence text) {
        final int n = text.length();
        if (n > MAX_LENGTH) {
            return -1;
        }
        Bounds.requireCapacity(buffer, index, VarBytes.LENGTH_PREFIX + n);
        final int at = index + VarBytes.LENGTH_PREFIX;
        final byte[] array = buffer.byteArray();
        if (array != null && text instanceof String) { // the usual case: a String into the engine's heap buffer
            final String string = (String)text;
            buffer.boundsCheck(at, n); // once, whatever baton.bounds.checks says: the loop writes the array
            final int base = buffer.wrapAdjustment() + at;
            for (int i = 0; i < n; i++) { // Java's own array checks, which the JIT hoists out of the loop
                final char c = string.charAt(i);
                if (c >= 0x80) {
                    return -1;
                }
                array[base + i] = (byte)c;
            }
        } else {
            for (int i = 0; i < n; i++) {
                final char c = text.charAt(i);
                if (c >= 0x80) {
                    return -1;
                }
                buffer.putByte(at + i, (byte)c);
            }
        }
        buffer.putShort(index, (short)n, ByteOrder.LITTLE_ENDIAN);
        return VarBytes.LENGTH_PREFIX + n;
    }

    private static int putCodePoint(final MutableDirectBuffer buffer, final int at, final int c) {
        if (c < 0x80) {
            buffer.putByte(at, (byte)c);
            return 1;
        }
        if (c < 0x800) {
            buffer.putByte(at, (byte)(0xC0 | (c >> 6)));
            buffer.putByte(at + 1, (byte)(0x80 | (c & 0x3F)));
            return 2;
        }
        if (c < 0x10000) {
            buffer.putByte(at, (byte)(0xE0 | (c >> 12)));
            buffer.putByte(at + 1, (byte)(0x80 | ((c >> 6) & 0x3F)));
            buffer.putByte(at + 2, (byte)(0x80 | (c & 0x3F)));
            return 3;
        }
        buffer.putByte(at, (byte)(0xF0 | (c >> 18)));
        buffer.putByte(at + 1, (byte)(0x80 | ((c >> 12) & 0x3F)));
        buffer.putByte(at + 2, (byte)(0x80 | ((c >> 6) & 0x3F)));
        buffer.putByte(at + 3, (byte)(0x80 | (c & 0x3F)));
        return 4;
    }

    /**
     * Validates the text of at most {@code max} bytes at relative offset {@code at} of a message of
     * {@code length} bytes at {@code base}.
     */
    static CodecError check(
        final DirectBuffer buffer,
        final int base,
        final int at,
        final int length,
        final int max,
        final String field,
        final ErrorDetail detail) {
        final CodecError error = VarBytes.check(buffer, base, at, length, max, field, detail);
        if (error != CodecError.OK) {
            return error;
        }
        final int textLength = VarBytes.length(buffer, base + at);
        if (!isWellFormed(buffer, base + at + 2, textLength)) {
            return Bounds.fail(detail, CodecError.BAD_VALUE, field, at, textLength, max, 0);
        }
        return CodecError.OK;
    }

    /** Length of already validated text at absolute {@code index}. */
    static int length(final DirectBuffer buffer, final int index) {
        return VarBytes.length(buffer, index);
    }

    /** Copies already validated text into {@code dst}; returns its length. */
    static int copy(final DirectBuffer buffer, final int index, final byte[] dst, final int off) {
        final int len = length(buffer, index);
        buffer.getBytes(index + 2, dst, off, len);
        return len;
    }

    /** Already validated text as a String. Allocates. */
    static String string(final DirectBuffer buffer, final int index) {
        final byte[] bytes = new byte[length(buffer, index)];
        buffer.getBytes(index + 2, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static boolean isWellFormed(final byte[] src, final int off, final int len) {
        return Utf8Bytes.isWellFormed(src, off, len);
    }

    static boolean isWellFormed(final DirectBuffer buffer, final int index, final int len) {
        int i = index;
        final int end = index + len;
        while (i < end) {
            final int n = Utf8Bytes.sequenceLength(
                buffer.getByte(i) & 0xFF, end - i, i + 1 < end ? buffer.getByte(i + 1) & 0xFF : 0);
            if (n == 0) {
                return false;
            }
            for (int k = 2; k < n; k++) {
                if ((buffer.getByte(i + k) & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += n;
        }
        return true;
    }
}
