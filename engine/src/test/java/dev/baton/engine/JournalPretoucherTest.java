package dev.baton.engine;

import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal pretoucher touches the file's pages ahead of the writer without changing a byte of it,
 * follows the writer across roll cycles, and stops with the journal.
 */
class JournalPretoucherTest {
    private static final int LEAD = 1 << 20;
    /** Records enough to cross the first 64 MiB chunk of the cycle file, into the overlap two chunk mappings share. */
    private static final int RECORDS = 600_000;
    @TempDir
    Path tmp;

    private static EngineConfig config(final Path dir, final long pretouch) {
        return new EngineConfig(EngineFixture.POLICY, dir).fsync(FsyncMode.NONE, 0).pretouch(pretouch);
    }

    /** Appends {@code records} bodies of a fixed pseudo-random mix (mostly zero bytes), a batch every 16. */
    private static void write(final Journal journal, final int records, final JournalPretoucher waitFor) {
        final SplittableRandom random = new SplittableRandom(42);
        final UnsafeBuffer body = new UnsafeBuffer(new byte[512]);
        for (int i = 0; i < records; i++) {
            final int length = 20 + random.nextInt(300);
            body.setMemory(0, length, (byte) 0);
            for (int k = random.nextInt(length / 4); k > 0; k--) {
                body.putByte(random.nextInt(length), (byte) random.nextInt(256));
            }
            journal.append(RecordType.DECISION, body, 0, length);
            if (i % 16 == 15) {
                journal.endOfBatch();
                if (waitFor != null && i % 4096 == 4095) {
                    waitUntilAhead(waitFor);
                }
            }
        }
    }

    /** Gives the pretoucher time to get ahead now and then, so the test sees it touch while the writer writes. */
    private static void waitUntilAhead(final JournalPretoucher p) {
        final long before = p.pagesTouched();
        for (int i = 0; i < 200 && p.pagesTouched() == before; i++) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    private static List<byte[]> records(final Path dir) {
        final List<byte[]> out = new ArrayList<>();
        try (JournalReader reader = new JournalReader(dir)) {
            reader.readWhole((final long s, final int t, final UnsafeBuffer r, final int o, final int l) -> {
                final byte[] copy = new byte[l];
                r.getBytes(o, copy);
                out.add(copy);
                return true;
            }, Long.MAX_VALUE);
            assertNull(reader.broken());
        }
        return out;
    }

    private static List<Path> cycleFiles(final Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(".cq4")).sorted().toList();
        }
    }

    /** The two files hold the same bytes; where one is longer (grown ahead), its extra bytes are all zero. */
    private static void assertSameBytes(final Path x, final Path y) throws IOException {
        try (java.nio.channels.FileChannel a = java.nio.channels.FileChannel.open(x);
             java.nio.channels.FileChannel b = java.nio.channels.FileChannel.open(y)) {
            final java.nio.ByteBuffer p = java.nio.ByteBuffer.allocate(1 << 20);
            final java.nio.ByteBuffer q = java.nio.ByteBuffer.allocate(1 << 20);
            for (long at = 0; at < Math.max(a.size(), b.size()); at += p.capacity()) {
                p.clear();
                q.clear();
                a.read(p, at);
                b.read(q, at);
                for (int k = 0; k < p.capacity(); k++) {
                    final int u = k < p.position() ? p.get(k) : 0;
                    final int v = k < q.position() ? q.get(k) : 0;
                    if (u != v) {
                        assertEquals(v, u, x + " differs at byte " + (at + k));
                    }
                }
            }
        }
    }

    @Test
    void shouldLeaveTheJournalFileByteForByteAsWrittenWithoutIt() throws IOException {
        final Path on = tmp.resolve("on");
        final Path off = tmp.resolve("off");
        final long touched;
        try (Journal journal = Journal.open(config(on, LEAD))) {
            journal.ownedByCurrentThread();
            journal.startPretoucher();
            write(journal, RECORDS, journal.pretoucher());
            touched = journal.pretoucher().pagesTouched();
        }
        try (Journal journal = Journal.open(config(off, 0))) {
            journal.ownedByCurrentThread();
            journal.startPretoucher();
            assertNull(journal.pretoucher(), "pretouch(0): no thread");
            write(journal, RECORDS, null);
        }
        assertTrue(touched > LEAD / JournalPretoucher.PAGE, "pages touched ahead of the writer: " + touched);
        final List<Path> a = cycleFiles(on);
        final List<Path> b = cycleFiles(off);
        assertEquals(b.size(), a.size());
        assertTrue(Files.size(a.get(0)) > 64L << 20, "the writer went past the first chunk: " + Files.size(a.get(0)));
        for (int i = 0; i < a.size(); i++) {
            assertSameBytes(a.get(i), b.get(i));
        }
        final List<byte[]> read = records(on);
        final List<byte[]> expected = records(off);
        assertEquals(expected.size(), read.size());
        for (int i = 0; i < read.size(); i++) {
            assertArrayEquals(expected.get(i), read.get(i), "record " + i);
        }
    }

    @Test
    void shouldAdviseTheWritersMappingRandomSoTheKernelReadsNoHolesAhead() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/smaps")), "Linux only");
        org.junit.jupiter.api.Assumptions.assumeFalse(Journal.READ_AHEAD, "-Dbaton.journal.readahead=true");
        final Path dir = tmp.resolve("advised");
        try (Journal journal = Journal.open(config(dir, LEAD))) {
            journal.ownedByCurrentThread();
            journal.startPretoucher();
            write(journal, 20_000, journal.pretoucher());
            waitUntilAhead(journal.pretoucher());
            assertTrue(journal.pretoucher().chunksAdvised() >= 1, "chunks advised: " + journal.pretoucher().chunksAdvised());
            final String file = cycleFiles(dir).get(0).toRealPath().toString();
            // smaps: a mapping's header line names the file; its VmFlags line lists "rr" for MADV_RANDOM.
            boolean inFile = false;
            int mappings = 0;
            int random = 0;
            for (final String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
                if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                    inFile = line.endsWith(file);
                    mappings += inFile ? 1 : 0;
                } else if (inFile && line.startsWith("VmFlags:")) {
                    random += java.util.Arrays.asList(line.substring(8).trim().split(" ")).contains("rr") ? 1 : 0;
                }
            }
            assertTrue(mappings >= 1, "the cycle file is mapped: " + file);
            assertEquals(mappings, random, "every mapping of the cycle file is advised MADV_RANDOM");
        }
    }

    @Test
    void shouldFollowTheWriterAcrossRollCyclesAndStopWithTheJournal() throws InterruptedException {
        final Path dir = tmp.resolve("rolling");
        final JournalPretoucher pretoucher;
        int written = 0;
        try (Journal journal = Journal.open(config(dir, LEAD).rollCycle(TestRollCycles.TEST_SECONDLY))) {
            journal.ownedByCurrentThread();
            assertNull(journal.pretoucher(), "not started before the engine runs");
            journal.startPretoucher();
            pretoucher = journal.pretoucher();
            final long until = System.nanoTime() + 2_600_000_000L;
            while (System.nanoTime() < until) {
                write(journal, 2_000, null);
                written += 2_000;
                Thread.sleep(20);
            }
            assertTrue(pretoucher.running());
        }
        assertFalse(pretoucher.running(), "the pretoucher stops with the journal");
        assertTrue(pretoucher.filesFollowed() >= 2, "cycle files followed: " + pretoucher.filesFollowed());
        final long records = records(dir).stream().count();
        assertTrue(records > written, "every record (and its SEALs) reads back verified: " + records);
    }

    private static long pretouchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && t.getName().equals("baton-pretouch")).count();
    }

    @Test
    void shouldRunWithTheEngineByDefaultAndNotAtAllWhenOff() {
        final long before = pretouchThreads();
        final JournaledEngine on = JournaledEngine.start(config(tmp.resolve("default"), EngineConfig.DEFAULT_PRETOUCH_BYTES));
        try {
            // The engine thread starts it as it starts (Disruptor's onStart), which start() need not wait for.
            for (int i = 0; i < 500 && pretouchThreads() == before; i++) {
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
            }
            assertEquals(before + 1, pretouchThreads(), "the engine started its pretoucher");
        } finally {
            on.close();
        }
        assertEquals(before, pretouchThreads(), "closing the engine stopped it");
        final JournaledEngine off = JournaledEngine.start(config(tmp.resolve("off"), 0));
        try {
            assertEquals(before, pretouchThreads(), "pretouch(0): no thread");
        } finally {
            off.close();
        }
    }

    @Test
    void shouldRefuseALeadShorterThanAPage() {
        final EngineConfig c = config(tmp, 0);
        assertThrows(IllegalArgumentException.class, () -> c.pretouch(JournalPretoucher.PAGE - 1));
        assertThrows(IllegalArgumentException.class, () -> c.pretouch(-1));
    }
}
