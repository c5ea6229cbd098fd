package dev.baton.verifier;

import dev.baton.codec.Utf8Bytes;

/**
 * The typed arguments of one tool call, for {@link OfflineVerifier} to check against the constraints a
 * warrant carries. Arguments are named by their index in the policy's declaration order (the warrant's
 * layout fingerprint pins that order); numbers are carried values (an integer as itself, a decimal as its
 * unscaled value at the declared scale: {@code 12.50} at scale 2 is {@code 1250}); strings, enum values and
 * identifiers are UTF-8 bytes, copied into this list's own buffer. {@link #tool} says which arguments the
 * called tool declares, so that the constraints on other tools' arguments are left aside and a
 * constrained argument of this tool that the call lacks is refused. Reuse one list call after call:
 * {@link #clear()} it and set the next call's values.
 * <pre>{@code
 * args.clear().tool(0, 3).number(0, 12_50).text(1, "EUR").text(2, "ord-12345");
 * verifier.verify(bytes, 0, length, presentation.reset().holder(me).capability(refund).arguments(args), result);
 * }</pre>
 *
 * <p><b>Note:</b> not thread-safe: one per thread (or per call site); allocation-free after construction.
 */
public final class CallArguments {
    /** Most arguments one call carries. */
    public static final int MAX_ARGUMENTS = 16;
    /** Most bytes all string values of one call take together. */
    public static final int MAX_BYTES = 4096;

    private final int[] arguments = new int[MAX_ARGUMENTS];
    private final boolean[] numeric = new boolean[MAX_ARGUMENTS];
    private final long[] numbers = new long[MAX_ARGUMENTS];
    private final int[] offsets = new int[MAX_ARGUMENTS];
    private final int[] lengths = new int[MAX_ARGUMENTS];
    private final byte[] pool = new byte[MAX_BYTES];
    private int firstArgument;
    private int toolArguments;
    private boolean hasTool;
    private int count;
    private int used;

    /** An empty list. */
    public CallArguments() {
        // Buffers are allocated once, here.
    }

    /** @return this list, emptied (no tool, no value) for the next call. */
    public CallArguments clear() {
        count = 0;
        used = 0;
        hasTool = false;
        return this;
    }

    /**
     * Names the called tool by the indexes of the arguments it declares.
     *
     * @param first the index of the tool's first declared argument.
     * @param n     how many arguments it declares (0 for a tool without arguments).
     * @return this.
     */
    public CallArguments tool(final int first, final int n) {
        if (first < 0 || n < 0 || first > 0xFFFF - n) {
            throw new IllegalArgumentException("first=" + first + " arguments=" + n);
        }
        firstArgument = first;
        toolArguments = n;
        hasTool = true;
        return this;
    }

    /**
     * @param argument the argument's index (an integer or decimal argument).
     * @param carried  its carried value (a decimal's unscaled value at the declared scale).
     * @return this.
     */
    public CallArguments number(final int argument, final long carried) {
        final int i = slot(argument);
        numeric[i] = true;
        numbers[i] = carried;
        count++;
        return this;
    }

    /**
     * @param argument the argument's index (a string, enum or identifier argument).
     * @param utf8     its UTF-8 bytes, copied.
     * @param off      first byte.
     * @param len      bytes.
     * @return this.
     * @throws IllegalStateException if the call's strings exceed {@link #MAX_BYTES}.
     */
    public CallArguments text(final int argument, final byte[] utf8, final int off, final int len) {
        final int i = slot(argument);
        if (len < 0 || off < 0 || off > utf8.length - len) {
            throw new IllegalArgumentException("off=" + off + " length=" + len + " capacity=" + utf8.length);
        }
        room(len);
        System.arraycopy(utf8, off, pool, used, len);
        return commit(i, len);
    }

    /**
     * @param argument the argument's index (a string, enum or identifier argument).
     * @param value    its value, encoded to UTF-8 into this list's buffer without allocating (a lone
     *                 surrogate becomes U+FFFD).
     * @return this.
     * @throws IllegalStateException if the call's strings exceed {@link #MAX_BYTES}.
     */
    public CallArguments text(final int argument, final CharSequence value) {
        final int i = slot(argument);
        final int end = Utf8Bytes.putReplacing(value, pool, used, MAX_BYTES);
        if (end < 0) {
            throw new IllegalStateException("the call's string arguments exceed " + MAX_BYTES + " bytes");
        }
        return commit(i, end - used);
    }

    /** @return whether {@link #tool} named the called tool. */
    public boolean hasTool() {
        return hasTool;
    }

    /**
     * @param argument an argument index.
     * @return whether the called tool declares it.
     */
    public boolean ofTool(final int argument) {
        return hasTool && argument >= firstArgument && argument - firstArgument < toolArguments;
    }

    /** @return the number of values set. */
    public int size() {
        return count;
    }

    /**
     * @param argument an argument index.
     * @return the entry carrying it, or -1.
     */
    public int find(final int argument) {
        for (int i = 0; i < count; i++) {
            if (arguments[i] == argument) {
                return i;
            }
        }
        return -1;
    }

    /**
     * @param i an entry, 0..{@link #size()}-1.
     * @return its argument index.
     */
    public int argument(final int i) {
        return arguments[i];
    }

    /**
     * @param i an entry.
     * @return whether it holds a number (else UTF-8 bytes).
     */
    public boolean isNumber(final int i) {
        return numeric[i];
    }

    /**
     * @param i an entry holding a number.
     * @return its carried value.
     */
    public long number(final int i) {
        return numbers[i];
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

    private CallArguments commit(final int i, final int len) {
        numeric[i] = false;
        offsets[i] = used;
        lengths[i] = len;
        used += len;
        count++;
        return this;
    }

    /** The entry the next value goes to; its argument is set here. */
    private int slot(final int argument) {
        if (argument < 0 || argument > 0xFFFF) {
            throw new IllegalArgumentException("argument index=" + argument + " bound=65535");
        }
        if (find(argument) >= 0) {
            throw new IllegalArgumentException("argument " + argument + " is set twice in one call");
        }
        if (count == MAX_ARGUMENTS) {
            throw new IllegalStateException("a call carries at most " + MAX_ARGUMENTS + " arguments");
        }
        arguments[count] = argument;
        return count;
    }

    private void room(final int len) {
        if (used + len > MAX_BYTES) {
            throw new IllegalStateException("the call's string arguments exceed " + MAX_BYTES + " bytes");
        }
    }
}
