package dev.baton.verifier;

/**
 * The checks {@link OfflineVerifier} makes, in order (except {@link #CONSTRAINTS}, which runs after
 * {@link #DATA_CLASS} but is declared last: engines journal these checks as bits by declaration order);
 * {@link VerificationResult#made(Check)} tells which ran for a presentation (so a tool such as
 * {@code baton inspect} can name them).
 *
 * <p><b>Note:</b> immutable and thread-safe.
 */
public enum Check {
    /** Version, suite, flags, counts, depth, canonical scope, extensions as the flags say, exact length. */
    STRUCTURE,
    /** Issuer trusted, key known and within its grace window, suite matching. */
    KEY,
    /** HMAC tag or Ed25519 signature; skipped on a cache hit. */
    SIGNATURE,
    /** The warrant was found in the verification cache instead of checking its signature. */
    CACHE_HIT,
    /** Layout fingerprint equal to the verifier's. */
    LAYOUT,
    /** Issue time and expiry against the clock, with the allowed skew. */
    VALIDITY,
    /** Presenter is the holder. */
    HOLDER,
    /** The call's capability is granted. */
    CAPABILITY,
    /** The call's data class is granted. */
    DATA_CLASS,
    /** No ancestor revoked. */
    REVOCATION,
    /** Proof of possession: fresh, signed by the holder key, not replayed. */
    PROOF,
    /**
     * The carried argument constraints compile (same matchers as the engine), and, for a call with
     * {@link CallArguments}, every constrained argument of the called tool meets them. Runs after
     * {@link #DATA_CLASS}, only for a warrant that carries constraints.
     */
    CONSTRAINTS;

    int bit() {
        return 1 << ordinal();
    }
}
