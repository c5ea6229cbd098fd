package dev.baton.codec;

/**
 * What {@link WarrantAuthenticator#authenticate} found out about a presented warrant without a clock: its
 * structure, the MAC under the key it names and its holder. A thread that only decides (an engine's)
 * then finishes the verification with {@link WarrantAuthenticator#admit}, which checks what depends on the
 * time and on the key ring's state then (the key still known, not past its grace window), without reading
 * the warrant's bytes again or computing its MAC.
 * <p>
 * Not authenticated ({@link #isAuthenticated()} false): the warrant named a key the ring did not hold
 * when it was authenticated, so the MAC could not be checked; the full {@link WarrantAuthenticator#verify}
 * must run instead.
 * <p>
 * <b>Note:</b> not thread-safe; hand it to another thread with a happens-before edge (a ring's publish).
 * Allocation-free.
 */
public final class AuthenticatedWarrant {
    private boolean authenticated;
    /** The first failure found without a clock, or {@link CodecError#OK}. */
    private CodecError result = CodecError.OK;
    /** Whether {@link #result} is a structural refusal (it comes before any key check). */
    private boolean malformed;
    /** The key whose secret the MAC was checked under (its id is the warrant's; its pads identify the secret). */
    private KeyRing.Key key;
    private long grantId;
    private long expiresAt;

    /** Forgets the last warrant: not authenticated (the other fields are read only when authenticated). */
    public void clear() {
        authenticated = false;
    }

    /** @return whether the clock-free checks ran ({@link WarrantAuthenticator#admit} may finish them). */
    public boolean isAuthenticated() {
        return authenticated;
    }

    /** @return the grant the warrant names; meaningful once admitted. */
    public long grantId() {
        return grantId;
    }

    /** @return when the warrant expires, epoch millis; meaningful once admitted. */
    public long expiresAt() {
        return expiresAt;
    }

    void malformed(final CodecError error) {
        authenticated = true;
        malformed = true;
        result = error;
        key = null;
    }

    void checked(final CodecError outcome, final KeyRing.Key key, final long grantId, final long expiresAt) {
        authenticated = true;
        malformed = false;
        result = outcome;
        this.key = key;
        this.grantId = grantId;
        this.expiresAt = expiresAt;
    }

    boolean isMalformed() {
        return malformed;
    }

    CodecError result() {
        return result;
    }

    int keyId() {
        return key.keyId;
    }

    KeyRing.Key key() {
        return key;
    }
}
