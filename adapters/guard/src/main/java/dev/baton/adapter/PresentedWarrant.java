package dev.baton.adapter;

import dev.baton.Decision;
import dev.baton.GrantRef;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * What a caller presents with a tool call: who it says it is (the holder's workload identity), the warrant
 * it holds, and, when the policy asks for one, a proof of possession. Inside one process a grant may be
 * named by its id instead of warrant bytes (an engine without a key ring issues no warrants); only warrant
 * bytes travel to another process.
 * <p>
 * The holder is a claim: the engine checks that the warrant names it, but an adapter that reads it from a
 * request trusts whoever sent the request. Take it from an authenticated transport (mTLS, a SPIFFE SVID)
 * or require a proof of possession when the caller is in another process.
 * <p>
 * <b>Note:</b> immutable and thread-safe. The factories copy the bytes they are given; {@link #warrant()}
 * and {@link #proof()} return copies.
 */
public final class PresentedWarrant {
    private static final byte[] NONE = new byte[0];
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final String holder;
    private final byte[] warrant;
    private final long grantId;
    private final byte[] proof;

    private PresentedWarrant(final String holder, final byte[] warrant, final long grantId, final byte[] proof) {
        if (Objects.requireNonNull(holder, "holder").isEmpty()) {
            throw new IllegalArgumentException("holder must not be empty");
        }
        this.holder = holder;
        this.warrant = warrant;
        this.grantId = grantId;
        this.proof = proof;
    }

    /**
     * @param holder  the presenter's workload identity.
     * @param warrant the warrant bytes (copied); not empty.
     * @return a presentation by warrant, without proof of possession.
     */
    public static PresentedWarrant of(final String holder, final byte[] warrant) {
        return withProof(holder, warrant, NONE);
    }

    /**
     * @param holder  the presenter's workload identity.
     * @param warrant the warrant bytes (copied); not empty.
     * @param proof   the proof of possession (copied); empty for none.
     * @return a presentation by warrant.
     */
    public static PresentedWarrant withProof(final String holder, final byte[] warrant, final byte[] proof) {
        if (warrant.length == 0) {
            throw new IllegalArgumentException("warrant must not be empty");
        }
        return new PresentedWarrant(holder, warrant.clone(), 0, proof.length == 0 ? NONE : proof.clone());
    }

    /**
     * @param holder  the presenter's workload identity.
     * @param grantId a grant id from this process's engine (positive).
     * @return a presentation by grant id: meaningful to the engine that issued it only.
     */
    public static PresentedWarrant ofGrantId(final String holder, final long grantId) {
        if (grantId <= 0) {
            throw new IllegalArgumentException("grant id must be positive: " + grantId);
        }
        return new PresentedWarrant(holder, NONE, grantId, NONE);
    }

    /**
     * @param holder   the holder the decision's grant was issued to.
     * @param decision an ALLOW that created a grant.
     * @return a presentation by the decision's warrant when it has one, else by its grant id.
     */
    public static PresentedWarrant of(final String holder, final Decision decision) {
        if (!decision.allowed()) {
            throw new IllegalArgumentException("not an ALLOW: " + decision.describe());
        }
        return decision.warrantLength() > 0 ? of(holder, decision.warrant()) : ofGrantId(holder, decision.grantId());
    }

    /**
     * Reads a presentation that travelled as text ({@link #warrantText()}).
     *
     * @param holder the presenter's workload identity.
     * @param text   the warrant in URL-safe Base64 without padding.
     * @param proof  the proof in the same encoding, or null for none.
     * @return the presentation.
     * @throws IllegalArgumentException if either is not valid Base64 or is empty.
     */
    public static PresentedWarrant fromText(final String holder, final String text, final String proof) {
        final byte[] w = DECODER.decode(text);
        return withProof(holder, w, proof == null ? NONE : DECODER.decode(proof));
    }

    /** @return the presenter's claimed workload identity. */
    public String holder() {
        return holder;
    }

    /** @return whether this presents warrant bytes (else a grant id). */
    public boolean hasWarrant() {
        return warrant.length > 0;
    }

    /** @return a copy of the warrant bytes (empty when this presents a grant id). */
    public byte[] warrant() {
        return warrant.clone();
    }

    /** @return the warrant in URL-safe Base64 without padding, as it travels in a request's metadata. */
    public String warrantText() {
        if (!hasWarrant()) {
            throw new IllegalStateException("grant " + grantId + " is presented by id: it has no portable form");
        }
        return ENCODER.encodeToString(warrant);
    }

    /** @return the grant id (0 when this presents warrant bytes). */
    public long grantId() {
        return grantId;
    }

    /** @return whether a proof of possession is attached. */
    public boolean hasProof() {
        return proof.length > 0;
    }

    /** @return a copy of the proof of possession (empty when none is attached). */
    public byte[] proof() {
        return proof.clone();
    }

    /** @return the proof in URL-safe Base64 without padding; fails when none is attached. */
    public String proofText() {
        if (!hasProof()) {
            throw new IllegalStateException("no proof of possession is attached");
        }
        return ENCODER.encodeToString(proof);
    }

    /**
     * Points a reusable reference at the presented grant, allocation-free once its buffer is large enough.
     *
     * @param ref the reference to fill.
     * @return {@code ref}.
     */
    public GrantRef fill(final GrantRef ref) {
        return hasWarrant() ? ref.warrant(warrant, 0, warrant.length) : ref.id(grantId);
    }

    @Override
    public String toString() {
        // Never the bytes: a warrant is a bearer credential until proof of possession is required.
        return "PresentedWarrant[holder=" + holder + (hasWarrant() ? ", warrant " + warrant.length + " bytes"
            : ", grant " + grantId) + (hasProof() ? ", proof" : "") + "]";
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof PresentedWarrant p && holder.equals(p.holder) && grantId == p.grantId
            && Arrays.equals(warrant, p.warrant) && Arrays.equals(proof, p.proof);
    }

    @Override
    public int hashCode() {
        return 31 * holder.hashCode() + Arrays.hashCode(warrant) + Long.hashCode(grantId);
    }
}
