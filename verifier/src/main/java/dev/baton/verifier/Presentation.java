package dev.baton.verifier;

import dev.baton.codec.IdentityId;

/**
 * What a caller presents with a portable warrant: who presents it, what the call needs (a capability
 * and a data class, each optional) and, when the warrant requires one, the holder's proof of
 * possession over the call's digest ({@link ProofOfPossession}). Reusable: {@link #reset} between calls.
 *
 * <p><b>Note:</b> not thread-safe; one per thread. Setters allocate nothing and keep references to
 * the arrays they are given (not copies) until the next {@link #reset}.
 */
public final class Presentation {
    long holderHigh;
    long holderLow;
    boolean hasHolder;
    int capability;
    boolean hasCapability;
    int dataClass;
    boolean hasDataClass;
    byte[] proof;
    int proofOffset;
    int proofLength;
    byte[] callDigest;
    CallArguments arguments;

    /**
     * Clears every field.
     *
     * @return this.
     */
    public Presentation reset() {
        hasHolder = false;
        hasCapability = false;
        hasDataClass = false;
        proof = null;
        callDigest = null;
        arguments = null;
        return this;
    }

    /**
     * The call's typed arguments, checked against the constraints the warrant carries (a call of a
     * constrained warrant's capability without them is refused {@link VerifyReason#ARGUMENTS_MISSING}).
     *
     * @param call the arguments (read during {@code verify} only; reuse it).
     * @return this.
     */
    public Presentation arguments(final CallArguments call) {
        arguments = call;
        return this;
    }

    /**
     * @param presenter the presenting identity (it must be the warrant's holder).
     * @return this.
     */
    public Presentation holder(final IdentityId presenter) {
        return holder(presenter.high(), presenter.low());
    }

    /**
     * @param high first half of the presenting identity's id.
     * @param low  second half.
     * @return this.
     */
    public Presentation holder(final long high, final long low) {
        holderHigh = high;
        holderLow = low;
        hasHolder = true;
        return this;
    }

    /**
     * @param bit the call's capability number in the policy layout; it must be granted.
     * @return this.
     */
    public Presentation capability(final int bit) {
        capability = bit;
        hasCapability = true;
        return this;
    }

    /**
     * @param bit the call's data-class number in the policy layout; it must be granted.
     * @return this.
     */
    public Presentation dataClass(final int bit) {
        dataClass = bit;
        hasDataClass = true;
        return this;
    }

    /**
     * The holder's proof of possession for this call.
     *
     * @param bytes  holding the proof ({@link ProofOfPossession#LENGTH} bytes, untrusted).
     * @param offset where it starts.
     * @param length its length.
     * @param digest the call's 32-byte digest, computed by the verifying side from the call it received.
     * @return this.
     */
    public Presentation proof(final byte[] bytes, final int offset, final int length, final byte[] digest) {
        proof = bytes;
        proofOffset = offset;
        proofLength = length;
        callDigest = digest;
        return this;
    }
}
