package dev.baton.codec;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Writes a constraint list (layout in {@link ConstraintsLayout}): {@link #begin} it, add entries in
 * ascending (argument, kind) order, and {@link #end} it for its length. The caller keeps the order and the
 * bounds; the decoder refuses a list that breaks them.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing.
 */
public final class ConstraintsEncoder {
    private MutableDirectBuffer buffer;
    private int start;
    private int at;

    /**
     * @param buffer to write into.
     * @param offset where the list starts.
     * @return this.
     */
    public ConstraintsEncoder begin(final MutableDirectBuffer buffer, final int offset) {
        this.buffer = buffer;
        this.start = offset;
        this.at = offset + ConstraintsLayout.COUNT_LENGTH;
        buffer.putByte(offset, (byte) 0);
        return this;
    }

    /**
     * @param argument the argument's index.
     * @param kind     {@link ConstraintsLayout#EXACT_NUMBER} or {@link ConstraintsLayout#ONE_OF_NUMBER}.
     * @param values   ascending values (one for exact).
     * @return this.
     */
    public ConstraintsEncoder numbers(final int argument, final int kind, final long... values) {
        header(argument, kind);
        if (kind == ConstraintsLayout.ONE_OF_NUMBER) {
            buffer.putByte(at++, (byte) values.length);
        }
        for (final long v : values) {
            buffer.putLong(at, v, ByteOrder.LITTLE_ENDIAN);
            at += 8;
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
        header(argument, ConstraintsLayout.RANGE);
        buffer.putLong(at, low, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(at + 8, high, ByteOrder.LITTLE_ENDIAN);
        at += 16;
        return this;
    }

    /**
     * @param argument the argument's index.
     * @param kind     a text kind ({@link ConstraintsLayout#PREFIX}, ..., {@link ConstraintsLayout#ONE_OF_TEXT}).
     * @param texts    the texts (one, except for one-of).
     * @return this.
     */
    public ConstraintsEncoder texts(final int argument, final int kind, final CharSequence... texts) {
        header(argument, kind);
        if (kind == ConstraintsLayout.ONE_OF_TEXT) {
            buffer.putByte(at++, (byte) texts.length);
        }
        for (final CharSequence t : texts) {
            at += Utf8Text.put(buffer, at, t);
        }
        return this;
    }

    /** @return the list's length in bytes. */
    public int end() {
        return at - start;
    }

    private void header(final int argument, final int kind) {
        buffer.putByte(start, (byte) ((buffer.getByte(start) & 0xFF) + 1));
        buffer.putShort(at, (short) argument, ByteOrder.LITTLE_ENDIAN);
        buffer.putByte(at + 2, (byte) kind);
        at += ConstraintsLayout.ENTRY_HEADER_LENGTH;
    }
}
