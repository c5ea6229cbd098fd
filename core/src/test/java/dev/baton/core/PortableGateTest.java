package dev.baton.core;

import dev.baton.Outcome;
import dev.baton.Reason;
import dev.baton.codec.IdentityId;
import dev.baton.codec.PortableWarrantAuthenticator;
import dev.baton.codec.PortableWarrantDecoder;
import dev.baton.codec.PortableWarrantEncoder;
import dev.baton.codec.PortableWarrantLayout;
import dev.baton.codec.WarrantKey;
import dev.baton.codec.WarrantKeyRing;
import dev.baton.verifier.ProofOfPossession;
import dev.baton.verifier.RevocationSet;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A foreign warrant bound to its holder's key is accepted only with a fresh proof of possession. */
class PortableGateTest {
    private static final long NOW = 1_767_225_600_000L;
    private static final String READER = "spiffe://acme.example/agent/reader/crm";

    @Test
    void shouldAcceptABoundForeignWarrantOnlyWithAFreshProof() throws Exception {
        final CompiledPolicy policy = CoreFixture.POLICY;
        final ManualClock clock = new ManualClock(NOW + 10);
        final DecisionCore core = new DecisionCore(policy, clock);
        final KeyPair issuerKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        final KeyPair holderKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        final WarrantKeyRing issuer = new WarrantKeyRing(0, WarrantKey.ed25519(3, issuerKeys));
        final PortableGate gate = new PortableGate(core, 2, new WarrantKeyRing(0, WarrantKey.hmacSha256(1,
            "engine two's secret, 32 bytes long!".getBytes(java.nio.charset.StandardCharsets.US_ASCII))),
            new RevocationSet(), new int[] {9}, new WarrantKeyRing[] {issuer.verifyingOnly()});
        final ScopeBits read = new ScopeBits(policy).capability("crm.lookup", "read").data("internal");
        final long[] words = new long[read.words()];
        read.getCapabilityWords(words, 0);
        final PortableWarrantEncoder e = new PortableWarrantEncoder().reset()
            .layout(policy.layoutFingerprint(), policy.versionId()).validity(NOW, NOW + 60_000)
            .purpose(policy.purpose("refund-dispute")).dataClasses(read.dataBits())
            .principal(IdentityId.of("user:alice@acme.example")).capabilities(words, words.length)
            .holderKey(WarrantKey.rawPublicKey(holderKeys.getPublic()))
            .hop(41, 9, IdentityId.of("spiffe://acme.example/agent/planner")).hop(42, 9, IdentityId.of(READER));
        final byte[] buffer = new byte[PortableWarrantLayout.MAX_LENGTH];
        final byte[] warrant = Arrays.copyOf(buffer, new PortableWarrantAuthenticator(issuer).sign(buffer, 0,
            e.encode(buffer, 0)));
        final int reader = core.identity(READER);
        final DecisionSlot d = new DecisionSlot();
        assertEquals(0, gate.verify(warrant, 0, warrant.length, reader, d));
        assertEquals(Reason.PROOF_MISSING, d.reason(), "a stolen warrant alone is useless");
        final byte[] digest = new byte[ProofOfPossession.DIGEST_LENGTH];
        final byte[] proof = ProofOfPossession.create(holderKeys.getPrivate(), warrant, 0, warrant.length, digest,
            clock.millis());
        final long mirror = gate.verify(warrant, 0, warrant.length, reader, proof, digest, d);
        assertNotEquals(0, mirror, () -> d.describe(policy));
        assertEquals(0, gate.verify(warrant, 0, warrant.length, reader, proof, digest, d));
        assertEquals(Reason.PROOF_REPLAYED, d.reason(), "a replayed proof is refused");
        final int helper = core.identity("spiffe://acme.example/agent/reader/b");
        core.delegate(mirror, reader, helper, read, d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(policy));
        final byte[] child = new byte[PortableWarrantLayout.MAX_LENGTH];
        final int length = gate.write(d.grantId(), child, 0);
        final PortableWarrantDecoder w = new PortableWarrantDecoder();
        assertEquals(dev.baton.codec.CodecError.OK, w.wrap(child, 0, length, null));
        assertEquals(3, w.hopCount());
        assertEquals(42, w.hopGrantId(1), "the child records its foreign parent");
        assertEquals(9, w.hopEngineId(1));
        assertTrue(IdentityId.of("user:alice@acme.example").equals(w.principalHigh(), w.principalLow()));
    }
}
