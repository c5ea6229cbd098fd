package dev.baton.engine;

import dev.baton.core.CoreSnapshot;
import dev.baton.core.DecisionCore;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.ExpandableArrayBuffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshot + tail recovery gives exactly the state of a full replay: over random workloads (swaps,
 * reviews, revocations, break-glass, expiries and reclamation), the state rebuilt from every snapshot the
 * engine wrote plus the journal after it is byte for byte the state a replay of the whole journal
 * rebuilds (grant rows and free lists, identity table, clock, policy version), with the same counts.
 */
class SnapshotRecoveryPropertyTest {
    @Property(tries = 12)
    void shouldRecoverFromEverySnapshotExactlyTheStateOfAFullReplay(
        @ForAll @Size(min = 20, max = 160) final List<@IntRange(min = 0, max = 99) Integer> ops,
        @ForAll @IntRange(min = 1, max = 60) final int every, @ForAll final long seed) throws IOException {
        final Path root = Files.createTempDirectory("snap-prop");
        try {
            final Path journal = root.resolve("journal");
            final Path snapshots = root.resolve("snapshots");
            final SnapshotWorkload.SteppedClock clock = new SnapshotWorkload.SteppedClock();
            final EngineConfig config = new EngineConfig(SnapshotWorkload.RULES, journal).fsync(FsyncMode.NONE, 0)
                .clock(clock).snapshots(snapshots).snapshotEvery(every, 600_000).snapshotsKept(1_000);
            final int half = ops.size() / 2;
            try (JournaledEngine engine = JournaledEngine.start(config)) {
                new SnapshotWorkload(engine, clock, seed).run(ops.subList(0, half));
            }
            try (JournaledEngine engine = JournaledEngine.start(config)) { // restarts from the stop snapshot
                assertNull(engine.snapshotRecovery().replay().broken());
                assertTrue(engine.snapshotRecovery().ignored().isEmpty(), engine.snapshotRecovery().ignored()::toString);
                new SnapshotWorkload(engine, clock, seed + 1).run(ops.subList(half, ops.size()));
                assertNull(engine.snapshotError());
            }
            final JournalReplay full = replay().replay(journal);
            assertNull(full.broken());
            assertEquals(0, full.mismatches(), full::firstMismatch);
            final byte[] expected = state(full.core());
            final SnapshotStore store = new SnapshotStore(snapshots);
            assertFalse(store.newestFirst().isEmpty());
            for (final Path file : store.newestFirst()) {
                final Snapshot s = store.read(file, null);
                final JournalReplay tail = replay().resume(s).replay(journal, JournalTrust.none(), s.start(),
                    Long.MAX_VALUE);
                assertNull(tail.broken(), () -> file + ": " + tail.broken());
                assertNull(tail.problem(), () -> file + ": " + tail.problem());
                assertEquals(0, tail.mismatches(), () -> file + ": " + tail.firstMismatch());
                assertEquals(full.records(), tail.records(), file::toString);
                assertEquals(full.decisions(), tail.decisions(), file::toString);
                assertEquals(full.lastSequence(), tail.lastSequence(), file::toString);
                assertEquals(full.policies().keySet(), tail.policies().keySet(), file::toString);
                assertArrayEquals(expected, state(tail.core()), file::toString);
            }
        } finally {
            SnapshotTestFiles.delete(root);
        }
    }

    static JournalReplay replay() {
        return new JournalReplay(null, 4096, 1 << 24, 60_000, null);
    }

    /** The core's whole state, as a snapshot writes it. */
    static byte[] state(final DecisionCore core) {
        final ExpandableArrayBuffer b = new ExpandableArrayBuffer(1 << 12);
        final int n = CoreSnapshot.encode(core, b, 0);
        return Arrays.copyOf(b.byteArray(), n);
    }
}
