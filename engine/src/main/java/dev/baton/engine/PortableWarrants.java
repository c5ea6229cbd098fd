package dev.baton.engine;

import dev.baton.Reason;
import dev.baton.codec.ForeignRevocationBodyEncoder;
import dev.baton.codec.ForeignRevocationBodyLayout;
import dev.baton.codec.ForeignWarrantBodyEncoder;
import dev.baton.codec.ForeignWarrantBodyLayout;
import dev.baton.codec.PortableWarrantDecoder;
import dev.baton.codec.PortableWarrantLayout;
import dev.baton.core.DecisionSlot;
import dev.baton.core.PortableGate;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The journaled engine's portable warrants (format version 2): a {@link PortableGate} over the engine's
 * core, fed from a {@link Request}'s buffers, and the journaling of every foreign warrant it accepts as
 * a FOREIGN_WARRANT record ({@link ForeignWarrantBodyLayout}), appended before the DECISION that
 * presented it so that replay mirrors the same grant without keys.
 * <p>
 * <b>Note:</b> not thread-safe: the engine thread (or the replaying thread). Verifying an HMAC warrant or
 * one verified before, and writing, allocate nothing; Ed25519 and the first import of a foreign grant
 * allocate.
 */
final class PortableWarrants implements PortableGate.MirrorListener {
    private final PortableGate gate;
    private final boolean versionOne;
    private final byte[] in = new byte[PortableWarrantLayout.MAX_LENGTH];
    private final byte[] out = new byte[PortableWarrantLayout.MAX_LENGTH];
    private final byte[] proof = new byte[Request.PROOF_LENGTH];
    private final PortableWarrantDecoder decoder = new PortableWarrantDecoder();
    private final ForeignWarrantBodyEncoder body = new ForeignWarrantBodyEncoder();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[ForeignWarrantBodyLayout.MAX_LENGTH]);
    private final ForeignRevocationBodyEncoder revocation = new ForeignRevocationBodyEncoder();
    private Journal journal;

    /**
     * @param gate       the core's gate, with this engine's keys.
     * @param versionOne whether the core also verifies version-1 warrants (it has a {@code KeyRing}).
     */
    PortableWarrants(final PortableGate gate, final boolean versionOne) {
        this.gate = gate.onMirror(this);
        this.versionOne = versionOne;
    }

    /** Journals every foreign warrant accepted from now on into {@code j} (the engine thread's). */
    void journal(final Journal j) {
        this.journal = j;
    }

    /** @return the gate. */
    PortableGate gate() {
        return gate;
    }

    /**
     * @return whether presented bytes are for this class: a version-2 warrant, or any warrant when the core
     *     holds no version-1 key ring (which this class then refuses as unsupported).
     */
    boolean takes(final DirectBuffer bytes, final int offset, final int length) {
        return !versionOne || (length > 0 && (bytes.getByte(offset) & 0xFF) == PortableWarrantLayout.FORMAT_VERSION);
    }

    /**
     * Verifies the request's presented warrant (and its proof of possession, if it carries one).
     *
     * @param d             reset; on refusal, the DENY with its reason.
     * @param now           the request's engine time (for a refusal before the gate runs).
     * @param policyVersion the policy in force.
     * @return the local grant id, or 0 when refused.
     */
    long verify(final Request r, final DecisionSlot d, final long now, final long policyVersion) {
        final int n = r.warrantInLength;
        if (n > in.length || n == 0 || (r.warrantIn.getByte(r.warrantInOffset) & 0xFF) != PortableWarrantLayout.FORMAT_VERSION) {
            DecisionSlot.deny(d, now, policyVersion, n > in.length || n == 0 ? Reason.MALFORMED_WARRANT
                : Reason.UNSUPPORTED_WARRANT);
            return 0;
        }
        r.warrantIn.getBytes(r.warrantInOffset, in, 0, n);
        if (!r.hasProof) {
            return gate.verify(in, 0, n, r.presenter, d);
        }
        System.arraycopy(r.proof, 0, proof, 0, Request.PROOF_LENGTH);
        return gate.verify(in, 0, n, r.presenter, proof, r.callDigest, d);
    }

    /**
     * Applies a revocation of another engine's grant on the gate, at the core's time (the engine thread, in
     * ring order), and journals it as a FOREIGN_REVOCATION record ({@link ForeignRevocationBodyLayout}) when
     * it changed anything. Allocation-free (unless the gate's set of revoked foreign grants doubles).
     */
    void revokeForeign(final ForeignRevocationRequest f) {
        f.outcome = ForeignRevocationRequest.Outcome.of(gate.revokeForeign(f.engineId, f.grantId, f.expiresAt));
        f.revokedLocal = gate.revokedLocal();
        if (f.outcome == ForeignRevocationRequest.Outcome.APPLIED && journal != null) {
            final int n = revocation.wrap(scratch, 0).grant(f.engineId, f.grantId)
                .times(f.expiresAt, f.revokedAt, gate.appliedAt()).revokedLocal(f.revokedLocal);
            journal.append(RecordType.FOREIGN_REVOCATION, scratch, 0, n);
        }
    }

    /** Writes the signed v2 warrant of a live grant into {@code dst}; returns its length (0: not live). */
    int write(final long grantId, final MutableDirectBuffer dst, final int offset) {
        final int n = gate.write(grantId, out, 0);
        if (n > 0) {
            dst.putBytes(offset, out, 0, n);
        }
        return n;
    }

    /** Checks {@code dst} has room for {@code count} warrants from {@code offset}, before deciding. */
    static void requireRoom(final MutableDirectBuffer dst, final int offset, final int count) {
        final long need = (long) PortableWarrantLayout.MAX_LENGTH * count;
        if (offset < 0 || dst.capacity() - (long) offset < need) {
            throw new IllegalArgumentException("warrant buffer too small: offset=" + offset + " capacity="
                + dst.capacity() + " need=" + need);
        }
    }

    @Override
    public void mirrored(final byte[] bytes, final int offset, final int length, final int presenter,
                         final long localGrant, final long at) {
        if (journal == null) {
            return;
        }
        final int issuer = engineOf(bytes, offset, length);
        final int n = body.wrap(scratch, 0).fields(localGrant, at, presenter, issuer, gate.checksMade())
            .warrant(bytes, offset, length);
        journal.append(RecordType.FOREIGN_WARRANT, scratch, 0, n);
    }

    /** The issuing engine: the last hop's (the warrant was decoded and verified just now). */
    private int engineOf(final byte[] bytes, final int offset, final int length) {
        decoder.wrap(bytes, offset, length, null);
        return decoder.engineId();
    }
}
