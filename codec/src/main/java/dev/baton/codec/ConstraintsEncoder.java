package dev.baton.codec;

/**
 * Writes a constraint list (layout in {@link ConstraintsLayout}) into a {@code byte[]}: {@link #begin} it,
 * add entries in non-decreasing (argument, kind) order, and {@link #end} it for its length. Entries are
 * written whole ({@link #range}, {@link #numbers}, {@link #texts}) or value by value ({@link #entry} then
 * {@link #number} or {@link #text}). The caller keeps the order, counts and distinctness; the decoder
 * refuses a list that breaks them. Plain arrays only: no Agrona, so a warrant encoder can embed it.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. The value-by-value methods allocate nothing (the
 * varargs conveniences allocate their array at the call site).
 */
public final class ConstraintsEncoder {
    private byte[] buffer;
    private int start;
    private int at;
    private int valueCountAt = -1;

    /**
     * @param dst    to write into.
     * @param offset where the list starts.
     * @return this.
     */
    public ConstraintsEncoder begin(final byte[] dst, final int offset) {
        if (offset < 0 || offset >= dst.length) {
            throw new IllegalArgumentException("offset=" + offset + " capacity=" + dst.length);
        }
        this.buffer = dst;
        this.start = offset;
        this.at = offset + ConstraintsLayout.COUNT_LENGTH;
        this.valueCountAt = -1;
        dst[offset] = 0;
        return this;
    }

    /**
     * Starts an entry; add its values with {@link #number} or {@link #text} (two numbers for a range).
     *
     * @param argument the argument's index, 0..65535.
     * @param kind     {@link ConstraintsLayout#EXACT_NUMBER} .. {@link ConstraintsLayout#REGEX}.
     * @return this.
     */
    public ConstraintsEncoder entry(final int argument, final int kind) {
        if (argument < 0 || argument > 0xFFFF || kind < ConstraintsLayout.EXACT_NUMBER || kind > ConstraintsLayout.REGEX) {
            throw new IllegalArgumentException("argument=" + argument + " kind=" + kind);
        }
        final int count = buffer[start] & 0xFF;
        if (count == ConstraintsLayout.MAX_ENTRIES) {
            throw new IllegalArgumentException("entries bound=" + ConstraintsLayout.MAX_ENTRIES);
        }
        final boolean oneOf = kind == ConstraintsLayout.ONE_OF_NUMBER || kind == ConstraintsLayout.ONE_OF_TEXT;
        room(ConstraintsLayout.ENTRY_HEADER_LENGTH + (oneOf ? ConstraintsLayout.VALUE_COUNT_LENGTH : 0));
        buffer[start] = (byte)(count + 1);
        LittleEndian.putShort(buffer, at, argument);
        buffer[at + 2] = (byte)kind;
        at += ConstraintsLayout.ENTRY_HEADER_LENGTH;
        valueCountAt = -1;
        if (oneOf) {
            valueCountAt = at;
            buffer[at++] = 0;
        }
        return this;
    }

    /**
     * @param value the next number of the current entry.
     * @return this.
     */
    public ConstraintsEncoder number(final long value) {
        room(ConstraintsLayout.NUMBER_LENGTH);
        LittleEndian.putLong(buffer, at, value);
        at += ConstraintsLayout.NUMBER_LENGTH;
        countValue();
        return this;
    }

    /**
     * @param utf8 the next text of the current entry, well-formed UTF-8 of at most {@link ConstraintsLayout#MAX_TEXT} bytes.
     * @param off  first byte.
     * @param len  bytes.
     * @return this.
     */
    public ConstraintsEncoder text(final byte[] utf8, final int off, final int len) {
        if (len < 0 || len > ConstraintsLayout.MAX_TEXT || off < 0 || off > utf8.length - len
            || !Utf8Bytes.isWellFormed(utf8, off, len)) {
            throw new IllegalArgumentException("text length=" + len + " bound=" + ConstraintsLayout.MAX_TEXT
                + " (or not well-formed UTF-8)");
        }
        room(ConstraintsLayout.TEXT_LENGTH_LENGTH + len);
        LittleEndian.putShort(buffer, at, len);
        System.arraycopy(utf8, off, buffer, at + ConstraintsLayout.TEXT_LENGTH_LENGTH, len);
        at += ConstraintsLayout.TEXT_LENGTH_LENGTH + len;
        countValue();
        return this;
    }

    /**
     * @param text the next text of the current entry, encoded to UTF-8 without allocating.
     * @return this.
     */
    public ConstraintsEncoder text(final CharSequence text) {
        final int len = Utf8Bytes.encodedLength(text);
        if (len > ConstraintsLayout.MAX_TEXT) {
            throw new IllegalArgumentException("text length=" + len + " bound=" + ConstraintsLayout.MAX_TEXT);
        }
        room(ConstraintsLayout.TEXT_LENGTH_LENGTH + len);
        LittleEndian.putShort(buffer, at, len);
        at += ConstraintsLayout.TEXT_LENGTH_LENGTH + Utf8Bytes.put(buffer, at + ConstraintsLayout.TEXT_LENGTH_LENGTH, text);
        countValue();
        return this;
    }

    /**
     * @param argument the argument's index.
     * @param kind     {@link ConstraintsLayout#EXACT_NUMBER} or {@link ConstraintsLayout#ONE_OF_NUMBER}.
     * @param values   ascending values (one for exact).
     * @return this.
     */
    public ConstraintsEncoder numbers(final int argument, final int kind, final long... values) {
        entry(argument, kind);
        for (final long v : values) {
            number(v);
        }
        return this;
    }

    /**
     * @param argument the argument's index.
     * @param low      lower bound.
     * @param high     upper bound, at least {@code low}.
     * @return this.
     */
    public ConstraintsEncoder range(final int argument, final long low, final long high) {
        return entry(argument, ConstraintsLayout.RANGE).number(low).number(high);
    }

    /**
     * @param argument the argument's index.
     * @param kind     a text kind ({@link ConstraintsLayout#EXACT_TEXT}, ..., {@link ConstraintsLayout#REGEX}).
     * @param texts    the texts (one, except for one-of).
     * @return this.
     */
    public ConstraintsEncoder texts(final int argument, final int kind, final CharSequence... texts) {
        entry(argument, kind);
        for (final CharSequence t : texts) {
            text(t);
        }
        return this;
    }

    /** @return the entries written so far. */
    public int count() {
        return buffer[start] & 0xFF;
    }

    /** @return the list's length in bytes. */
    public int end() {
        return at - start;
    }

    private void countValue() {
        if (valueCountAt >= 0) {
            final int n = buffer[valueCountAt] & 0xFF;
            if (n == ConstraintsLayout.MAX_VALUES) {
                throw new IllegalArgumentException("values bound=" + ConstraintsLayout.MAX_VALUES);
            }
            buffer[valueCountAt] = (byte)(n + 1);
        }
    }

    private void room(final int bytes) {
        if (at + bytes > buffer.length || at + bytes - start > ConstraintsLayout.MAX_LENGTH) {
            throw new IllegalArgumentException("constraint list length=" + (at + bytes - start) + " bound="
                + Math.min(ConstraintsLayout.MAX_LENGTH, buffer.length - start));
        }
    }
}
