package dev.baton.codec;

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
import static dev.baton.codec.ConstraintsLayout.TEXT_LENGTH_LENGTH;

/**
 * Reads a constraint list (layout in {@link ConstraintsLayout}) from a {@code byte[]}. {@link #wrap}
 * validates untrusted bytes entirely (bounds, counts, kinds, order, UTF-8, ascending and distinct values)
 * before any getter reads them; the getters then walk the validated entries. {@link #wrapLeading} does the
 * same for a list that other bytes follow (as in a portable warrant) and reports the list's length.
 * Plain arrays only: no Agrona, so the offline verifier can read the constraints a warrant carries.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing.
 */
public final class ConstraintsDecoder {
    private static final String FIELD = "constraints";
    private final int[] entryOffset = new int[MAX_ENTRIES];
    /** Where failures go when the caller passes no detail, so that the right error is still returned. */
    private final ErrorDetail scratch = new ErrorDetail();
    private byte[] buffer;
    private int offset;
    private int length;
    private int count;

    /**
     * @param bytes  holding the list (untrusted); may be null (refused).
     * @param offset of the list.
     * @param length of the list; must be exact.
     * @param given  filled on failure; may be null.
     * @return {@link CodecError#OK} or what was wrong.
     */
    public CodecError wrap(final byte[] bytes, final int offset, final int length, final ErrorDetail given) {
        final ErrorDetail detail = given != null ? given : scratch;
        final int end = scan(bytes, offset, length, detail);
        if (end < 0) {
            return detail.error();
        }
        if (end != length) {
            reset();
            return report(detail, CodecError.BAD_LENGTH, FIELD + ".trailing", end, length - end, length, 0);
        }
        return CodecError.OK;
    }

    /**
     * Validates a list at the start of {@code bytes[offset, offset + limit)} that other bytes may follow.
     *
     * @param bytes  holding the list (untrusted); may be null (refused).
     * @param offset of the list.
     * @param limit  bytes available from {@code offset}.
     * @param given  filled on failure; may be null.
     * @return the list's length, or -1 with the failure in {@code given}.
     */
    public int wrapLeading(final byte[] bytes, final int offset, final int limit, final ErrorDetail given) {
        return scan(bytes, offset, limit, given != null ? given : scratch);
    }

    /**
     * Empties this decoder: no entry until the next successful wrap.
     *
     * @return this.
     */
    public ConstraintsDecoder reset() {
        buffer = null;
        count = 0;
        length = 0;
        return this;
    }

    /** @return the end of a valid list within {@code limit}, relative to {@code offset}, or -1. */
    private int scan(final byte[] b, final int offset, final int limit, final ErrorDetail detail) {
        reset();
        if (null == b || offset < 0 || limit < 0 || offset > b.length - limit) {
            report(detail, CodecError.BAD_LENGTH, FIELD + ".region", offset, limit, null == b ? 0 : b.length, 0);
            return -1;
        }
        if (limit < COUNT_LENGTH) {
            report(detail, CodecError.TRUNCATED, FIELD, 0, COUNT_LENGTH, limit, 0);
            return -1;
        }
        final int n = b[offset] & 0xFF;
        if (n > MAX_ENTRIES) {
            report(detail, CodecError.BAD_COUNT, FIELD + ".count", 0, 1, MAX_ENTRIES, n);
            return -1;
        }
        final int bound = Math.min(limit, MAX_LENGTH);
        int at = COUNT_LENGTH;
        int previous = -1;
        for (int e = 0; e < n; e++) {
            if (at + ENTRY_HEADER_LENGTH > bound) {
                report(detail, CodecError.TRUNCATED, FIELD + ".entry", at, ENTRY_HEADER_LENGTH, bound, e);
                return -1;
            }
            final int argument = LittleEndian.getUnsignedShort(b, offset + at);
            final int kind = b[offset + at + 2] & 0xFF;
            final int key = argument << 8 | kind;
            if (kind < EXACT_NUMBER || kind > REGEX || key < previous) {
                report(detail, CodecError.BAD_VALUE, kind < EXACT_NUMBER || kind > REGEX
                    ? FIELD + ".kind" : FIELD + ".order", at, ENTRY_HEADER_LENGTH, REGEX, kind);
                return -1;
            }
            previous = key;
            entryOffset[e] = at;
            at = payloadEnd(b, offset, at + ENTRY_HEADER_LENGTH, bound, kind, detail);
            if (at < 0) {
                return -1;
            }
        }
        this.buffer = b;
        this.offset = offset;
        this.length = at;
        this.count = n;
        return at;
    }

    /** @return the end of a payload starting at relative {@code at}, or -1 with the failure recorded. */
    private static int payloadEnd(final byte[] b, final int base, final int at, final int length, final int kind,
                                  final ErrorDetail detail) {
        switch (kind) {
            case EXACT_NUMBER:
                return fixed(at, 8, length, detail);
            case RANGE:
                if (fixed(at, 16, length, detail) < 0) {
                    return -1;
                }
                final long lo = LittleEndian.getLong(b, base + at);
                final long hi = LittleEndian.getLong(b, base + at + 8);
                return lo <= hi ? at + 16 : fail(detail, CodecError.BAD_VALUE, ".range", at, 16);
            case ONE_OF_NUMBER:
                return numbers(b, base, at, length, detail);
            case ONE_OF_TEXT:
                return texts(b, base, at, length, detail);
            default:
                return text(b, base, at, length, detail);
        }
    }

    private static int numbers(final byte[] b, final int base, final int at, final int length,
                               final ErrorDetail detail) {
        if (fixed(at, 1, length, detail) < 0) {
            return -1;
        }
        final int n = b[base + at] & 0xFF;
        if (n < 2 || n > MAX_VALUES) {
            return fail(detail, CodecError.BAD_COUNT, ".values", at, 1);
        }
        if (fixed(at + 1, 8 * n, length, detail) < 0) {
            return -1;
        }
        for (int i = 1; i < n; i++) {
            if (LittleEndian.getLong(b, base + at + 1 + 8 * i) <= LittleEndian.getLong(b, base + at + 1 + 8 * (i - 1))) {
                return fail(detail, CodecError.BAD_VALUE, ".values.order", at + 1 + 8 * i, 8);
            }
        }
        return at + 1 + 8 * n;
    }

    private static int texts(final byte[] b, final int base, final int at, final int length,
                             final ErrorDetail detail) {
        if (fixed(at, 1, length, detail) < 0) {
            return -1;
        }
        final int n = b[base + at] & 0xFF;
        if (n < 2 || n > MAX_VALUES) {
            return fail(detail, CodecError.BAD_COUNT, ".values", at, 1);
        }
        int p = at + 1;
        for (int i = 0; i < n; i++) {
            final int next = text(b, base, p, length, detail);
            if (next < 0) {
                return -1;
            }
            for (int q = at + 1; q < p; q = q + 2 + LittleEndian.getUnsignedShort(b, base + q)) {
                if (sameText(b, base + q, base + p)) {
                    return fail(detail, CodecError.BAD_VALUE, ".values.duplicate", p, next - p);
                }
            }
            p = next;
        }
        return p;
    }

    private static boolean sameText(final byte[] b, final int x, final int y) {
        final int n = LittleEndian.getUnsignedShort(b, x);
        if (n != LittleEndian.getUnsignedShort(b, y)) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[x + 2 + i] != b[y + 2 + i]) {
                return false;
            }
        }
        return true;
    }

    private static int text(final byte[] b, final int base, final int at, final int length,
                            final ErrorDetail detail) {
        if (fixed(at, TEXT_LENGTH_LENGTH, length, detail) < 0) {
            return -1;
        }
        final int n = LittleEndian.getUnsignedShort(b, base + at);
        if (n > MAX_TEXT) {
            report(detail, CodecError.BAD_LENGTH, FIELD + ".text", at, TEXT_LENGTH_LENGTH, MAX_TEXT, n);
            return -1;
        }
        if (fixed(at + TEXT_LENGTH_LENGTH, n, length, detail) < 0) {
            return -1;
        }
        if (!Utf8Bytes.isWellFormed(b, base + at + TEXT_LENGTH_LENGTH, n)) {
            report(detail, CodecError.BAD_VALUE, FIELD + ".text", at, n, MAX_TEXT, 0);
            return -1;
        }
        return at + TEXT_LENGTH_LENGTH + n;
    }

    private static CodecError report(final ErrorDetail detail, final CodecError error, final String field,
                                     final long at, final long size, final long capacity, final long value) {
        detail.set(error, field, at, size, capacity, value);
        return error;
    }

    private static int fixed(final int at, final int bytes, final int length, final ErrorDetail detail) {
        return at + bytes <= length ? at + bytes : fail(detail, CodecError.TRUNCATED, "", at, bytes);
    }

    private static int fail(final ErrorDetail detail, final CodecError error, final String field, final int at,
                            final int bytes) {
        report(detail, error, FIELD + field, at, bytes, 0, 0);
        return -1;
    }

    /** @return the number of entries. */
    public int count() {
        return count;
    }

    /** @return the wrapped list's length in bytes (0 before a successful wrap). */
    public int length() {
        return length;
    }

    /** @return the wrapped bytes. */
    public byte[] buffer() {
        return buffer;
    }

    /** @return where the list starts in {@link #buffer()}. */
    public int offset() {
        return offset;
    }

    /**
     * @param e an entry, 0..{@link #count()}-1.
     * @return its argument index.
     */
    public int argument(final int e) {
        return LittleEndian.getUnsignedShort(buffer, offset + entryOffset[e]);
    }

    /**
     * @param e an entry.
     * @return its kind ({@link ConstraintsLayout#RANGE}, ...).
     */
    public int kind(final int e) {
        return buffer[offset + entryOffset[e] + 2] & 0xFF;
    }

    /**
     * @param e an entry of a number kind.
     * @param i the value (for a range: 0 low, 1 high).
     * @return the number.
     */
    public long number(final int e, final int i) {
        final int payload = offset + entryOffset[e] + ENTRY_HEADER_LENGTH;
        return kind(e) == ONE_OF_NUMBER ? LittleEndian.getLong(buffer, payload + 1 + 8 * i)
            : LittleEndian.getLong(buffer, payload + 8 * i);
    }

    /**
     * @param e an entry.
     * @return how many values it holds (1 for exact, prefix, glob and regex; 2 for a range).
     */
    public int valueCount(final int e) {
        final int k = kind(e);
        if (k == ONE_OF_NUMBER || k == ONE_OF_TEXT) {
            return buffer[offset + entryOffset[e] + ENTRY_HEADER_LENGTH] & 0xFF;
        }
        return k == RANGE ? 2 : 1;
    }

    /**
     * @param e an entry of a text kind.
     * @param i the value.
     * @return where the value's UTF-8 bytes start in {@link #buffer()}.
     */
    public int textOffset(final int e, final int i) {
        int p = offset + entryOffset[e] + ENTRY_HEADER_LENGTH + (kind(e) == ONE_OF_TEXT ? 1 : 0);
        for (int k = 0; k < i; k++) {
            p += TEXT_LENGTH_LENGTH + LittleEndian.getUnsignedShort(buffer, p);
        }
        return p + TEXT_LENGTH_LENGTH;
    }

    /**
     * @param e an entry of a text kind.
     * @param i the value.
     * @return how many UTF-8 bytes it holds.
     */
    public int textLength(final int e, final int i) {
        return LittleEndian.getUnsignedShort(buffer, textOffset(e, i) - TEXT_LENGTH_LENGTH);
    }

    /**
     * @param e   an entry of a text kind.
     * @param i   the value.
     * @param dst receives the UTF-8 bytes (at least {@link ConstraintsLayout#MAX_TEXT} long).
     * @return the number of bytes copied.
     */
    public int text(final int e, final int i, final byte[] dst) {
        final int len = textLength(e, i);
        System.arraycopy(buffer, textOffset(e, i), dst, 0, len);
        return len;
    }
}
