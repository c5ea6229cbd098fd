package dev.baton.core;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The grants of other engines this engine knows to be revoked, each until its expiry: the set a
 * {@link PortableGate} checks every hop of a presented warrant against, filled only by revocations applied
 * on the engine's ring ({@link PortableGate#revokeForeign}), so that it is the same on replay as live.
 * A grant is named by its engine and its id there. An entry counts until its {@code expiresAt} (the grant
 * would be refused as expired from then on anyway); expired entries are dropped when the table needs room,
 * which changes no answer, so the set is bounded by the revoked foreign grants still live.
 * <p>
 * Open addressing with linear probing over three primitive arrays (grant id 0 marks an empty slot: ids are
 * strictly positive), at most half full; deletion shifts entries back, so there are no tombstones.
 * <p>
 * <b>Note:</b> not thread-safe: the core's thread. Look-ups allocate nothing; adding allocates only when the
 * table doubles (more live revoked foreign grants than ever before); a snapshot's export allocates.
 */
final class ForeignRevocations {
    /** Bytes of one entry in the snapshot section: grant id i64, expiry i64, engine id i32, 0 i32. */
    private static final int ENTRY = 24;
    private static final int INITIAL_CAPACITY = 64;

    private int[] engines = new int[INITIAL_CAPACITY];
    private long[] grants = new long[INITIAL_CAPACITY];
    private long[] expiries = new long[INITIAL_CAPACITY];
    private int size;

    /** @return entries held, expired ones not yet dropped included. */
    int size() {
        return size;
    }

    /**
     * Adds a revoked foreign grant, or extends the expiry of one already known.
     *
     * @param engineId  the grant's engine.
     * @param grantId   its id there, strictly positive.
     * @param expiresAt its expiry: the entry counts until then.
     * @param now       the core's time (expired entries may be dropped to make room).
     * @return whether the set changed (a new entry, or a later expiry).
     */
    boolean add(final int engineId, final long grantId, final long expiresAt, final long now) {
        if (grantId <= 0) {
            throw new IllegalArgumentException("grant ids are strictly positive, found " + grantId);
        }
        int i = find(engineId, grantId);
        if (i >= 0) {
            if (expiresAt <= expiries[i]) {
                return false;
            }
            expiries[i] = expiresAt;
            return true;
        }
        if (2 * (size + 1) > grants.length) {
            dropExpired(now);
            if (2 * (size + 1) > grants.length) {
                resize(2 * grants.length);
            }
        }
        i = home(engineId, grantId, grants.length - 1);
        while (grants[i] != 0) {
            i = (i + 1) & (grants.length - 1);
        }
        engines[i] = engineId;
        grants[i] = grantId;
        expiries[i] = expiresAt;
        size++;
        return true;
    }

    /** @return whether a hop of the verified warrant {@code w} is known revoked at {@code now}. */
    boolean anyHop(final dev.baton.codec.PortableWarrantDecoder w, final long now) {
        for (int hop = 0; size > 0 && hop < w.hopCount(); hop++) {
            if (isRevoked(w.hopEngineId(hop), w.hopGrantId(hop), now)) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the grant is known revoked at {@code now} (an entry that has not expired). */
    boolean isRevoked(final int engineId, final long grantId, final long now) {
        if (size == 0) {
            return false;
        }
        final int i = find(engineId, grantId);
        return i >= 0 && now < expiries[i];
    }

    private int find(final int engineId, final long grantId) {
        final int mask = grants.length - 1;
        for (int i = home(engineId, grantId, mask); grants[i] != 0; i = (i + 1) & mask) {
            if (grants[i] == grantId && engines[i] == engineId) {
                return i;
            }
        }
        return -1;
    }

    private static int home(final int engineId, final long grantId, final int mask) {
        long h = grantId * 0x9E3779B97F4A7C15L ^ (engineId * 0xC2B2AE3D27D4EB4FL);
        h ^= h >>> 29;
        return (int) h & mask;
    }

    /**
     * Drops every entry expired at {@code now}, in place. Deleting shifts later entries of the probe run
     * back into the hole, so slot {@code i} is checked again; an entry shifted across the table's end lands
     * on a slot already checked, and was checked itself.
     */
    void dropExpired(final long now) {
        int i = 0;
        while (i < grants.length) {
            if (grants[i] != 0 && expiries[i] <= now) {
                delete(i);
            } else {
                i++;
            }
        }
    }

    private void delete(final int at) {
        final int mask = grants.length - 1;
        int hole = at;
        for (int j = (hole + 1) & mask; grants[j] != 0; j = (j + 1) & mask) {
            final int h = home(engines[j], grants[j], mask);
            // j may fill the hole unless its home lies cyclically in (hole, j]
            final boolean stays = hole <= j ? hole < h && h <= j : hole < h || h <= j;
            if (!stays) {
                engines[hole] = engines[j];
                grants[hole] = grants[j];
                expiries[hole] = expiries[j];
                hole = j;
            }
        }
        grants[hole] = 0;
        engines[hole] = 0;
        expiries[hole] = 0;
        size--;
    }

    private void resize(final int capacity) {
        final int[] oldEngines = engines;
        final long[] oldGrants = grants;
        final long[] oldExpiries = expiries;
        engines = new int[capacity];
        grants = new long[capacity];
        expiries = new long[capacity];
        final int mask = capacity - 1;
        for (int k = 0; k < oldGrants.length; k++) {
            if (oldGrants[k] != 0) {
                int i = home(oldEngines[k], oldGrants[k], mask);
                while (grants[i] != 0) {
                    i = (i + 1) & mask;
                }
                engines[i] = oldEngines[k];
                grants[i] = oldGrants[k];
                expiries[i] = oldExpiries[k];
            }
        }
    }

    /**
     * Writes the entries that have not expired at {@code now}, sorted by (engine, grant) so that two sets
     * holding the same live entries write the same bytes (the FOREIGN_REVOKED section's body,
     * {@link CoreSnapshot}): count i32, 0 i32, then per entry grant id i64, expiry i64, engine id i32, 0 i32.
     * Allocates the sorted list.
     *
     * @return where the body ends.
     */
    int exportState(final ExpandableArrayBuffer dst, final int at, final long now) {
        final long[][] live = new long[size][];
        int n = 0;
        for (int i = 0; i < grants.length; i++) {
            if (grants[i] != 0 && expiries[i] > now) {
                live[n++] = new long[] {engines[i], grants[i], expiries[i]};
            }
        }
        Arrays.sort(live, 0, n, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        dst.putInt(at, n, ByteOrder.LITTLE_ENDIAN);
        dst.putInt(at + 4, 0, ByteOrder.LITTLE_ENDIAN);
        int p = at + 8;
        for (int k = 0; k < n; k++) {
            dst.putLong(p, live[k][1], ByteOrder.LITTLE_ENDIAN);
            dst.putLong(p + 8, live[k][2], ByteOrder.LITTLE_ENDIAN);
            dst.putInt(p + 16, (int) live[k][0], ByteOrder.LITTLE_ENDIAN);
            dst.putInt(p + 20, 0, ByteOrder.LITTLE_ENDIAN);
            p += ENTRY;
        }
        return p;
    }

    /**
     * Reads what {@link #exportState} wrote into this (empty) set.
     *
     * @throws IllegalStateException naming the field if the body is malformed.
     */
    void importState(final DirectBuffer src, final int at, final int length) {
        final int count = length < 8 ? -1 : src.getInt(at, ByteOrder.LITTLE_ENDIAN);
        if (count < 0 || (long) count * ENTRY + 8 != length) {
            throw new IllegalStateException("section FOREIGN_REVOKED: count " + count + " (length " + length + ")");
        }
        for (int k = 0; k < count; k++) {
            final int p = at + 8 + k * ENTRY;
            final long grant = src.getLong(p, ByteOrder.LITTLE_ENDIAN);
            final int engine = src.getInt(p + 16, ByteOrder.LITTLE_ENDIAN);
            if (grant <= 0 || find(engine, grant) >= 0) {
                throw new IllegalStateException("section FOREIGN_REVOKED: entry " + k + ": grant " + grant
                    + " of engine " + engine + (grant <= 0 ? " is not a grant id" : " appears twice"));
            }
            add(engine, grant, src.getLong(p + 8, ByteOrder.LITTLE_ENDIAN), Long.MIN_VALUE);
        }
    }
}
