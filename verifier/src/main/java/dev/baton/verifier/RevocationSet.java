package dev.baton.verifier;

/**
 * An in-memory {@link RevocationSource}: revoked grants as (engine id, grant id) pairs in an
 * open-addressed table. Reads are lock-free on an immutable snapshot and allocate nothing;
 * {@link #revoke} copies the table (copy-on-write: revocations are rare next to presentations).
 *
 * <p><b>Note:</b> thread-safe.
 */
public final class RevocationSet implements RevocationSource {
    private static final long EMPTY = 0;

    private volatile Table table = new Table(16);

    /**
     * Records a revoked grant.
     *
     * @param engineId engine that issued it.
     * @param grantId  its id there, not 0.
     * @return whether it was not already recorded.
     */
    public synchronized boolean revoke(final int engineId, final long grantId) {
        if (grantId == EMPTY) {
            throw new IllegalArgumentException("grant id 0");
        }
        final Table current = table;
        if (current.contains(engineId, grantId)) {
            return false;
        }
        final Table next = current.size * 2 + 2 > current.grants.length
            ? current.grown() : current.copy();
        next.add(engineId, grantId);
        table = next;
        return true;
    }

    /** @return revoked grants recorded. */
    public int size() {
        return table.size;
    }

    @Override
    public boolean isRevoked(final int engineId, final long grantId) {
        return table.contains(engineId, grantId);
    }

    /** Keys in {@code grants}/{@code engines}, linear probing; grant id 0 marks a free slot. */
    private static final class Table {
        final long[] grants;
        final int[] engines;
        int size;

        Table(final int capacity) {
            grants = new long[capacity];
            engines = new int[capacity];
        }

        boolean contains(final int engineId, final long grantId) {
            final int mask = grants.length - 1;
            for (int i = index(engineId, grantId, mask); ; i = (i + 1) & mask) {
                final long g = grants[i];
                if (g == EMPTY) {
                    return false;
                }
                if (g == grantId && engines[i] == engineId) {
                    return true;
                }
            }
        }

        void add(final int engineId, final long grantId) {
            final int mask = grants.length - 1;
            int i = index(engineId, grantId, mask);
            while (grants[i] != EMPTY) {
                i = (i + 1) & mask;
            }
            grants[i] = grantId;
            engines[i] = engineId;
            size++;
        }

        Table copy() {
            final Table t = new Table(grants.length);
            System.arraycopy(grants, 0, t.grants, 0, grants.length);
            System.arraycopy(engines, 0, t.engines, 0, engines.length);
            t.size = size;
            return t;
        }

        Table grown() {
            final Table t = new Table(grants.length * 2);
            for (int i = 0; i < grants.length; i++) {
                if (grants[i] != EMPTY) {
                    t.add(engines[i], grants[i]);
                }
            }
            return t;
        }

        private static int index(final int engineId, final long grantId, final int mask) {
            final long h = (grantId ^ ((long)engineId << 32 | engineId & 0xFFFF_FFFFL)) * 0x9E37_79B9_7F4A_7C15L;
            return (int)(h >>> 32) & mask;
        }
    }
}
