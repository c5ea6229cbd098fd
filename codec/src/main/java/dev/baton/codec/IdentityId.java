package dev.baton.codec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A stable 128-bit identity id: the first 16 bytes of SHA-256 over a domain tag and the canonical
 * identity (its name as written, UTF-8), so two processes, or one process before and after a restart,
 * compute the same id for the same identity without sharing any table. Computed once when an identity
 * is bound; warrants carry it instead of an engine's interned number.
 *
 * <p>Why 128 bits resist collisions: SHA-256 truncated to 128 bits keeps 128-bit second-preimage
 * resistance (forging a name that maps onto an existing identity costs about 2^128 hashes) and
 * 64-bit collision resistance (finding any two colliding names costs about 2^64 hashes, and an
 * attacker would also need both names admitted by the policy). Accidental collisions among n
 * identities have odds of about n^2 / 2^129: for a billion identities, below 10^-20. The domain tag
 * keeps these ids apart from every other SHA-256 use in Baton.
 *
 * <p><b>Note:</b> immutable and thread-safe. {@link #of} allocates (binding time); {@link #equals(long, long)}
 * and the accessors allocate nothing.
 */
public final class IdentityId {
    /** Bytes on the wire. */
    public static final int LENGTH = 16;
    /** Domain tag hashed before the canonical identity. */
    private static final byte[] DOMAIN = "baton.identity.v1\0".getBytes(StandardCharsets.US_ASCII);

    private final long high;
    private final long low;

    private IdentityId(final long high, final long low) {
        this.high = high;
        this.low = low;
    }

    /**
     * The id of a canonical identity.
     *
     * @param canonical the identity as written (for example {@code spiffe://acme.example/agent/planner}); not empty.
     * @return its id.
     * @throws IllegalArgumentException if {@code canonical} is empty.
     */
    public static IdentityId of(final String canonical) {
        if (canonical.isEmpty()) {
            throw new IllegalArgumentException("an identity needs a name");
        }
        final MessageDigest sha256 = sha256();
        sha256.update(DOMAIN);
        final byte[] digest = sha256.digest(canonical.getBytes(StandardCharsets.UTF_8));
        return new IdentityId(LittleEndian.getLong(digest, 0), LittleEndian.getLong(digest, 8));
    }

    /**
     * An id read from the wire.
     *
     * @param high first 8 bytes, little-endian.
     * @param low  next 8 bytes, little-endian.
     * @return the id.
     */
    public static IdentityId of(final long high, final long low) {
        return new IdentityId(high, low);
    }

    /** @return the first 8 bytes, little-endian. */
    public long high() {
        return high;
    }

    /** @return the last 8 bytes, little-endian. */
    public long low() {
        return low;
    }

    /**
     * Compares with an id held as two longs, without allocating.
     *
     * @param otherHigh first half.
     * @param otherLow  second half.
     * @return whether they are the same id.
     */
    public boolean equals(final long otherHigh, final long otherLow) {
        return high == otherHigh && low == otherLow;
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof IdentityId && ((IdentityId)other).equals(high, low);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(high * 31 + low);
    }

    @Override
    public String toString() {
        return String.format("%016x%016x", Long.reverseBytes(high), Long.reverseBytes(low));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required by the Java SE platform", ex);
        }
    }
}
