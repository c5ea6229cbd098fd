package dev.baton.engine;

import net.openhft.chronicle.core.OS;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * In {@link FsyncMode#INTERVAL} the journal is forced by the syncer's thread, one force at a time, across
 * roll cycles; checkpoints attest SEALs it forced; a force that fails stops the engine.
 */
class JournalSyncerTest {
    private static final String NAME = "baton-journal-syncer-test";
    private static final byte[] JOURNAL_KEY = new byte[32];
    @TempDir
    Path tmp;

    /** Polls until the syncer reports its force done, for up to 5 s. */
    private static boolean awaitDone(final JournalSyncer syncer) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (syncer.poll()) {
                return true;
            }
            LockSupport.parkNanos(1_000_000);
        }
        return false;
    }

    private static boolean threadNamed(final String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    @Test
    void shouldForceOneRequestAtATimeOnItsOwnThread() throws Exception {
        final File file = Files.write(tmp.resolve("cycle.cq4"), new byte[4096]).toFile();
        try (JournalSyncer syncer = new JournalSyncer(NAME)) {
            assertTrue(threadNamed(NAME), "the syncer runs on its own thread");
            assertFalse(syncer.poll(), "nothing requested, nothing done");
            assertTrue(syncer.request(file, -1));
            assertFalse(syncer.request(file, -1), "one force at a time: busy until its result is polled");
            assertTrue(awaitDone(syncer));
            assertEquals(1, syncer.forces());
            assertFalse(syncer.busy());
            assertTrue(syncer.request(file, -1), "idle again once polled");
            assertTrue(awaitDone(syncer));
            assertEquals(2, syncer.forces());
        }
        assertFalse(threadNamed(NAME), "close stops the thread");
    }

    @Test
    void shouldReportAForceThatFailedAsAJournalException() {
        final File missing = tmp.resolve("no-such-cycle.cq4").toFile();
        try (JournalSyncer syncer = new JournalSyncer(NAME)) {
            assertTrue(syncer.request(missing, -1));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            JournalException failed = null;
            while (failed == null && System.nanoTime() < deadline) {
                try {
                    assertFalse(syncer.poll(), "a force of a missing file never completes");
                    LockSupport.parkNanos(1_000_000);
                } catch (final JournalException e) {
                    failed = e;
                }
            }
            assertTrue(failed != null && failed.getMessage().contains("no-such-cycle.cq4"), String.valueOf(failed));
            assertEquals(0, syncer.forces());
            assertThrows(JournalException.class, syncer::poll, "it stays failed: the engine stops on it");
        }
    }

    @Test
    void shouldForceAnIntervalJournalAcrossRollCyclesAndCheckpointWhatItForced() throws Exception {
        final Path dir = tmp.resolve("journal");
        final Path anchor = tmp.resolve("anchor");
        final KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        final EngineConfig config = new EngineConfig(EngineFixture.POLICY, dir).fsync(FsyncMode.INTERVAL, 1)
            .journalKey(JOURNAL_KEY).checkpoints(anchor, keys).checkpointEvery(1, 1)
            .rollCycle(TestRollCycles.TEST_SECONDLY);
        final UnsafeBuffer body = new UnsafeBuffer(new byte[64]);
        final long forces;
        final long checkpoints;
        try (Journal journal = Journal.open(config)) {
            journal.ownedByCurrentThread();
            final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2_500); // at least two roll cycles
            for (int i = 0; System.nanoTime() < end; i++) {
                body.putLong(0, i);
                journal.append(RecordType.DECISION, body, 0, body.capacity());
                journal.endOfBatch();
                LockSupport.parkNanos(200_000);
            }
            forces = journal.syncs();
            if (OS.isLinux()) {
                assertTrue(journal.lastForcedEnd() > 0, "the written part forced, not the whole file: "
                    + journal.lastForcedEnd());
            }
            checkpoints = journal.checkpoints();
            assertTrue(threadNamed("baton-journal-syncer"));
        }
        assertFalse(threadNamed("baton-journal-syncer"), "the journal's close stops its syncer");
        assertTrue(forces >= 20, "about one force per millisecond of the run, some while busy: " + forces);
        assertTrue(checkpoints >= 10, "checkpoints of forced SEALs while writing: " + checkpoints);
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.filter(f -> f.toString().endsWith(".cq4")).count() >= 2, "the run crossed a roll cycle");
        }
        final JournalTrust trust = JournalTrust.none().journalKey(JOURNAL_KEY).checkpoints(anchor, keys.getPublic());
        try (JournalReader reader = new JournalReader(dir, trust, (JournalCursor) null)) {
            reader.readWhole((sequence, type, record, offset, length) -> true, Long.MAX_VALUE);
            assertNull(reader.broken(), reader::broken);
        }
    }

    /**
     * The pretoucher dirties pages ahead of the writer so that its stores take no fault; a force of what is
     * written must leave them dirty (a whole-file force wrote them back and write-protected them, and the
     * writer then faulted on every page). Dirty pages of a mapping are read from {@code /proc/self/smaps}.
     */
    @Test
    void shouldWriteBackWhatIsWrittenAndLeaveThePagesAheadDirty() throws Exception {
        assumeTrue(OS.isLinux() && Files.isReadable(Path.of("/proc/self/smaps")), "Linux: msync of a range");
        final Path base = WritebackDirs.under(tmp);
        try {
            forceRangesCheckingDirtyPages(base.resolve("range.cq4").toFile());
        } finally {
            WritebackDirs.deleteIfMade(base, tmp);
        }
    }

    private static void forceRangesCheckingDirtyPages(final File file) throws Exception {
        final int page = 4096;
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
            raf.setLength(64 * page);
        }
        try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ, StandardOpenOption.WRITE);
             JournalSyncer syncer = new JournalSyncer(NAME)) {
            final long address = OS.map(channel, FileChannel.MapMode.READ_WRITE, 0, 64 * page);
            try {
                final UnsafeBuffer mapping = new UnsafeBuffer(address, 64 * page); // the writer's own mapping
                for (int p = 0; p < 3; p++) { // written: pages 0 to 2
                    mapping.putLong(p * page + 8, 0x5EA1_0000L + p);
                }
                for (int p = 40; p < 44; p++) { // touched ahead: pages 40 to 43
                    mapping.compareAndSetInt(p * page, 0, 0);
                }
                assertEquals(7 * page, DirtyPages.ofMapping(address), "written and touched pages are dirty");
                assertTrue(syncer.request(file, 2L * page + 16));
                assertTrue(awaitDone(syncer));
                assertEquals(4 * page, DirtyPages.ofMapping(address),
                    "the written pages are on disk, the pages ahead still dirty");
                assertEquals(2L * page + 16, syncer.lastForcedEnd());
                mapping.putLong(41 * page, 1); // the writer reaches page 41
                assertTrue(syncer.request(file, 41L * page + 8));
                assertTrue(awaitDone(syncer));
                assertEquals(2 * page, DirtyPages.ofMapping(address),
                    "everything up to the end given, nothing past it");
                assertTrue(syncer.request(file, -1));
                assertTrue(awaitDone(syncer));
                assertEquals(0, DirtyPages.ofMapping(address), "no end given: the whole file");
            } finally {
                OS.unmap(address, 64 * page);
            }
        }
    }
}
