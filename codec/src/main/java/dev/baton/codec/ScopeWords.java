package dev.baton.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * A capability bitset on the wire: {@code u8 count} then {@code count} little-endian {@code i64}
 * words. Trailing zero words are trimmed when writing and forbidden when reading, so each set has
 * exactly one encoding (what a MAC or hash covers is canonical).
 */
final class ScopeWords {
    /** Most words a scope may carry: 64 words, 4096 capabilities. */
    static final int MAX_WORDS = 64;
    /** Bytes of one word. */
    static final int WORD_LENGTH = Long.BYTES;

    private ScopeWords() {
    }

    /** Number of words left after trimming trailing zero words from {@code words[0, count)}. */
    static int trimmedCount(final long[] words, final int count) {
        if (count < 0 || count > words.length) {
            throw new IllegalArgumentException("word count=" + count + " array length=" + words.length);
        }
        int n = count;
        while (n > 0 && words[n - 1] == 0L) {
            n--;
        }
        if (n > MAX_WORDS) {
            throw new IllegalArgumentException("scope has " + n + " words, the format allows " + MAX_WORDS);
        }
        return n;
    }

    /** Encoded size of a scope with {@code trimmedCount} words. */
    static int encodedLength(final int trimmedCount) {
        return 1 + trimmedCount * WORD_LENGTH;
    }

    /** Writes {@code words[0, trimmedCount)} at {@code index}; returns bytes written. */
    static int put(final MutableDirectBuffer buffer, final int index, final long[] words, final int trimmedCount) {
        final int length = encodedLength(trimmedCount);
        Bounds.requireCapacity(buffer, index, length);
        buffer.putByte(index, (byte)trimmedCount);
        for (int i = 0; i < trimmedCount; i++) {
            buffer.putLong(index + 1 + i * WORD_LENGTH, words[i], ByteOrder.LITTLE_ENDIAN);
        }
        return length;
    }

    /**
     * Validates the scope at relative offset {@code at} of a message of {@code length} bytes starting
     * at {@code base}.
     */
    static CodecError check(
        final DirectBuffer buffer,
        final int base,
        final int at,
        final int length,
        final String field,
        final ErrorDetail detail) {
        CodecError error = Bounds.checkAvailable(at, 1, length, field, detail);
        if (error != CodecError.OK) {
            return error;
        }
        final int count = buffer.getByte(base + at) & 0xFF;
        if (count > MAX_WORDS) {
            return Bounds.fail(detail, CodecError.BAD_COUNT, field, at, count, MAX_WORDS, count);
        }
        error = Bounds.checkAvailable(at + 1, (long)count * WORD_LENGTH, length, field, detail);
        if (error != CodecError.OK) {
            return error;
        }
        if (count > 0 && buffer.getLong(base + at + 1 + (count - 1) * WORD_LENGTH, ByteOrder.LITTLE_ENDIAN) == 0L) {
            return Bounds.fail(detail, CodecError.BAD_VALUE, field, at, count, MAX_WORDS, 0);
        }
        return CodecError.OK;
    }

    /** Word count of an already validated scope at absolute {@code index}. */
    static int count(final DirectBuffer buffer, final int index) {
        return buffer.getByte(index) & 0xFF;
    }

    /** Word {@code i} of an already validated scope at absolute {@code index}; 0 past the last word. */
    static long word(final DirectBuffer buffer, final int index, final int i) {
        if (i < 0) {
            throw new IndexOutOfBoundsException("word index=" + i);
        }
        return i < count(buffer, index) ? buffer.getLong(index + 1 + i * WORD_LENGTH, ByteOrder.LITTLE_ENDIAN) : 0L;
    }

    /** Copies the words into {@code dst}, zero-fills the rest of {@code dst}, returns the word count. */
    static int copy(final DirectBuffer buffer, final int index, final long[] dst) {
        final int count = count(buffer, index);
        if (count > dst.length) {
            throw new IllegalArgumentException("destination holds " + dst.length + " words, scope has " + count);
        }
        for (int i = 0; i < count; i++) {
            dst[i] = buffer.getLong(index + 1 + i * WORD_LENGTH, ByteOrder.LITTLE_ENDIAN);
        }
        for (int i = count; i < dst.length; i++) {
            dst[i] = 0L;
        }
        return count;
    }
}
