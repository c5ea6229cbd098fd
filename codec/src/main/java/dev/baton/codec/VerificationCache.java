package dev.baton.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Warrant bytes whose MAC or signature already verified under a key, so the same bytes presented again
 * under the same key cost a look-up instead of a cryptographic check. Direct-mapped: the slot comes from
 * the last 8 bytes of the warrant (its tag), and a hit needs the very key object the entry was verified
 * under and every byte equal, compared in constant time, so a warrant that merely shares a tag never hits
 * and a key id bound to another secret (a purged id used again) never finds the old entries. Bounded (a
 * fixed number of slots, each with room for {@code stride} bytes: a longer warrant is verified every time)
 * and allocation-free. It caches only that check: callers still check the key's grace window, expiry,
 * holder and revocation on every presentation, so an entry is never trusted past any of them.
 *
 * <p><b>Note:</b> not thread-safe; each owner (an offline verifier, a thread of a
 * {@link WarrantAuthenticator}) has its own.
 */
public final class VerificationCache {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Shortest warrant cached: the slot hash reads its last 8 bytes. */
    private static final int MIN_LENGTH = 8;

    private final int stride;
    private final byte[] bytes;
    private final int[] lengths;
    private final Object[] keys;
    private final int mask;

    /**
     * @param slots  entries, a power of two up to 65536, or 0 for no cache.
     * @param stride room per entry, in bytes: the longest warrant cached.
     * @throws IllegalArgumentException if {@code slots} or {@code stride} is out of range.
     */
    public VerificationCache(final int slots, final int stride) {
        if (slots < 0 || Integer.bitCount(Math.max(slots, 1)) != 1 || slots > 1 << 16) {
            throw new IllegalArgumentException("cache slots=" + slots + ": 0 or a power of two up to 65536");
        }
        if (stride < MIN_LENGTH || stride > 1 << 16) {
            throw new IllegalArgumentException("cache stride=" + stride + ": from " + MIN_LENGTH + " to 65536 bytes");
        }
        this.stride = stride;
        this.bytes = new byte[slots * stride];
        this.lengths = new int[slots];
        this.keys = new Object[slots];
        this.mask = slots - 1;
    }

    private int slot(final byte[] warrant, final int offset, final int length) {
        final long h = (long)LONG.get(warrant, offset + length - 8) * 0x9E37_79B9_7F4A_7C15L;
        return (int)(h >>> 40) & mask;
    }

    /**
     * @param key     the key the caller would verify with now (compared by identity).
     * @return whether these exact bytes verified before under {@code key}.
     */
    public boolean contains(final byte[] warrant, final int offset, final int length, final Object key) {
        if (lengths.length == 0 || length < MIN_LENGTH || length > stride) {
            return false;
        }
        final int s = slot(warrant, offset, length);
        return keys[s] == key && lengths[s] == length && equal(bytes, s * stride, warrant, offset, length);
    }

    /** Remembers bytes that verified under {@code key}, evicting whatever held their slot. */
    public void put(final byte[] warrant, final int offset, final int length, final Object key) {
        if (lengths.length == 0 || length < MIN_LENGTH || length > stride) {
            return;
        }
        final int s = slot(warrant, offset, length);
        System.arraycopy(warrant, offset, bytes, s * stride, length);
        lengths[s] = length;
        keys[s] = key;
    }

    /** Compares every byte whatever the first difference: the time says nothing of where it is. */
    private static boolean equal(final byte[] a, final int aAt, final byte[] b, final int bAt, final int length) {
        long diff = 0;
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            diff |= (long)LONG.get(a, aAt + i) ^ (long)LONG.get(b, bAt + i);
        }
        for (; i < length; i++) {
            diff |= a[aAt + i] ^ b[bAt + i];
        }
        return diff == 0;
    }
}
