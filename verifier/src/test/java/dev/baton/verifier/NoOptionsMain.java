package dev.baton.verifier;

import dev.baton.codec.WarrantKey;
import dev.baton.codec.WarrantKeyRing;

import java.security.KeyPair;

/**
 * Run by {@link NoJvmOptionsTest} in a child JVM started with no option at all and a class path of the
 * codec and the verifier only (no Agrona): issues HMAC and Ed25519 warrants, verifies them offline
 * (with a proof of possession, a cache hit and a revocation) and exits 0 only if every answer is right.
 */
public final class NoOptionsMain {
    private NoOptionsMain() {
    }

    /** @param args unused. */
    public static void main(final String[] args) {
        final long[] clock = {Warrants.NOW + 10};
        final Presentation call = new Presentation();
        final VerificationResult result = new VerificationResult();
        final RevocationSet revoked = new RevocationSet();
        final WarrantKeyRing hmac = Warrants.hmacRing();
        final byte[] w = Warrants.issue(hmac, null);
        final OfflineVerifier v = Warrants.verifier(hmac, clock).revocations(revoked).build();
        call.reset().holder(Warrants.READER).capability(Warrants.READ);
        expect(VerifyReason.OK, v.verify(w, 0, w.length, call, result));
        expect(VerifyReason.OK, v.verify(w, 0, w.length, call, result));
        expect(true, result.made(Check.CACHE_HIT));
        revoked.revoke(Warrants.ENGINE_A, 1001);
        expect(VerifyReason.REVOKED, v.verify(w, 0, w.length, call, result));
        final KeyPair holder = Warrants.pair(5);
        final WarrantKeyRing ed = Warrants.ed25519Ring();
        final byte[] bound = Warrants.issue(ed, WarrantKey.rawPublicKey(holder.getPublic()));
        final OfflineVerifier pv = Warrants.verifier(ed.verifyingOnly(), clock).build();
        final byte[] digest = new byte[ProofOfPossession.DIGEST_LENGTH];
        final byte[] proof = ProofOfPossession.create(holder.getPrivate(), bound, 0, bound.length, digest, clock[0]);
        call.reset().holder(Warrants.READER).proof(proof, 0, proof.length, digest);
        expect(VerifyReason.OK, pv.verify(bound, 0, bound.length, call, result));
        expect(VerifyReason.PROOF_REPLAYED, pv.verify(bound, 0, bound.length, call, result));
        System.out.println("verified without JVM options");
    }

    private static void expect(final Object expected, final Object actual) {
        if (!expected.equals(actual)) {
            System.err.println("expected " + expected + " but was " + actual);
            System.exit(3);
        }
    }
}
