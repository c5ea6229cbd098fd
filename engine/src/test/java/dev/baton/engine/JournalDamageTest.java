package dev.baton.engine;

import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static dev.baton.engine.EngineFixture.POLICY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damage Chronicle Queue's reader stops at without a word (a header marked not complete, data past the
 * end, a missing roll-cycle file, a file that is not a journal file) fails replay, naming the record,
 * file and byte, and the engine refuses to start on it; a torn append at the tail still recovers.
 */
class JournalDamageTest {
    private static final int NOT_COMPLETE = 0x8000_0000;

    @Test
    void shouldRefuseJournalWhoseMiddleRecordIsMarkedNotComplete(@TempDir final Path dir) throws IOException {
        write(dir, 40);
        final Path file = onlyFile(dir);
        final List<Long> documents = dataDocuments(file);
        final int middle = documents.size() / 2;
        final long at = documents.get(middle);
        final long first = sequenceAt(file, at);
        setHeaderBits(file, at, NOT_COMPLETE);

        final JournalReplay replay = replay(dir);
        assertEquals(sealedData(file, middle), replay.records(), "sealed records before the damaged one still verify");
        assertTrue(replay.broken().startsWith("record " + first + ": its document at byte " + at + " of "
            + file.getFileName() + " is marked not complete (header 0x8"), replay.broken());
        assertTrue(replay.broken().contains("a complete record (sequence " + sequenceAt(file, documents.get(middle + 1))
            + ") follows it at byte "), replay.broken());
        assertRefusedWithoutWriting(dir, "record " + first + ": its document at byte " + at);
    }

    @Test
    void shouldRefuseJournalWhoseFirstRecordIsMarkedNotComplete(@TempDir final Path dir) throws IOException {
        write(dir, 5);
        final Path file = onlyFile(dir);
        final List<Long> documents = dataDocuments(file);
        final long at = documents.get(0);
        setHeaderBits(file, at, NOT_COMPLETE);

        final JournalReplay replay = replay(dir);
        assertEquals(0, replay.records());
        assertTrue(replay.broken().startsWith("record 0: its document at byte " + at), replay.broken());
        assertTrue(replay.broken().contains("a complete record (sequence " + sequenceAt(file, documents.get(1))
            + ") follows it"), replay.broken());
        assertRefusedWithoutWriting(dir, "record 0: its document at byte " + at);
    }

    @Test
    void shouldRefuseJournalWhoseLastRecordIsMarkedNotComplete(@TempDir final Path dir) throws IOException {
        write(dir, 5);
        final Path file = onlyFile(dir);
        final List<Long> records = dataDocuments(file);
        setHeaderBits(file, records.get(records.size() - 1), NOT_COMPLETE);

        // Chronicle's appender would write after it, where no reader reaches: a killed writer leaves a
        // zero header, so this is damage even with nothing after it.
        final JournalReplay replay = replay(dir);
        assertEquals(sealedData(file, records.size() - 1), replay.records());
        assertTrue(replay.broken().startsWith("record " + sequenceAt(file, records.get(records.size() - 1))
            + ": its document at byte "), replay.broken());
        assertRefusedWithoutWriting(dir, "is marked not complete");
    }

    @Test
    void shouldRefuseRecordMarkedMetadata(@TempDir final Path dir) throws IOException {
        write(dir, 5);
        final Path file = onlyFile(dir);
        final List<Long> records = dataDocuments(file);
        final long at = records.get(records.size() - 1);
        setHeaderBits(file, at, 0x4000_0000); // readers pass over metadata: the STOP would vanish

        final JournalReplay replay = replay(dir);
        final long first = sequenceAt(file, at);
        assertEquals(sealedData(file, records.size() - 1), replay.records());
        assertTrue(replay.broken().startsWith("record " + first + ": its document at byte " + at + " of "
            + file.getFileName() + " is marked metadata (header 0x4"), replay.broken());
        assertTrue(replay.broken().contains("yet holds complete records (sequence " + first + " first)"),
            replay.broken());
        assertRefusedWithoutWriting(dir, "is marked metadata");
    }

    @Test
    void shouldRefuseCompleteRecordsPastAZeroedHeader(@TempDir final Path dir) throws IOException {
        write(dir, 40);
        final Path file = onlyFile(dir);
        final List<Long> documents = dataDocuments(file);
        final int zeroed = documents.size() * 3 / 4;
        final long at = documents.get(zeroed);
        final long first = sequenceAt(file, at);
        writeInt(file, at, 0);

        final JournalReplay replay = replay(dir);
        assertEquals(sealedData(file, zeroed), replay.records());
        assertTrue(replay.broken().startsWith("record " + first + ": the data of " + file.getFileName() + " ends at byte "
            + at + " (a zero header), but a complete record (sequence " + sequenceAt(file, documents.get(zeroed + 1))
            + ") lies beyond it at byte "), replay.broken());
        assertRefusedWithoutWriting(dir, "record " + first + ": the data of ");
    }

    @Test
    void shouldRefuseNonZeroBytesFurtherPastTheEndThanATornAppendReaches(@TempDir final Path dir) throws IOException {
        write(dir, 5);
        final Path file = onlyFile(dir);
        final long end = dataEnd(file);
        final long stray = end + JournalScan.TORN_REACH + 100;
        writeInt(file, stray, 0x0102_0304);

        final JournalReplay replay = replay(dir);
        assertEquals(sealedData(file, dataDocuments(file).size()), replay.records());
        assertTrue(replay.broken().contains("ends at byte " + end + " (a zero header), but byte " + stray
            + " holds data"), replay.broken());
        assertRefusedWithoutWriting(dir, "holds data");
    }

    @Test
    void shouldRefuseEmptyQueueFile(@TempDir final Path dir) throws IOException {
        Files.createFile(dir.resolve("20261204F.cq4"));

        final JournalReplay replay = replay(dir);
        assertEquals("record 0: 20261204F.cq4 is empty (0 bytes): not a journal file (one begins with a Chronicle"
            + " Queue header)", replay.broken());
        assertRefusedWithoutWriting(dir, "20261204F.cq4 is empty (0 bytes)");
    }

    @Test
    void shouldRefuseQueueFileOfRandomBytes(@TempDir final Path dir) throws IOException {
        final byte[] noise = new byte[1 << 16];
        new SplittableRandom(7).nextBytes(noise);
        noise[3] |= (byte) 0x80; // the first word is marked not complete, as Chronicle's reader stops at
        Files.write(dir.resolve("20261204F.cq4"), noise);

        final JournalReplay replay = replay(dir);
        assertEquals(0, replay.records());
        assertTrue(replay.broken().startsWith("record 0: 20261204F.cq4 does not begin with a Chronicle Queue header"
            + " (its first word is 0x"), replay.broken());
        assertRefusedWithoutWriting(dir, "does not begin with a Chronicle Queue header");
    }

    @Test
    void shouldRefuseJournalWhoseFirstRollCycleFileIsMissing(@TempDir final Path dir) throws IOException {
        final List<Path> files = writeAcrossCycles(dir);
        final long inFirst = recordCount(files.get(0));
        Files.delete(files.get(0));

        final JournalReplay replay = replay(dir);
        assertEquals(0, replay.records());
        assertEquals("record 0: the first journal file, " + files.get(1).getFileName() + ", begins at sequence "
            + inFirst + ", not 0: the roll-cycle file(s) holding records 0.." + (inFirst - 1) + " are missing",
            replay.broken());
        assertRefusedWithoutWriting(dir, "begins at sequence " + inFirst + ", not 0");
    }

    @Test
    void shouldReportMissingRollCycleFileBetweenOthers(@TempDir final Path dir) throws IOException {
        final List<Path> files = writeAcrossCycles(dir);
        final long inFirst = recordCount(files.get(0));
        final long inSecond = recordCount(files.get(1));
        Files.delete(files.get(1));

        final JournalReplay replay = replay(dir);
        assertEquals(sealedData(files.get(0), dataDocuments(files.get(0)).size()), replay.records(),
            "the first file still verifies");
        assertEquals("record " + inFirst + ": " + files.get(2).getFileName() + " begins at sequence "
            + (inFirst + inSecond) + " where " + inFirst + " was expected: the roll-cycle file(s) holding records "
            + inFirst + ".." + (inFirst + inSecond - 1) + ", between " + files.get(0).getFileName() + " and "
            + files.get(2).getFileName() + ", are missing", replay.broken());
        assertRefusedWithoutWriting(dir, "are missing");
    }

    @Test
    void shouldRecoverFromAnAppendTornAtTheTailAndKeepItsLeftoversHarmless(@TempDir final Path dir)
        throws IOException {
        write(dir, 5);
        final Path file = onlyFile(dir);
        final long records = sealedData(file, dataDocuments(file).size());
        final byte[] torn = new byte[60_000]; // a killed writer: header still 0, part of its record behind it
        Arrays.fill(torn, (byte) 0x5A);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(dataEnd(file) + 4);
            raf.write(torn);
        }
        assertNull(replay(dir).broken());
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir))) {
            assertEquals(records, engine.recoveredRecords());
        }
        for (int restart = 0; restart < 2; restart++) { // the leftovers now lie past the new end
            try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir))) {
                assertEquals(records + 2 + 2L * restart, engine.recoveredRecords(), "START and STOP each time");
            }
        }
        final JournalReplay replay = replay(dir);
        assertNull(replay.broken());
        assertNull(replay.cut());
        assertEquals(records + 6, replay.records());
        assertTrue(replay.stoppedCleanly());
    }

    @Test
    void shouldPassOverABatchTornBehindItsZeroHeaderEvenThoughItsRecordsAreWhole(@TempDir final Path dir)
        throws IOException {
        write(dir, 5);
        final Path file = onlyFile(dir);
        final long records = sealedData(file, dataDocuments(file).size());
        // A writer killed while copying a large batch into the file: the batch's records (whole, CRCs
        // valid) lie behind the document's header, still 0, further than one record reaches. Here: copies
        // of the last batch written, 200,000 bytes of them.
        final List<byte[]> documents = JournalForgery.documents(dir);
        final byte[] batch = documents.get(documents.size() - 1);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(dataEnd(file) + 4);
            for (int written = 0; written < 200_000; written += batch.length) {
                raf.write(batch);
            }
        }
        final JournalReplay replay = replay(dir);
        assertNull(replay.broken(), replay::broken);
        assertEquals(records, replay.records());
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir))) {
            assertEquals(records, engine.recoveredRecords(), "nothing of the torn batch was applied");
        }
        assertNull(replay(dir).broken(), "the engine appended over the leftovers");
    }

    @Test
    void shouldReadJournalAcrossRollCycleFilesAndRestartOnIt(@TempDir final Path dir) throws IOException {
        final List<Path> files = writeAcrossCycles(dir);
        final JournalReplay replay = replay(dir);
        assertNull(replay.broken());
        assertEquals(sealedData(files.get(0), dataDocuments(files.get(0)).size())
            + sealedData(files.get(1), dataDocuments(files.get(1)).size())
            + sealedData(files.get(2), dataDocuments(files.get(2)).size()), replay.records());
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir))) {
            assertEquals(replay.records(), engine.recoveredRecords());
        }
    }

    private static JournalReplay replay(final Path dir) {
        return new JournalReplay(null, 64, 1 << 20, 60_000, null).replay(dir);
    }

    /** The engine refuses the journal, naming the damage, and leaves every file as it was. */
    private static void assertRefusedWithoutWriting(final Path dir, final String named) throws IOException {
        final List<byte[]> before = contents(dir);
        final JournalException e = assertThrows(JournalException.class,
            () -> JournaledEngine.start(new EngineConfig(POLICY, dir)).close());
        assertTrue(e.getMessage().startsWith("refusing to start on a journal that does not verify: "), e.getMessage());
        assertTrue(e.getMessage().contains(named), e.getMessage());
        final List<byte[]> after = contents(dir);
        assertEquals(before.size(), after.size(), "no journal file added");
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), after.get(i), "journal file " + i + " unchanged");
        }
    }

    private static List<byte[]> contents(final Path dir) throws IOException {
        final List<byte[]> out = new ArrayList<>();
        for (final Path f : JournalScan.files(dir)) {
            out.add(Files.readAllBytes(f));
        }
        return out;
    }

    /** An engine journal: START, POLICY, SWAP, two IDENTITY, {@code opens} DECISION records, STOP. */
    private static void write(final Path dir, final int opens) {
        write(new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0), opens, null);
    }

    /** One engine run whose journal rolls to a new cycle file twice: three files, one chain. */
    private static List<Path> writeAcrossCycles(final Path dir) {
        final SteppedCycle cycle = new SteppedCycle();
        write(new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0).rollCycle(cycle), 12, cycle);
        final List<Path> files = JournalScan.files(dir);
        assertEquals(3, files.size(), files::toString);
        return files;
    }

    private static void write(final EngineConfig config, final int opens, final SteppedCycle cycle) {
        try (JournaledEngine engine = JournaledEngine.start(config)) {
            final int alice = engine.identity("user:alice@acme.example");
            final int planner = engine.identity("spiffe://acme.example/agent/planner");
            final Request r = new Request();
            for (int i = 0; i < opens; i++) {
                if (cycle != null && i > 0 && i % (opens / 3) == 0) {
                    cycle.next();
                }
                r.reset(Request.Op.OPEN, i + 1).principal(alice).purpose(POLICY.purpose("refund-dispute"))
                    .child(planner, EngineFixture.rootScope(POLICY));
                assertEquals(JournaledEngine.Outcome.DONE, engine.decide(r, 5, TimeUnit.SECONDS));
            }
        }
    }

    private static Path onlyFile(final Path dir) {
        final List<Path> files = JournalScan.files(dir);
        assertEquals(1, files.size(), files::toString);
        return files.get(0);
    }

    /** @return the byte offsets of the data documents (each a sealed batch of records) of a queue file, in order. */
    private static List<Long> dataDocuments(final Path file) throws IOException {
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        final List<Long> out = new ArrayList<>();
        int position = 0;
        int header;
        while (position + 4 <= b.limit() && (header = b.getInt(position)) != 0 && (header & NOT_COMPLETE) == 0) {
            if ((header & 0x4000_0000) == 0) {
                out.add((long) position);
            }
            position = (position + 4 + (header & 0x3FFF_FFFF) + 3) & ~3;
        }
        return out;
    }

    /**
     * @return how many records of the first {@code documents} documents of a queue file a reader hands out:
     *     those that are not SEALs, up to the last SEAL among them (the engine seals every batch).
     */
    private static long sealedData(final Path file, final long documents) throws IOException {
        long data = 0;
        long sealed = 0;
        for (final int type : recordTypes(file, documents)) {
            if (type == RecordType.SEAL) {
                sealed = data;
            } else {
                data++;
            }
        }
        return sealed;
    }

    /** @return the record types, in order, of the records the first {@code documents} documents hold. */
    private static List<Integer> recordTypes(final Path file, final long documents) throws IOException {
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        final List<Long> docs = dataDocuments(file);
        final List<Integer> types = new ArrayList<>();
        for (int i = 0; i < documents; i++) {
            final int start = (int) (docs.get(i) + 4);
            final int end = start + (b.getInt(start - 4) & 0x3FFF_FFFF);
            for (int at = start; at < end; at += 20 + b.getInt(at + 4)) {
                types.add((int) b.getShort(at + 2));
            }
        }
        return types;
    }

    /** @return the records a queue file holds. */
    private static long recordCount(final Path file) throws IOException {
        return recordTypes(file, dataDocuments(file).size()).size();
    }

    /** @return the sequence of the first record of the document at {@code at}. */
    private static long sequenceAt(final Path file, final long at) throws IOException {
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        return b.getLong((int) at + 4 + 8);
    }

    /** @return the offset of the zero header that ends a queue file's data. */
    private static long dataEnd(final Path file) throws IOException {
        final List<Long> docs = dataDocuments(file);
        final long last = docs.get(docs.size() - 1);
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        final long end = (last + 4 + (b.getInt((int) last) & 0x3FFF_FFFF) + 3) & ~3L;
        assertEquals(0, b.getInt((int) end));
        return end;
    }

    private static void setHeaderBits(final Path file, final long at, final int bits) throws IOException {
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        writeInt(file, at, b.getInt((int) at) | bits);
    }

    private static void writeInt(final Path file, final long at, final int value) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(at);
            raf.writeInt(Integer.reverseBytes(value));
        }
    }

    /** FAST_HOURLY, but the cycle is the one the test sets: a journal spans several files in one run. */
    private static final class SteppedCycle implements RollCycle {
        private final RollCycle base = RollCycles.FAST_HOURLY;
        private volatile int cycle;

        void next() {
            cycle++;
        }

        @Override
        public int current(final TimeProvider time, final long epoch) {
            return cycle;
        }

        @Override
        public String format() {
            return base.format();
        }

        @Override
        public int lengthInMillis() {
            return base.lengthInMillis();
        }

        @Override
        public int defaultIndexCount() {
            return base.defaultIndexCount();
        }

        @Override
        public int defaultIndexSpacing() {
            return base.defaultIndexSpacing();
        }

        @Override
        public long toIndex(final int cycle, final long sequenceNumber) {
            return base.toIndex(cycle, sequenceNumber);
        }

        @Override
        public long toSequenceNumber(final long index) {
            return base.toSequenceNumber(index);
        }

        @Override
        public int toCycle(final long index) {
            return base.toCycle(index);
        }

        @Override
        public long maxMessagesPerCycle() {
            return base.maxMessagesPerCycle();
        }
    }
}
