package dev.baton.fleet;

import dev.baton.Agent;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.GrantRef;
import dev.baton.Outcome;
import dev.baton.Policy;
import dev.baton.Reason;
import dev.baton.Scope;
import dev.baton.codec.CodecError;
import dev.baton.codec.ForeignRevocationBodyDecoder;
import dev.baton.codec.WarrantKey;
import dev.baton.codec.WarrantKeyRing;
import dev.baton.core.PolicyCompiler;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.JournalReader;
import dev.baton.engine.JournalReplay;
import dev.baton.engine.JournaledEngine;
import dev.baton.engine.RecordType;
import dev.baton.policy.PolicyParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.baton.fleet.FleetFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Foreign revocations through a real broker (one per class) onto an engine's ring: a close at engine A,
 * published by A's tap, is consumed by B's feed and applied by {@link RingRevocations} on B's ring, where B
 * journals it as a FOREIGN_REVOCATION record that ends B's mirror of A's grant and B's own child of it (by
 * id), and B's journal replays without keys or Kafka. With the broker stopped past the staleness bound B
 * refuses A's warrants with {@code REVOCATION_FEED_STALE} while its own grants decide, and recovers by itself.
 */
class FleetRingRevocationTest {
    private static final String READER = "spiffe://example.org/agent/reader";
    private static final String HELPER = "spiffe://example.org/agent/helper";
    private static final String ALICE = "user:alice@example.org";

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

    /** The minimal policy, and a helper the reader may delegate to. */
    private static Policy policy() throws Exception {
        final String text = Files.readString(FleetFixture.MINIMAL)
            .replace("    identity: spiffe://example.org/agent/reader\n",
                "    identity: spiffe://example.org/agent/reader\n    delegates_to: [helper]\n    max_depth: 2\n")
            .replace("purposes:\n", "  helper:\n    identity: spiffe://example.org/agent/helper\n"
                + "    ceiling: {capabilities: [\"kb.search:read\"], data: [public]}\npurposes:\n");
        assertTrue(text.contains("delegates_to: [helper]") && text.contains("agent/helper"), text);
        return PolicyCompiler.compile(PolicyParser.parse("minimal-delegating.yaml", text)).api();
    }

    private static WarrantKeyRing ring(final int engine) {
        return new WarrantKeyRing(0, WarrantKey.hmacSha256(1, ("warrant key of engine " + engine + ", 32 bytes!!!!")
            .substring(0, 32).getBytes(StandardCharsets.US_ASCII)));
    }

    private static EngineConfig portable(final Policy policy, final Path journal, final int id, final int other,
                                         final FeedView feed) {
        return EngineConfig.of(policy, journal).portableWarrants(id, ring(id))
            .trustEngine(other, ring(other)).revocations(new FleetRevocations(feed)); // HMAC: one trust domain
    }

    private static Scope scope(final Policy policy) {
        return policy.scope().capability("kb.search", "read").data("public").build();
    }

    private static Decision read(final DecisionSession s, final Policy p, final GrantRef grant, final Agent who) {
        return s.authorize(grant, who, p.capability("kb.search", "read"), p.dataClass("public"), null, null);
    }

    @Test
    @SuppressWarnings("try") // the tap runs for its side effect (publishing A's revocations); the body never names it
    void shouldJournalAtEngineBARevocationEngineAPublished(@TempDir final Path dir) throws Exception {
        final Policy policy = policy();
        final FleetConfig a = FleetConfig.of(broker.bootstrap(), "ring", 1);
        FleetTopics.create(a);
        final Path journalB = dir.resolve("b");
        final RingRevocations applier = new RingRevocations();
        try (RevocationFeed feedA = RevocationFeed.start(a, Clock.systemUTC(), null);
             RevocationFeed feedB = RevocationFeed.start(a.forEngine(2), Clock.systemUTC(), applier);
             JournaledEngine engineA = JournaledEngine.start(portable(policy, dir.resolve("a"), 1, 2, feedA));
             JournaledEngine engineB = JournaledEngine.start(portable(policy, journalB, 2, 1, feedB));
             RevocationPublisher publisher = new RevocationPublisher(a);
             RevocationTap tap = RevocationTap.start(a, dir.resolve("a"), publisher, Clock.systemUTC());
             DecisionSession atA = engineA.session();
             DecisionSession atB = engineB.session()) {
            applier.bind(engineB);
            final Decision root = atA.open(engineA.principal(ALICE), policy.purpose("lookup"), engineA.agent(READER),
                scope(policy));
            final long rootId = root.grantId();
            final byte[] rootWarrant = root.warrant();
            final byte[] second = atA.open(engineA.principal(ALICE), policy.purpose("lookup"), engineA.agent(READER),
                scope(policy)).warrant();
            await("engine B's feed catches up", 20, () -> !feedB.isStale());
            final Agent reader = engineB.agent(READER);
            final Agent helper = engineB.agent(HELPER);
            final Decision child = atB.delegate(GrantRef.ofWarrant(rootWarrant), reader, helper, scope(policy));
            assertEquals(Outcome.ALLOW, child.outcome(), child::describe);
            final long childAtB = child.grantId();
            assertEquals(Outcome.ALLOW, read(atB, policy, GrantRef.ofId(childAtB), helper).outcome());

            final Decision closed = atA.close(GrantRef.ofId(rootId), engineA.principal(ALICE));
            assertEquals(Outcome.ALLOW, closed.outcome(), closed::describe);

            await("B journals A's close", 20, () -> applier.journaled() == 1);
            assertEquals(Reason.REVOKED, read(atB, policy, GrantRef.ofId(childAtB), helper).reason(),
                "B's own child of A's grant, used by id, ended by the journaled revocation");
            assertEquals(Outcome.ALLOW, atB.delegate(GrantRef.ofWarrant(second), reader, helper, scope(policy))
                .outcome(), "another chain of A is untouched");
            assertNull(applier.lastError());
        }
        final List<long[]> records = foreignRevocations(journalB);
        assertEquals(1, records.size(), "one FOREIGN_REVOCATION record at B");
        assertEquals(1, records.get(0)[0], "issued by engine A");
        assertEquals(2, records.get(0)[2], "the mirror and B's child of it");
        final JournalReplay replay = new JournalReplay(null, 1024, 1 << 20, 60_000, null).replay(journalB);
        assertNull(replay.problem());
        assertEquals(0, replay.mismatches(), replay::firstMismatch);
        assertEquals(4, replay.decisions());
    }

    @Test
    void shouldRefuseForeignWarrantsAsFeedStaleWhileTheBrokerIsDownAndRecoverByItself(@TempDir final Path dir)
        throws Exception {
        final Policy policy = policy();
        final FleetConfig a = FleetConfig.of(broker.bootstrap(), "ring-stale", 1).withStaleness(Duration.ofSeconds(1));
        FleetTopics.create(a);
        try (RevocationFeed feedA = RevocationFeed.start(a, Clock.systemUTC(), null);
             RevocationFeed feedB = RevocationFeed.start(a.forEngine(2), Clock.systemUTC(), null);
             JournaledEngine engineA = JournaledEngine.start(portable(policy, dir.resolve("a"), 1, 2, feedA));
             JournaledEngine engineB = JournaledEngine.start(portable(policy, dir.resolve("b"), 2, 1, feedB));
             DecisionSession atA = engineA.session();
             DecisionSession atB = engineB.session()) {
            final byte[] warrant = atA.open(engineA.principal(ALICE), policy.purpose("lookup"), engineA.agent(READER),
                scope(policy)).warrant();
            final Agent reader = engineB.agent(READER);
            final long local = atB.open(engineB.principal(ALICE), policy.purpose("lookup"), reader, scope(policy))
                .grantId();
            await("engine B's feed catches up", 20, () -> !feedB.isStale());
            assertEquals(Outcome.ALLOW, read(atB, policy, GrantRef.ofWarrant(warrant), reader).outcome());
            broker.stop();
            try {
                await("B's feed goes stale past its bound", 20, feedB::isStale);
                assertEquals(Reason.REVOCATION_FEED_STALE, read(atB, policy, GrantRef.ofWarrant(warrant), reader)
                    .reason(), "a foreign warrant: its own reason, not REVOKED");
                assertEquals(Outcome.ALLOW, read(atB, policy, GrantRef.ofId(local), reader).outcome(),
                    "a local grant still decides");
                assertTrue(FleetFixture.open(engineB) > 0, "and local tasks still open");
            } finally {
                broker.start();
            }
            await("B's feed recovers by itself", 60, () -> !feedB.isStale());
            assertEquals(Outcome.ALLOW, read(atB, policy, GrantRef.ofWarrant(warrant), reader).outcome());
        }
        final JournalReplay replay = new JournalReplay(null, 1024, 1 << 20, 60_000, null).replay(dir.resolve("b"));
        assertEquals(0, replay.mismatches(), replay::firstMismatch);
    }

    /** @return per FOREIGN_REVOCATION record of the journal: engine id, grant id, local grants revoked. */
    private static List<long[]> foreignRevocations(final Path journal) {
        final List<long[]> found = new ArrayList<>();
        final ForeignRevocationBodyDecoder body = new ForeignRevocationBodyDecoder();
        try (JournalReader reader = new JournalReader(journal)) {
            reader.read((sequence, type, buffer, offset, length) -> {
                if (type == RecordType.FOREIGN_REVOCATION) {
                    assertEquals(CodecError.OK, body.wrap(buffer, offset, length, null));
                    found.add(new long[] {body.engineId(), body.grantId(), body.revokedLocal()});
                }
                return true;
            });
        }
        return found;
    }
}
