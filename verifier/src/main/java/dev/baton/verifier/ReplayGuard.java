package dev.baton.verifier;

/**
 * Remembers the nonces of accepted proofs of possession for their freshness window, so a proof
 * presented twice is refused. Bounded: a fixed table; a slot is reused once its proof is past its
 * window (it would be refused as stale anyway). When every slot a nonce may use holds a fresh proof,
 * {@link #admit} refuses ({@link VerifyReason#REPLAY_GUARD_FULL}) rather than forget a fresh nonce.
 * Share one guard between the verifiers of a process so that a replay to another thread is caught.
 *
 * <p><b>Note:</b> thread-safe ({@code synchronized}, a few nanoseconds held); allocates nothing after
 * construction.
 */
public final class ReplayGuard {
    private static final int PROBES = 16;

    private final long windowMillis;
    private final long[] nonceHigh;
    private final long[] nonceLow;
    /** Proof timestamp plus window: the slot is free from then on; 0 marks a never-used slot. */
    private final long[] freeAt;

    /**
     * @param capacity     fresh proofs remembered at most (rounded up to a power of two, at least 16).
     * @param windowMillis freshness window: a proof is fresh while {@code |now - timestamp| <= window}.
     */
    public ReplayGuard(final int capacity, final long windowMillis) {
        if (capacity < 1 || capacity > 1 << 24 || windowMillis < 0) {
            throw new IllegalArgumentException("capacity=" + capacity + " windowMillis=" + windowMillis);
        }
        final int size = Math.max(PROBES, Integer.highestOneBit(capacity - 1) << 1);
        this.windowMillis = windowMillis;
        this.nonceHigh = new long[size];
        this.nonceLow = new long[size];
        this.freeAt = new long[size];
    }

    /** @return the freshness window, millis. */
    public long windowMillis() {
        return windowMillis;
    }

    /**
     * Records a fresh proof's nonce, or tells it was seen.
     *
     * @param high      first half of the nonce.
     * @param low       second half.
     * @param timestamp the proof's timestamp, epoch millis (already checked fresh).
     * @param nowMillis epoch millis.
     * @return {@link VerifyReason#OK}, {@link VerifyReason#PROOF_REPLAYED} or {@link VerifyReason#REPLAY_GUARD_FULL}.
     */
    public synchronized VerifyReason admit(final long high, final long low, final long timestamp, final long nowMillis) {
        final int mask = freeAt.length - 1;
        final int start = (int)(((high ^ low) * 0x9E37_79B9_7F4A_7C15L) >>> 40) & mask;
        int free = -1;
        for (int p = 0; p < PROBES; p++) {
            final int i = (start + p) & mask;
            final boolean live = freeAt[i] != 0 && freeAt[i] >= nowMillis;
            if (live && nonceHigh[i] == high && nonceLow[i] == low) {
                return VerifyReason.PROOF_REPLAYED;
            }
            if (!live && free < 0) {
                free = i;
            }
        }
        if (free < 0) {
            return VerifyReason.REPLAY_GUARD_FULL;
        }
        nonceHigh[free] = high;
        nonceLow[free] = low;
        freeAt[free] = Math.max(1, timestamp + windowMillis);
        return VerifyReason.OK;
    }
}
