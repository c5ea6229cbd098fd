package dev.baton.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Packs a body given field by field into {@link BodyPacker}'s packed form, byte for byte what {@code
 * BodyPacker.pack(body, base, dst, at, body length - 1)} gives for the same body and base. The fields fill
 * 8-byte little-endian words (a long array, not a byte buffer: no bounds-checked stores, nothing read back
 * through a byte view); {@link #end()} then XORs each word with the base's and packs it in one tight loop. The
 * words are kept (two arrays, turn about): the body just packed is the base of the next, with no copy.
 *
 * <p>{@link #begin} starts a body; the {@code put} methods give its bytes in order; {@link #end()} packs it and
 * says whether the packed form is the one to store ({@code BodyPacker}'s rule: shorter than the body, with
 * the room it reserves for each word); {@link #copyBody} writes the body as it is when it is not. A body
 * that fails part way (a caller's exception) leaves the base as it was.
 *
 * <p><b>Note:</b> not thread-safe; allocates nothing after construction.
 */
final class WordPacker {
    /** Most words of a body. */
    private static final int MAX_WORDS = JournalRecordLayout.MAX_BODY_LENGTH / Long.BYTES;
    /** Room {@link #begin} asks for: the longest body, as it is, written whole words at a time. */
    static final int ROOM = JournalRecordLayout.MAX_BODY_LENGTH + Long.BYTES;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private long[] current = new long[MAX_WORDS];
    private long[] previous = new long[MAX_WORDS];
    /** Words of the last body ended (its last one zero past its end), or 0: none yet. */
    private int previousWords;
    /** Words of {@link #previous} the body under way is XORed with: {@link #previousWords}, or 0 (no base). */
    private int baseWords;
    private byte[] out;
    private int start;
    /** The body's bytes not yet a whole word (the low {@link #fill} bytes), and how many. */
    private long word;
    private int fill;
    /** Whole words given so far. */
    private int words;
    private int length = -1;
    /** Whether a body is under way: {@link #begin} opens one, {@link #end()} closes it (once: it swaps the bases). */
    private boolean open;

    /**
     * Starts a body.
     *
     * @param out   where its stored form goes: at least {@link #ROOM} bytes from {@code at}.
     * @param at    offset in {@code out}.
     * @param delta whether to pack it against the last body ended (false: against nothing).
     */
    void begin(final byte[] out, final int at, final boolean delta) {
        if (at < 0 || out.length - at < ROOM) {
            throw new IllegalArgumentException("a body needs " + ROOM + " bytes at " + at + " of " + out.length);
        }
        this.out = out;
        this.start = at;
        this.baseWords = delta ? previousWords : 0;
        this.word = 0;
        this.fill = 0;
        this.words = 0;
        this.open = true;
    }

    /**
     * Gives {@code n} bytes.
     *
     * @param value {@code n} (1..8) bytes, little-endian, nothing above them.
     */
    void put(final long value, final int n) {
        final int shift = fill << 3;
        final long w = word | value << shift;
        final int f = fill + n;
        if (f < 8) {
            word = w;
            fill = f;
            return;
        }
        store(w);
        fill = f - 8;
        word = fill == 0 ? 0 : value >>> (64 - shift);
    }

    /**
     * Gives {@code count} words of {@code src} (8 bytes each): one loop, its state in locals (a field per byte
     * given, read back and written each time, was most of an encode).
     */
    void putWords(final long[] src, final int count) {
        final int at = words;
        if (count > MAX_WORDS - at) {
            throw tooLong();
        }
        final long[] body = current;
        final int shift = fill << 3;
        if (shift == 0) {
            for (int k = 0; k < count; k++) {
                body[at + k] = src[k];
            }
        } else {
            long carry = word;
            for (int k = 0; k < count; k++) {
                final long v = src[k];
                body[at + k] = carry | v << shift;
                carry = v >>> (64 - shift);
            }
            word = carry;
        }
        words = at + count;
    }

    /** Gives {@code length} bytes of {@code src} from {@code offset}. */
    void putBytes(final byte[] src, final int offset, final int length) {
        final int whole = length >>> 3;
        final int at = words;
        if (whole > MAX_WORDS - at) {
            throw tooLong();
        }
        final long[] body = current;
        final int shift = fill << 3;
        long carry = word;
        for (int k = 0; k < whole; k++) {
            final long v = (long)LONGS.get(src, offset + (k << 3));
            body[at + k] = carry | v << shift;
            carry = shift == 0 ? 0 : v >>> (64 - shift);
        }
        word = carry;
        words = at + whole;
        final int i = offset + (whole << 3);
        final int left = length & 7;
        if (left > 0) {
            put(BodyPacker.tail(src, i, left), left);
        }
    }

    private void store(final long w) {
        final int i = words;
        if (i == MAX_WORDS) {
            throw tooLong();
        }
        current[i] = w;
        words = i + 1;
    }

    private static IllegalArgumentException tooLong() {
        return new IllegalArgumentException("body longer than " + JournalRecordLayout.MAX_BODY_LENGTH + " bytes");
    }

    /**
     * Ends the body and packs it, as {@code BodyPacker.pack} does with a limit of the body's length - 1.
     *
     * @return the packed length (written at {@code begin}'s offset), or -1: store the body as it is
     *     ({@link #copyBody}), since the packed form is no shorter.
     */
    int end() {
        if (!open) {
            throw new IllegalStateException("end() without begin(): the body before is the next one's base already");
        }
        open = false;
        final int full = words;
        final int bodyLength = (full << 3) + fill;
        int n = full;
        if (fill > 0) {
            if (n == MAX_WORDS) {
                throw tooLong();
            }
            current[n++] = word; // zero past the body's end, as a base must be
        }
        final long[] body = current;
        final long[] base = previous;
        final int baseWords = this.baseWords;
        current = base;
        previous = body;
        previousWords = n;
        length = bodyLength;
        return pack(body, full, bodyLength, base, baseWords);
    }

    /** BodyPacker's loop, over words: {@code base} and its {@code baseWords} as XOR, runs of zero words as runs. */
    private int pack(final long[] body, final int full, final int bodyLength, final long[] base, final int baseWords) {
        final int end = start + bodyLength - 1; // BodyPacker's limit: shorter than the body, or not at all
        if (end - start < 3) {
            return -1;
        }
        final byte[] out = this.out;
        int o = start;
        for (int v = bodyLength; ; v >>>= 7) { // the unpacked length, a LEB128 varint
            if ((v & ~0x7F) == 0) {
                out[o++] = (byte)v;
                break;
            }
            out[o++] = (byte)((v & 0x7F) | 0x80);
        }
        int zeros = 0; // whole zero words not yet stored: BodyPacker stores them as runs once a word is not zero
        for (int i = 0; i < full; i++) {
            final long x = i < baseWords ? body[i] ^ base[i] : body[i];
            if (x == 0) {
                zeros++;
                continue;
            }
            if (zeros > 0) {
                o = BodyPacker.putZeroRuns(out, o, end, zeros << 3);
                if (o < 0) {
                    return -1;
                }
                zeros = 0;
            }
            if (o + 9 > end) { // room for the word stored whole, as BodyPacker reserves it
                return -1;
            }
            o = BodyPacker.putWord(out, o, x);
        }
        if (zeros > 0) {
            o = BodyPacker.putZeroRuns(out, o, end, zeros << 3);
            if (o < 0) {
                return -1;
            }
        }
        final int tail = bodyLength - (full << 3);
        if (tail > 0) {
            o = BodyPacker.putLastWord(out, o, end,
                full < baseWords ? body[full] ^ (base[full] & -1L >>> (64 - 8 * tail)) : body[full]);
            if (o < 0) {
                return -1;
            }
        }
        return o - start;
    }

    /** @return the length of the body {@link #end()} ended. */
    int length() {
        return length;
    }

    /** Writes the body {@link #end()} ended as it is: {@link #length()} bytes at {@code at} (and up to 7 zeros after). */
    void copyBody(final byte[] dst, final int at) {
        for (int i = 0, n = (length + 7) >>> 3; i < n; i++) {
            LONGS.set(dst, at + (i << 3), previous[i]);
        }
    }
}
