package dev.baton;

import dev.baton.codec.Utf8Bytes;

/**
 * The typed arguments of one tool call, for {@code authorize} to check against the policy's constraints:
 * integers, decimals (an unscaled value and its scale: {@code 12.50} is {@code (1250, 2)}) and strings,
 * enum values and identifiers as UTF-8 bytes. A list is reused call after call: {@link #clear()} it and set
 * the values of the next call. Strings given as {@link CharSequence} are encoded into the list's own
 * buffer (a lone surrogate becomes U+FFFD), so nothing is allocated. A call carries each argument once:
 * setting one again, by the same handle or by a handle of the same {@link Argument#name()} from another
 * policy version, throws {@link IllegalArgumentException}. {@code authorize} looks for an argument first
 * at its place among its tool's declared arguments, so setting them in declaration order is the fastest.
 * <p>
 * <b>Note:</b> not thread-safe: one per thread (or per call site); allocation-free after construction.
 */
public final class ToolArguments {
    /** Most arguments one call may carry. */
    public static final int MAX_ARGUMENTS = 16;
    /** Most bytes all string values of one call may take together. */
    public static final int MAX_BYTES = 4096;
    private static final int BYTES = -1;

    private final Argument[] keys = new Argument[MAX_ARGUMENTS];
    private final long[] numbers = new long[MAX_ARGUMENTS];
    /** A number's scale, or {@link #BYTES} for a string value. */
    private final int[] scales = new int[MAX_ARGUMENTS];
    private final int[] offsets = new int[MAX_ARGUMENTS];
    private final int[] lengths = new int[MAX_ARGUMENTS];
    private final byte[] pool = new byte[MAX_BYTES];
    private int count;
    private int used;

    /** An empty list. */
    public ToolArguments() {
        // Buffers are allocated once, here.
    }

    /** @return this list, emptied for the next call. */
    public ToolArguments clear() {
        if ((count | used) != 0) { // an empty list is not written: a reused request leaves its cache line alone
            count = 0;
            used = 0;
        }
        return this;
    }

    /**
     * @param argument the argument (its declared type must be integer).
     * @param value    the value.
     * @return this.
     */
    public ToolArguments integer(final Argument argument, final long value) {
        return number(argument, value, 0);
    }

    /**
     * @param argument the argument (a decimal).
     * @param unscaled the value times 10^scale ({@code 1250} for {@code 12.50} at scale 2).
     * @param scale    fraction digits of {@code unscaled}, 0..18; a value with more digits than the declared
     *                 scale is refused unless the extra digits are zeros.
     * @return this.
     */
    public ToolArguments decimal(final Argument argument, final long unscaled, final int scale) {
        if (scale < 0 || scale > 18) {
            throw new IllegalArgumentException("scale must be 0..18, found " + scale);
        }
        return number(argument, unscaled, scale);
    }

    /**
     * @param argument the argument (a string, enum or identifier).
     * @param value    the value, encoded to UTF-8 into this list's buffer.
     * @return this.
     * @throws IllegalStateException if the call's strings exceed {@link #MAX_BYTES}.
     */
    public ToolArguments string(final Argument argument, final CharSequence value) {
        final int i = slot(argument);
        final int start = used;
        final int end = Utf8Bytes.putReplacing(value, pool, used, MAX_BYTES);
        if (end < 0) {
            throw new IllegalStateException("the call's string arguments exceed " + MAX_BYTES + " bytes");
        }
        used = end;
        return commitBytes(i, start, argument);
    }

    /**
     * @param argument the argument (a string, enum or identifier).
     * @param utf8     UTF-8 bytes, copied.
     * @param off      first byte.
     * @param len      number of bytes.
     * @return this.
     */
    public ToolArguments bytes(final Argument argument, final byte[] utf8, final int off, final int len) {
        final int i = slot(argument);
        if (used + len > MAX_BYTES) {
            throw new IllegalStateException("the call's string arguments exceed " + MAX_BYTES + " bytes");
        }
        System.arraycopy(utf8, off, pool, used, len);
        final int start = used;
        used += len;
        return commitBytes(i, start, argument);
    }

    /**
     * Makes this list a copy of {@code other} (its handles, numbers and bytes), for a caller that must keep
     * a call's arguments past the call, as a journaled engine does. Allocation-free.
     *
     * @param other the list to copy; null empties this one.
     * @return this.
     */
    public ToolArguments copyFrom(final ToolArguments other) {
        clear();
        if (other == null || other == this) {
            return this;
        }
        final int n = other.count;
        System.arraycopy(other.keys, 0, keys, 0, n);
        System.arraycopy(other.numbers, 0, numbers, 0, n);
        System.arraycopy(other.scales, 0, scales, 0, n);
        System.arraycopy(other.offsets, 0, offsets, 0, n);
        System.arraycopy(other.lengths, 0, lengths, 0, n);
        System.arraycopy(other.pool, 0, pool, 0, other.used);
        count = n;
        used = other.used;
        return this;
    }

    /** @return the number of arguments set. */
    public int size() {
        return count;
    }

    /**
     * @param i 0..{@link #size()}-1.
     * @return the argument of entry {@code i}.
     */
    public Argument argument(final int i) {
        return keys[i];
    }

    /**
     * @param i an entry.
     * @return whether it holds a number (else UTF-8 bytes).
     */
    public boolean isNumber(final int i) {
        return scales[i] != BYTES;
    }

    /**
     * @param i an entry holding a number.
     * @return its unscaled value.
     */
    public long number(final int i) {
        return numbers[i];
    }

    /**
     * @param i an entry holding a number.
     * @return its scale (0 for an integer).
     */
    public int scale(final int i) {
        return scales[i];
    }

    /** @return the buffer holding every string value; read {@link #offset}/{@link #length}, never write. */
    public byte[] buffer() {
        return pool;
    }

    /**
     * @param i an entry holding bytes.
     * @return where its bytes start in {@link #buffer()}.
     */
    public int offset(final int i) {
        return offsets[i];
    }

    /**
     * @param i an entry holding bytes.
     * @return how many bytes it holds.
     */
    public int length(final int i) {
        return lengths[i];
    }

    private ToolArguments number(final Argument argument, final long value, final int scale) {
        final int i = slot(argument);
        numbers[i] = value;
        scales[i] = scale;
        keys[i] = argument;
        count++;
        return this;
    }

    private ToolArguments commitBytes(final int i, final int start, final Argument argument) {
        offsets[i] = start;
        lengths[i] = used - start;
        scales[i] = BYTES;
        keys[i] = argument;
        count++;
        return this;
    }

    /** The entry the next value goes to; the key is set by the caller's commit. */
    private int slot(final Argument argument) {
        if (argument == null) {
            throw new IllegalArgumentException("argument is null");
        }
        for (int i = 0; i < count; i++) {
            // The same handle, or a handle of the same argument bound by another policy version: a call
            // carries each argument once, so each entry stands for a distinct argument.
            // (A handle's name is interned: the same argument from two policy versions has the same String.)
            if (keys[i] == argument || keys[i].name() == argument.name()) {
                throw new IllegalArgumentException("argument " + argument.name() + " is set twice in one call");
            }
        }
        if (count == MAX_ARGUMENTS) {
            throw new IllegalStateException("a call carries at most " + MAX_ARGUMENTS + " arguments");
        }
        return count;
    }
}
