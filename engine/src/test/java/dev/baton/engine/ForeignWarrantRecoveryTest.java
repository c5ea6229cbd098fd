package dev.baton.engine;

import dev.baton.Agent;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.FanOut;
import dev.baton.GrantRef;
import dev.baton.Outcome;
import dev.baton.Policy;
import dev.baton.Reason;
import dev.baton.Scope;
import dev.baton.codec.KeyRing;
import dev.baton.codec.WarrantKey;
import dev.baton.codec.WarrantKeyRing;
import dev.baton.verifier.RevocationSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journaled engine that accepted a foreign warrant keeps it across a restart: recovery replays the
 * FOREIGN_WARRANT record into the live gate, so the mirror has the same id, the grandchild's warrant still
 * verifies, warrants issued after the restart still carry the foreign chain, and a revocation of the
 * foreign root still denies them. A fan-out accepts a foreign warrant too, and a version-1 warrant
 * presented to an engine that reads only version 2 is refused, not fatal.
 */
class ForeignWarrantRecoveryTest {
    private static final String PLANNER = "spiffe://acme.example/agent/planner";
    private static final String READER = "spiffe://acme.example/agent/reader/crm";
    private static final String HELPER = "spiffe://acme.example/agent/helper/one";
    private static final String HELPER_TWO = "spiffe://acme.example/agent/helper/two";
    private static final WarrantKeyRing OWN_B = new WarrantKeyRing(0, WarrantKey.hmacSha256(1,
        "engine B's own secret, 32 bytes!".getBytes(StandardCharsets.US_ASCII)));

    private static EngineConfig engineB(final Policy policy, final Path dir, final KeyPair a, final RevocationSet revoked) {
        return EngineConfig.of(policy, dir).portableWarrants(2, OWN_B)
            .trustEngine(1, new WarrantKeyRing(0, WarrantKey.ed25519(3, a)).verifyingOnly()).revocations(revoked);
    }

    @Test
    void shouldKeepAnAcceptedForeignGrantAcrossARestart(@TempDir final Path dir) throws Exception {
        final Policy policy = PortableEngineChild.policy();
        final Scope scope = policy.scope().capability("crm.lookup", "read").data("internal").build();
        final KeyPair a = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        final byte[] child;
        final long rootA;
        try (JournaledEngine engineA = JournaledEngine.start(EngineConfig.of(policy, dir.resolve("a"))
                .portableWarrants(1, new WarrantKeyRing(0, WarrantKey.ed25519(3, a))));
             DecisionSession s = engineA.session()) {
            final Agent planner = engineA.agent(PLANNER);
            final Decision root = s.open(engineA.principal("user:alice@acme.example"), policy.purpose("refund-dispute"),
                planner, scope);
            rootA = root.grantId();
            child = s.delegate(GrantRef.of(root), planner, engineA.agent(READER), scope).warrant();
        }
        final RevocationSet revoked = new RevocationSet();
        final byte[] grandchild;
        final long mirror;
        try (JournaledEngine b = JournaledEngine.start(engineB(policy, dir.resolve("b"), a, revoked));
             DecisionSession s = b.session()) {
            final Agent reader = b.agent(READER);
            final FanOut fan = s.fanOut(GrantRef.ofWarrant(child), reader, new Agent[] {b.agent(HELPER),
                b.agent(HELPER_TWO)}, new Scope[] {scope, scope});
            assertEquals(2, fan.allowed(), "a fan-out accepts a foreign parent too");
            mirror = fan.child(0).parentGrantId();
            assertEquals(mirror, fan.child(1).parentGrantId(), "one mirror for the foreign grant");
            grandchild = fan.child(0).warrant();
        }
        try (JournaledEngine b = JournaledEngine.start(engineB(policy, dir.resolve("b"), a, revoked));
             DecisionSession s = b.session()) {
            assertTrue(b.recoveredRecords() > 0);
            final Agent helper = b.agent(HELPER);
            final Decision call = s.authorize(GrantRef.ofWarrant(grandchild), helper,
                policy.capability("crm.lookup", "read"), policy.dataClass("internal"), null, null);
            assertEquals(Outcome.ALLOW, call.outcome(), call::toString);
            final Decision again = s.delegate(GrantRef.ofWarrant(child), b.agent(READER), b.agent(HELPER_TWO), scope);
            assertEquals(mirror, again.parentGrantId(), "the same foreign grant maps to the replayed mirror");
            assertEquals("1:" + rootA + ",1:", PortableEngineChild.hops(again.warrant()).substring(0,
                ("1:" + rootA + ",1:").length()), "warrants issued after the restart carry the foreign chain");
            revoked.revoke(1, rootA);
            assertEquals(Reason.REVOKED, s.authorize(GrantRef.ofWarrant(again.warrant()), b.agent(HELPER_TWO),
                policy.capability("crm.lookup", "read"), policy.dataClass("internal"), null, null).reason());
        }
        final JournalReplay replay = new JournalReplay(null, 1024, 1 << 20, 60_000, null).replay(dir.resolve("b"));
        assertEquals(null, replay.problem());
        assertEquals(0, replay.mismatches(), replay::firstMismatch);
        assertEquals(5, replay.decisions());
    }

    @Test
    void shouldRefuseAVersionOneWarrantOnAnEngineThatReadsOnlyVersionTwo(@TempDir final Path dir) throws Exception {
        final Policy policy = PortableEngineChild.policy();
        final Scope scope = policy.scope().capability("crm.lookup", "read").data("internal").build();
        final byte[] v1;
        try (JournaledEngine old = JournaledEngine.start(EngineConfig.of(policy, dir.resolve("v1")).keys(new KeyRing(
                60_000, 1, "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII))));
             DecisionSession s = old.session()) {
            v1 = s.open(old.principal("user:alice@acme.example"), policy.purpose("refund-dispute"), old.agent(PLANNER),
                scope).warrant();
        }
        try (JournaledEngine b = JournaledEngine.start(EngineConfig.of(policy, dir.resolve("v2"))
                .portableWarrants(2, OWN_B));
             DecisionSession s = b.session()) {
            final Decision d = s.delegate(GrantRef.ofWarrant(v1), b.agent(PLANNER), b.agent(READER), scope);
            assertEquals(Reason.UNSUPPORTED_WARRANT, d.reason());
            assertTrue(!b.isClosed(), "refused, not fatal");
        }
    }
}
