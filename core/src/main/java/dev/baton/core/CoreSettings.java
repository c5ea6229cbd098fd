package dev.baton.core;

import dev.baton.codec.KeyRing;

/**
 * How a {@link DecisionCore} is built: the key ring for warrants, the grant registry's sizes and how long
 * a dead grant is kept. Start from {@link #DEFAULT} and change what differs:
 * {@code CoreSettings.DEFAULT.withKeys(keys).withRetentionMillis(0)}.
 * <p>
 * <b>Note:</b> immutable and thread-safe (the key ring it names is shared, not copied); the core checks
 * the values when it is built.
 *
 * @param keys            the key ring that signs and verifies warrants, or null for a core that works on
 *                        grant ids only.
 * @param initialGrants   registry slots to preallocate.
 * @param maxGrants       most grants (live or tombstoned) held at once; beyond it, DENY {@code CAPACITY}.
 * @param retentionMillis how long a dead grant is kept to answer {@code EXPIRED}/{@code REVOKED} before
 *                        its slot is reclaimed.
 */
public record CoreSettings(KeyRing keys, int initialGrants, int maxGrants, long retentionMillis) {
    /** No warrants; room for 4,096 grants to start, up to 16M; dead grants kept for one minute. */
    public static final CoreSettings DEFAULT = new CoreSettings(null, 4096, 1 << 24, 60_000);

    /**
     * @param ring the key ring for warrants, or null for none.
     * @return these settings with {@code ring}.
     */
    public CoreSettings withKeys(final KeyRing ring) {
        return new CoreSettings(ring, initialGrants, maxGrants, retentionMillis);
    }

    /**
     * @param initial registry slots to preallocate.
     * @param max     most grants held at once.
     * @return these settings with those registry sizes.
     */
    public CoreSettings withGrants(final int initial, final int max) {
        return new CoreSettings(keys, initial, max, retentionMillis);
    }

    /**
     * @param millis how long a dead grant is kept.
     * @return these settings with that retention.
     */
    public CoreSettings withRetentionMillis(final long millis) {
        return new CoreSettings(keys, initialGrants, maxGrants, millis);
    }
}
