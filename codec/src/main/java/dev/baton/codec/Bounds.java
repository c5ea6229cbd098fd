package dev.baton.codec;

import org.agrona.DirectBuffer;

/**
 * The one place for bounds checks. Decoders always validate untrusted input through these methods;
 * {@link #CHECKS} only guards checks of trusted, caller-supplied arguments (encoder capacity, getter
 * indexes), which benchmarks may switch off with {@code -Dbaton.bounds.checks=false}.
 */
final class Bounds {
    /** Whether to check trusted arguments; on unless {@code baton.bounds.checks=false}. */
    static final boolean CHECKS = !"false".equals(System.getProperty("baton.bounds.checks"));

    private Bounds() {
    }

    /** Records a failure in {@code detail} (when given) and returns {@code error}. */
    static CodecError fail(
        final ErrorDetail detail,
        final CodecError error,
        final String field,
        final long offset,
        final long length,
        final long capacity,
        final long value) {
        if (null != detail) {
            detail.set(error, field, offset, length, capacity, value);
        }
        return error;
    }

    /**
     * Checks that {@code [offset, offset + length)} lies inside the buffer, then the format version in
     * its first byte against {@code supported}.
     */
    static CodecError checkRegionAndVersion(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int supported,
        final ErrorDetail detail) {
        final CodecError region = checkRegion(buffer, offset, length, detail);
        if (region != CodecError.OK) {
            return region;
        }
        if (length < 1) {
            return fail(detail, CodecError.TRUNCATED, "formatVersion", 0, 1, length, 0);
        }
        final int version = buffer.getByte(offset) & 0xFF;
        if (version > supported) {
            return fail(detail, CodecError.UNSUPPORTED_VERSION, "formatVersion", 0, 1, supported, version);
        }
        if (version == 0) {
            return fail(detail, CodecError.BAD_VERSION, "formatVersion", 0, 1, supported, version);
        }
        return CodecError.OK;
    }

    /**
     * Checks that {@code [offset, offset + length)} lies inside the buffer ({@code long} arithmetic, so
     * no overflow). Journal record bodies have no version byte of their own and start here.
     */
    static CodecError checkRegion(
        final DirectBuffer buffer, final int offset, final int length, final ErrorDetail detail) {
        if (null == buffer) {
            return fail(detail, CodecError.BAD_LENGTH, "buffer(null)", offset, length, 0, 0);
        }
        final int capacity = buffer.capacity();
        if (offset < 0 || length < 0) {
            return fail(detail, CodecError.BAD_LENGTH, "region", offset, length, capacity, 0);
        }
        if ((long)offset + length > capacity) {
            return fail(detail, CodecError.TRUNCATED, "region", offset, length, capacity, 0);
        }
        return CodecError.OK;
    }

    /** {@link #checkRegion}, then {@link #checkExactLength}: for a body that is all fixed block. */
    static CodecError checkFixed(
        final DirectBuffer buffer, final int offset, final int length, final int expected, final String field,
        final ErrorDetail detail) {
        final CodecError error = checkRegion(buffer, offset, length, detail);
        return error != CodecError.OK ? error : checkExactLength(expected, length, field, detail);
    }

    /** TRUNCATED unless {@code needed} bytes from relative offset {@code at} fit in {@code length}. */
    static CodecError checkAvailable(
        final int at, final long needed, final int length, final String field, final ErrorDetail detail) {
        if (at + needed > length) {
            return fail(detail, CodecError.TRUNCATED, field, at, needed, length, 0);
        }
        return CodecError.OK;
    }

    /** BAD_LENGTH when bytes follow the end of a message; TRUNCATED when the message ends early. */
    static CodecError checkExactLength(
        final int expected, final int length, final String field, final ErrorDetail detail) {
        if (expected > length) {
            return fail(detail, CodecError.TRUNCATED, field, 0, expected, length, 0);
        }
        if (expected < length) {
            return fail(detail, CodecError.BAD_LENGTH, field, 0, expected, length, length - expected);
        }
        return CodecError.OK;
    }

    /** Throws when an encoder's destination cannot hold {@code needed} bytes at {@code index}. */
    static void requireCapacity(final DirectBuffer buffer, final int index, final int needed) {
        if (CHECKS && (index < 0 || (long)index + needed > buffer.capacity())) {
            throw new IllegalArgumentException(
                "destination too small: index=" + index + " length=" + needed + " capacity=" + buffer.capacity());
        }
    }

    /** Throws when {@code index} is not in {@code [0, count)}. */
    static void checkIndex(final int index, final int count) {
        if (CHECKS && (index < 0 || index >= count)) {
            throw new IndexOutOfBoundsException("index=" + index + " count=" + count);
        }
    }
}
