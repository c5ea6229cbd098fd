package dev.baton.verifier;

import dev.baton.codec.WarrantKey;
import dev.baton.codec.WarrantKeyRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OfflineVerifierTest {
    private final long[] clock = {Warrants.NOW + 10};
    private final Presentation call = new Presentation();
    private final VerificationResult result = new VerificationResult();

    private static WarrantKeyRing ring(final boolean ed25519) {
        return ed25519 ? Warrants.ed25519Ring() : Warrants.hmacRing();
    }

    private VerifyReason verify(final OfflineVerifier v, final byte[] w) {
        return v.verify(w, 0, w.length, call, result);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldAcceptAGenuineWarrantForItsHolderAndScopeAndNameEveryCheck(final boolean ed25519) {
        final WarrantKeyRing issuer = ring(ed25519);
        final OfflineVerifier v = Warrants.verifier(ed25519 ? issuer.verifyingOnly() : issuer, clock).build();
        final byte[] w = Warrants.issue(issuer, null);
        call.reset().holder(Warrants.READER).capability(Warrants.WRITE).dataClass(Warrants.PUBLIC);
        assertEquals(VerifyReason.OK, verify(v, w), result::toString);
        for (final Check c : new Check[] {Check.STRUCTURE, Check.KEY, Check.SIGNATURE, Check.LAYOUT, Check.VALIDITY,
            Check.HOLDER, Check.CAPABILITY, Check.DATA_CLASS, Check.REVOCATION}) {
            assertTrue(result.made(c), c + " in " + result);
        }
        assertFalse(result.made(Check.CACHE_HIT));
        assertFalse(result.made(Check.PROOF));
        assertEquals(2001, result.warrant().grantId());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldRefuseEachFailedCheckWithItsReason(final boolean ed25519) {
        final WarrantKeyRing issuer = ring(ed25519);
        final OfflineVerifier v = Warrants.verifier(issuer, clock).build();
        final byte[] w = Warrants.issue(issuer, null);
        assertEquals(VerifyReason.NOT_HOLDER, verify(v, w), "no presenter");
        call.reset().holder(Warrants.PLANNER);
        assertEquals(VerifyReason.NOT_HOLDER, verify(v, w));
        call.reset().holder(Warrants.READER).capability(Warrants.DELETE);
        assertEquals(VerifyReason.CAPABILITY_NOT_GRANTED, verify(v, w));
        call.reset().holder(Warrants.READER).capability(-5);
        assertEquals(VerifyReason.CAPABILITY_NOT_GRANTED, verify(v, w));
        call.reset().holder(Warrants.READER).dataClass(Warrants.PII);
        assertEquals(VerifyReason.DATA_CLASS_NOT_GRANTED, verify(v, w));
        call.reset().holder(Warrants.READER).dataClass(64);
        assertEquals(VerifyReason.DATA_CLASS_NOT_GRANTED, verify(v, w));
        call.reset().holder(Warrants.READER);
        final OfflineVerifier otherLayout = OfflineVerifier.builder(Warrants.LAYOUT + 1).trust(Warrants.ENGINE_B, issuer)
            .clock(() -> clock[0]).build();
        assertEquals(VerifyReason.LAYOUT_MISMATCH, verify(otherLayout, w));
        final OfflineVerifier stranger = OfflineVerifier.builder(Warrants.LAYOUT).trust(Warrants.ENGINE_A, issuer)
            .clock(() -> clock[0]).build();
        assertEquals(VerifyReason.UNKNOWN_ISSUER, verify(stranger, w));
        final byte[] tampered = w.clone();
        tampered[w.length - 1] ^= 1;
        assertEquals(ed25519 ? VerifyReason.BAD_SIGNATURE : VerifyReason.BAD_MAC, verify(v, tampered));
        tampered[1] = (byte)(ed25519 ? 1 : 2);
        assertNotEquals(VerifyReason.OK, verify(v, tampered));
    }

    @Test
    void shouldBoundTheClockSkewOnIssueAndExpiry() {
        final WarrantKeyRing issuer = Warrants.hmacRing();
        final OfflineVerifier v = Warrants.verifier(issuer, clock).build();
        final byte[] w = Warrants.issue(issuer, null);
        call.reset().holder(Warrants.READER);
        clock[0] = Warrants.NOW - 1_000;
        assertEquals(VerifyReason.OK, verify(v, w));
        clock[0] = Warrants.NOW - 1_001;
        assertEquals(VerifyReason.NOT_YET_VALID, verify(v, w));
        clock[0] = Warrants.NOW + 60_000 + 999;
        assertEquals(VerifyReason.OK, verify(v, w));
        clock[0] = Warrants.NOW + 60_000 + 1_000;
        assertEquals(VerifyReason.EXPIRED, verify(v, w));
    }

    @Test
    void shouldRefuseWhenAnyAncestorIsRevoked() {
        final WarrantKeyRing issuer = Warrants.hmacRing();
        final byte[] w = Warrants.issue(issuer, null);
        final long[][] hops = {{Warrants.ENGINE_A, 1001}, {Warrants.ENGINE_A, 1002}, {Warrants.ENGINE_B, 2001}};
        for (int hop = 0; hop < hops.length; hop++) {
            final RevocationSet revoked = new RevocationSet();
            revoked.revoke(Warrants.ENGINE_B, 1001);
            final OfflineVerifier v = Warrants.verifier(issuer, clock).revocations(revoked).build();
            call.reset().holder(Warrants.READER);
            assertEquals(VerifyReason.OK, verify(v, w), "same grant id, other engine: not revoked");
            assertTrue(revoked.revoke((int)hops[hop][0], hops[hop][1]));
            assertEquals(VerifyReason.REVOKED, verify(v, w));
            assertEquals(hop, result.revokedHop());
        }
    }

    @Test
    void shouldRefuseEveryWarrantWithItsOwnReasonWhileTheRevocationSourceIsNotCurrent() {
        final WarrantKeyRing issuer = Warrants.hmacRing();
        final byte[] w = Warrants.issue(issuer, null);
        final boolean[] current = {false};
        final RevocationSource lagging = new RevocationSource() {
            @Override
            public boolean isRevoked(final int engineId, final long grantId) {
                throw new AssertionError("asked about a hop while not current");
            }

            @Override
            public boolean isCurrent() {
                return current[0];
            }
        };
        final OfflineVerifier v = Warrants.verifier(issuer, clock).revocations(lagging).build();
        call.reset().holder(Warrants.READER);
        assertEquals(VerifyReason.REVOCATIONS_NOT_CURRENT, verify(v, w));
        assertTrue(result.made(Check.REVOCATION));
        call.reset().holder(Warrants.PLANNER);
        assertEquals(VerifyReason.NOT_HOLDER, verify(v, w), "earlier checks still come first");
        current[0] = true;
        final RevocationSet none = new RevocationSet();
        assertTrue(none.isCurrent(), "an in-memory set is always current");
        call.reset().holder(Warrants.READER);
        assertEquals(VerifyReason.OK, verify(Warrants.verifier(issuer, clock).revocations(none).build(), w));
    }

    @Test
    void shouldServeARepeatFromTheCacheButNeverPastExpiryOrRevocationOrKeyRetirement() {
        final WarrantKeyRing issuer = Warrants.ed25519Ring();
        final RevocationSet revoked = new RevocationSet();
        final OfflineVerifier v = Warrants.verifier(issuer, clock).revocations(revoked).build();
        final byte[] w = Warrants.issue(issuer, null);
        call.reset().holder(Warrants.READER);
        assertEquals(VerifyReason.OK, verify(v, w));
        assertTrue(result.made(Check.SIGNATURE));
        assertEquals(VerifyReason.OK, verify(v, Arrays.copyOf(w, w.length)));
        assertTrue(result.made(Check.CACHE_HIT));
        assertFalse(result.made(Check.SIGNATURE));
        final byte[] tampered = w.clone();
        tampered[30] ^= 1;
        assertEquals(VerifyReason.BAD_SIGNATURE, verify(v, tampered), "same tag, other bytes: no hit");
        clock[0] = Warrants.NOW + 61_000;
        assertEquals(VerifyReason.EXPIRED, verify(v, w));
        clock[0] = Warrants.NOW + 10;
        revoked.revoke(Warrants.ENGINE_A, 1001);
        assertEquals(VerifyReason.REVOKED, verify(v, w));
        assertTrue(result.made(Check.CACHE_HIT));
        final WarrantKeyRing rotated = Warrants.ed25519Ring();
        final OfflineVerifier v2 = Warrants.verifier(rotated, clock).build();
        final byte[] w2 = Warrants.issue(rotated, null);
        assertEquals(VerifyReason.OK, verify(v2, w2));
        rotated.rotate(WarrantKey.hmacSha256(3, Warrants.secret(3)), Warrants.NOW);
        clock[0] = Warrants.NOW + 60_000;
        rotated.purge(clock[0]);
        assertEquals(VerifyReason.UNKNOWN_KEY, verify(v2, w2), "a cached warrant of a purged key is refused");
    }

    @Test
    void shouldNotLetAHolderOfPublicKeysMintAWarrant() {
        final WarrantKeyRing issuer = Warrants.ed25519Ring();
        final WarrantKeyRing published = issuer.verifyingOnly();
        assertThrows(IllegalStateException.class, () -> Warrants.issue(published, null));
        final WarrantKeyRing forger = new WarrantKeyRing(0, WarrantKey.ed25519(2, Warrants.pair(666)));
        final OfflineVerifier v = Warrants.verifier(published, clock).build();
        call.reset().holder(Warrants.READER);
        assertEquals(VerifyReason.BAD_SIGNATURE, verify(v, Warrants.issue(forger, null)));
        final WarrantKeyRing hmacForger = new WarrantKeyRing(0, WarrantKey.hmacSha256(2, Warrants.secret(9)));
        assertEquals(VerifyReason.SUITE_MISMATCH, verify(v, Warrants.issue(hmacForger, null)));
        assertEquals(VerifyReason.OK, verify(v, Warrants.issue(issuer, null)));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldNeverThrowOnHostileInput(final boolean ed25519) {
        final WarrantKeyRing issuer = ring(ed25519);
        final OfflineVerifier v = Warrants.verifier(issuer, clock).build();
        final byte[] w = Warrants.issue(issuer, null);
        final Random random = new Random(42);
        call.reset().holder(Warrants.READER).capability(Integer.MAX_VALUE).dataClass(Integer.MIN_VALUE)
            .proof(new byte[3], 2, 100, new byte[1]);
        assertEquals(VerifyReason.MALFORMED, v.verify(null, 0, 10, call, result));
        assertEquals(VerifyReason.MALFORMED, v.verify(w, -1, 10, call, result));
        assertEquals(VerifyReason.MALFORMED, v.verify(w, 5, Integer.MAX_VALUE, call, result));
        for (int i = 0; i < (ed25519 ? 1_000 : 20_000); i++) {
            final byte[] bytes = i % 2 == 0 ? w.clone() : new byte[random.nextInt(300)];
            if (i % 2 == 0) {
                bytes[random.nextInt(bytes.length)] ^= (byte)(1 + random.nextInt(255));
            } else {
                random.nextBytes(bytes);
            }
            assertNotEquals(VerifyReason.OK, v.verify(bytes, 0, bytes.length, call, result));
        }
    }
}
