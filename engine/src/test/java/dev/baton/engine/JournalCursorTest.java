package dev.baton.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.baton.engine.EngineFixture.POLICY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reader that starts at a {@link JournalCursor} hands over exactly the records after the cursor's SEAL,
 * byte for byte what a reader from record 0 hands over there, keeps verifying the chain (and checkpoints)
 * from the cursor's head, and refuses a cursor that does not belong to the journal.
 */
class JournalCursorTest {
    private static final byte[] JOURNAL_KEY = new byte[32];

    private static void open(final JournaledEngine engine, final int from, final int count) {
        final int alice = engine.identity("user:alice@acme.example");
        final int planner = engine.identity("spiffe://acme.example/agent/planner");
        final Request r = new Request();
        for (int i = from; i < from + count; i++) {
            r.reset(Request.Op.OPEN, i + 1).principal(alice).purpose(POLICY.purpose("refund-dispute"))
                .child(planner, EngineFixture.rootScope(POLICY));
            assertEquals(JournaledEngine.Outcome.DONE, engine.decide(r, 5, TimeUnit.SECONDS));
        }
    }

    /** Every record whole, from the cursor on (null: from record 0); the reader's cursor at the end. */
    private static JournalCursor readWhole(final Path dir, final JournalTrust trust, final JournalCursor from,
                                           final List<byte[]> into) {
        try (JournalReader reader = new JournalReader(dir, trust, from)) {
            reader.readWhole((sequence, type, record, offset, length) -> {
                final byte[] copy = new byte[length];
                record.getBytes(offset, copy);
                into.add(copy);
                return true;
            }, Long.MAX_VALUE);
            assertNull(reader.broken(), reader::broken);
            return reader.cursor();
        }
    }

    @Test
    void shouldHandOverExactlyTheRecordsAfterTheCursorAsAFullReadDoes(@TempDir final Path tmp)
        throws NoSuchAlgorithmException {
        final Path dir = tmp.resolve("journal");
        final Path anchor = tmp.resolve("anchor");
        final KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        final EngineConfig config = new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0).journalKey(JOURNAL_KEY)
            .checkpoints(anchor, keys).checkpointEvery(1, 60_000);
        final JournalTrust trust = JournalTrust.none().journalKey(JOURNAL_KEY).checkpoints(anchor, keys.getPublic());
        final JournalCursor cursor;
        final List<byte[]> before = new ArrayList<>();
        try (JournaledEngine engine = JournaledEngine.start(config)) {
            open(engine, 0, 5);
            cursor = readWhole(dir, trust, null, before);
            open(engine, 5, 7);
        }
        assertNotNull(cursor);
        assertEquals(before.size() - 1, cursor.sealSequence(), "the cursor is the last SEAL read");

        final List<byte[]> all = new ArrayList<>();
        final JournalCursor end = readWhole(dir, trust, null, all);
        final List<byte[]> after = new ArrayList<>();
        final JournalCursor resumedEnd = readWhole(dir, trust, cursor, after);

        assertTrue(after.size() > 7, "the later opens and their SEALs: " + after.size());
        assertEquals(all.size() - before.size(), after.size());
        for (int i = 0; i < after.size(); i++) {
            assertArrayEquals(all.get(before.size() + i), after.get(i), "record " + (before.size() + i));
        }
        assertEquals(end.sealSequence(), resumedEnd.sealSequence());
        assertEquals(end.chronicleIndex(), resumedEnd.chronicleIndex());
        assertArrayEquals(end.head(), resumedEnd.head());
        final List<byte[]> none = new ArrayList<>();
        assertEquals(end.sealSequence(), readWhole(dir, trust, end, none).sealSequence());
        assertEquals(List.of(), none, "nothing after the last SEAL");
    }

    @Test
    void shouldFollowAJournalBeingWrittenOnOneReaderScanningOnlyWhatIsNew(@TempDir final Path tmp) {
        final Path dir = tmp.resolve("journal");
        final List<byte[]> followed = new ArrayList<>();
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0));
             JournalReader reader = new JournalReader(dir, JournalTrust.none())) {
            final JournalReader.WholeRecordVisitor copy = (sequence, type, record, offset, length) -> {
                final byte[] r = new byte[length];
                record.getBytes(offset, r);
                return followed.add(r);
            };
            for (int round = 0; round < 4; round++) {
                open(engine, round * 3, 3);
                assertTrue(reader.refresh() > 0, "round " + round + ": records appended since the last read");
                reader.readWhole(copy, Long.MAX_VALUE);
                assertNull(reader.broken(), reader::broken);
                assertEquals(reader.verified(), followed.size(), "every verified record handed over");
            }
        }
        final List<byte[]> all = new ArrayList<>();
        readWhole(dir, JournalTrust.none(), null, all);
        assertTrue(all.size() > followed.size(), "the engine's STOP and its SEAL came after");
        for (int i = 0; i < followed.size(); i++) {
            assertArrayEquals(all.get(i), followed.get(i), "record " + i);
        }
        final JournalScan first = JournalScan.of(dir);
        assertEquals(first.records(), first.next(dir).records(), "nothing new: the same count");
    }

    @Test
    void shouldRefuseACursorWhoseHeadIsNotTheJournals(@TempDir final Path tmp) {
        final Path dir = tmp.resolve("journal");
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0))) {
            open(engine, 0, 3);
        }
        final JournalCursor real = readWhole(dir, JournalTrust.none(), null, new ArrayList<>());
        final byte[] head = real.head();
        head[0] ^= 1;
        final JournalCursor wrongHead = new JournalCursor(real.sealSequence(), real.chronicleIndex(), head);
        final JournalCursor wrongSequence = new JournalCursor(real.sealSequence() - 1, real.chronicleIndex(),
            real.head());
        for (final JournalCursor bad : List.of(wrongHead, wrongSequence)) {
            try (JournalReader reader = new JournalReader(dir, JournalTrust.none(), bad)) {
                assertEquals(0, reader.read((s, t, b, o, l) -> true));
                assertEquals(JournalProblem.REWRITTEN, reader.problem(), reader::broken);
                assertTrue(reader.broken().contains("the cursor's SEAL (sequence " + bad.sealSequence()),
                    reader.broken());
            }
        }
    }

    @Test
    void shouldRoundTripACursorThroughItsBytes() {
        final byte[] head = new byte[32];
        head[31] = 7;
        final JournalCursor c = new JournalCursor(41, 0x1234_0000_0005L, head);
        final JournalCursor back = JournalCursor.of(c.bytes());
        assertEquals(41, back.sealSequence());
        assertEquals(42, back.nextSequence());
        assertEquals(0x1234_0000_0005L, back.chronicleIndex());
        assertArrayEquals(head, back.head());
        assertThrows(IllegalArgumentException.class, () -> JournalCursor.of(new byte[JournalCursor.LENGTH - 1]));
        assertThrows(IllegalArgumentException.class, () -> new JournalCursor(-1, 0, head));
        assertThrows(IllegalArgumentException.class, () -> new JournalCursor(0, 0, new byte[31]));
    }
}
