package dev.baton.codec;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The secrets that sign and verify warrants, by key id (u16). One key is current and signs; after
 * {@link #rotate} the previous current key still verifies while {@code now - retiredAt < grace}, then
 * verification answers {@link CodecError#KEY_RETIRED}. An id the ring never held answers
 * {@link CodecError#UNKNOWN_KEY}.
 *
 * <p>Secrets are copied, never exposed and never printed ({@link #toString} shows ids only); the ring
 * keeps only the HMAC pads derived from them. Key ids cannot be reused for another secret.
 *
 * <p><b>Note:</b> thread-safe. Look-ups read an immutable snapshot and allocate nothing; {@link #rotate}
 * and {@link #purge} copy the snapshot (rare, off the hot path). A ring holds a few keys: look-up is a
 * linear scan.
 */
public final class KeyRing {
    /** Shortest secret accepted, in bytes (RFC 2104 §3 discourages keys shorter than the hash output). */
    public static final int MIN_SECRET_LENGTH = 32;
    /** Largest key id: the wire field is a u16. */
    public static final int MAX_KEY_ID = 0xFFFF;

    private static final long ACTIVE = Long.MAX_VALUE;

    private final MacAlgorithm algorithm;
    private final long graceMillis;
    /** Current key first. */
    private volatile Key[] keys;

    /**
     * A ring using HMAC-SHA256.
     *
     * @param graceMillis how long a rotated-out key still verifies.
     * @param keyId       id of the first current key, 0..65535.
     * @param secret      its secret, at least {@link #MIN_SECRET_LENGTH} bytes, not one byte repeated; copied.
     * @throws IllegalArgumentException if the secret is too weak ({@link #checkSecret}).
     */
    public KeyRing(final long graceMillis, final int keyId, final byte[] secret) {
        this(MacAlgorithm.HMAC_SHA256, graceMillis, keyId, secret);
    }

    /**
     * @param algorithm   the HMAC variant.
     * @param graceMillis how long a rotated-out key still verifies, 0 or more.
     * @param keyId       id of the first current key, 0..65535.
     * @param secret      its secret, at least {@link #MIN_SECRET_LENGTH} bytes, not one byte repeated; copied.
     * @throws IllegalArgumentException if the secret is too weak ({@link #checkSecret}).
     */
    public KeyRing(final MacAlgorithm algorithm, final long graceMillis, final int keyId, final byte[] secret) {
        if (graceMillis < 0) {
            throw new IllegalArgumentException("graceMillis=" + graceMillis);
        }
        checkSecret(keyId, secret);
        this.algorithm = algorithm;
        this.graceMillis = graceMillis;
        this.keys = new Key[] {Key.derive(algorithm, keyId, secret)};
    }

    /**
     * Makes a new key current; the old current key is retired at {@code nowMillis} and verifies for the
     * grace window.
     *
     * @param newKeyId  id not held by the ring.
     * @param secret    at least {@link #MIN_SECRET_LENGTH} bytes, not one byte repeated; copied.
     * @param nowMillis time of the rotation, epoch millis.
     * @throws IllegalArgumentException if the id is in the ring or the secret is too weak ({@link #checkSecret}).
     */
    public synchronized void rotate(final int newKeyId, final byte[] secret, final long nowMillis) {
        checkSecret(newKeyId, secret);
        final Key[] old = keys;
        for (final Key key : old) {
            if (key.keyId == newKeyId) {
                throw new IllegalArgumentException("key id " + newKeyId + " is already in the ring");
            }
        }
        final Key[] next = new Key[old.length + 1];
        next[0] = Key.derive(algorithm, newKeyId, secret);
        next[1] = old[0].retiredAt(nowMillis);
        System.arraycopy(old, 1, next, 2, old.length - 1);
        keys = next;
    }

    /**
     * Forgets retired keys whose grace window has passed (they would be refused anyway, now as
     * {@link CodecError#UNKNOWN_KEY}).
     *
     * @param nowMillis epoch millis.
     * @return keys removed.
     */
    public synchronized int purge(final long nowMillis) {
        final Key[] old = keys;
        final Key[] next = new Key[old.length];
        int n = 0;
        for (final Key key : old) {
            if (!key.expired(nowMillis, graceMillis)) {
                next[n++] = key;
            }
        }
        keys = Arrays.copyOf(next, n);
        return old.length - n;
    }

    /**
     * Refuses a secret too weak to sign warrants: missing, shorter than {@link #MIN_SECRET_LENGTH} bytes
     * (256 bits), or one byte repeated, which includes all zero (an unset or zero-filled buffer, a
     * placeholder). Such a key would let anyone who guesses it forge warrants, so it is never used.
     *
     * @param keyId  the key's id, named in the message.
     * @param secret the secret; never printed.
     * @throws IllegalArgumentException naming the key id and what is wrong.
     */
    public static void checkSecret(final int keyId, final byte[] secret) {
        if (null == secret) {
            throw new IllegalArgumentException("key id " + keyId + ": no secret");
        }
        if (secret.length < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("key id " + keyId + ": the secret is " + secret.length
                + " bytes; at least " + MIN_SECRET_LENGTH + " (256 bits) are required");
        }
        boolean repeated = true;
        for (int i = 1; i < secret.length && repeated; i++) {
            repeated = secret[i] == secret[0];
        }
        if (repeated) {
            throw new IllegalArgumentException("key id " + keyId + (secret[0] == 0
                ? ": the secret is all zero bytes" : ": the secret is one byte repeated")
                + "; use " + MIN_SECRET_LENGTH + " or more random bytes");
        }
    }

    /** @return the HMAC variant. */
    public MacAlgorithm algorithm() {
        return algorithm;
    }

    /** @return grace window of a retired key, millis. */
    public long graceMillis() {
        return graceMillis;
    }

    /** @return id of the key that signs. */
    public int currentKeyId() {
        return keys[0].keyId;
    }

    /**
     * Whether a warrant signed with {@code keyId} may be verified at {@code nowMillis}.
     *
     * @param keyId     from the warrant.
     * @param nowMillis epoch millis.
     * @return OK, {@link CodecError#UNKNOWN_KEY} or {@link CodecError#KEY_RETIRED}.
     */
    public CodecError keyStatus(final int keyId, final long nowMillis) {
        final Key key = key(keyId);
        if (null == key) {
            return CodecError.UNKNOWN_KEY;
        }
        return key.expired(nowMillis, graceMillis) ? CodecError.KEY_RETIRED : CodecError.OK;
    }

    Key currentKey() {
        return keys[0];
    }

    Key key(final int keyId) {
        for (final Key key : keys) {
            if (key.keyId == keyId) {
                return key;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder("KeyRing{algorithm=").append(algorithm)
            .append(", graceMillis=").append(graceMillis).append(", keys=[");
        final Key[] snapshot = keys;
        for (int i = 0; i < snapshot.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(snapshot[i].keyId);
            if (snapshot[i].retiredAtMillis != ACTIVE) {
                sb.append(" retiredAt=").append(snapshot[i].retiredAtMillis);
            }
        }
        return sb.append("]}").toString();
    }

    /** One key: its id, retirement time and the HMAC pads (K xor ipad, K xor opad). Immutable. */
    static final class Key {
        final int keyId;
        final long retiredAtMillis;
        final byte[] innerPad;
        final byte[] outerPad;
        /** SHA-256 states after the pads ({@link HmacMidstate}); null for SHA-384/512, or where the JVM gives none. */
        final int[][] midstates;

        private Key(final int keyId, final long retiredAtMillis, final byte[] innerPad, final byte[] outerPad,
                    final int[][] midstates) {
            this.keyId = keyId;
            this.retiredAtMillis = retiredAtMillis;
            this.innerPad = innerPad;
            this.outerPad = outerPad;
            this.midstates = midstates;
        }

        static Key derive(final MacAlgorithm algorithm, final int keyId, final byte[] secret) {
            if (keyId < 0 || keyId > MAX_KEY_ID) {
                throw new IllegalArgumentException("key id=" + keyId + " bound=" + MAX_KEY_ID);
            }
            if (null == secret || secret.length < MIN_SECRET_LENGTH) {
                throw new IllegalArgumentException("key id " + keyId + ": secret shorter than " + MIN_SECRET_LENGTH
                    + " bytes");
            }
            final HmacPads pads = HmacPads.of(secret, algorithm.blockLength(), newDigest(algorithm));
            return new Key(keyId, ACTIVE, pads.inner, pads.outer, algorithm == MacAlgorithm.HMAC_SHA256
                ? HmacMidstate.midstates(pads.inner, pads.outer) : null);
        }

        Key retiredAt(final long nowMillis) {
            return new Key(keyId, nowMillis, innerPad, outerPad, midstates);
        }

        boolean expired(final long nowMillis, final long graceMillis) {
            return retiredAtMillis != ACTIVE && nowMillis - retiredAtMillis >= graceMillis;
        }

        @Override
        public String toString() {
            return "Key{" + keyId + "}";
        }
    }

    static MessageDigest newDigest(final MacAlgorithm algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.digestName());
        } catch (final NoSuchAlgorithmException ex) {
            throw new IllegalStateException(algorithm.digestName() + " is required by the Java SE platform", ex);
        }
    }
}
