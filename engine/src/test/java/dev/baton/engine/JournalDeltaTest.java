package dev.baton.engine;

import dev.baton.codec.CompactDecisionLayout;
import dev.baton.codec.DecisionBodyLayout;
import dev.baton.codec.JournalHasher;
import dev.baton.codec.JournalRecordEncoder;
import dev.baton.codec.JournalRecordLayout;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.baton.engine.EngineFixture.POLICY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records packed against the record before them in their batch ({@code FLAG_DELTA}): the engine packs a
 * batch's decisions so, they read back to the bodies decided (replay re-executes every one and finds no
 * mismatch), they are smaller than the batch's first decision, and a reader refuses a delta that opens its
 * batch and a SEAL stored packed.
 */
class JournalDeltaTest {
    private static final int OPENS = 64;
    @TempDir
    static Path shared;
    private static Path journal;

    @BeforeAll
    static void writeABatchOfOpens() {
        journal = shared.resolve("journal");
        final EngineConfig config = new EngineConfig(POLICY, journal).fsync(FsyncMode.NONE, 0);
        try (JournaledEngine engine = JournaledEngine.start(config)) {
            final int alice = engine.identity("user:alice@acme.example");
            final int planner = engine.identity("spiffe://acme.example/agent/planner");
            final RequestBatch batch = new RequestBatch(OPENS);
            for (int i = 0; i < OPENS; i++) {
                batch.add(new Request().reset(Request.Op.OPEN, i + 1).principal(alice).purpose(0)
                    .child(planner, EngineFixture.rootScope(POLICY)).text("open #" + i + " for the refund review"));
            }
            assertEquals(JournaledEngine.Outcome.DONE, engine.decideAll(batch, 10, TimeUnit.SECONDS));
        }
    }

    private static int flags(final byte[] record) {
        return record[JournalRecordLayout.FLAGS_OFFSET] & 0xFF;
    }

    /** Replaces record {@code index}'s flags byte with {@code flags}, its CRC recomputed: a writer's forgery. */
    private static void setFlags(final List<byte[]> records, final int index, final int flags) {
        final byte[] forged = records.get(index).clone();
        forged[JournalRecordLayout.FLAGS_OFFSET] = (byte)flags;
        records.set(index, JournalForgery.recrc(forged));
    }

    @Test
    void shouldPackEachDecisionOfABatchAgainstTheOneBeforeItAndReadEveryOneBack() {
        int deltas = 0;
        for (final byte[] document : JournalForgery.documents(journal)) {
            final List<byte[]> records = JournalForgery.split(document);
            assertEquals(0, flags(records.get(0)) & JournalRecordLayout.FLAG_DELTA,
                "a batch's first record stands alone");
            int first = -1;
            for (int i = 1; i < records.size(); i++) {
                final byte[] r = records.get(i);
                if (JournalForgery.type(r) != RecordType.DECISION) {
                    continue;
                }
                if (JournalForgery.type(records.get(i - 1)) != RecordType.DECISION) {
                    first = r.length;
                    continue;
                }
                assertEquals(JournalRecordLayout.FLAG_PACKED | JournalRecordLayout.FLAG_DELTA
                    | JournalRecordLayout.FLAG_COMPACT, flags(r), "a decision after a decision is packed against it");
                assertTrue(first < 0 || r.length < first,
                    r.length + " bytes against the batch's first decision's " + first);
                deltas++;
            }
        }
        assertTrue(deltas >= OPENS / 2, "most of the batch's decisions are deltas: " + deltas);
        final JournalReplay replay = new JournalReplay(null, 64, 1 << 20, 60_000, null).replay(journal);
        assertNull(replay.broken(), replay::broken);
        assertEquals(0, replay.mismatches(), replay.firstMismatch());
        assertEquals(OPENS, replay.decisions(), "every decision read back");
    }

    @Test
    void shouldRefuseARecordPackedAgainstARecordOfAnotherBatch(@TempDir final Path tmp) {
        final List<byte[]> records = new ArrayList<>(JournalForgery.records(journal));
        int opening = -1;
        for (int i = 1; i < records.size() && opening < 0; i++) {
            if (JournalForgery.type(records.get(i - 1)) == RecordType.SEAL
                && (flags(records.get(i)) & JournalRecordLayout.FLAG_PACKED) != 0) {
                opening = i;
            }
        }
        assertTrue(opening > 0, "a packed record opens a batch");
        setFlags(records, opening, flags(records.get(opening)) | JournalRecordLayout.FLAG_DELTA);
        assertBroken(tmp, JournalForgery.reseal(records, null), "record " + opening + " ",
            "first record of its batch");
    }

    @Test
    void shouldRefuseASealStoredPacked(@TempDir final Path tmp) {
        final List<byte[]> records = new ArrayList<>(JournalForgery.records(journal));
        final int seal = JournalForgery.indexOf(records, RecordType.SEAL, 0);
        setFlags(records, seal, JournalRecordLayout.FLAG_PACKED);
        assertBroken(tmp, records, "record " + seal + " ", "a SEAL stored packed");
    }

    @Test
    void shouldStoreEveryDecisionCompact() {
        int decisions = 0;
        for (final byte[] r : JournalForgery.records(journal)) {
            if (JournalForgery.type(r) == RecordType.DECISION) {
                assertEquals(JournalRecordLayout.FLAG_COMPACT, flags(r) & JournalRecordLayout.FLAG_COMPACT);
                decisions++;
            } else {
                assertEquals(0, flags(r) & JournalRecordLayout.FLAG_COMPACT, "only a DECISION is compact");
            }
        }
        assertTrue(decisions >= OPENS, "decisions: " + decisions);
    }

    @Test
    void shouldRefuseTheCompactFlagOnAnotherRecordType(@TempDir final Path tmp) {
        final List<byte[]> records = new ArrayList<>(JournalForgery.records(journal));
        final int identity = JournalForgery.indexOf(records, RecordType.IDENTITY, 0);
        setFlags(records, identity, flags(records.get(identity)) | JournalRecordLayout.FLAG_COMPACT);
        assertBroken(tmp, JournalForgery.reseal(records, null), "record " + identity + ": malformed",
            "flags");
    }

    @Test
    void shouldNameACompactDecisionThatDoesNotExpand(@TempDir final Path tmp) {
        final List<byte[]> records = new ArrayList<>(JournalForgery.records(journal));
        final int decision = JournalForgery.indexOf(records, RecordType.DECISION, 2);
        final long sequence = new UnsafeBuffer(records.get(decision)).getLong(JournalRecordLayout.SEQUENCE_OFFSET);
        // the first child's reserved byte, which the compact form requires to be 0: the writer's own forgery
        final int reserved = DecisionBodyLayout.BLOCK_LENGTH + DecisionBodyLayout.CHILD_HEADER_LENGTH
            + CompactDecisionLayout.RESERVED_OFFSET;
        records.set(decision, JournalForgery.changeBody(records.get(decision), reserved));
        assertBroken(tmp, JournalForgery.reseal(records, null), "record at sequence " + sequence + ": ",
            "its compact DECISION body does not expand: BAD_VALUE: reserved");
    }

    @Test
    void shouldReadAndReplayAJournalWrittenBeforeTheCompactForm(@TempDir final Path tmp) {
        // The same journal as an earlier build wrote it: every DECISION body full, stored as it is, no COMPACT.
        final Map<Long, byte[]> full = new HashMap<>();
        try (JournalReader reader = new JournalReader(journal)) {
            reader.read((sequence, type, body, offset, length) -> {
                if (type == RecordType.DECISION) {
                    final byte[] bytes = new byte[length];
                    body.getBytes(offset, bytes);
                    full.put(sequence, bytes);
                }
                return true;
            }, Long.MAX_VALUE);
            assertNull(reader.broken(), reader::broken);
        }
        final List<byte[]> records = new ArrayList<>();
        for (final byte[] r : JournalForgery.records(journal)) {
            final long sequence = new UnsafeBuffer(r).getLong(JournalRecordLayout.SEQUENCE_OFFSET);
            records.add(full.containsKey(sequence) ? uncompacted(sequence, full.get(sequence)) : r);
        }
        assertEquals(OPENS, full.size());
        final Path dir = tmp.resolve("before-compact");
        JournalForgery.write(dir, JournalForgery.reseal(records, null));
        final JournalReplay replay = new JournalReplay(null, 64, 1 << 20, 60_000, null).replay(dir);
        assertNull(replay.broken(), replay::broken);
        assertEquals(0, replay.mismatches(), replay.firstMismatch());
        assertEquals(OPENS, replay.decisions(), "every decision read back from its full body");
    }

    /** @return a DECISION record holding {@code body} as it is (the CRC is recomputed by the reseal). */
    private static byte[] uncompacted(final long sequence, final byte[] body) {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[JournalRecordLayout.MIN_LENGTH + body.length]);
        final JournalRecordEncoder encoder = new JournalRecordEncoder().wrap(out, 0).sequence(sequence)
            .recordType(RecordType.DECISION);
        encoder.body(new UnsafeBuffer(body), 0, body.length);
        new JournalHasher().seal(encoder);
        return out.byteArray();
    }

    private static void assertBroken(final Path tmp, final List<byte[]> records, final String record,
                                     final String why) {
        final Path dir = tmp.resolve("forged");
        JournalForgery.write(dir, records);
        try (JournalReader reader = new JournalReader(dir)) {
            reader.read((sequence, type, body, offset, length) -> true);
            assertEquals(JournalProblem.MALFORMED, reader.problem(), reader::broken);
            assertTrue(reader.broken().contains(record) && reader.broken().contains(why), reader.broken());
        }
    }
}
