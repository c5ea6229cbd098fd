package dev.baton;

import java.util.Arrays;

/**
 * Names the grant a request acts on: by the id the engine gave it, or by the warrant bytes a sub-task
 * carried here. One type for both, so every operation has one form.
 * <p>
 * A session copies what it needs when the call is made, so a {@code GrantRef} may be reused (and
 * refilled) as soon as the call returns: hot loops keep one per thread; other code uses the factories.
 * <p>
 * <b>Note:</b> mutable and not thread-safe. The setters allocate nothing once the warrant buffer is
 * large enough; the factories allocate.
 */
public final class GrantRef {
    private long grantId;
    private byte[] warrant = new byte[0];
    private int warrantLength = -1;
    private final byte[] proof = new byte[PROOF_LENGTH];
    private final byte[] callDigest = new byte[32];
    private boolean hasProof;

    /** Bytes of a proof of possession ({@code dev.baton.verifier.ProofOfPossession.LENGTH}). */
    public static final int PROOF_LENGTH = dev.baton.verifier.ProofOfPossession.LENGTH;

    /** An empty reference; fill it with {@link #id(long)} or {@link #warrant(byte[], int, int)}. */
    public GrantRef() {
    }

    /** @return a reference to the grant with this id. */
    public static GrantRef ofId(final long grantId) {
        return new GrantRef().id(grantId);
    }

    /** @return a reference by presented warrant bytes (copied). */
    public static GrantRef ofWarrant(final byte[] warrant) {
        return new GrantRef().warrant(warrant, 0, warrant.length);
    }

    /**
     * @param decision an ALLOW (or REVIEW).
     * @return a reference by the decision's warrant when it has one, else by its grant id.
     */
    public static GrantRef of(final Decision decision) {
        return decision.warrantLength() > 0 ? ofWarrant(decision.warrant()) : ofId(decision.grantId());
    }

    /**
     * Refers to a grant by id.
     *
     * @param grantId a grant id from a decision.
     * @return this.
     */
    public GrantRef id(final long grantId) {
        if (grantId <= 0) {
            throw new IllegalArgumentException("grant id must be positive: " + grantId);
        }
        this.grantId = grantId;
        this.warrantLength = -1;
        this.hasProof = false;
        return this;
    }

    /**
     * Refers to a grant by presented warrant bytes (untrusted: the engine verifies them).
     *
     * @param bytes  the buffer.
     * @param offset where the warrant starts.
     * @param length its length.
     * @return this.
     */
    public GrantRef warrant(final byte[] bytes, final int offset, final int length) {
        if (offset < 0 || length <= 0 || offset > bytes.length - length) {
            throw new IllegalArgumentException("warrant offset=" + offset + " length=" + length
                + " capacity=" + bytes.length);
        }
        if (warrant.length < length) {
            warrant = new byte[Math.max(length, 2 * warrant.length)];
        }
        System.arraycopy(bytes, offset, warrant, 0, length);
        this.warrantLength = length;
        this.grantId = 0;
        this.hasProof = false;
        return this;
    }

    /**
     * Refers to the grant a decision created: by its warrant when it has one, else by id.
     * Allocation-free once this reference's buffer is large enough.
     *
     * @param decision an ALLOW (or REVIEW).
     * @return this.
     */
    public GrantRef from(final Decision decision) {
        final int n = decision.warrantLength();
        if (n == 0) {
            return id(decision.grantId());
        }
        if (warrant.length < n) {
            warrant = new byte[Math.max(n, 2 * warrant.length)];
        }
        decision.getWarrant(warrant, 0);
        this.warrantLength = n;
        this.grantId = 0;
        this.hasProof = false;
        return this;
    }

    /**
     * Adds the holder's proof of possession of the warrant this refers to
     * ({@code dev.baton.verifier.ProofOfPossession.create(holderKey, warrant, ..., callDigest, now)}), which
     * a warrant binding its holder's key, or a policy asking the holder's trust domain for proof
     * ({@code proof_of_possession: required}), needs. Set it after the warrant: setting the warrant or the
     * id clears it. Copied; allocation-free. Read by the journaled engine with portable warrants
     * ({@code EngineConfig.portableWarrants}); the in-memory engine reads version-1 warrants only and ignores it.
     *
     * @param proofBytes the proof, {@link #PROOF_LENGTH} bytes from {@code offset}.
     * @param offset     where it starts.
     * @param digest     the 32-byte digest of the call the proof covers.
     * @return this.
     */
    public GrantRef proof(final byte[] proofBytes, final int offset, final byte[] digest) {
        if (!isWarrant()) {
            throw new IllegalArgumentException("a proof of possession goes with presented warrant bytes: set the warrant first");
        }
        if (offset < 0 || proofBytes.length - offset < PROOF_LENGTH || digest.length != callDigest.length) {
            throw new IllegalArgumentException("proof: " + PROOF_LENGTH + " bytes from offset " + offset + " (capacity "
                + proofBytes.length + ") and a 32-byte call digest (found " + digest.length + ")");
        }
        System.arraycopy(proofBytes, offset, proof, 0, PROOF_LENGTH);
        System.arraycopy(digest, 0, callDigest, 0, callDigest.length);
        hasProof = true;
        return this;
    }

    /** @return whether a proof of possession goes with the warrant. */
    public boolean hasProof() {
        return hasProof;
    }

    /** @return the proof of possession ({@link #PROOF_LENGTH} bytes), valid when {@link #hasProof()}. */
    public byte[] proofBytes() {
        return proof;
    }

    /** @return the digest of the call the proof covers (32 bytes), valid when {@link #hasProof()}. */
    public byte[] callDigest() {
        return callDigest;
    }

    /** @return whether this refers by warrant bytes. */
    public boolean isWarrant() {
        return warrantLength > 0;
    }

    /** @return the grant id (0 when this refers by warrant). */
    public long grantId() {
        return grantId;
    }

    /** @return the warrant's length (0 when this refers by id). */
    public int warrantLength() {
        return Math.max(warrantLength, 0);
    }

    /** @return the buffer holding the warrant from index 0; read {@link #warrantLength()} bytes. */
    public byte[] warrantBytes() {
        return warrant;
    }

    /** @return whether this names any grant yet. */
    public boolean isSet() {
        return grantId > 0 || warrantLength > 0;
    }

    @Override
    public String toString() {
        return isWarrant() ? "GrantRef[warrant " + warrantLength + " bytes, starts "
            + Arrays.toString(Arrays.copyOf(warrant, Math.min(4, warrantLength))) + "]" : "GrantRef[" + grantId + "]";
    }
}
