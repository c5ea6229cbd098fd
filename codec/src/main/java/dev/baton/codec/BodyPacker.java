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
 * <p><b>Note:</b> stateless; thread-safe. Allocates nothing. {@link #pack} takes heap buffers only (the
 * journal's are) and reads and writes their arrays directly.
 */
public final class BodyPacker {
    private static final long LOW7 = 0x7F7F_7F7F_7F7F_7F7FL;
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
        final byte[] in = src.byteArray();
        final byte[] out = dst.byteArray();
        if (in == null || out == null) {
            throw new IllegalArgumentException("BodyPacker packs heap buffers only");
        }
        Bounds.requireCapacity(src, offset, length);
        final int capacity = Math.min(limit, dst.capacity() - at);
        if (capacity < 3) {
            return -1;
        }
        final int base = src.wrapAdjustment() + offset;
        final int start = dst.wrapAdjustment() + at;
        final int end = start + capacity;
        int o = start + putVarint(dst, at, length);
        int i = 0;
        while (i < length) {
            final long word = i + 8 <= length ? (long)LONGS.get(in, base + i) : tail(in, base + i, length - i);
            if (word == 0) {
                int run = 0;
                while (run < 255 && i + 8 * (run + 2) <= length && (long)LONGS.get(in, base + i + 8 * (run + 1)) == 0) {
                    run++;
                }
                if (o + 2 > end) {
                    return -1;
                }
                out[o++] = 0;
                out[o++] = (byte)run;
                i += 8 * (run + 1);
                continue;
            }
            if (o + 9 > end) {
                return -1; // a conservative bound: each byte below is stored before we know it is kept
            }
            final int tag = nonZeroBytes(word);
            out[o++] = (byte)tag;
            if ((tag & (tag + 1)) == 0) {
                // The non-zero bytes are the low ones (a small little-endian number, or a full word): one
                // 8-byte store, keeping as many bytes as are non-zero (the check above left room for 8).
                LONGS.set(out, o, word);
                o += Integer.bitCount(tag);
            } else {
                for (int k = 0; k < 8; k++) { // branch-free: store every byte, keep (advance past) the non-zero ones
                    final int b = (int)(word >>> (k << 3)) & 0xFF;
                    out[o] = (byte)b;
                    o += (b | -b) >>> 31;
                }
            }
            i += 8;
        }
        return o - start;
    }

    /**
     * @param src      holding the packed body.
     * @param offset   of it.
     * @param length   of it.
     * @param dst      where the body goes.
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
                dst.setMemory(at + i, n, (byte)0);
                i += n;
                continue;
            }
            if (i >= size || in + Integer.bitCount(tag) > end || 31 - Integer.numberOfLeadingZeros(tag) >= size - i) {
                return -1;
            }
            final int n = (int)Math.min(8, size - i);
            dst.setMemory(at + i, n, (byte)0);
            for (int bits = tag; bits != 0; bits &= bits - 1) {
                final byte b = src.getByte(in++);
                if (b == 0) {
                    return -1; // a tag bit promises a non-zero byte: one encoding per body
                }
                dst.putByte(at + i + Integer.numberOfTrailingZeros(bits), b);
            }
            i += n;
        }
        return i == size ? (int)size : -1;
    }

    private static long tail(final byte[] in, final int index, final int remaining) {
        long word = 0;
        for (int k = 0; k < remaining; k++) {
            word |= (in[index + k] & 0xFFL) << (8 * k);
        }
        return word;
    }

    /** @return a bit per byte of {@code word}: set where the byte is non-zero. */
    private static int nonZeroBytes(final long word) {
        final long high = ((word & LOW7) + LOW7 | word) & ~LOW7; // high bit of each byte: set if non-zero
        return (int)(((high >>> 7) * 0x0102_0408_1020_4080L) >>> 56);
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
