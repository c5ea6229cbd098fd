package dev.baton.codec;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

import static dev.baton.codec.ArgumentsBodyLayout.ARGUMENT_COUNT_OFFSET;
import static dev.baton.codec.ArgumentsBodyLayout.BLOCK_LENGTH;
import static dev.baton.codec.ArgumentsBodyLayout.MAX_ARGUMENTS;
import static dev.baton.codec.ArgumentsBodyLayout.MAX_BYTES;
import static dev.baton.codec.ArgumentsBodyLayout.MAX_LENGTH;
import static dev.baton.codec.ArgumentsBodyLayout.MAX_SCALE;
import static dev.baton.codec.ArgumentsBodyLayout.REQUEST_ID_OFFSET;
import static dev.baton.codec.ArgumentsBodyLayout.LIST_COUNT_OFFSET;
import static dev.baton.codec.ArgumentsBodyLayout.MAX_LISTS;
import static dev.baton.codec.ArgumentsBodyLayout.SCALE_BYTES;
import static dev.baton.codec.ArgumentsBodyLayout.SLICE_COUNT_OFFSET;
import static dev.baton.codec.ArgumentsBodyLayout.SLICE_LENGTH;

/**
 * Reads the body of an ARGUMENTS journal record (layout in {@link ArgumentsBodyLayout}). {@link #wrap}
 * validates untrusted bytes (counts, scales, lengths, each constraint list, the exact total) before any
 * getter reads them.
 *
 * <p><b>Note:</b> not thread-safe; keep one per thread. Allocates nothing after construction.
 */
public final class ArgumentsBodyDecoder {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private final int[] entries = new int[MAX_ARGUMENTS];
    private DirectBuffer buffer;
    private int offset;
    private int argumentCount;
    private int sliceCount;
    private int slicesAt;
    private int listCount;
    private final int[] listAt = new int[MAX_LISTS];
    private final int[] listLength = new int[MAX_LISTS];
    /** Where a constraint list is copied to be validated (the list decoder reads a byte array). */
    private final byte[] listScratch = new byte[ConstraintsLayout.MAX_LENGTH];
    private final ConstraintsDecoder lists = new ConstraintsDecoder();
    /** What made {@link #readArguments} or {@link #readLists} return -1. */
    private CodecError failure = CodecError.OK;

    /**
     * @param buffer holding the body.
     * @param offset of the body.
     * @param length of the body; must be exact.
     * @param detail filled on failure; may be null.
     * @return {@link CodecError#OK} or what was wrong.
     */
    public CodecError wrap(final DirectBuffer buffer, final int offset, final int length, final ErrorDetail detail) {
        this.buffer = null;
        this.listCount = 0;
        CodecError e = header(buffer, offset, length, detail);
        if (e != CodecError.OK) {
            return e;
        }
        final int args = buffer.getByte(offset + ARGUMENT_COUNT_OFFSET) & 0xFF;
        final int at = readArguments(buffer, offset, args, length, detail);
        if (at < 0) {
            return failure;
        }
        final int slices = buffer.getShort(offset + SLICE_COUNT_OFFSET, LE) & 0xFFFF;
        e = Bounds.checkAvailable(at, slices * SLICE_LENGTH, length, "slices", detail);
        if (e != CodecError.OK) {
            return e;
        }
        final int listsAt = at + slices * SLICE_LENGTH;
        final int end = readLists(buffer, offset, listsAt, length, detail);
        if (end < 0) {
            return failure;
        }
        e = Bounds.checkExactLength(end, length, "constraint lists", detail);
        if (e != CodecError.OK) {
            return e;
        }
        this.buffer = buffer;
        this.offset = offset;
        this.argumentCount = args;
        this.sliceCount = slices;
        this.slicesAt = at;
        return CodecError.OK;
    }

    /** Validates the {@code args} argument entries; returns where they end, or -1 with {@code failure} set. */
    private int readArguments(final DirectBuffer buffer, final int offset, final int args, final int length,
                              final ErrorDetail detail) {
        int at = BLOCK_LENGTH;
        int bytes = 0;
        for (int i = 0; i < args; i++) {
            failure = Bounds.checkAvailable(at, 3, length, "argument", detail);
            if (failure != CodecError.OK) {
                return -1;
            }
            entries[i] = at;
            final int scale = buffer.getByte(offset + at + 2) & 0xFF;
            at += 3;
            if (scale == SCALE_BYTES) {
                failure = Bounds.checkAvailable(at, 2, length, "byteLength", detail);
                if (failure != CodecError.OK) {
                    return -1;
                }
                final int n = buffer.getShort(offset + at, LE) & 0xFFFF;
                bytes += n;
                if (bytes > MAX_BYTES) {
                    failure = Bounds.fail(detail, CodecError.BAD_LENGTH, "byteLength", at, n, MAX_BYTES, bytes);
                    return -1;
                }
                at += 2;
                failure = Bounds.checkAvailable(at, n, length, "bytes", detail);
                if (failure != CodecError.OK) {
                    return -1;
                }
                at += n;
            } else if (scale > MAX_SCALE) {
                failure = Bounds.fail(detail, CodecError.BAD_VALUE, "scale", at - 1, 1, MAX_SCALE, scale);
                return -1;
            } else {
                failure = Bounds.checkAvailable(at, 8, length, "value", detail);
                if (failure != CodecError.OK) {
                    return -1;
                }
                at += 8;
            }
        }
        return at;
    }

    /** Validates the constraint lists from {@code at}; returns where they end, or -1 with {@code detail} set. */
    private int readLists(final DirectBuffer buffer, final int offset, final int from, final int length,
                          final ErrorDetail detail) {
        final int count = buffer.getByte(offset + LIST_COUNT_OFFSET) & 0xFF;
        int at = from;
        int previous = -1;
        for (int j = 0; j < count; j++) {
            failure = Bounds.checkAvailable(at, 2, length, "constraint list", detail);
            if (failure != CodecError.OK) {
                return -1;
            }
            final int child = buffer.getByte(offset + at) & 0xFF;
            if (child <= previous) {
                failure = Bounds.fail(detail, CodecError.BAD_VALUE, "constraint list child", at, 1, previous + 1, child);
                return -1;
            }
            final int available = Math.min(length - at - 1, listScratch.length);
            buffer.getBytes(offset + at + 1, listScratch, 0, available);
            final int n = lists.wrapLeading(listScratch, 0, available, detail);
            if (n < 0 || lists.count() == 0) {
                failure = Bounds.fail(detail, CodecError.BAD_VALUE, "constraint list", at + 1, Math.max(n, 1), 1,
                    n < 0 ? -1 : 0);
                return -1;
            }
            listAt[j] = at + 1;
            listLength[j] = n;
            previous = child;
            at += 1 + n;
        }
        listCount = count;
        return at;
    }

    /** The region, the total length bound, the fixed block and the argument count. */
    private static CodecError header(final DirectBuffer buffer, final int offset, final int length,
                                     final ErrorDetail detail) {
        final CodecError e = Bounds.checkRegion(buffer, offset, length, detail);
        if (e != CodecError.OK) {
            return e;
        }
        if (length > MAX_LENGTH) {
            return Bounds.fail(detail, CodecError.BAD_LENGTH, "arguments body", 0, length, MAX_LENGTH, length);
        }
        final CodecError block = Bounds.checkAvailable(0, BLOCK_LENGTH, length, "arguments block", detail);
        if (block != CodecError.OK) {
            return block;
        }
        final int args = buffer.getByte(offset + ARGUMENT_COUNT_OFFSET) & 0xFF;
        if (args > MAX_ARGUMENTS) {
            return Bounds.fail(detail, CodecError.BAD_COUNT, "argumentCount", ARGUMENT_COUNT_OFFSET, 1, MAX_ARGUMENTS, args);
        }
        return CodecError.OK;
    }

    /** @return the request whose DECISION record follows. */
    public long requestId() {
        return buffer.getLong(offset + REQUEST_ID_OFFSET, LE);
    }

    /** @return the number of arguments. */
    public int argumentCount() {
        return argumentCount;
    }

    /** @return argument {@code i}'s index in the policy's declaration. */
    public int argument(final int i) {
        Bounds.checkIndex(i, argumentCount);
        return buffer.getShort(offset + entries[i], LE) & 0xFFFF;
    }

    /** @return whether argument {@code i} is a number (else bytes). */
    public boolean isNumber(final int i) {
        Bounds.checkIndex(i, argumentCount);
        return (buffer.getByte(offset + entries[i] + 2) & 0xFF) != SCALE_BYTES;
    }

    /** @return the scale of number {@code i}. */
    public int scale(final int i) {
        Bounds.checkIndex(i, argumentCount);
        return buffer.getByte(offset + entries[i] + 2) & 0xFF;
    }

    /** @return the unscaled value of number {@code i}. */
    public long number(final int i) {
        Bounds.checkIndex(i, argumentCount);
        return buffer.getLong(offset + entries[i] + 3, LE);
    }

    /** @return how many bytes value {@code i} holds. */
    public int byteLength(final int i) {
        Bounds.checkIndex(i, argumentCount);
        return buffer.getShort(offset + entries[i] + 3, LE) & 0xFFFF;
    }

    /** Copies the bytes of value {@code i} into {@code dst}; returns how many. */
    public int getBytes(final int i, final byte[] dst, final int at) {
        final int n = byteLength(i);
        buffer.getBytes(offset + entries[i] + 5, dst, at, n);
        return n;
    }

    /** @return the number of slices. */
    public int sliceCount() {
        return sliceCount;
    }

    /** @return the child of slice {@code j}. */
    public int sliceChild(final int j) {
        Bounds.checkIndex(j, sliceCount);
        return buffer.getByte(offset + slicesAt + j * SLICE_LENGTH) & 0xFF;
    }

    /** @return the budget index of slice {@code j}. */
    public int sliceBudget(final int j) {
        Bounds.checkIndex(j, sliceCount);
        return buffer.getByte(offset + slicesAt + j * SLICE_LENGTH + 1) & 0xFF;
    }

    /** @return the amount of slice {@code j}. */
    public long sliceAmount(final int j) {
        Bounds.checkIndex(j, sliceCount);
        return buffer.getLong(offset + slicesAt + j * SLICE_LENGTH + 2, LE);
    }

    /** @return how many children's requested constraint lists the body holds. */
    public int listCount() {
        return listCount;
    }

    /** @return the child of constraint list {@code j} (ascending in {@code j}). */
    public int listChild(final int j) {
        Bounds.checkIndex(j, listCount);
        return buffer.getByte(offset + listAt[j] - 1) & 0xFF;
    }

    /** @return the length of constraint list {@code j}. */
    public int listLength(final int j) {
        Bounds.checkIndex(j, listCount);
        return listLength[j];
    }

    /** Copies constraint list {@code j} into {@code dst} at {@code at}; returns its length. */
    public int getList(final int j, final byte[] dst, final int at) {
        final int n = listLength(j);
        buffer.getBytes(offset + listAt[j], dst, at, n);
        return n;
    }
}
