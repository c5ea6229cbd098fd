package dev.baton.verifier;

import dev.baton.codec.WarrantKey;
import dev.baton.codec.WarrantKeyRing;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProofOfPossessionTest {
    private final long[] clock = {Warrants.NOW + 10};
    private final KeyPair holder = Warrants.pair(7);
    private final WarrantKeyRing issuer = Warrants.ed25519Ring();
    private final byte[] warrant = Warrants.issue(issuer, WarrantKey.rawPublicKey(holder.getPublic()));
    private final OfflineVerifier verifier = Warrants.verifier(issuer.verifyingOnly(), clock)
        .replayGuard(new ReplayGuard(1024, 5_000)).build();
    private final Presentation call = new Presentation();
    private final VerificationResult result = new VerificationResult();
    private final byte[] digest = digest(1);

    private static byte[] digest(final int seed) {
        final byte[] d = new byte[32];
        d[0] = (byte)seed;
        return d;
    }

    private byte[] proof(final KeyPair by, final long at, final byte[] callDigest) {
        return ProofOfPossession.create(by.getPrivate(), warrant, 0, warrant.length, callDigest, at);
    }

    private VerifyReason present(final byte[] proof, final byte[] callDigest) {
        call.reset().holder(Warrants.READER);
        if (null != proof) {
            call.proof(proof, 0, proof.length, callDigest);
        }
        return verifier.verify(warrant, 0, warrant.length, call, result);
    }

    @Test
    void shouldAcceptAFreshProofOnceAndRefuseItsReplay() {
        final byte[] p = proof(holder, clock[0], digest);
        assertEquals(VerifyReason.OK, present(p, digest), result::toString);
        assertEquals(true, result.made(Check.PROOF));
        assertEquals(VerifyReason.PROOF_REPLAYED, present(p, digest));
        clock[0] += 4_000;
        assertEquals(VerifyReason.PROOF_REPLAYED, present(p, digest), "still inside its window");
        assertEquals(VerifyReason.OK, present(proof(holder, clock[0], digest), digest), "a new proof is fine");
    }

    @Test
    void shouldRefuseAStolenWarrantPresentedWithoutAProof() {
        assertEquals(VerifyReason.PROOF_MISSING, present(null, digest));
        assertEquals(VerifyReason.PROOF_MISSING, present(new byte[10], digest));
    }

    @Test
    void shouldRefuseAStaleOrFutureProof() {
        assertEquals(VerifyReason.PROOF_STALE, present(proof(holder, clock[0] - 5_001, digest), digest));
        assertEquals(VerifyReason.PROOF_STALE, present(proof(holder, clock[0] + 5_001, digest), digest));
        assertEquals(VerifyReason.OK, present(proof(holder, clock[0] - 5_000, digest), digest));
    }

    @Test
    void shouldRefuseAProofByAnotherKeyOrForAnotherCall() {
        assertEquals(VerifyReason.PROOF_INVALID, present(proof(Warrants.pair(8), clock[0], digest), digest));
        assertEquals(VerifyReason.PROOF_INVALID, present(proof(holder, clock[0], digest), digest(2)));
        final byte[] p = proof(holder, clock[0], digest);
        p[10] ^= 1;
        assertEquals(VerifyReason.PROOF_INVALID, present(p, digest), "nonce altered");
    }

    @Test
    void shouldRefuseWarrantsWithoutAHolderKeyWhenTheVerifierRequiresProofs() {
        final byte[] plain = Warrants.issue(issuer, null);
        final OfflineVerifier strict = Warrants.verifier(issuer, clock).requireProof().build();
        call.reset().holder(Warrants.READER).proof(proof(holder, clock[0], digest), 0, ProofOfPossession.LENGTH, digest);
        assertEquals(VerifyReason.PROOF_MISSING, strict.verify(plain, 0, plain.length, call, result));
    }

    @Test
    void shouldRefuseWhenTheReplayGuardIsFullOfFreshProofs() {
        final ReplayGuard guard = new ReplayGuard(16, 5_000);
        int admitted = 0;
        VerifyReason last = VerifyReason.OK;
        for (long n = 0; n < 10_000 && last == VerifyReason.OK; n++) {
            last = guard.admit(n, n * 7, clock[0], clock[0]);
            admitted += last == VerifyReason.OK ? 1 : 0;
        }
        assertEquals(VerifyReason.REPLAY_GUARD_FULL, last);
        assertEquals(16, admitted);
        assertEquals(VerifyReason.OK, guard.admit(99_999, 1, clock[0] + 5_001, clock[0] + 5_001), "stale slots are reused");
    }
}
