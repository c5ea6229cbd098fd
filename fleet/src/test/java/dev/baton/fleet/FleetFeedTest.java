package dev.baton.fleet;

import dev.baton.codec.CodecError;
import dev.baton.codec.IdentityId;
import dev.baton.codec.LayoutFingerprint;
import dev.baton.codec.PortableWarrantAuthenticator;
import dev.baton.codec.PortableWarrantEncoder;
import dev.baton.codec.PortableWarrantLayout;
import dev.baton.codec.WarrantKey;
import dev.baton.codec.WarrantKeyRing;
import dev.baton.verifier.OfflineVerifier;
import dev.baton.verifier.Presentation;
import dev.baton.verifier.VerificationResult;
import dev.baton.verifier.VerifyReason;
import dev.baton.codec.SwapBodyDecoder;
import dev.baton.core.CompiledPolicy;
import dev.baton.engine.JournalReader;
import dev.baton.engine.JournaledEngine;
import dev.baton.engine.RecordType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static dev.baton.fleet.FleetFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Revocations and policy roll-out between engines in one JVM, through one broker the class starts. */
class FleetFeedTest {
    @TempDir
    static Path shared;
    private static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.start(shared.resolve("kafka"));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static FleetConfig fleet(final String name, final int engineId) {
        final FleetConfig config = FleetConfig.of(broker.bootstrap(), name, engineId);
        FleetTopics.create(config);
        return config;
    }

    @Test
    void shouldDenyAtEngineBAGrantEngineARevoked(@TempDir final Path dir) {
        final List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        final FleetConfig a = fleet("revoke", 1);
        final FleetConfig b = a.forEngine(2);
        try (JournaledEngine engineA = FleetFixture.engine(dir.resolve("a"));
             RevocationPublisher publisher = new RevocationPublisher(a);
             RevocationTap tap = RevocationTap.start(a, dir.resolve("a"), publisher, Clock.systemUTC());
             RevocationFeed feedB = RevocationFeed.start(b, Clock.systemUTC(), (engine, grant, expiresAt, revokedAt) ->
                 told.add(engine + "/" + grant + (expiresAt > revokedAt ? " expires after its revocation" : " EXPIRED")))) {
            final long closed = FleetFixture.open(engineA);
            final long live = FleetFixture.open(engineA);
            await("engine B's feed catches up", 20, () -> !feedB.isStale());
            final ForeignGrantCheck check = new ForeignGrantCheck(feedB);
            assertEquals(ForeignGrantCheck.Verdict.NOT_REVOKED, check.check(new int[] {1}, new long[] {closed}, 1));

            FleetFixture.close(engineA, closed);

            await("the revocation reaches engine B", 20, () -> feedB.isRevoked(1, closed));
            assertEquals(ForeignGrantCheck.Verdict.REVOKED, check.check(new int[] {1}, new long[] {closed}, 1));
            assertEquals(ForeignGrantCheck.Verdict.REVOKED, check.check(new int[] {3, 1}, new long[] {live, closed}, 2),
                "a chain through a revoked hop is revoked");
            assertEquals(ForeignGrantCheck.Verdict.NOT_REVOKED, check.check(new int[] {1}, new long[] {live}, 1));
            assertFalse(feedB.isRevoked(2, closed), "the same grant id issued by another engine is another grant");
            await("the tap counts its publication", 5, () -> tap.published() == 1);
            assertEquals(1, feedB.size());
            await("the feed's listener is told", 5, () -> !told.isEmpty());
            assertEquals(List.of("1/" + closed + " expires after its revocation"), told, "the feed's listener");
        }
    }

    @Test
    @SuppressWarnings("try") // the tap runs for its side effect (publishing A's revocations); the body never names it
    void shouldDenyAtEngineCAGrandchildWhoseRootEngineAClosed(@TempDir final Path dir) {
        final FleetConfig a = fleet("grandchild", 1);
        final long layout = LayoutFingerprint.of(List.of("lookup"), List.of("read"), List.of("public"));
        final WarrantKeyRing ringC = new WarrantKeyRing(60_000, WarrantKey.hmacSha256(1, secret()));
        final OfflineVerifier.Builder atC = OfflineVerifier.builder(layout).trust(3, ringC).clock(System::currentTimeMillis);
        try (JournaledEngine engineA = FleetFixture.engine(dir.resolve("a"));
             RevocationPublisher publisher = new RevocationPublisher(a);
             RevocationTap tap = RevocationTap.start(a, dir.resolve("a"), publisher, Clock.systemUTC());
             RevocationFeed feedC = RevocationFeed.start(a.forEngine(3), Clock.systemUTC(), null)) {
            final long root = FleetFixture.open(engineA);
            // root at A (engine 1), child at B (engine 2), grandchild at C (engine 3), as a portable warrant names them
            final long now = System.currentTimeMillis();
            final PortableWarrantEncoder e = new PortableWarrantEncoder().reset().layout(layout, 1)
                .validity(now, now + 600_000).purpose(0).dataClasses(1L).principal(IdentityId.of("user:alice@example.org"))
                .capabilities(new long[] {1L}, 1)
                .hop(root, 1, IdentityId.of("spiffe://example.org/agent/reader"))
                .hop(7, 2, IdentityId.of("spiffe://example.org/agent/planner"))
                .hop(9, 3, IdentityId.of("spiffe://example.org/agent/tool"));
            final byte[] buffer = new byte[PortableWarrantLayout.MAX_LENGTH];
            final int length = new PortableWarrantAuthenticator(ringC).sign(buffer, 0, e.encode(buffer, 0));
            final OfflineVerifier verifier = atC.revocations(feedC).build();
            final Presentation call = new Presentation().reset().holder(IdentityId.of("spiffe://example.org/agent/tool"))
                .capability(0).dataClass(0);
            final VerificationResult result = new VerificationResult();
            final ForeignGrantCheck check = new ForeignGrantCheck(feedC);
            await("engine C's feed catches up", 20, () -> !feedC.isStale());
            assertEquals(VerifyReason.OK, verifier.verify(buffer, 0, length, call, result), result::toString);

            FleetFixture.close(engineA, root);

            await("the close at A reaches C", 20, () -> feedC.isRevoked(1, root));
            assertEquals(ForeignGrantCheck.Verdict.NOT_REVOKED, check.check(new int[] {2, 3}, new long[] {7, 9}, 2));
            assertEquals(ForeignGrantCheck.Verdict.REVOKED, check.check(new int[] {1, 2, 3}, new long[] {root, 7, 9}, 3));
            assertEquals(VerifyReason.REVOKED, verifier.verify(buffer, 0, length, call, result),
                "the offline verifier at C, fed by the fleet, refuses the grandchild");
            assertEquals(0, result.revokedHop(), "the root is the revoked hop");
        }
    }

    @Test
    void shouldDropARevocationEverywhereOnceItsGrantHasExpired(@TempDir final Path dir) {
        final FleetConfig a = fleet("expiry", 1);
        try (JournaledEngine engineA = FleetFixture.engine(dir.resolve("a"), "2s");
             RevocationPublisher publisher = new RevocationPublisher(a);
             RevocationTap tap = RevocationTap.start(a, dir.resolve("a"), publisher, Clock.systemUTC());
             RevocationFeed feedB = RevocationFeed.start(a.forEngine(2), Clock.systemUTC(), null)) {
            final long root = FleetFixture.open(engineA);
            FleetFixture.close(engineA, root);
            await("the revocation reaches engine B", 20, () -> feedB.isRevoked(1, root));
            await("the grant expires and engine B drops its revocation", 20, () -> feedB.size() == 0);
            await("engine A tombstones it", 20, () -> tap.tombstones() == 1 && publisher.acknowledged() == 2);
            assertFalse(feedB.isRevoked(1, root));
            assertEquals(0, publisher.failed());
        }
    }

    @Test
    void shouldSwapEveryEngineToAPolicyPublishedOnce(@TempDir final Path dir) {
        final FleetConfig config = fleet("rollout", 1);
        final CompiledPolicy next = FleetFixture.load("minimal-2");
        final List<JournaledEngine> engines = new ArrayList<>();
        final List<PolicyFollower> followers = new ArrayList<>();
        try {
            for (int id = 1; id <= 3; id++) {
                final JournaledEngine e = FleetFixture.engine(dir.resolve("e" + id));
                engines.add(e);
                followers.add(PolicyFollower.start(config.forEngine(id), e));
            }
            PolicyRollout.publish(config, next);
            for (final JournaledEngine e : engines) {
                await("engine on minimal-2", 20, () -> e.compiledPolicy().versionId() == next.versionId());
            }
            for (final PolicyFollower f : followers) {
                await("the follower counts its swap", 5, () -> f.swaps() == 1);
            }
            assertEquals(next.versionId(), PolicyRollout.current(config).orElseThrow().versionId(),
                "an engine starting now reads the policy in force");
            assertTrue(FleetFixture.open(engines.get(2)) > 0, "the swapped engine decides");
        } finally {
            followers.forEach(PolicyFollower::close);
            engines.forEach(JournaledEngine::close);
        }
        for (int id = 1; id <= 3; id++) {
            assertEquals(List.of(FleetFixture.POLICY.versionId(), next.versionId()), swapRecords(dir.resolve("e" + id)),
                "engine " + id + " journaled its first policy and then the swap it applied");
        }
    }

    @Test
    void shouldKeepThePolicyInForceWhenThePublishedOneDoesNotCompile(@TempDir final Path dir) throws Exception {
        final FleetConfig config = fleet("badpolicy", 1);
        try (JournaledEngine e = FleetFixture.engine(dir.resolve("e"));
             PolicyFollower f = PolicyFollower.start(config, e);
             org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> p =
                 new org.apache.kafka.clients.producer.KafkaProducer<>(KafkaClients.producer(config, "bad"))) {
            p.send(new org.apache.kafka.clients.producer.ProducerRecord<>(config.policiesTopic(), PolicyRollout.KEY,
                PolicyMessage.encode("bad.yaml", "version: [unclosed"))).get();
            await("the follower reports the error", 20, () -> f.lastError() != null);
            assertTrue(f.lastError().contains("bad.yaml"), f.lastError());
            assertEquals(FleetFixture.POLICY.versionId(), e.compiledPolicy().versionId());
            assertEquals(0, f.swaps());
        }
    }

    private static byte[] secret() {
        final byte[] s = new byte[32];
        new java.security.SecureRandom().nextBytes(s);
        return s;
    }

    /** @return the version id of each SWAP record, in journal order. */
    private static List<Long> swapRecords(final Path journal) {
        final List<Long> swaps = new ArrayList<>();
        final SwapBodyDecoder swap = new SwapBodyDecoder();
        try (JournalReader reader = new JournalReader(journal)) {
            reader.read((sequence, type, body, offset, length) -> {
                if (type == RecordType.SWAP) {
                    assertEquals(CodecError.OK, swap.wrap(body, offset, length, null));
                    swaps.add(swap.versionId());
                }
                return true;
            });
            assertEquals(null, reader.broken());
        }
        return swaps;
    }
}
