package dev.baton.fleet;

import dev.baton.engine.EngineConfig;
import dev.baton.engine.JournalReader;
import dev.baton.engine.JournaledEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static dev.baton.fleet.FleetFixture.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fleet when the broker goes away: shipping resumes with nothing lost, a stale feed fails closed. */
class FleetOutageTest {
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

    @Test
    @SuppressWarnings("try") // the engine is closed inside the block on purpose: its STOP record must ship
    void shouldShipEveryRecordOnceAcrossShipperAndBrokerRestarts(@TempDir final Path dir) {
        final FleetConfig config = FleetConfig.of(broker.bootstrap(), "ship", 7).withPartitions(2);
        FleetTopics.create(config);
        final Path journal = dir.resolve("e7");
        try (JournaledEngine engine = FleetFixture.engine(journal)) {
            openTasks(engine, 20);
            try (JournalShipper first = JournalShipper.start(config, journal)) {
                await("first shipper catches up", 30, () -> first.shippedSequence() >= 0 && first.lag() == 0);
            }
            openTasks(engine, 20);
            try (JournalShipper second = JournalShipper.start(config, journal)) {
                await("second shipper resumes and catches up", 30, () -> second.lag() == 0 && second.shippedSequence() > 40);
                broker.stop();
                openTasks(engine, 20); // the engine decides while the broker is down
                try {
                    await("the shipper sees the new records and cannot ship them", 30, () -> second.lag() > 0);
                } catch (final AssertionError e) {
                    broker.start();
                    throw new AssertionError(e.getMessage() + shipperThread(), e);
                }
                final long behind = second.lagNanos();
                await("the time behind grows while the broker is down", 30, () -> second.lagNanos() > behind);
                broker.start();
                await("shipping resumes after the broker restart", 60, () -> second.lag() == 0);
                assertEquals(0, second.lagNanos(), "caught up: no time behind");
                engine.close();
                final long last = recordsIn(journal) - 1;
                await("the STOP record ships", 30, () -> second.shippedSequence() == last);
            }
        }
        final List<byte[]> shipped = ShippedJournal.read(config, 7);
        assertEquals(recordsIn(journal), shipped.size(), "every record shipped, none twice");
        assertNull(ShippedJournal.verify(shipped));
    }

    @Test
    void shouldShipEverySignedCheckpointOnceAfterItsSealAcrossAShipperRestart(@TempDir final Path dir)
        throws Exception {
        final FleetConfig config = FleetConfig.of(broker.bootstrap(), "signed", 9).withPartitions(2);
        FleetTopics.create(config);
        final Path journal = dir.resolve("e9");
        final Path anchor = dir.resolve("anchor").resolve("checkpoints");
        final KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(FleetFixture.POLICY, journal)
            .checkpoints(anchor, keys).checkpointEvery(1, 60_000))) {
            openTasks(engine, 6);
            try (JournalShipper first = JournalShipper.start(config, journal, anchor)) {
                await("the first shipper catches up", 30, () -> first.shippedSequence() >= 0 && first.lag() == 0);
            }
            openTasks(engine, 6);
        }
        final long last = recordsIn(journal) - 1;
        try (JournalShipper second = JournalShipper.start(config, journal, anchor)) {
            await("the second shipper ships the rest", 30, () -> second.shippedSequence() == last);
            await("and the last checkpoint", 30,
                () -> ShippedJournal.readCheckpoints(config, 9).size() * 112L == sizeOf(anchor));
        }
        final List<byte[]> checkpoints = ShippedJournal.readCheckpoints(config, 9);
        final byte[] file = Files.readAllBytes(anchor);
        assertTrue(checkpoints.size() > 12, "a checkpoint per batch: " + checkpoints.size());
        for (int i = 0; i < checkpoints.size(); i++) {
            assertArrayEquals(Arrays.copyOfRange(file, i * 112, i * 112 + 112), checkpoints.get(i), "entry " + i);
        }
        final List<byte[]> shipped = ShippedJournal.read(config, 9);
        assertNull(ShippedJournal.verify(shipped, null, checkpoints, keys.getPublic()));
        final long secondLast = java.nio.ByteBuffer.wrap(checkpoints.get(checkpoints.size() - 2))
            .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(0); // a checkpoint begins with its SEAL's sequence
        final String cut = ShippedJournal.verify(shipped.subList(0, (int)secondLast + 1), null, checkpoints,
            keys.getPublic());
        assertTrue(cut != null && cut.contains("the shipped journal was cut"), cut);
    }

    private static long sizeOf(final Path file) {
        try {
            return Files.size(file);
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void shouldRefuseToContinueAnotherJournalShippedUnderTheSameEngineId(@TempDir final Path dir) {
        final FleetConfig config = FleetConfig.of(broker.bootstrap(), "twice", 8).withPartitions(2);
        FleetTopics.create(config);
        final Path first = dir.resolve("first");
        try (JournaledEngine engine = FleetFixture.engine(first)) {
            openTasks(engine, 5);
        }
        final long last = recordsIn(first) - 1;
        try (JournalShipper shipper = JournalShipper.start(config, first)) {
            await("the first journal ships", 30, () -> shipper.shippedSequence() == last);
        }
        final Path second = dir.resolve("second");
        try (JournaledEngine engine = FleetFixture.engine(second)) {
            openTasks(engine, 10);
        }
        assertTrue(recordsIn(second) > last + 1, "the second journal reaches past the shipped tail");
        try (JournalShipper shipper = JournalShipper.start(config, second)) {
            await("the shipper refuses to splice", 30,
                () -> shipper.lastError() != null && shipper.lastError().contains("holds another journal"));
            assertEquals(last, shipper.shippedSequence(), "nothing of the second journal shipped");
        }
        final List<byte[]> shipped = ShippedJournal.read(config, 8);
        assertEquals(last + 1, shipped.size());
        assertNull(ShippedJournal.verify(shipped));
    }

    @Test
    void shouldDenyForeignChainsWhileTheFeedIsStaleAndRecoverByItself(@TempDir final Path dir) {
        final FleetConfig config = FleetConfig.of(broker.bootstrap(), "stale", 2).withStaleness(Duration.ofSeconds(1));
        FleetTopics.create(config);
        try (JournaledEngine local = FleetFixture.engine(dir.resolve("e2"));
             RevocationFeed feed = RevocationFeed.start(config, Clock.systemUTC(), null)) {
            final ForeignGrantCheck check = new ForeignGrantCheck(feed);
            await("the feed catches up", 20, () -> !feed.isStale());
            assertEquals(ForeignGrantCheck.Verdict.NOT_REVOKED, check.check(new int[] {1}, new long[] {5}, 1));
            broker.stop();
            try {
                await("the feed goes stale past its bound", 20, feed::isStale);
                assertTrue(feed.viewAgeMillis() > 1_000, "view age " + feed.viewAgeMillis());
                assertEquals(ForeignGrantCheck.Verdict.FEED_STALE, check.check(new int[] {1}, new long[] {5}, 1));
                assertFalse(new FleetRevocations(feed).isCurrent(), "an engine's source says it cannot answer: "
                    + "REVOCATION_FEED_STALE (FleetRingRevocationTest presents warrants to engines)");
                assertTrue(FleetFixture.open(local) > 0, "local grants still decide");
            } finally {
                broker.start();
            }
            await("the feed recovers by itself", 60, () -> !feed.isStale());
            assertTrue(new FleetRevocations(feed).isCurrent());
            assertEquals(ForeignGrantCheck.Verdict.NOT_REVOKED, check.check(new int[] {1}, new long[] {5}, 1));
        }
    }

    private static String shipperThread() {
        final StringBuilder b = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (t.getName().startsWith("baton-journal-shipper")) {
                b.append('\n').append(t.getName());
                for (int i = 0; i < Math.min(25, stack.length); i++) {
                    b.append("\n  at ").append(stack[i]);
                }
            }
        });
        return b.toString();
    }

    private static void openTasks(final JournaledEngine engine, final int n) {
        for (int i = 0; i < n; i++) {
            FleetFixture.open(engine);
        }
    }

    private static long recordsIn(final Path journal) {
        try (JournalReader reader = new JournalReader(journal)) {
            reader.read((sequence, type, body, offset, length) -> true);
            assertNull(reader.broken());
            return reader.verified();
        }
    }
}
