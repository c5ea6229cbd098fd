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

    /**
     * A snapshot's FOREIGN section carries the foreign ancestry: a gate restored from it writes the mirrored
     * grant's child warrant with the whole foreign chain and finds the mirror of the foreign grant presented
     * again; a gate restored without the section does neither (so dropping it would be caught).
     */
    @Test
    void shouldCarryForeignChainsThroughASnapshot() {
        final CompiledPolicy policy = CoreFixture.POLICY;
        final ManualClock clock = new ManualClock(NOW + 10);
        final DecisionCore core = new DecisionCore(policy, clock);
        final PortableGate gate = gate(core);
        final ScopeBits read = new ScopeBits(policy).capability("crm.lookup", "read").data("internal");
        final long[] words = new long[read.words()];
        read.getCapabilityWords(words, 0);
        final byte[] buffer = new byte[PortableWarrantLayout.MAX_LENGTH];
        final int n = new PortableWarrantEncoder().reset().layout(policy.layoutFingerprint(), policy.versionId())
            .validity(NOW, NOW + 60_000).purpose(policy.purpose("refund-dispute")).dataClasses(read.dataBits())
            .principal(IdentityId.of("user:alice@acme.example")).capabilities(words, words.length)
            .hop(41, 9, IdentityId.of("spiffe://acme.example/agent/planner")).hop(42, 9, IdentityId.of(READER))
            .encode(buffer, 0);
        final byte[] warrant = Arrays.copyOf(buffer, new PortableWarrantAuthenticator(ISSUER).sign(buffer, 0, n));
        final int reader = core.identity(READER);
        final DecisionSlot d = new DecisionSlot();
        final long mirror = gate.verify(warrant, 0, warrant.length, reader, d);
        assertNotEquals(0, mirror, () -> d.describe(policy));
        core.delegate(mirror, reader, core.identity("spiffe://acme.example/agent/reader/b"), read, d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(policy));
        final long child = d.grantId();
        final org.agrona.ExpandableArrayBuffer b = new org.agrona.ExpandableArrayBuffer(1 << 12);
        final int end = CoreSnapshot.encodeForeign(gate, b, CoreSnapshot.encode(core, b, 0));
        for (final boolean withForeign : new boolean[] {true, false}) {
            final CoreSnapshot.Restorer r = new CoreSnapshot.Restorer();
            for (int o = 0; o < end;) {
                final int type = b.getShort(o, java.nio.ByteOrder.LITTLE_ENDIAN);
                final long length = b.getLong(o + 8, java.nio.ByteOrder.LITTLE_ENDIAN);
                if (withForeign || type != CoreSnapshot.FOREIGN) {
                    r.accept(type, b.getShort(o + 2, java.nio.ByteOrder.LITTLE_ENDIAN), o + 16, (int) length);
                }
                o = (int) ((o + 16 + length + 7) & ~7L);
            }
            final DecisionCore restored = r.restore(b, v -> policy, clock, null);
            final PortableGate again = gate(restored);
            r.restoreForeign(b, again);
            final PortableWarrantDecoder w = new PortableWarrantDecoder();
            final int length = again.write(child, buffer, 0);
            assertEquals(dev.baton.codec.CodecError.OK, w.wrap(buffer, 0, length, null));
            assertEquals(withForeign, w.hopCount() == 3 && w.hopGrantId(1) == 42,
                "the child's warrant carries the foreign chain only if FOREIGN was restored");
            assertEquals(withForeign, mirror == again.verify(warrant, 0, warrant.length, reader, d),
                "the foreign grant presented again finds its mirror only if FOREIGN was restored");
        }
    }

    private static final WarrantKeyRing ISSUER = new WarrantKeyRing(0, WarrantKey.hmacSha256(3,
        "engine nine's secret, 32 bytes long".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));

    private static PortableGate gate(final DecisionCore core) {
        return new PortableGate(core, 2, new WarrantKeyRing(0, WarrantKey.hmacSha256(1,
            "engine two's secret, 32 bytes long!".getBytes(java.nio.charset.StandardCharsets.US_ASCII))),
            new RevocationSet(), new int[] {9}, new WarrantKeyRing[] {ISSUER});
    }
}
