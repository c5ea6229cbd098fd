package dev.baton.engine;

import net.openhft.chronicle.core.OS;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A {@link FsyncMode#BATCH} force leaves no page of the cycle file dirty up to the end written: every chunk
 * the appender mapped, and the queue's header and index pages it rewrites as it goes. (Chronicle's own force
 * covered the current chunk only, from where it last stopped.) Dirty pages are read from {@code /proc/self/smaps},
 * summed over every mapping of the cycle file; the pretoucher is off, so no page ahead of the writer is dirty.
 */
class CycleFileForcerTest {
    /** Enough to cross the first 64 MiB chunk of the cycle file. */
    private static final long BYTES = 70L << 20;
    @TempDir
    Path tmp;

    @Test
    void shouldLeaveNoPageOfTheCycleFileDirtyAfterABatchForceAcrossChunks() throws Exception {
        assumeTrue(OS.isLinux() && Files.isReadable(Path.of("/proc/self/smaps")), "Linux: msync of a range");
        final Path base = WritebackDirs.under(tmp);
        try {
            writeAcrossChunksCheckingEveryForce(base.resolve("journal"));
        } finally {
            WritebackDirs.deleteIfMade(base, tmp);
        }
    }

    private static void writeAcrossChunksCheckingEveryForce(final Path dir) throws Exception {
        final EngineConfig config = new EngineConfig(EngineFixture.POLICY, dir).fsync(FsyncMode.BATCH, 0).pretouch(0);
        final SplittableRandom random = new SplittableRandom(7);
        final UnsafeBuffer body = new UnsafeBuffer(new byte[300]);
        long written = 0;
        int forces = 0;
        try (Journal journal = Journal.open(config)) {
            journal.ownedByCurrentThread();
            File file = null;
            while (written < BYTES) {
                for (int i = 0; i < 4096; i++) {
                    random.nextBytes(body.byteArray());
                    journal.append(RecordType.DECISION, body, 0, body.capacity());
                }
                journal.endOfBatch(); // BATCH: seals and forces
                forces++;
                written = journal.bytesWritten();
                if (file == null) {
                    file = dir.resolve(journal.currentFile()).toFile();
                }
                assertEquals(0, DirtyPages.ofFile(file), "dirty pages of " + file + " after force " + forces
                    + " (" + written + " bytes written)");
            }
        }
        assertTrue(forces >= 50, "forces: " + forces);
    }

    /** A BATCH force runs on the engine thread, at every end of batch: it allocates nothing. */
    @Test
    void shouldAllocateNothingPerBatchForce() {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        final EngineConfig config = new EngineConfig(EngineFixture.POLICY, tmp.resolve("journal"))
            .fsync(FsyncMode.BATCH, 0).pretouch(0);
        final UnsafeBuffer body = new UnsafeBuffer(new byte[64]);
        final int rounds = 20;
        final int forcesPerRound = 500;
        final long[] allocated = new long[rounds];
        try (Journal journal = Journal.open(config)) {
            journal.ownedByCurrentThread();
            for (int i = 0; i < 20_000; i++) { // the JIT compiles the path meanwhile
                body.putLong(0, i);
                journal.append(RecordType.DECISION, body, 0, body.capacity());
                journal.endOfBatch();
            }
            final long before = journal.syncs();
            for (int k = 0; k < rounds; k++) {
                final long start = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < forcesPerRound; i++) {
                    body.putLong(0, i);
                    journal.append(RecordType.DECISION, body, 0, body.capacity());
                    journal.endOfBatch();
                }
                allocated[k] = threads.getCurrentThreadAllocatedBytes() - start;
            }
            assertEquals((long) rounds * forcesPerRound, journal.syncs() - before, "one force per batch");
        }
        // Chronicle allocates now and then (when the appender maps its next chunk or index block): one object
        // per force would make every round non-zero, so most rounds must be exactly zero.
        final String all = java.util.Arrays.toString(allocated);
        int zero = 0;
        for (final long bytes : allocated) {
            zero += bytes == 0 ? 1 : 0;
        }
        assertTrue(zero >= rounds * 2 / 3, "most rounds allocate nothing: " + all);
    }
}
