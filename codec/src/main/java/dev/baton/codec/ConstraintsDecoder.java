package dev.baton.codec;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.ConstraintsLayout.COUNT_LENGTH;
import static dev.baton.codec.ConstraintsLayout.ENTRY_HEADER_LENGTH;
import static dev.baton.codec.ConstraintsLayout.EXACT_NUMBER;
import static dev.baton.codec.ConstraintsLayout.MAX_ENTRIES;
import static dev.baton.codec.ConstraintsLayout.MAX_LENGTH;
import static dev.baton.codec.ConstraintsLayout.MAX_TEXT;
import static dev.baton.codec.ConstraintsLayout.MAX_VALUES;
import static dev.baton.codec.ConstraintsLayout.ONE_OF_NUMBER;
import static dev.baton.codec.ConstraintsLayout.ONE_OF_TEXT;
import static dev.baton.codec.ConstraintsLayout.RANGE;
import static dev.baton.codec.ConstraintsLayout.REGEX;

/**
 * Reads a constraint list (layout in {@link ConstraintsLayout}). {@link #wrap} validates untrusted bytes
 * entirely (bounds, counts, kinds, order, UTF-8, ascending and distinct values) before any getter reads
 * them; the getters then walk the validated entries.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing.
 */
public final class ConstraintsDecoder {
    private static final String FIELD = "constraints";
    private final int[] entryOffset = new int[MAX_ENTRIES];
    /** Where failures go when the caller passes no detail, so that the right error is still returned. */
    private final ErrorDetail scratch = new ErrorDetail();
    private DirectBuffer buffer;
    private int offset;
    private int count;

    /**
     * @param buffer holding the list.
     * @param offset of the list.
     * @param length of the list; must be exact.
     * @param given  filled on failure; may be null.
     * @return {@link CodecError#OK} or what was wrong.
     */
    public CodecError wrap(final DirectBuffer buffer, final int offset, final int length, final ErrorDetail given) {
        final ErrorDetail detail = given != null ? given : scratch;
        this.buffer = null;
        this.count = 0;
        final CodecError region = Bounds.checkRegion(buffer, offset, length, detail);
        if (region != CodecError.OK) {
            return region;
        }
        if (length < COUNT_LENGTH || length > MAX_LENGTH) {
            return Bounds.fail(detail, length < COUNT_LENGTH ? CodecError.TRUNCATED : CodecError.BAD_LENGTH,
                FIELD, 0, length, MAX_LENGTH, length);
        }
        final int n = buffer.getByte(offset) & 0xFF;
        if (n > MAX_ENTRIES) {
            return Bounds.fail(detail, CodecError.BAD_COUNT, FIELD + ".count", 0, 1, MAX_ENTRIES, n);
        }
        int at = COUNT_LENGTH;
        int previous = -1;
        for (int e = 0; e < n; e++) {
            if (at + ENTRY_HEADER_LENGTH > length) {
                return Bounds.fail(detail, CodecError.TRUNCATED, FIELD + ".entry", at, ENTRY_HEADER_LENGTH, length, e);
            }
            final int argument = buffer.getShort(offset + at, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            final int kind = buffer.getByte(offset + at + 2) & 0xFF;
            final int key = argument << 8 | kind;
            if (kind < EXACT_NUMBER || kind > REGEX || key <= previous) {
                return Bounds.fail(detail, CodecError.BAD_VALUE, kind < EXACT_NUMBER || kind > REGEX
                    ? FIELD + ".kind" : FIELD + ".order", at, ENTRY_HEADER_LENGTH, REGEX, kind);
            }
            previous = key;
            entryOffset[e] = at;
            final int end = payloadEnd(buffer, offset, at + ENTRY_HEADER_LENGTH, length, kind, detail);
            if (end < 0) {
                return detail.error();
            }
            at = end;
        }
        if (at != length) {
            return Bounds.fail(detail, CodecError.BAD_LENGTH, FIELD + ".trailing", at, length - at, length, 0);
        }
        this.buffer = buffer;
        this.offset = offset;
        this.count = n;
        return CodecError.OK;
    }

    /** @return the end of a payload starting at relative {@code at}, or -1 with the failure recorded. */
    private static int payloadEnd(final DirectBuffer b, final int base, final int at, final int length, final int kind,
                                  final ErrorDetail detail) {
        switch (kind) {
            case EXACT_NUMBER:
                return fixed(at, 8, length, detail);
            case RANGE:
                if (fixed(at, 16, length, detail) < 0) {
                    return -1;
                }
                final long lo = b.getLong(base + at, ByteOrder.LITTLE_ENDIAN);
                final long hi = b.getLong(base + at + 8, ByteOrder.LITTLE_ENDIAN);
                return lo <= hi ? at + 16 : fail(detail, CodecError.BAD_VALUE, ".range", at, 16);
            case ONE_OF_NUMBER:
                return numbers(b, base, at, length, detail);
            case ONE_OF_TEXT:
                return texts(b, base, at, length, detail);
            default:
                return text(b, base, at, length, detail);
        }
    }

    private static int numbers(final DirectBuffer b, final int base, final int at, final int length,
                               final ErrorDetail detail) {
        if (fixed(at, 1, length, detail) < 0) {
            return -1;
        }
        final int n = b.getByte(base + at) & 0xFF;
        if (n < 2 || n > MAX_VALUES) {
            return fail(detail, CodecError.BAD_COUNT, ".values", at, 1);
        }
        if (fixed(at + 1, 8 * n, length, detail) < 0) {
            return -1;
        }
        for (int i = 1; i < n; i++) {
            if (b.getLong(base + at + 1 + 8 * i, ByteOrder.LITTLE_ENDIAN)
                <= b.getLong(base + at + 1 + 8 * (i - 1), ByteOrder.LITTLE_ENDIAN)) {
                return fail(detail, CodecError.BAD_VALUE, ".values.order", at + 1 + 8 * i, 8);
            }
        }
        return at + 1 + 8 * n;
    }

    private static int texts(final DirectBuffer b, final int base, final int at, final int length,
                             final ErrorDetail detail) {
        if (fixed(at, 1, length, detail) < 0) {
            return -1;
        }
        final int n = b.getByte(base + at) & 0xFF;
        if (n < 2 || n > MAX_VALUES) {
            return fail(detail, CodecError.BAD_COUNT, ".values", at, 1);
        }
        int p = at + 1;
        for (int i = 0; i < n; i++) {
            final int next = text(b, base, p, length, detail);
            if (next < 0) {
                return -1;
            }
            for (int q = at + 1; q < p; q = q + 2 + (b.getShort(base + q, ByteOrder.LITTLE_ENDIAN) & 0xFFFF)) {
                if (sameText(b, base + q, base + p)) {
                    return fail(detail, CodecError.BAD_VALUE, ".values.duplicate", p, next - p);
                }
            }
            p = next;
        }
        return p;
    }

    private static boolean sameText(final DirectBuffer b, final int x, final int y) {
        final int n = b.getShort(x, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (n != (b.getShort(y, ByteOrder.LITTLE_ENDIAN) & 0xFFFF)) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b.getByte(x + 2 + i) != b.getByte(y + 2 + i)) {
                return false;
            }
        }
        return true;
    }

    private static int text(final DirectBuffer b, final int base, final int at, final int length,
                            final ErrorDetail detail) {
        return Utf8Text.check(b, base, at, length, MAX_TEXT, FIELD + ".text", detail) == CodecError.OK
            ? at + 2 + (b.getShort(base + at, ByteOrder.LITTLE_ENDIAN) & 0xFFFF) : -1;
    }

    private static int fixed(final int at, final int bytes, final int length, final ErrorDetail detail) {
        return at + bytes <= length ? at + bytes : fail(detail, CodecError.TRUNCATED, "", at, bytes);
    }

    private static int fail(final ErrorDetail detail, final CodecError error, final String field, final int at,
                            final int bytes) {
        Bounds.fail(detail, error, FIELD + field, at, bytes, 0, 0);
        return -1;
    }

    /** @return the number of entries. */
    public int count() {
        return count;
    }

    /**
     * @param e an entry, 0..{@link #count()}-1.
     * @return its argument index.
     */
    public int argument(final int e) {
        return buffer.getShort(offset + entryOffset[e], ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    /**
     * @param e an entry.
     * @return its kind ({@link ConstraintsLayout#RANGE}, ...).
     */
    public int kind(final int e) {
        return buffer.getByte(offset + entryOffset[e] + 2) & 0xFF;
    }

    /**
     * @param e an entry of a number kind.
     * @param i the value (for a range: 0 low, 1 high).
     * @return the number.
     */
    public long number(final int e, final int i) {
        final int payload = offset + entryOffset[e] + ENTRY_HEADER_LENGTH;
        return kind(e) == ONE_OF_NUMBER ? buffer.getLong(payload + 1 + 8 * i, ByteOrder.LITTLE_ENDIAN)
            : buffer.getLong(payload + 8 * i, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @param e an entry.
     * @return how many values it holds (1 for exact, prefix, glob and regex; 2 for a range).
     */
    public int valueCount(final int e) {
        final int k = kind(e);
        if (k == ONE_OF_NUMBER || k == ONE_OF_TEXT) {
            return buffer.getByte(offset + entryOffset[e] + ENTRY_HEADER_LENGTH) & 0xFF;
        }
        return k == RANGE ? 2 : 1;
    }

    /**
     * @param e   an entry of a text kind.
     * @param i   the value.
     * @param dst receives the UTF-8 bytes (at least {@link ConstraintsLayout#MAX_TEXT} long).
     * @return the number of bytes copied.
     */
    public int text(final int e, final int i, final byte[] dst) {
        int p = offset + entryOffset[e] + ENTRY_HEADER_LENGTH + (kind(e) == ONE_OF_TEXT ? 1 : 0);
        for (int k = 0; k < i; k++) {
            p += 2 + (buffer.getShort(p, ByteOrder.LITTLE_ENDIAN) & 0xFFFF);
        }
        return Utf8Text.copy(buffer, p, dst, 0);
    }
}
