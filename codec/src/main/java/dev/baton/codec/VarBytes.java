package dev.baton.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/** Opaque bytes on the wire: {@code u16 length} then that many bytes, bounded by a per-field maximum. */
final class VarBytes {
    /** Bytes of the length prefix. */
    static final int LENGTH_PREFIX = 2;

    private VarBytes() {
    }

    /** Writes {@code src[srcIndex, srcIndex + len)} length-prefixed at {@code index}; returns bytes written. */
    static int put(
        final MutableDirectBuffer buffer,
        final int index,
        final DirectBuffer src,
        final int srcIndex,
        final int len,
        final int max) {
        if (len < 0 || len > max) {
            throw new IllegalArgumentException("length=" + len + " bound=" + max);
        }
        Bounds.requireCapacity(buffer, index, LENGTH_PREFIX + len);
        buffer.putShort(index, (short)len, ByteOrder.LITTLE_ENDIAN);
        if (len > 0) {
            buffer.putBytes(index + LENGTH_PREFIX, src, srcIndex, len);
        }
        return LENGTH_PREFIX + len;
    }

    /** Writes {@code src[off, off + len)} length-prefixed at {@code index}; returns bytes written. */
    static int put(
        final MutableDirectBuffer buffer, final int index, final byte[] src, final int off, final int len, final int max) {
        if (len < 0 || len > max) {
            throw new IllegalArgumentException("length=" + len + " bound=" + max);
        }
        Bounds.requireCapacity(buffer, index, LENGTH_PREFIX + len);
        buffer.putShort(index, (short)len, ByteOrder.LITTLE_ENDIAN);
        buffer.putBytes(index + LENGTH_PREFIX, src, off, len);
        return LENGTH_PREFIX + len;
    }

    /** Writes an empty field; returns bytes written. */
    static int putEmpty(final MutableDirectBuffer buffer, final int index) {
        Bounds.requireCapacity(buffer, index, LENGTH_PREFIX);
        buffer.putShort(index, (short)0, ByteOrder.LITTLE_ENDIAN);
        return LENGTH_PREFIX;
    }

    /**
     * Validates the field at relative offset {@code at} of a message of {@code length} bytes starting at
     * {@code base}: prefix readable, length within {@code max}, bytes inside the message.
     */
    static CodecError check(
        final DirectBuffer buffer,
        final int base,
        final int at,
        final int length,
        final int max,
        final String field,
        final ErrorDetail detail) {
        final CodecError error = Bounds.checkAvailable(at, LENGTH_PREFIX, length, field, detail);
        if (error != CodecError.OK) {
            return error;
        }
        final int len = length(buffer, base + at);
        if (len > max) {
            return Bounds.fail(detail, CodecError.BAD_LENGTH, field, at, len, max, len);
        }
        return Bounds.checkAvailable(at + LENGTH_PREFIX, len, length, field, detail);
    }

    /** Length of an already validated field at absolute {@code index}. */
    static int length(final DirectBuffer buffer, final int index) {
        return buffer.getShort(index, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }
}
