package dev.baton.verifier;

/**
 * Why a presented portable warrant was accepted or refused; the first failed check wins, in the order
 * of the constants after {@link #OK}.
 *
 * <p><b>Note:</b> immutable and thread-safe.
 */
public enum VerifyReason {
    /** Every check passed. */
    OK,
    /** The bytes are not a well-formed portable warrant (length, reserved bits, counts, ...). */
    MALFORMED,
    /** Not a version-2 warrant (a version-1 warrant only its issuing engine can check, or a newer one). */
    UNSUPPORTED_VERSION,
    /** The warrant's issuing engine is not one this verifier trusts. */
    UNKNOWN_ISSUER,
    /** The issuer's ring does not hold the warrant's key id. */
    UNKNOWN_KEY,
    /** The key was rotated out and its grace window has passed. */
    KEY_RETIRED,
    /** The warrant's suite is not its key's suite. */
    SUITE_MISMATCH,
    /** The HMAC tag does not match. */
    BAD_MAC,
    /** The Ed25519 signature does not verify. */
    BAD_SIGNATURE,
    /** The warrant's bits were issued against another policy layout. */
    LAYOUT_MISMATCH,
    /** Issued later than now plus the allowed clock skew. */
    NOT_YET_VALID,
    /** Expired (past expiry plus the allowed clock skew). */
    EXPIRED,
    /** The presenting identity is not the warrant's holder. */
    NOT_HOLDER,
    /** The call's capability is not inside the warrant's scope. */
    CAPABILITY_NOT_GRANTED,
    /** The call's data class is not inside the warrant's scope. */
    DATA_CLASS_NOT_GRANTED,
    /**
     * The revocation source cannot answer now ({@link RevocationSource#isCurrent()} is false: for the fleet's
     * feed, older than its staleness bound), so the revocation of the warrant's chain cannot be checked:
     * refused, whatever the hops are (fail closed), until the source is current again.
     */
    REVOCATIONS_NOT_CURRENT,
    /**
     * The warrant carries a constraint that does not compile (a glob or regular expression outside the
     * language's form): refused, since it cannot be enforced.
     */
    CONSTRAINT_UNREADABLE,
    /**
     * The warrant carries argument constraints and the call names a capability but no arguments (no
     * {@link CallArguments} with its {@link CallArguments#tool}): refused rather than left unchecked.
     */
    ARGUMENTS_MISSING,
    /**
     * A constrained argument of the called tool is missing from the call, or carries a number where text is
     * constrained (or the reverse); {@link VerificationResult#refusedArgument()} names it.
     */
    ARGUMENT_INVALID,
    /**
     * An argument's value is outside a carried constraint; {@link VerificationResult#refusedArgument()} and
     * {@link VerificationResult#refusedConstraint()} name the argument and the constraint.
     */
    ARGUMENT_CONSTRAINT,
    /** The warrant's grant or one of its ancestors is revoked. */
    REVOKED,
    /** The warrant requires a proof of possession and none was presented. */
    PROOF_MISSING,
    /** The proof's timestamp is outside the freshness window. */
    PROOF_STALE,
    /** The proof's signature does not verify with the holder key the warrant carries. */
    PROOF_INVALID,
    /** The same proof was already presented within its freshness window. */
    PROOF_REPLAYED,
    /** The replay guard is full of fresh proofs; refused rather than risk accepting a replay. */
    REPLAY_GUARD_FULL
}
