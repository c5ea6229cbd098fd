package dev.baton.engine;

import dev.baton.Agent;
import dev.baton.Capability;
import dev.baton.DataClass;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.GrantRef;
import dev.baton.Outcome;
import dev.baton.Policy;
import dev.baton.Reason;
import dev.baton.Scope;
import dev.baton.codec.PortableWarrantDecoder;
import dev.baton.codec.PortableWarrantLayout;
import dev.baton.codec.WarrantKey;
import dev.baton.codec.WarrantKeyRing;
import dev.baton.core.ManualClock;
import dev.baton.verifier.ProofOfPossession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Proof of possession as the policy asks it ({@code domains.partner.example.proof_of_possession: required}):
 * the journaled engine binds the partner agent's key into the warrants it issues to it, and refuses a
 * presentation without proof, with a stale, forged or replayed one, each with its own reason; an engine
 * that does not know the holder's key issues a warrant the holder can never present. The journal
 * replays without any key.
 */
class ProofOfPossessionEngineTest {
    private static final String PARTNER = "spiffe://partner.example/mcp/summariser";
    private static final WarrantKeyRing RING = new WarrantKeyRing(0, WarrantKey.hmacSha256(1,
        "the engine's own secret, 32 bytes".getBytes(StandardCharsets.US_ASCII)));

    private static Policy policy() throws Exception {
        return Policy.load(Path.of(ProofOfPossessionEngineTest.class.getResource("/policies/rules-pop.yaml").toURI()));
    }

    /** Opens a task and hands the partner a summarising sub-task; returns the partner's warrant. */
    private static byte[] partnerWarrant(final JournaledEngine engine, final DecisionSession s, final Policy policy) {
        final Scope scope = policy.scope().capability("doc.summarize", "summarize").data("public").build();
        final Agent planner = engine.agent("spiffe://acme.example/agent/planner");
        final Decision root = s.open(engine.principal("user:alice@acme.example"), policy.purpose("refund-dispute"),
            planner, scope);
        assertEquals(Outcome.ALLOW, root.outcome(), root::toString);
        // The planner's domain asks for no proof: its warrant is presented bare.
        final Decision child = s.delegate(GrantRef.of(root), planner, engine.agent(PARTNER), scope);
        assertEquals(Outcome.ALLOW, child.outcome(), child::toString);
        return child.warrant();
    }

    @Test
    void shouldRefuseAPresentationWithoutAFreshUnreplayedProofOfTheBoundHolderKey(@TempDir final Path dir)
        throws Exception {
        final Policy policy = policy();
        final KeyPair holder = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        final KeyPair thief = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        final ManualClock clock = new ManualClock(1_800_000_000_000L);
        try (JournaledEngine engine = JournaledEngine.start(EngineConfig.of(policy, dir).clock(clock)
                .portableWarrants(1, RING).holderKey(PARTNER, WarrantKey.rawPublicKey(holder.getPublic())));
             DecisionSession s = engine.session()) {
            final byte[] warrant = partnerWarrant(engine, s, policy);
            final PortableWarrantDecoder w = new PortableWarrantDecoder();
            w.wrap(warrant, 0, warrant.length, null);
            assertNotEquals(0, w.flags() & PortableWarrantLayout.FLAG_PROOF_REQUIRED, "the warrant binds the holder's key");
            final Agent partner = engine.agent(PARTNER);
            final Capability summarize = policy.capability("doc.summarize", "summarize");
            final DataClass open = policy.dataClass("public");
            final byte[] digest = new byte[ProofOfPossession.DIGEST_LENGTH];
            final GrantRef ref = GrantRef.ofWarrant(warrant);
            assertEquals(Reason.PROOF_MISSING, s.authorize(ref, partner, summarize, open, null, digest).reason(),
                "a stolen warrant alone is useless");
            final byte[] proof = ProofOfPossession.create(holder.getPrivate(), warrant, 0, warrant.length, digest,
                clock.millis());
            assertEquals(Outcome.ALLOW, s.authorize(ref.proof(proof, 0, digest), partner, summarize, open, null, digest)
                .outcome());
            assertEquals(Reason.PROOF_REPLAYED, s.authorize(ref.proof(proof, 0, digest), partner, summarize, open, null,
                digest).reason());
            final byte[] stale = ProofOfPossession.create(holder.getPrivate(), warrant, 0, warrant.length, digest,
                clock.millis() - 600_000);
            assertEquals(Reason.PROOF_STALE, s.authorize(ref.proof(stale, 0, digest), partner, summarize, open, null,
                digest).reason());
            final byte[] forged = ProofOfPossession.create(thief.getPrivate(), warrant, 0, warrant.length, digest,
                clock.millis());
            assertEquals(Reason.PROOF_INVALID, s.authorize(ref.proof(forged, 0, digest), partner, summarize, open, null,
                digest).reason());
        }
        final JournalReplay replay = new JournalReplay(null, 1024, 1 << 20, 60_000, null).replay(dir);
        assertNull(replay.problem());
        assertEquals(0, replay.mismatches(), replay::firstMismatch);
        assertEquals(7, replay.decisions(), "open, delegate and five presentations, every one replayed without a key");
    }

    @Test
    void shouldIssueAnUnpresentableWarrantWhenThePolicyAsksProofOfAHolderWhoseKeyItLacks(@TempDir final Path dir)
        throws Exception {
        final Policy policy = policy();
        final KeyPair holder = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        try (JournaledEngine engine = JournaledEngine.start(EngineConfig.of(policy, dir).portableWarrants(1, RING));
             DecisionSession s = engine.session()) {
            final byte[] warrant = partnerWarrant(engine, s, policy);
            final byte[] digest = new byte[ProofOfPossession.DIGEST_LENGTH];
            final byte[] proof = ProofOfPossession.create(holder.getPrivate(), warrant, 0, warrant.length, digest,
                System.currentTimeMillis());
            final Decision d = s.authorize(GrantRef.ofWarrant(warrant).proof(proof, 0, digest), engine.agent(PARTNER),
                policy.capability("doc.summarize", "summarize"), policy.dataClass("public"), null, digest);
            assertEquals(Reason.PROOF_MISSING, d.reason(), "fail closed: the warrant binds no key to prove");
        }
    }
}
