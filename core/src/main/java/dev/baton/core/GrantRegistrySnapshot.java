package dev.baton.core;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The grant registry's state as the GRANTS section of a snapshot ({@link CoreSnapshot}): its rows, free
 * list and counters copied as they are, so that an import behaves exactly as the registry would from
 * there on (same slots, same sweep, same ids).
 * <p>
 * <b>Note:</b> stateless; on the core's thread. Exporting allocates nothing.
 */
final class GrantRegistrySnapshot {
    private GrantRegistrySnapshot() {
    }

    /** Bytes {@link #exportState} writes. */

    static long stateLength(final GrantRegistry g) {
        return 8L * 8 + 4L * g.freeCount + 8L * g.used * g.longStride + 4L * g.used * GrantRegistry.INT_STRIDE;
    }

    /**
     * Copies the whole registry, slots and counters as they are, so that an import behaves exactly as this
     * registry would from here on (same slots, same sweep, same ids). Little-endian; allocates nothing.
     *
     * @return the offset after what was written.
     */
    static int exportState(final GrantRegistry g, final MutableDirectBuffer dst, final int at) {
        int o = at;
        final long[] head = {g.words, g.capacity, g.used, g.live, g.sweepHand, g.freeCount, g.nextId, g.longStride};
        for (final long v : head) {
            dst.putLong(o, v, ByteOrder.LITTLE_ENDIAN);
            o += 8;
        }
        for (int i = 0; i < g.freeCount; i++, o += 4) {
            dst.putInt(o, g.freeSlots[i], ByteOrder.LITTLE_ENDIAN);
        }
        for (int i = 0, n = g.used * g.longStride; i < n; i++, o += 8) {
            dst.putLong(o, g.longs[i], ByteOrder.LITTLE_ENDIAN);
        }
        for (int i = 0, n = g.used * GrantRegistry.INT_STRIDE; i < n; i++, o += 4) {
            dst.putInt(o, g.ints[i], ByteOrder.LITTLE_ENDIAN);
        }
        return o;
    }

    /**
     * Replaces this (new, empty) registry's state with an exported one.
     *
     * @throws IllegalStateException naming the field if the state does not fit this registry.
     */
    static void importState(final GrantRegistry g, final DirectBuffer src, final int at, final int length) {
        if (length < 64) {
            throw new IllegalStateException("grants: length " + length + " < 64");
        }
        final long w = src.getLong(at, ByteOrder.LITTLE_ENDIAN);
        final long cap = src.getLong(at + 8, ByteOrder.LITTLE_ENDIAN);
        final long u = src.getLong(at + 16, ByteOrder.LITTLE_ENDIAN);
        final long l = src.getLong(at + 24, ByteOrder.LITTLE_ENDIAN);
        final long hand = src.getLong(at + 32, ByteOrder.LITTLE_ENDIAN);
        final long free = src.getLong(at + 40, ByteOrder.LITTLE_ENDIAN);
        final long stride = src.getLong(at + 56, ByteOrder.LITTLE_ENDIAN);
        require(w == g.words, "words", w, g.words);
        require(stride == GrantRegistry.L_CAPS + g.words, "longStride", stride, GrantRegistry.L_CAPS + g.words);
        require(cap >= 1 && cap <= g.maxCapacity(), "capacity", cap, g.maxCapacity());
        require(u >= 0 && u <= cap, "used", u, cap);
        require(free >= 0 && free <= u && l == u - free, "freeCount", free, u);
        require(hand >= 0 && hand <= Math.max(0, u - 1), "sweepHand", hand, u);
        final long expected = 64 + 4 * free + 8 * u * stride + 4 * u * GrantRegistry.INT_STRIDE;
        require(length == expected, "length", length, expected);
        g.resize((int) cap);
        g.used = (int) u;
        g.live = (int) l;
        g.sweepHand = (int) hand;
        g.freeCount = (int) free;
        g.nextId = src.getLong(at + 48, ByteOrder.LITTLE_ENDIAN);
        int o = at + 64;
        for (int i = 0; i < g.freeCount; i++, o += 4) {
            g.freeSlots[i] = src.getInt(o, ByteOrder.LITTLE_ENDIAN);
            require(g.freeSlots[i] >= 0 && g.freeSlots[i] < g.used, "freeSlots[" + i + "]", g.freeSlots[i], g.used);
        }
        for (int i = 0, n = g.used * g.longStride; i < n; i++, o += 8) {
            g.longs[i] = src.getLong(o, ByteOrder.LITTLE_ENDIAN);
        }
        for (int i = 0, n = g.used * GrantRegistry.INT_STRIDE; i < n; i++, o += 4) {
            g.ints[i] = src.getInt(o, ByteOrder.LITTLE_ENDIAN);
        }
        g.slotById.clear();
        for (int s = 0; s < g.used; s++) {
            if (g.id(s) != 0) {
                g.slotById.put(g.id(s), s);
            }
        }
        require(g.slotById.size() == g.live, "live", g.live, g.slotById.size());
    }

    private static void require(final boolean ok, final String field, final long found, final long bound) {
        if (!ok) {
            throw new IllegalStateException("grants: field " + field + " = " + found + " does not fit (" + bound + ")");
        }
    }
}
