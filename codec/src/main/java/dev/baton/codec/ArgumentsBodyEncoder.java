package dev.baton.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.ArgumentsBodyLayout.ARGUMENT_COUNT_OFFSET;
import static dev.baton.codec.ArgumentsBodyLayout.BLOCK_LENGTH;
import static dev.baton.codec.ArgumentsBodyLayout.LIST_COUNT_OFFSET;
import static dev.baton.codec.ArgumentsBodyLayout.MAX_LISTS;
import static dev.baton.codec.ArgumentsBodyLayout.MAX_ARGUMENTS;
import static dev.baton.codec.ArgumentsBodyLayout.MAX_BYTES;
import static dev.baton.codec.ArgumentsBodyLayout.MAX_SCALE;
import static dev.baton.codec.ArgumentsBodyLayout.REQUEST_ID_OFFSET;
import static dev.baton.codec.ArgumentsBodyLayout.SCALE_BYTES;
import static dev.baton.codec.ArgumentsBodyLayout.SLICE_COUNT_OFFSET;
import static dev.baton.codec.ArgumentsBodyLayout.SLICE_LENGTH;

/**
 * Writes the body of an ARGUMENTS journal record (layout in {@link ArgumentsBodyLayout}): {@link #wrap},
 * the request id, every argument, then every slice, then every child's constraint list, then
 * {@link #encodedLength()}.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing.
 */
public final class ArgumentsBodyEncoder {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private MutableDirectBuffer buffer;
    private int offset;
    private int limit;
    private int arguments;
    private int slices;
    private int lists;
    private int lastListChild;
    private int bytes;

    /**
     * @param buffer to which the encoder is attached (room for the whole body).
     * @param offset at which the body starts.
     * @return this for chaining.
     */
    public ArgumentsBodyEncoder wrap(final MutableDirectBuffer buffer, final int offset) {
        Bounds.requireCapacity(buffer, offset, BLOCK_LENGTH);
        this.buffer = buffer;
        this.offset = offset;
        this.limit = offset + BLOCK_LENGTH;
        this.arguments = 0;
        this.slices = 0;
        this.lists = 0;
        this.lastListChild = -1;
        this.bytes = 0;
        buffer.setMemory(offset, BLOCK_LENGTH, (byte) 0);
        return this;
    }

    /**
     * @param requestId the request whose DECISION record follows.
     * @return this for chaining.
     */
    public ArgumentsBodyEncoder requestId(final long requestId) {
        buffer.putLong(offset + REQUEST_ID_OFFSET, requestId, LE);
        return this;
    }

    /**
     * @param argument the argument's index, 0..65535.
     * @param scale    0..{@link ArgumentsBodyLayout#MAX_SCALE}.
     * @param value    the unscaled value.
     * @return this for chaining.
     */
    public ArgumentsBodyEncoder number(final int argument, final int scale, final long value) {
        if (scale < 0 || scale > MAX_SCALE) {
            throw new IllegalArgumentException("scale must be 0.." + MAX_SCALE + ", found " + scale);
        }
        head(argument, scale, 8);
        buffer.putLong(limit, value, LE);
        limit += 8;
        return this;
    }

    /**
     * @param argument the argument's index, 0..65535.
     * @param src      holding the value's bytes.
     * @param at       first byte.
     * @param length   bytes; all byte values together at most {@link ArgumentsBodyLayout#MAX_BYTES}.
     * @return this for chaining.
     */
    public ArgumentsBodyEncoder bytes(final int argument, final DirectBuffer src, final int at, final int length) {
        if (length < 0 || bytes + length > MAX_BYTES) {
            throw new IllegalArgumentException("byte values exceed " + MAX_BYTES + ": " + (bytes + length));
        }
        head(argument, SCALE_BYTES, 2 + length);
        buffer.putShort(limit, (short) length, LE);
        buffer.putBytes(limit + 2, src, at, length);
        limit += 2 + length;
        bytes += length;
        return this;
    }

    /**
     * A budget slice a child asked for; after every argument.
     *
     * @param child  the child, 0..255.
     * @param budget the budget's index, 0..255.
     * @param amount the amount (carried value at the budget's scale).
     * @return this for chaining.
     */
    public ArgumentsBodyEncoder slice(final int child, final int budget, final long amount) {
        if (child < 0 || child > 255 || budget < 0 || budget > 255 || slices == 0xFFFF || lists > 0) {
            throw new IllegalArgumentException("slice child=" + child + " budget=" + budget + " count=" + slices);
        }
        Bounds.requireCapacity(buffer, limit, SLICE_LENGTH);
        buffer.putByte(limit, (byte) child);
        buffer.putByte(limit + 1, (byte) budget);
        buffer.putLong(limit + 2, amount, LE);
        limit += SLICE_LENGTH;
        slices++;
        buffer.putShort(offset + SLICE_COUNT_OFFSET, (short) slices, LE);
        return this;
    }

    /**
     * The argument constraints child {@code child}'s requested scope asked for; after every slice, children in
     * ascending order.
     *
     * @param child  the child, 0..255, above the previous list's.
     * @param list   holding a valid constraint list of at least one entry ({@link ConstraintsLayout}).
     * @param at     where it starts.
     * @param length its length.
     * @return this for chaining.
     */
    public ArgumentsBodyEncoder constraints(final int child, final byte[] list, final int at, final int length) {
        if (child <= lastListChild || child > 255 || lists == MAX_LISTS || length < ConstraintsLayout.MIN_LENGTH + 1
            || length > ConstraintsLayout.MAX_LENGTH) {
            throw new IllegalArgumentException("constraint list child=" + child + " (after " + lastListChild + ", count "
                + lists + ") length=" + length + ": children ascending, 0..255, a list of 2.."
                + ConstraintsLayout.MAX_LENGTH + " bytes");
        }
        Bounds.requireCapacity(buffer, limit, 1 + length);
        buffer.putByte(limit, (byte) child);
        buffer.putBytes(limit + 1, list, at, length);
        limit += 1 + length;
        lists++;
        lastListChild = child;
        buffer.putByte(offset + LIST_COUNT_OFFSET, (byte) lists);
        return this;
    }

    /** @return length of the body written so far. */
    public int encodedLength() {
        return limit - offset;
    }

    private void head(final int argument, final int scale, final int valueLength) {
        if (slices > 0 || lists > 0 || arguments == MAX_ARGUMENTS || argument < 0 || argument > 0xFFFF) {
            throw new IllegalArgumentException("argument " + argument + " (count " + arguments + ", slices "
                + slices + "): at most " + MAX_ARGUMENTS + " arguments, indexes 0..65535, all before the slices");
        }
        Bounds.requireCapacity(buffer, limit, 3 + valueLength);
        buffer.putShort(limit, (short) argument, LE);
        buffer.putByte(limit + 2, (byte) scale);
        limit += 3;
        arguments++;
        buffer.putByte(offset + ARGUMENT_COUNT_OFFSET, (byte) arguments);
    }
}
