package dev.baton.codec;

import java.util.Arrays;

/**
 * The keys that sign and verify portable warrants, by key id (u16), each with its own
 * {@link SignatureSuite}. The newest key is current and signs; after {@link #rotate} the previous
 * current key still verifies while {@code now - retiredAt < grace}, then answers
 * {@link CodecError#KEY_RETIRED}; {@link #purge} forgets it ({@link CodecError#UNKNOWN_KEY}). Suites
 * may change across a rotation (HMAC to Ed25519 and back). {@link #verifyingOnly()} is the ring to
 * hand to another trust domain: Ed25519 public keys only.
 *
 * <p><b>Note:</b> thread-safe. Look-ups read an immutable snapshot and allocate nothing;
 * {@link #rotate} and {@link #purge} copy it (rare). A ring holds a few keys: look-up is a linear scan.
 */
public final class WarrantKeyRing {
    private static final long ACTIVE = Long.MAX_VALUE;

    private final long graceMillis;
    /** Current key first; retiredAt[i] belongs to keys[i]. */
    private volatile Entry[] entries;

    /**
     * @param graceMillis how long a rotated-out key still verifies, 0 or more.
     * @param current     the first current key.
     */
    public WarrantKeyRing(final long graceMillis, final WarrantKey current) {
        this(graceMillis, new Entry[] {new Entry(current, ACTIVE)});
    }

    private WarrantKeyRing(final long graceMillis, final Entry[] entries) {
        if (graceMillis < 0) {
            throw new IllegalArgumentException("graceMillis=" + graceMillis);
        }
        this.graceMillis = graceMillis;
        this.entries = entries;
    }

    /**
     * Makes a new key current; the old current key is retired at {@code nowMillis}.
     *
     * @param next      key whose id is not in the ring.
     * @param nowMillis epoch millis.
     * @throws IllegalArgumentException if the id is already in the ring.
     */
    public synchronized void rotate(final WarrantKey next, final long nowMillis) {
        final Entry[] old = entries;
        for (final Entry e : old) {
            if (e.key.keyId == next.keyId) {
                throw new IllegalArgumentException("key id " + next.keyId + " is already in the ring");
            }
        }
        final Entry[] updated = new Entry[old.length + 1];
        updated[0] = new Entry(next, ACTIVE);
        updated[1] = old[0].retiredAtMillis == ACTIVE ? new Entry(old[0].key, nowMillis) : old[0];
        System.arraycopy(old, 1, updated, 2, old.length - 1);
        entries = updated;
    }

    /**
     * Forgets retired keys past their grace window.
     *
     * @param nowMillis epoch millis.
     * @return keys removed.
     */
    public synchronized int purge(final long nowMillis) {
        final Entry[] old = entries;
        final Entry[] kept = new Entry[old.length];
        int n = 0;
        for (final Entry e : old) {
            if (!e.expired(nowMillis, graceMillis)) {
                kept[n++] = e;
            }
        }
        entries = Arrays.copyOf(kept, n);
        return old.length - n;
    }

    /**
     * The ring another trust domain may hold: the verifying halves of the Ed25519 keys, with the same
     * retirement times; HMAC keys and private keys are left out.
     *
     * @return a new ring, or null if this ring has no Ed25519 key.
     */
    public WarrantKeyRing verifyingOnly() {
        final Entry[] snapshot = entries;
        final Entry[] out = new Entry[snapshot.length];
        int n = 0;
        for (final Entry e : snapshot) {
            final WarrantKey half = e.key.verifyingOnly();
            if (null != half) {
                out[n++] = new Entry(half, e.retiredAtMillis);
            }
        }
        return n == 0 ? null : new WarrantKeyRing(graceMillis, Arrays.copyOf(out, n));
    }

    /** @return grace window of a retired key, millis. */
    public long graceMillis() {
        return graceMillis;
    }

    /** @return the current key (it signs, if it can). */
    public WarrantKey currentKey() {
        return entries[0].key;
    }

    /**
     * Whether a warrant signed with {@code keyId} may be verified at {@code nowMillis}.
     *
     * @param keyId     from the warrant.
     * @param nowMillis epoch millis.
     * @return OK, {@link CodecError#UNKNOWN_KEY} or {@link CodecError#KEY_RETIRED}.
     */
    public CodecError keyStatus(final int keyId, final long nowMillis) {
        final Entry e = entry(keyId);
        if (null == e) {
            return CodecError.UNKNOWN_KEY;
        }
        return e.expired(nowMillis, graceMillis) ? CodecError.KEY_RETIRED : CodecError.OK;
    }

    /**
     * @param keyId a key id.
     * @return the key with that id, or null if the ring does not hold it.
     */
    public WarrantKey key(final int keyId) {
        final Entry e = entry(keyId);
        return null == e ? null : e.key;
    }

    private Entry entry(final int keyId) {
        for (final Entry e : entries) {
            if (e.key.keyId == keyId) {
                return e;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder("WarrantKeyRing{graceMillis=").append(graceMillis).append(", keys=[");
        final Entry[] snapshot = entries;
        for (int i = 0; i < snapshot.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(snapshot[i].key);
            if (snapshot[i].retiredAtMillis != ACTIVE) {
                sb.append(" retiredAt=").append(snapshot[i].retiredAtMillis);
            }
        }
        return sb.append("]}").toString();
    }

    /** A key and when it was retired ({@code ACTIVE} while current). Immutable. */
    private static final class Entry {
        final WarrantKey key;
        final long retiredAtMillis;

        Entry(final WarrantKey key, final long retiredAtMillis) {
            this.key = key;
            this.retiredAtMillis = retiredAtMillis;
        }

        boolean expired(final long nowMillis, final long graceMillis) {
            return retiredAtMillis != ACTIVE && nowMillis - retiredAtMillis >= graceMillis;
        }
    }
}
