package dev.baton.fleet;

import java.util.concurrent.locks.StampedLock;

/**
 * The revocations an engine keeps: (engine id, grant id) to the grant's expiry, in an open-addressed
 * table with linear probing and backward-shift deletion. Bounded: it holds at most {@code capacity}
 * entries (revoked grants still live fleet-wide); {@link #purgeExpired} drops those past their expiry.
 * <p>
 * One writer (the feed's thread), many readers: reads are optimistic ({@code StampedLock}), retried
 * under the read lock if a write overlapped.
 * <p>
 * <b>Note:</b> thread-safe for one writer and any readers. {@link #contains} allocates nothing; the
 * table's arrays are allocated once, at the bound.
 */
final class RevocationTable {
    private static final long FREE = 0;
    private final long[] grants;
    private final int[] engines;
    private final long[] expiries;
    private final int mask;
    private final int capacity;
    private final StampedLock lock = new StampedLock();
    private int size;

    /** @param capacity most entries kept; the arrays hold twice as many slots (a power of two). */
    RevocationTable(final int capacity) {
        final int slots = Integer.highestOneBit(Math.max(16, capacity) * 2 - 1) << 1;
        this.grants = new long[slots];
        this.engines = new int[slots];
        this.expiries = new long[slots];
        this.mask = slots - 1;
        this.capacity = capacity;
    }

    boolean contains(final int engineId, final long grantId) {
        long stamp = lock.tryOptimisticRead();
        boolean found = find(engineId, grantId) >= 0;
        if (!lock.validate(stamp)) {
            stamp = lock.readLock();
            try {
                found = find(engineId, grantId) >= 0;
            } finally {
                lock.unlockRead(stamp);
            }
        }
        return found;
    }

    /**
     * Adds or updates an entry (the later expiry wins).
     *
     * @return false if the table is full and the entry is new: nothing was added.
     */
    boolean put(final int engineId, final long grantId, final long expiresAt) {
        final long stamp = lock.writeLock();
        try {
            final int at = find(engineId, grantId);
            if (at >= 0) {
                expiries[at] = Math.max(expiries[at], expiresAt);
                return true;
            }
            if (size == capacity) {
                return false;
            }
            int i = index(engineId, grantId);
            while (grants[i] != FREE) {
                i = (i + 1) & mask;
            }
            grants[i] = key(grantId);
            engines[i] = engineId;
            expiries[i] = expiresAt;
            size++;
            return true;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** @return whether the entry was there. */
    boolean remove(final int engineId, final long grantId) {
        final long stamp = lock.writeLock();
        try {
            final int at = find(engineId, grantId);
            if (at < 0) {
                return false;
            }
            delete(at);
            return true;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** @return entries dropped because their expiry is at or before {@code nowMillis}. */
    int purgeExpired(final long nowMillis) {
        final long stamp = lock.writeLock();
        try {
            int dropped = 0;
            for (int i = 0; i <= mask; i++) {
                while (grants[i] != FREE && expiries[i] <= nowMillis) {
                    delete(i); // shifts a later entry into i: look at i again
                    dropped++;
                }
            }
            return dropped;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    int size() {
        return size;
    }

    int capacity() {
        return capacity;
    }

    private int find(final int engineId, final long grantId) {
        final long k = key(grantId);
        for (int i = index(engineId, grantId), probes = 0; probes <= mask; i = (i + 1) & mask, probes++) {
            final long g = grants[i];
            if (g == FREE) {
                return -1;
            }
            if (g == k && engines[i] == engineId) {
                return i;
            }
        }
        return -1;
    }

    /** Backward-shift deletion: no tombstones, so probes stay short after many removals. */
    private void delete(final int at) {
        int hole = at;
        for (int i = (at + 1) & mask; grants[i] != FREE; i = (i + 1) & mask) {
            final int home = index(engines[i], grantId(grants[i]));
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                grants[hole] = grants[i];
                engines[hole] = engines[i];
                expiries[hole] = expiries[i];
                hole = i;
            }
        }
        grants[hole] = FREE;
        size--;
    }

    /** Grant id 0 is a legal id for this table: stored as id+1 so 0 marks a free slot (id -1 is refused). */
    private static long key(final long grantId) {
        if (grantId == -1) {
            throw new IllegalArgumentException("grant id -1 cannot be kept");
        }
        return grantId + 1;
    }

    private static long grantId(final long key) {
        return key - 1;
    }

    private int index(final int engineId, final long grantId) {
        final long h = (grantId * 0x9E37_79B9_7F4A_7C15L) ^ (engineId * 0xC2B2_AE3D_27D4_EB4FL);
        return (int) (h ^ (h >>> 29)) & mask;
    }
}
