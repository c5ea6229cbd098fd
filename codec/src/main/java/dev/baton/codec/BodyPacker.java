package dev.baton.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Packs a journal record body by dropping its zero bytes, word by word (the scheme of Cap'n Proto's
 * packed encoding): journal bodies are mostly fixed-width little-endian fields holding small numbers,
 * absent digests and -1/0 markers, so most of their bytes are zero. A well-kept general compressor
 * (LZ4, Deflate) gains little on records of a few hundred bytes, each packed alone so that any record
 * can be read by itself, and costs more per record.
 *
 * <pre>
 *   packed = unpackedLength (LEB128 varint, 1..3 bytes) || word*
 *   word   = tag (u8; bit i set: byte i of the 8-byte word is non-zero) || the non-zero bytes, in order
 *          | 0x00 || n (u8): this word and n more are all zero
 *   the last word may be partial: bytes past unpackedLength are zero and carry no tag bit
 * </pre>
 *
 * <p>A body may also be packed as its XOR with a base body, the record before it in its batch
 * ({@link #xorBase} undoes it after {@link #unpack}): consecutive records of a batch share most of their
 * bytes, which then pack as runs of zero words.
 *
 * <p><b>Note:</b> stateless; thread-safe. Allocates nothing. {@link #pack} takes heap buffers only (the
 * journal's are) and reads and writes their arrays directly.
 */
public final class BodyPacker {
    private static final long LOW7 = 0x7F7F_7F7F_7F7F_7F7FL;
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private BodyPacker() {
    }

    /**
     * @param src    holding the body.
     * @param offset of the body.
     * @param length of the body.
     * @param dst    where the packed body goes.
     * @param at     offset in {@code dst}.
     * @param limit  the most bytes to write (stop at {@code length - 1} to keep only a smaller result).
     * @return the packed length, or -1 if it would exceed {@code limit}.
     */
    public static int pack(final DirectBuffer src, final int offset, final int length,
                           final MutableDirectBuffer dst, final int at, final int limit) {
        return pack(src, offset, length, null, dst, at, limit);
    }

    /**
     * Packs a body XORed with a base body (zero-extended past the base's end, which may be shorter or longer):
     * the journal packs a record against the record before it in its batch, so the bytes the two share
     * (timestamp, policy version, identities, text) become zero words. {@link #unpack} and then
     * {@link #xorBase} with the same base give the body back.
     *
     * @param base a heap buffer wrapping exactly the base body (its capacity is the base's length), or null
     *             for none.
     * @return the packed length, or -1 if it would exceed {@code limit}.
     * @see #pack(DirectBuffer, int, int, MutableDirectBuffer, int, int)
     * @see #xorBase
     */
    public static int pack(final DirectBuffer src, final int offset, final int length, final DirectBuffer base,
                           final MutableDirectBuffer dst, final int at, final int limit) {
        final byte[] in = src.byteArray();
        final byte[] out = dst.byteArray();
        final byte[] b = base == null ? null : base.byteArray();
        if (in == null || out == null || base != null && b == null) {
            throw new IllegalArgumentException("BodyPacker packs heap buffers only");
        }
        Bounds.requireCapacity(src, offset, length);
        final int bLength = base == null ? 0 : Math.min(base.capacity(), length);
        final int capacity = Math.min(limit, dst.capacity() - at);
        if (capacity < 3) {
            return -1;
        }
        final int inAt = src.wrapAdjustment() + offset;
        final int baseAt = base == null ? 0 : base.wrapAdjustment();
        final int start = dst.wrapAdjustment() + at;
        final int end = start + capacity;
        int o = start + putVarint(dst, at, length);
        final int full = length & ~7;
        int i = 0;
        while (i < full) {
            final long word = word(in, inAt, b, baseAt, bLength, i);
            if (word != 0) {
                if (o + 9 > end) {
                    return -1; // a conservative bound: the compacted word is stored whole, 8 bytes after its tag
                }
                o = putWord(out, o, word);
                i += 8;
                continue;
            }
            final int next = nextNonZeroWord(in, inAt, b, baseAt, bLength, i + 8, full);
            o = putZeroRuns(out, o, end, next - i);
            if (o < 0) {
                return -1;
            }
            i = next;
        }
        if (i < length) {
            o = putLastWord(out, o, end, tail(in, inAt + i, length - i)
                ^ (i < bLength ? tail(b, baseAt + i, bLength - i) : 0));
            if (o < 0) {
                return -1;
            }
        }
        return o - start;
    }

    /**
     * Stores a body's last, partial word (XORed with the base's): a zero word as a run of one, since no run
     * of whole words covers it.
     *
     * @return the next offset, or -1 if it would pass {@code end} (room for the word stored whole).
     */
    static int putLastWord(final byte[] out, final int o, final int end, final long word) {
        if (o + (word == 0 ? 2 : 9) > end) {
            return -1;
        }
        if (word == 0) {
            out[o] = 0;
            out[o + 1] = 0;
            return o + 2;
        }
        return putWord(out, o, word);
    }

    /**
     * @return the offset of the first non-zero word (XORed with the base) from {@code i} on, or {@code full}.
     *     Where body and base both have whole words, the first differing byte is found by the JDK's
     *     vectorised mismatch, tens of bytes a step: in a delta, most words are the same as the base's.
     */
    private static int nextNonZeroWord(final byte[] in, final int inAt, final byte[] base, final int baseAt,
                                       final int baseLength, final int i, final int full) {
        final int both = Math.min(full, baseLength & ~7);
        int next = i;
        if (next < both) {
            final int m = java.util.Arrays.mismatch(in, inAt + next, inAt + both, base, baseAt + next, baseAt + both);
            if (m >= 0) {
                return next + (m & ~7);
            }
            next = both;
        }
        while (next < full && word(in, inAt, base, baseAt, baseLength, next) == 0) {
            next += 8;
        }
        return next;
    }

    /**
     * Stores zero-word runs ({@code 0x00, n}: up to 256 words each) covering {@code bytes} (whole words).
     *
     * @return the next offset, or -1 if they would pass {@code end}.
     */
    static int putZeroRuns(final byte[] out, final int at, final int end, final int bytes) {
        int o = at;
        for (int left = bytes; left > 0; ) {
            final int run = Math.min(left, 8 * 256);
            if (o + 2 > end) {
                return -1;
            }
            out[o++] = 0;
            out[o++] = (byte)((run >>> 3) - 1);
            left -= run;
        }
        return o;
    }

    /**
     * XORs a body unpacked from a delta ({@link #pack(DirectBuffer, int, int, DirectBuffer,
     * MutableDirectBuffer, int, int)}) with its base, in place: the bytes past the base's end stay as they are.
     *
     * @param body   holding the unpacked body, changed in place.
     * @param at     offset of it.
     * @param length of it.
     * @param base   wrapping exactly the base body (its capacity is the base's length).
     */
    public static void xorBase(final MutableDirectBuffer body, final int at, final int length,
                               final DirectBuffer base) {
        final int n = Math.min(length, base.capacity());
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            body.putLong(at + i, body.getLong(at + i) ^ base.getLong(i));
        }
        for (; i < n; i++) {
            body.putByte(at + i, (byte)(body.getByte(at + i) ^ base.getByte(i)));
        }
    }

    /**
     * @param src      holding the packed body.
     * @param offset   of it.
     * @param length   of it.
     * @param dst      where the body goes, or null to check the packed bytes only (writing nothing).
     * @param at       offset in {@code dst}.
     * @param capacity the longest body accepted.
     * @return the body's length, or -1 if the packed bytes are malformed or the body would exceed
     *     {@code capacity}.
     */
    public static int unpack(final DirectBuffer src, final int offset, final int length,
                             final MutableDirectBuffer dst, final int at, final int capacity) {
        int in = offset;
        final int end = offset + length;
        long size = 0;
        for (int shift = 0; ; shift += 7) {
            if (in >= end || shift > 14) {
                return -1;
            }
            final int b = src.getByte(in++) & 0xFF;
            size |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (size > capacity) {
            return -1;
        }
        int i = 0;
        while (in < end) {
            final int tag = src.getByte(in++) & 0xFF;
            if (tag == 0) {
                if (in >= end) {
                    return -1;
                }
                final int words = 1 + (src.getByte(in++) & 0xFF);
                if (i + 8L * (words - 1) >= size) {
                    return -1;
                }
                final int n = (int)Math.min(8L * words, size - i);
                if (dst != null) {
                    dst.setMemory(at + i, n, (byte)0);
                }
                i += n;
                continue;
            }
            if (i >= size || in + Integer.bitCount(tag) > end || 31 - Integer.numberOfLeadingZeros(tag) >= size - i) {
                return -1;
            }
            long word = 0;
            for (int bits = tag; bits != 0; bits &= bits - 1) {
                final long b = src.getByte(in++) & 0xFFL;
                if (b == 0) {
                    return -1; // a tag bit promises a non-zero byte: one encoding per body
                }
                word |= b << (Integer.numberOfTrailingZeros(bits) << 3);
            }
            i += dst != null ? storeLow(dst, at + i, word, (int)Math.min(8, size - i)) : (int)Math.min(8, size - i);
        }
        return i == size ? (int)size : -1;
    }

    /** Stores the low {@code n} (1..8) bytes of {@code word}, little-endian, at {@code index}; @return {@code n}. */
    private static int storeLow(final MutableDirectBuffer dst, final int index, final long word, final int n) {
        if (n == 8) {
            dst.putLong(index, word, ByteOrder.LITTLE_ENDIAN);
            return 8;
        }
        for (int k = 0; k < n; k++) {
            dst.putByte(index + k, (byte)(word >>> (k << 3)));
        }
        return n;
    }

    /**
     * @return the whole word at {@code i} of the body at {@code inAt} in {@code in}, XORed with the base's word
     *     there (zero past the base's end, none if {@code base} is null).
     */
    private static long word(final byte[] in, final int inAt, final byte[] base, final int baseAt,
                             final int baseLength, final int i) {
        final long word = (long)LONGS.get(in, inAt + i);
        if (i + 8 <= baseLength) {
            return word ^ (long)LONGS.get(base, baseAt + i);
        }
        return i < baseLength ? word ^ tail(base, baseAt + i, baseLength - i) : word;
    }

    /** @return the {@code remaining} (1..7) bytes at {@code index} as a little-endian word, zero above them. */
    static long tail(final byte[] in, final int index, final int remaining) {
        if (index + 8 <= in.length) { // one load, masked: the bytes past the body are not part of the word
            return (long)LONGS.get(in, index) & -1L >>> (64 - 8 * remaining);
        }
        long word = 0;
        for (int k = 0; k < remaining; k++) {
            word |= (in[index + k] & 0xFFL) << (8 * k);
        }
        return word;
    }

    /** Stores a non-zero word's tag and its non-zero bytes at {@code o} (writing 9 bytes); @return the next offset. */
    static int putWord(final byte[] out, final int o, final long word) {
        final long lanes = nonZeroLanes(word);
        final int tag = tag(lanes);
        out[o] = (byte)tag;
        // Most words are one small little-endian number: its non-zero bytes are the low ones, already in place.
        LONGS.set(out, o + 1, (tag & tag + 1) == 0 ? word : compact(word, lanes, tag));
        return o + 1 + Long.bitCount(lanes);
    }

    /** @return {@code word} with 0x01 in each byte that is non-zero, 0x00 in the others (no branch). */
    static long nonZeroLanes(final long word) {
        return (((word & LOW7) + LOW7 | word) & ~LOW7) >>> 7; // high bit of each byte: set if non-zero
    }

    /** @return a bit per byte lane: bit i set where lane i of {@code lanes} (as {@link #nonZeroLanes}) is 1. */
    private static int tag(final long lanes) {
        return (int)((lanes * 0x0102_0408_1020_4080L) >>> 56);
    }

    /**
     * The non-zero bytes of {@code word}, in order, moved down to its low bytes (zeros above them), without a
     * branch or a store per byte: each non-zero byte moves down by the number of zero bytes below it, in
     * three steps of 1, 2 and 4 bytes, each taken by the bytes whose count has that bit set. The count moves
     * with its byte, and no byte ever lands on another's lane (they keep their order at every step).
     *
     * @param lanes {@link #nonZeroLanes} of {@code word}.
     * @param tag   {@link #tag} of {@code lanes}.
     */
    private static long compact(final long word, final long lanes, final int tag) {
        // The usual words hold one or two small little-endian numbers, -1 markers or text: in each 4-byte
        // half, the non-zero bytes are one run. Each half then moves down as a whole, in a few operations.
        final int low = tag & 0xF;
        final int high = tag >>> 4;
        final int lowShift = Integer.numberOfTrailingZeros(low);
        final int highShift = Integer.numberOfTrailingZeros(high);
        final int lowRun = low >>> lowShift;
        final int highRun = high >>> highShift;
        if ((lowRun & lowRun + 1 | highRun & highRun + 1) == 0) {
            return (word & 0xFFFF_FFFFL) >>> (lowShift << 3) | word >>> 32 >>> (highShift << 3) << (Integer.bitCount(low) << 3);
        }
        long count = (((lanes ^ ONES) * ONES) << 8) & lanes * 0xFF; // zero bytes below each non-zero byte (0..7)
        long w = word;
        long move = (count & ONES) * 0xFF;
        w = w & ~move | (w & move) >>> 8;
        count = count & ~move | (count & move) >>> 8;
        move = (count >>> 1 & ONES) * 0xFF;
        w = w & ~move | (w & move) >>> 16;
        count = count & ~move | (count & move) >>> 16;
        move = (count >>> 2 & ONES) * 0xFF;
        return w & ~move | (w & move) >>> 32;
    }

    private static int putVarint(final MutableDirectBuffer dst, final int at, final int value) {
        int v = value;
        int n = 0;
        while ((v & ~0x7F) != 0) {
            dst.putByte(at + n++, (byte)((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        dst.putByte(at + n++, (byte)v);
        return n;
    }
}
