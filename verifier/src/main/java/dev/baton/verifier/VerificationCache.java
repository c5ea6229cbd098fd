package dev.baton.verifier;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Warrant bytes whose signature already verified, so the same bytes presented again cost a look-up
 * instead of a signature check. Direct-mapped: the slot comes from the last 8 bytes of the tag, and a
 * hit compares every byte, so a warrant that merely shares a tag never hits. Bounded (a fixed number of
 * slots, each with room for the largest warrant) and allocation-free. It caches only the signature:
 * the verifier still checks the key's grace window, expiry, holder, scope, every ancestor's revocation
 * and the proof on every presentation, so an entry is never trusted past expiry or a revocation.
 *
 * <p><b>Note:</b> not thread-safe; each {@link OfflineVerifier} owns one.
 */
final class VerificationCache {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /**
     * Room per slot: every warrant without constraints (at most 1148 bytes) and constrained ones of
     * typical size; a longer warrant is verified every time rather than make every slot 5 KiB.
     */
    private static final int STRIDE = 1280;

    private final byte[] bytes;
    private final int[] lengths;
    private final int mask;

    /** @param slots entries, a power of two, 0 for no cache. */
    VerificationCache(final int slots) {
        if (slots < 0 || Integer.bitCount(Math.max(slots, 1)) != 1 || slots > 1 << 16) {
            throw new IllegalArgumentException("cache slots=" + slots + ": 0 or a power of two up to 65536");
        }
        this.bytes = new byte[slots * STRIDE];
        this.lengths = new int[slots];
        this.mask = slots - 1;
    }

    private int slot(final byte[] warrant, final int offset, final int length) {
        final long h = (long)LONG.get(warrant, offset + length - 8) * 0x9E37_79B9_7F4A_7C15L;
        return (int)(h >>> 40) & mask;
    }

    /** Whether these exact bytes verified before; {@code length} is a decoded warrant's (at least 64). */
    boolean contains(final byte[] warrant, final int offset, final int length) {
        if (lengths.length == 0) {
            return false;
        }
        final int s = slot(warrant, offset, length);
        final int at = s * STRIDE;
        return lengths[s] == length && Arrays.equals(bytes, at, at + length, warrant, offset, offset + length);
    }

    /** Remembers bytes whose signature verified, evicting whatever held the slot. */
    void put(final byte[] warrant, final int offset, final int length) {
        if (lengths.length == 0 || length > STRIDE) {
            return;
        }
        final int s = slot(warrant, offset, length);
        System.arraycopy(warrant, offset, bytes, s * STRIDE, length);
        lengths[s] = length;
    }
}
