package dev.baton.engine;

import dev.baton.core.CoreSnapshot;
import dev.baton.core.DecisionCore;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteOrder;
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

    /**
     * The same with budgets, slices and M-of-N reviews: every snapshot + tail rebuilds the grants' budget
     * counters (limit, spent, reserved) and the approvals so far, byte for byte; and a snapshot whose LEDGER
     * section is emptied does not (its tail replays other decisions, or another state), so the check
     * would catch a snapshot that dropped the section.
     */
    @Property(tries = 10)
    void shouldRecoverBudgetsAndApprovalsFromEverySnapshot(
        @ForAll @Size(min = 30, max = 160) final List<@IntRange(min = 0, max = 99) Integer> ops,
        @ForAll @IntRange(min = 1, max = 40) final int every, @ForAll final long seed) throws IOException {
        final Path root = Files.createTempDirectory("snap-ledger");
        try {
            final Path journal = root.resolve("journal");
            final Path snapshots = root.resolve("snapshots");
            final SnapshotWorkload.SteppedClock clock = new SnapshotWorkload.SteppedClock();
            final EngineConfig config = EngineConfig.of(LedgerWorkload.POLICY, journal).fsync(FsyncMode.NONE, 0)
                .clock(clock).snapshots(snapshots).snapshotEvery(every, 600_000).snapshotsKept(1_000);
            final int half = ops.size() / 2;
            try (JournaledEngine engine = JournaledEngine.start(config)) {
                new LedgerWorkload(engine, clock, seed).run(ops.subList(0, half));
            }
            try (JournaledEngine engine = JournaledEngine.start(config)) {
                assertTrue(engine.snapshotRecovery().ignored().isEmpty(), engine.snapshotRecovery().ignored()::toString);
                new LedgerWorkload(engine, clock, seed + 1).run(ops.subList(half, ops.size()));
                assertNull(engine.snapshotError());
            }
            final JournalReplay full = replay().replay(journal);
            assertNull(full.broken());
            assertEquals(0, full.mismatches(), full::firstMismatch);
            final byte[] expected = state(full.core());
            final SnapshotStore store = new SnapshotStore(snapshots);
            boolean dropped = false;
            for (final Path file : store.newestFirst()) {
                final Snapshot s = store.read(file, null);
                final JournalReplay tail = replay().resume(s).replay(journal, JournalTrust.none(), s.start(),
                    Long.MAX_VALUE);
                assertNull(tail.problem(), () -> file + ": " + tail.problem());
                assertEquals(0, tail.mismatches(), () -> file + ": " + tail.firstMismatch());
                assertArrayEquals(expected, state(tail.core()), file::toString);
                final Snapshot emptied = withEmptyLedger(Files.readAllBytes(file));
                if (emptied != null) {
                    final JournalReplay wrong = replay().resume(emptied).replay(journal, JournalTrust.none(),
                        emptied.start(), Long.MAX_VALUE);
                    assertTrue(wrong.mismatches() != 0 || !Arrays.equals(expected, state(wrong.core())),
                        () -> file + ": emptying its LEDGER section went unnoticed");
                    dropped = true;
                }
            }
            assertTrue(dropped, "no snapshot held a budget counter: the workload tests nothing");
        } finally {
            SnapshotTestFiles.delete(root);
        }
    }

    /** @return the snapshot with its LEDGER section emptied (no counter, no approval), or null if it was empty. */
    private static Snapshot withEmptyLedger(final byte[] bytes) {
        final UnsafeBuffer src = new UnsafeBuffer(bytes);
        final int end = SnapshotFile.HEADER_LENGTH + (int) src.getLong(16, ByteOrder.LITTLE_ENDIAN);
        final ExpandableArrayBuffer dst = new ExpandableArrayBuffer(bytes.length);
        dst.putBytes(0, bytes, 0, SnapshotFile.HEADER_LENGTH);
        int o = SnapshotFile.HEADER_LENGTH;
        int w = o;
        boolean held = false;
        while (o < end) {
            final int type = src.getShort(o, ByteOrder.LITTLE_ENDIAN);
            final int length = (int) src.getLong(o + 8, ByteOrder.LITTLE_ENDIAN);
            final int next = (o + CoreSnapshot.SECTION_HEADER + length + 7) & ~7;
            if (type == CoreSnapshot.LEDGER) {
                held = src.getInt(o + CoreSnapshot.SECTION_HEADER, ByteOrder.LITTLE_ENDIAN) != 0;
                final int b = CoreSnapshot.beginSection(dst, w, CoreSnapshot.LEDGER, CoreSnapshot.VERSION);
                dst.putLong(b, 0);
                w = CoreSnapshot.endSection(dst, w, b + 8);
            } else {
                dst.putBytes(w, src, o, next - o);
                w += next - o;
            }
            o = next;
        }
        if (!held) {
            return null;
        }
        final int total = SnapshotFile.seal(dst, w, null);
        return SnapshotFile.read(Arrays.copyOf(dst.byteArray(), total), null);
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
