package dev.baton.engine;

import dev.baton.Agent;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.GrantRef;
import dev.baton.Outcome;
import dev.baton.Policy;
import dev.baton.Reason;
import dev.baton.Scope;
import dev.baton.codec.ForeignRevocationBodyDecoder;
import dev.baton.codec.WarrantKey;
import dev.baton.codec.WarrantKeyRing;
import dev.baton.verifier.RevocationSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A revocation of another engine's grant applied on the ring ({@link JournaledEngine#revokeForeign}): it ends
 * the mirror of a foreign grant under it and the mirror's local child (used by id and by warrant), refuses a
 * warrant of the revoked chain never seen before, is journaled as one FOREIGN_REVOCATION record (a repeat,
 * an expired one and the engine's own grant write none), and replay reproduces every decision without keys
 * or revocation source; a restart, from the journal or from a snapshot, keeps it. A revocation source that
 * is not current refuses foreign warrants with {@code REVOCATION_FEED_STALE} while grants named by id decide.
 */
class ForeignRevocationJournalTest {
    private static final String PLANNER = "spiffe://acme.example/agent/planner";
    private static final String READER = "spiffe://acme.example/agent/reader/crm";
    private static final String HELPER = "spiffe://acme.example/agent/helper/one";
    private static final int ENGINE_A = 1;
    private static final int ENGINE_B = 2;
    private static final WarrantKeyRing OWN_B = new WarrantKeyRing(0, WarrantKey.hmacSha256(1,
        "engine B's own secret, 32 bytes!".getBytes(StandardCharsets.US_ASCII)));

    /** What engine A issued: its root and two warrants of children under it. */
    private record Issued(long root, long rootExpiry, byte[] child, byte[] otherChild) {
    }

    private static Issued issueAtA(final Policy policy, final Path dir, final KeyPair a) {
        final Scope scope = scope(policy);
        try (JournaledEngine engineA = JournaledEngine.start(EngineConfig.of(policy, dir)
                .portableWarrants(ENGINE_A, new WarrantKeyRing(0, WarrantKey.ed25519(3, a))));
             DecisionSession s = engineA.session()) {
            final Agent planner = engineA.agent(PLANNER);
            final Decision root = s.open(engineA.principal("user:alice@acme.example"), policy.purpose("refund-dispute"),
                planner, scope);
            final long rootId = root.grantId(); // a session's decision is valid until its next call
            final long rootExpiry = root.expiry();
            final byte[] child = s.delegate(GrantRef.ofId(rootId), planner, engineA.agent(READER), scope).warrant();
            final byte[] other = s.delegate(GrantRef.ofId(rootId), planner, engineA.agent(READER), scope).warrant();
            return new Issued(rootId, rootExpiry, child, other);
        }
    }

    private static Scope scope(final Policy policy) {
        return policy.scope().capability("crm.lookup", "read").data("internal").build();
    }

    private static EngineConfig engineB(final Policy policy, final Path dir, final KeyPair a,
                                        final RevocationSource source) {
        return EngineConfig.of(policy, dir).portableWarrants(ENGINE_B, OWN_B)
            .trustEngine(ENGINE_A, new WarrantKeyRing(0, WarrantKey.ed25519(3, a)).verifyingOnly()).revocations(source);
    }

    private static Decision read(final DecisionSession s, final Policy policy, final GrantRef grant, final Agent who) {
        return s.authorize(grant, who, policy.capability("crm.lookup", "read"), policy.dataClass("internal"), null, null);
    }

    private static ForeignRevocationRequest apply(final JournaledEngine engine, final ForeignRevocationRequest r) {
        assertEquals(JournaledEngine.ACCEPTED, engine.revokeForeign(r));
        assertTrue(r.await(10, TimeUnit.SECONDS), "applied");
        assertNull(r.failure());
        return r;
    }

    private static List<ForeignRevocationBodyDecoder> records(final Path dir) {
        final List<ForeignRevocationBodyDecoder> found = new ArrayList<>();
        try (JournalReader reader = new JournalReader(dir, JournalTrust.none())) {
            reader.read((sequence, type, body, offset, length) -> {
                if (type == RecordType.FOREIGN_REVOCATION) {
                    final ForeignRevocationBodyDecoder d = new ForeignRevocationBodyDecoder();
                    final byte[] copy = new byte[length];
                    body.getBytes(offset, copy);
                    assertEquals(dev.baton.codec.CodecError.OK, d.wrap(new org.agrona.concurrent.UnsafeBuffer(copy), 0,
                        length, null));
                    found.add(d);
                }
                return true;
            });
        }
        return found;
    }

    @Test
    void shouldEndAMirroredGrantAndItsLocalChildJournalItAndReplayItWithoutKeys(@TempDir final Path dir)
        throws Exception {
        final Policy policy = PortableEngineChild.policy();
        final KeyPair a = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        final Issued issued = issueAtA(policy, dir.resolve("a"), a);
        final Path journalB = dir.resolve("b");
        final long grandchild;
        final byte[] grandchildWarrant;
        try (JournaledEngine b = JournaledEngine.start(engineB(policy, journalB, a, RevocationSource.NONE));
             DecisionSession s = b.session()) {
            final Agent reader = b.agent(READER);
            final Agent helper = b.agent(HELPER);
            final Decision gc = s.delegate(GrantRef.ofWarrant(issued.child()), reader, helper, scope(policy));
            assertEquals(Outcome.ALLOW, gc.outcome(), gc::toString);
            grandchild = gc.grantId();
            grandchildWarrant = gc.warrant();
            assertEquals(Outcome.ALLOW, read(s, policy, GrantRef.ofId(grandchild), helper).outcome());

            final ForeignRevocationRequest r = new ForeignRevocationRequest()
                .set(ENGINE_A, issued.root(), issued.rootExpiry(), System.currentTimeMillis());
            apply(b, r);
            assertEquals(ForeignRevocationRequest.Outcome.APPLIED, r.outcome());
            assertEquals(2, r.revokedLocal(), "the mirror of A's child and B's own child of it");

            assertEquals(Reason.REVOKED, read(s, policy, GrantRef.ofId(grandchild), helper).reason(), "the local child, by id");
            assertEquals(Reason.REVOKED, read(s, policy, GrantRef.ofWarrant(grandchildWarrant), helper).reason(),
                "the local child, by its warrant");
            assertEquals(Reason.REVOKED, s.delegate(GrantRef.ofWarrant(issued.otherChild()), reader, helper,
                scope(policy)).reason(), "a warrant of the revoked chain never presented before: the journaled set");

            assertEquals(ForeignRevocationRequest.Outcome.KNOWN, apply(b, r.set(ENGINE_A, issued.root(), issued.rootExpiry(), 0))
                .outcome(), "a repeat changes nothing");
            assertEquals(ForeignRevocationRequest.Outcome.EXPIRED, apply(b, r.set(ENGINE_A, 99, 1_000, 0)).outcome());
            assertEquals(ForeignRevocationRequest.Outcome.OWN_ENGINE, apply(b, r.set(ENGINE_B, 1, Long.MAX_VALUE, 0)).outcome());
        }
        final List<ForeignRevocationBodyDecoder> journaled = records(journalB);
        assertEquals(1, journaled.size(), "only the revocation that changed something is journaled");
        assertEquals(ENGINE_A, journaled.get(0).engineId());
        assertEquals(issued.root(), journaled.get(0).grantId());
        assertEquals(issued.rootExpiry(), journaled.get(0).expiresAt());
        assertEquals(2, journaled.get(0).revokedLocal());

        final JournalReplay replay = new JournalReplay(null, 1024, 1 << 20, 60_000, null).replay(journalB);
        assertNull(replay.problem());
        assertEquals(0, replay.mismatches(), replay::firstMismatch);
        assertEquals(5, replay.decisions());
        final int[] seen = new int[2]; // decisions, differing from the journal
        new JournalWhatIf(dev.baton.core.InMemoryEngine.compiled(policy), 1024, 1 << 20, 60_000,
            (record, child, recorded, whatIf, next, followOn) -> {
                seen[0]++;
                final dev.baton.codec.DecisionDecoder c = record.child(child);
                if (!c.outcome().name().equals(whatIf.outcome().name()) || c.reasonCode() != whatIf.reason().code()) {
                    seen[1]++;
                }
            }).run(journalB, Long.MAX_VALUE);
        assertEquals(5, seen[0]);
        assertEquals(0, seen[1], "what-if under the same policy applies the foreign revocation too: every decision as journaled");

        try (JournaledEngine b = JournaledEngine.start(engineB(policy, journalB, a, RevocationSource.NONE));
             DecisionSession s = b.session()) {
            final Agent helper = b.agent(HELPER);
            assertEquals(Reason.REVOKED, read(s, policy, GrantRef.ofId(grandchild), helper).reason(), "after a restart");
            assertEquals(Reason.REVOKED, s.delegate(GrantRef.ofWarrant(issued.otherChild()), b.agent(READER), helper,
                scope(policy)).reason(), "the set survives a restart from the journal");
        }
    }

    @Test
    void shouldKeepTheKnownRevokedForeignGrantsAcrossASnapshotRestart(@TempDir final Path dir) throws Exception {
        final Policy policy = PortableEngineChild.policy();
        final KeyPair a = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        final Issued issued = issueAtA(policy, dir.resolve("a"), a);
        final Path journalB = dir.resolve("b");
        final Path snapshots = dir.resolve("b-snapshots");
        try (JournaledEngine b = JournaledEngine.start(engineB(policy, journalB, a, RevocationSource.NONE)
                .snapshots(snapshots));
             DecisionSession s = b.session()) {
            assertEquals(Outcome.ALLOW, s.delegate(GrantRef.ofWarrant(issued.child()), b.agent(READER), b.agent(HELPER),
                scope(policy)).outcome());
            apply(b, new ForeignRevocationRequest().set(ENGINE_A, issued.root(), issued.rootExpiry(), 0));
        } // closing writes a snapshot after the revocation
        try (JournaledEngine b = JournaledEngine.start(engineB(policy, journalB, a, RevocationSource.NONE)
                .snapshots(snapshots));
             DecisionSession s = b.session()) {
            assertTrue(b.snapshotRecovery().snapshotUsed() != null, "started from a snapshot");
            assertEquals(0, b.snapshotRecovery().replayedDecisions(), "nothing of the revocation in the tail");
            assertEquals(Reason.REVOKED, s.delegate(GrantRef.ofWarrant(issued.otherChild()), b.agent(READER),
                b.agent(HELPER), scope(policy)).reason(), "the FOREIGN_REVOKED section restored the set");
            final ForeignRevocationRequest again = apply(b,
                new ForeignRevocationRequest().set(ENGINE_A, issued.root(), issued.rootExpiry(), 0));
            assertEquals(ForeignRevocationRequest.Outcome.KNOWN, again.outcome(), "known after the restart: not journaled again");
        }
        assertEquals(1, records(journalB).size());
    }

    @Test
    void shouldRefuseForeignWarrantsWithTheirOwnReasonWhileTheSourceIsNotCurrent(@TempDir final Path dir)
        throws Exception {
        final Policy policy = PortableEngineChild.policy();
        final KeyPair a = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        final Issued issued = issueAtA(policy, dir.resolve("a"), a);
        final boolean[] current = {true};
        final RevocationSource feed = new RevocationSource() {
            @Override
            public boolean isRevoked(final int engineId, final long grantId) {
                return false;
            }

            @Override
            public boolean isCurrent() {
                return current[0];
            }
        };
        final Path journalB = dir.resolve("b");
        try (JournaledEngine b = JournaledEngine.start(engineB(policy, journalB, a, feed));
             DecisionSession s = b.session()) {
            final Agent reader = b.agent(READER);
            final Agent helper = b.agent(HELPER);
            final Decision gc = s.delegate(GrantRef.ofWarrant(issued.child()), reader, helper, scope(policy));
            assertEquals(Outcome.ALLOW, gc.outcome());
            final long grandchild = gc.grantId();
            final byte[] grandchildWarrant = gc.warrant();
            final long local = s.open(b.principal("user:alice@acme.example"), policy.purpose("refund-dispute"),
                b.agent(PLANNER), scope(policy)).grantId();
            current[0] = false;
            assertEquals(Reason.REVOCATION_FEED_STALE, s.delegate(GrantRef.ofWarrant(issued.otherChild()), reader,
                helper, scope(policy)).reason());
            assertEquals(Reason.REVOCATION_FEED_STALE, read(s, policy, GrantRef.ofWarrant(grandchildWarrant), helper)
                .reason(), "a warrant whose chain crosses engines cannot be checked now");
            assertEquals(Outcome.ALLOW, read(s, policy, GrantRef.ofId(grandchild), helper).outcome(), "by id: decides");
            assertEquals(Outcome.ALLOW, s.delegate(GrantRef.ofId(local), b.agent(PLANNER), reader, scope(policy))
                .outcome(), "a local grant keeps deciding");
            current[0] = true;
            assertEquals(Outcome.ALLOW, s.delegate(GrantRef.ofWarrant(issued.otherChild()), reader, helper,
                scope(policy)).outcome(), "current again: it recovers by itself");
        }
        final JournalReplay replay = new JournalReplay(null, 1024, 1 << 20, 60_000, null).replay(journalB);
        assertNull(replay.problem());
        assertEquals(0, replay.mismatches(), replay::firstMismatch);
        assertEquals(7, replay.decisions(), "the stale refusals replay from their recorded reason");
    }

    @Test
    void shouldRefuseAForeignRevocationOnAnEngineWithoutPortableWarrants(@TempDir final Path dir) throws Exception {
        final Policy policy = PortableEngineChild.policy();
        try (JournaledEngine plain = JournaledEngine.start(EngineConfig.of(policy, dir))) {
            assertThrows(IllegalStateException.class,
                () -> plain.revokeForeign(new ForeignRevocationRequest().set(ENGINE_A, 1, Long.MAX_VALUE, 0)));
        }
        assertThrows(IllegalArgumentException.class, () -> new ForeignRevocationRequest().set(ENGINE_A, 0, 1, 0));
        for (final dev.baton.core.ForeignRevocationResult core : dev.baton.core.ForeignRevocationResult.values()) {
            assertEquals(core.name(), ForeignRevocationRequest.Outcome.of(core).name(), "the engine's outcome is the core's");
        }
    }
}
