package dev.baton.fleet;

import dev.baton.codec.JournalHasher;
import dev.baton.codec.JournalRecordLayout;
import dev.baton.engine.CheckpointLog;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.JournalReader;
import dev.baton.engine.JournaledEngine;
import dev.baton.engine.RecordType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The auditor's check of a shipped journal, without Kafka: the records an engine's journal holds,
 * copied whole as the shipper copies them ({@link JournalReader#readWhole}), verify; each way of
 * losing, repeating, changing or splicing them is named.
 */
class ShippedJournalTest {
    private static final byte[] KEY = new byte[32];
    @TempDir
    static Path shared;
    private static List<byte[]> journal;
    private static List<byte[]> other;
    private static KeyPair checkpointKeys;

    @BeforeAll
    static void writeTwoKeyedJournals() throws Exception {
        new SecureRandom().nextBytes(KEY);
        checkpointKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        journal = copy(shared.resolve("a"), 6);
        other = copy(shared.resolve("b"), 6);
    }

    /** @return the anchor's checkpoint entries of the journal in {@code dir}, as the shipper ships them. */
    private static List<byte[]> checkpoints(final String dir) throws Exception {
        final byte[] file = Files.readAllBytes(shared.resolve(dir + ".anchor"));
        final List<byte[]> entries = new ArrayList<>();
        for (int at = 0; at + CheckpointLog.ENTRY_LENGTH <= file.length; at += CheckpointLog.ENTRY_LENGTH) {
            entries.add(Arrays.copyOfRange(file, at, at + CheckpointLog.ENTRY_LENGTH));
        }
        return entries;
    }

    private static List<byte[]> copy(final Path dir, final int tasks) {
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(FleetFixture.POLICY, dir).journalKey(KEY)
            .checkpoints(Path.of(dir + ".anchor"), checkpointKeys).checkpointEvery(2, 60_000))) {
            for (int i = 0; i < tasks; i++) {
                FleetFixture.open(engine);
            }
        }
        final List<byte[]> records = new ArrayList<>();
        try (JournalReader reader = new JournalReader(dir)) {
            reader.readWhole((sequence, type, record, offset, length) -> {
                final byte[] r = new byte[length];
                record.getBytes(offset, r);
                return records.add(r);
            }, Long.MAX_VALUE);
            assertNull(reader.broken());
        }
        return records;
    }

    private static int indexOf(final List<byte[]> records, final int type, final int nth) {
        int seen = 0;
        for (int i = 0; i < records.size(); i++) {
            if (ShippedRecords.type(records.get(i)) == type && seen++ == nth) {
                return i;
            }
        }
        throw new AssertionError("no record of type " + type + " number " + nth);
    }

    private static void assertProblem(final List<byte[]> records, final byte[] key, final String named) {
        final String problem = ShippedJournal.verify(records, key);
        assertTrue(problem != null && problem.contains(named), String.valueOf(problem));
    }

    @Test
    void shouldVerifyTheWholeJournalSealsIncludedWithAndWithoutTheKey() {
        assertTrue(journal.stream().anyMatch(r -> ShippedRecords.type(r) == RecordType.SEAL), "SEALs are shipped");
        assertEquals(RecordType.SEAL, ShippedRecords.type(journal.get(journal.size() - 1)));
        for (int i = 0; i < journal.size(); i++) {
            assertEquals(i, ShippedRecords.sequence(journal.get(i)));
        }
        assertNull(ShippedJournal.verify(journal));
        assertNull(ShippedJournal.verify(journal, KEY));
    }

    @Test
    void shouldNameAMissingRecordAndARepeatedOne() {
        final int d = indexOf(journal, RecordType.DECISION, 2);
        final List<byte[]> missing = new ArrayList<>(journal);
        missing.remove(d);
        assertProblem(missing, null, "shipped record " + d + ": sequence " + (d + 1) + " where " + d);
        final List<byte[]> twice = new ArrayList<>(journal);
        twice.add(d, journal.get(d));
        assertProblem(twice, null, "shipped record " + (d + 1) + ": sequence " + d + " where " + (d + 1));
    }

    @Test
    void shouldNameARecordChangedWithItsCrcRecomputed() {
        final int d = indexOf(journal, RecordType.DECISION, 3);
        final byte[] changed = journal.get(d).clone();
        changed[JournalRecordLayout.BLOCK_LENGTH] ^= 1;
        new JournalHasher().seal(new UnsafeBuffer(changed), 0, changed.length - JournalRecordLayout.RECORD_CRC_LENGTH);
        final List<byte[]> records = new ArrayList<>(journal);
        records.set(d, changed);
        assertProblem(records, null, "do not hash to its head");
        final byte[] crcOnly = journal.get(d).clone();
        crcOnly[JournalRecordLayout.BLOCK_LENGTH] ^= 1;
        records.set(d, crcOnly);
        assertProblem(records, null, "shipped record " + d + " (sequence " + d + "): its CRC does not match");
    }

    @Test
    void shouldRefuseTwoJournalsSplicedAtASeal() {
        final int seal = indexOf(journal, RecordType.SEAL, 2);
        final List<byte[]> spliced = new ArrayList<>(journal.subList(0, seal + 1));
        spliced.addAll(other.subList(seal + 1, other.size()));
        assertEquals(journal.size(), spliced.size(), "same sequences, another engine's records after the splice");
        assertProblem(spliced, null, "does not follow the one before");
    }

    @Test
    void shouldCheckEveryMacWithTheKeyOnly() {
        final byte[] wrong = KEY.clone();
        wrong[0] ^= 1;
        assertNull(ShippedJournal.verify(journal), "without a key, the heads hold");
        assertProblem(journal, wrong, "its mac does not verify under the journal key");
    }

    @Test
    void shouldVerifyTheShippedJournalAgainstItsSignedCheckpointsWithThePublicKeyOnly() throws Exception {
        final List<byte[]> signed = checkpoints("a");
        assertTrue(signed.size() >= 3, "checkpoints every two batches: " + signed.size());
        assertNull(ShippedJournal.verify(journal, null, signed, checkpointKeys.getPublic()));

        final List<byte[]> altered = new ArrayList<>(signed);
        final byte[] changed = signed.get(1).clone();
        changed[20] ^= 1; // a byte of the signed head
        altered.set(1, changed);
        assertProblem(ShippedJournal.verify(journal, null, altered, checkpointKeys.getPublic()),
            "checkpoint 1 of the shipped checkpoints (byte 112): its signature does not verify");

        final List<byte[]> repeated = new ArrayList<>(signed);
        repeated.add(2, signed.get(1));
        assertProblem(ShippedJournal.verify(journal, null, repeated, checkpointKeys.getPublic()),
            "does not follow checkpoint 1");

        assertProblem(ShippedJournal.verify(other, null, signed, checkpointKeys.getPublic()),
            "the shipped journal's chain head there is not the one signed");
    }

    private static void assertProblem(final String problem, final String named) {
        assertTrue(problem != null && problem.contains(named), String.valueOf(problem));
    }

    @Test
    void shouldNameAJournalEndingInsideABatch() {
        final List<byte[]> cut = new ArrayList<>(journal.subList(0, journal.size() - 1));
        assertProblem(cut, null, "closed by no SEAL");
    }
}
