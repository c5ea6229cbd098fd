package dev.baton.audit;

import dev.baton.Agent;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.GrantRef;
import dev.baton.Outcome;
import dev.baton.Policy;
import dev.baton.Scope;
import dev.baton.codec.WarrantKey;
import dev.baton.codec.WarrantKeyRing;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.ForeignRevocationRequest;
import dev.baton.engine.FsyncMode;
import dev.baton.engine.JournaledEngine;
import dev.baton.verifier.RevocationSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit tools read a journal in which an engine accepted a foreign portable warrant, with no key: the
 * log replays it, the export names what was verified (not the bytes), and explain tells the decision taken
 * on the foreign grant.
 */
class ForeignWarrantAuditTest {
    private static final String READER = "spiffe://acme.example/agent/crm-reader";

    @Test
    void shouldReplayExportAndExplainAJournalWithAForeignWarrantWithoutKeys(@TempDir final Path dir) throws Exception {
        final Policy policy = Policy.load(AuditJournal.repoRoot().resolve("src/policies/refund-dispute.yaml"));
        final Scope scope = policy.scope().capability("crm.lookup", "read").data("public").build();
        final KeyPair a = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        final byte[] child;
        try (JournaledEngine engineA = JournaledEngine.start(EngineConfig.of(policy, dir.resolve("a"))
                .fsync(FsyncMode.NONE, 0).portableWarrants(1, new WarrantKeyRing(0, WarrantKey.ed25519(3, a))));
             DecisionSession s = engineA.session()) {
            final Agent planner = engineA.agent("spiffe://acme.example/agent/planner");
            final Decision root = s.open(engineA.principal("user:alice@acme.example"), policy.purpose("refund-dispute"),
                planner, scope);
            child = s.delegate(GrantRef.of(root), planner, engineA.agent(READER), scope).warrant();
        }
        final Path journalB = dir.resolve("b");
        try (JournaledEngine b = JournaledEngine.start(EngineConfig.of(policy, journalB).fsync(FsyncMode.NONE, 0)
                .portableWarrants(2, new WarrantKeyRing(0, WarrantKey.hmacSha256(1,
                    "engine B's own secret, 32 bytes!".getBytes(StandardCharsets.US_ASCII))))
                .trustEngine(1, new WarrantKeyRing(0, WarrantKey.ed25519(3, a)).verifyingOnly())
                .revocations(new RevocationSet()));
             DecisionSession s = b.session()) {
            final Decision call = s.authorize(GrantRef.ofWarrant(child), b.agent(READER),
                policy.capability("crm.lookup", "read"), policy.dataClass("public"), "dispute #4411", null);
            assertEquals(Outcome.ALLOW, call.outcome(), call::toString);
        }
        final AuditLog log = AuditLog.read(journalB);
        assertNull(log.damage());
        assertEquals(0, log.mismatchCount(), () -> log.mismatches().toString());
        assertEquals(1, log.decisions());

        final List<String> lines = new ArrayList<>();
        new JsonLinesExport(journalB, Map.of(), true).write(lines::add);
        final String foreign = lines.stream().filter(l -> l.contains("\"type\":\"FOREIGN_WARRANT\"")).findFirst()
            .orElseThrow(() -> new AssertionError("no FOREIGN_WARRANT line: " + lines));
        assertTrue(foreign.contains("\"issuer_engine\":1"), foreign);
        assertTrue(foreign.contains("\"suite\":\"ED25519\""), foreign);
        assertTrue(foreign.contains("\"checks\":[\"STRUCTURE\",\"KEY\",\"SIGNATURE\",\"LAYOUT\",\"VALIDITY\",\"HOLDER\","
            + "\"REVOCATION\"]"), foreign);
        assertTrue(foreign.matches(".*\"chain\":\\[\"1:\\d+\",\"1:\\d+\"].*"), foreign);

        final DecisionEntry decision = log.entries().get(log.entries().size() - 1);
        final StringWriter text = new StringWriter();
        new ExplainText(new PrintWriter(text), new GrantChain(log.entries())).decision(decision);
        assertTrue(text.toString().contains("ALLOW"), text::toString);
    }

    @Test
    void shouldExportAndExplainAForeignRevocationThatEndedAChain(@TempDir final Path dir) throws Exception {
        final Policy policy = Policy.load(AuditJournal.repoRoot().resolve("src/policies/refund-dispute.yaml"));
        final Scope scope = policy.scope().capability("crm.lookup", "read").data("public").build();
        final KeyPair a = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        final String planner = "spiffe://acme.example/agent/planner";
        final byte[] rootWarrant;
        final long root;
        final long rootExpiry;
        try (JournaledEngine engineA = JournaledEngine.start(EngineConfig.of(policy, dir.resolve("a"))
                .fsync(FsyncMode.NONE, 0).portableWarrants(1, new WarrantKeyRing(0, WarrantKey.ed25519(3, a))));
             DecisionSession s = engineA.session()) {
            final Decision d = s.open(engineA.principal("user:alice@acme.example"), policy.purpose("refund-dispute"),
                engineA.agent(planner), scope);
            root = d.grantId();
            rootExpiry = d.expiry();
            rootWarrant = d.warrant();
        }
        final Path journalB = dir.resolve("b");
        final long child;
        try (JournaledEngine b = JournaledEngine.start(EngineConfig.of(policy, journalB).fsync(FsyncMode.NONE, 0)
                .portableWarrants(2, new WarrantKeyRing(0, WarrantKey.hmacSha256(1,
                    "engine B's own secret, 32 bytes!".getBytes(StandardCharsets.US_ASCII))))
                .trustEngine(1, new WarrantKeyRing(0, WarrantKey.ed25519(3, a)).verifyingOnly()));
             DecisionSession s = b.session()) {
            final Decision d = s.delegate(GrantRef.ofWarrant(rootWarrant), b.agent(planner), b.agent(READER), scope);
            assertEquals(Outcome.ALLOW, d.outcome(), d::toString);
            child = d.grantId();
            final ForeignRevocationRequest r = new ForeignRevocationRequest().set(1, root, rootExpiry, rootExpiry - 1);
            assertEquals(JournaledEngine.ACCEPTED, b.revokeForeign(r));
            assertTrue(r.await(10, java.util.concurrent.TimeUnit.SECONDS));
        }
        final AuditLog log = AuditLog.read(journalB);
        assertNull(log.damage());
        assertEquals(0, log.mismatchCount(), () -> log.mismatches().toString());

        final List<String> lines = new ArrayList<>();
        new JsonLinesExport(journalB, Map.of(), true).write(lines::add);
        final String revocation = lines.stream().filter(l -> l.contains("\"type\":\"FOREIGN_REVOCATION\"")).findFirst()
            .orElseThrow(() -> new AssertionError("no FOREIGN_REVOCATION line: " + lines));
        assertTrue(revocation.contains("\"issuer_engine\":1") && revocation.contains("\"foreign_grant_id\":" + root)
            && revocation.contains("\"local_grants_revoked\":2"), revocation);

        final GrantChain chain = new GrantChain(log.entries());
        final StringWriter text = new StringWriter();
        new ExplainText(new PrintWriter(text), chain).foreign(ForeignEnds.read(journalB)).grant(child, chain.creation(child));
        assertTrue(text.toString().contains("revoked by   engine 1's revocation of its grant " + root), text::toString);
        assertTrue(text.toString().contains("FOREIGN_REVOCATION record"), text::toString);
    }
}
