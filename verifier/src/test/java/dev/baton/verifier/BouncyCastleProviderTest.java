package dev.baton.verifier;

import dev.baton.codec.WarrantKeyRing;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.security.Security;
import java.security.Signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * With BouncyCastle registered as the first JCA provider (about 8 times faster than the JDK 17 EdDSA here,
 * docs/performance.md), the verifier uses it with no change: warrants signed by either provider verify,
 * and an altered signature is refused.
 */
class BouncyCastleProviderTest {
    @AfterEach
    void removeProvider() {
        Security.removeProvider(BouncyCastleProvider.PROVIDER_NAME);
    }

    @Test
    void shouldVerifyTheSameWarrantsWithBouncyCastleAsTheEd25519Provider() throws Exception {
        final long[] clock = {Warrants.NOW + 10};
        final WarrantKeyRing issuer = Warrants.ed25519Ring();
        final byte[] signedByJdk = Warrants.issue(issuer, null);
        Security.insertProviderAt(new BouncyCastleProvider(), 1);
        assertEquals(BouncyCastleProvider.PROVIDER_NAME, Signature.getInstance("Ed25519").getProvider().getName());
        final OfflineVerifier verifier = Warrants.verifier(issuer.verifyingOnly(), clock).cacheSlots(0).build();
        final Presentation call = new Presentation().holder(Warrants.READER);
        final VerificationResult result = new VerificationResult();
        assertEquals(VerifyReason.OK, verifier.verify(signedByJdk, 0, signedByJdk.length, call, result));
        final byte[] signedByBc = Warrants.issue(issuer, null);
        assertEquals(VerifyReason.OK, verifier.verify(signedByBc, 0, signedByBc.length, call, result));
        for (int i = signedByBc.length - 64; i < signedByBc.length; i++) {
            final byte[] bad = signedByBc.clone();
            bad[i] ^= 0x10;
            assertNotEquals(VerifyReason.OK, verifier.verify(bad, 0, bad.length, call, result), "byte " + i);
        }
    }
}
