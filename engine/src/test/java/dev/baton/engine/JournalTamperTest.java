package dev.baton.engine;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.baton.engine.EngineFixture.POLICY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tamper evidence against the journal's own writer: an attacker who can rewrite the journal's files but
 * holds neither the journal key nor the checkpoint private key. Each attack is found and named, by a
 * reader holding the journal key and by an auditor holding only the checkpoint public key.
 */
class JournalTamperTest {
    private static final int OPENS = 12;
    private static final byte[] JOURNAL_KEY = new byte[32];
    private static KeyPair checkpointKeys;
    @TempDir
    static Path shared;
    private static Path journal;
    private static Path anchor;
    private static List<byte[]> original;

    @BeforeAll
    static void writeAKeyedCheckpointedJournal() throws NoSuchAlgorithmException {
        new SecureRandom().nextBytes(JOURNAL_KEY);
        checkpointKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        journal = shared.resolve("journal");
        anchor = shared.resolve("anchor").resolve("checkpoints");
        try (JournaledEngine engine = JournaledEngine.start(config(journal))) {
            final int alice = engine.identity("user:alice@acme.example");
            final int planner = engine.identity("spiffe://acme.example/agent/planner");
            final Request r = new Request();
            for (int i = 0; i < OPENS; i++) {
                r.reset(Request.Op.OPEN, i + 1).principal(alice).purpose(POLICY.purpose("refund-dispute"))
                    .child(planner, EngineFixture.rootScope(POLICY));
                assertEquals(JournaledEngine.Outcome.DONE, engine.decide(r, 5, TimeUnit.SECONDS));
            }
        }
        original = JournalForgery.records(journal);
    }

    private static EngineConfig config(final Path dir) {
        return new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0).journalKey(JOURNAL_KEY)
            .checkpoints(anchor, checkpointKeys).checkpointEvery(1, 60_000);
    }

    private static JournalTrust keyed() {
        return JournalTrust.none().journalKey(JOURNAL_KEY);
    }

    private static JournalTrust auditor() {
        return JournalTrust.none().checkpoints(anchor, checkpointKeys.getPublic());
    }

    private static JournalReader read(final Path dir, final JournalTrust trust) {
        final JournalReader reader = new JournalReader(dir, trust);
        reader.read((seq, type, body, offset, length) -> true);
        return reader;
    }

    private static void assertProblem(final Path dir, final JournalTrust trust, final JournalProblem kind,
                                      final String named) {
        try (JournalReader reader = read(dir, trust)) {
            assertEquals(kind, reader.problem(), reader::broken);
            assertTrue(reader.broken().contains(named), reader.broken());
        }
    }

    private static Path forged(final Path tmp, final List<byte[]> records) {
        final Path dir = tmp.resolve("forged");
        JournalForgery.write(dir, records);
        return dir;
    }

    private static int decision(final int n) {
        return JournalForgery.indexOf(original, RecordType.DECISION, n);
    }

    @Test
    void shouldVerifyTheUntouchedJournalAgainstEveryCheckpoint() throws IOException {
        final long checkpoints = Files.size(anchor) / CheckpointAnchor.ENTRY_LENGTH;
        assertTrue(checkpoints > OPENS, "a checkpoint per batch: " + checkpoints);
        try (JournalReader reader = read(journal, keyed().checkpoints(anchor, checkpointKeys.getPublic()))) {
            assertNull(reader.broken());
            assertEquals(checkpoints, reader.checkpointsVerified());
            assertEquals(0, reader.unsealed());
        }
    }

    @Test
    void shouldRejectAForgedJournalWhoseHashesWereRecomputedWithoutTheKey(@TempDir final Path tmp) {
        final List<byte[]> changed = new ArrayList<>(original);
        changed.set(decision(5), JournalForgery.changeBody(changed.get(decision(5)), 40)); // its grant id
        final byte[] attackerKey = new byte[32];
        new SecureRandom().nextBytes(attackerKey);
        final Path dir = forged(tmp, JournalForgery.reseal(changed, attackerKey, decision(5)));

        try (JournalReader plain = read(dir, JournalTrust.none())) {
            assertNull(plain.broken(), "without the key or checkpoints the recomputed chain looks whole");
        }
        final long seal = decision(5) + 1;
        assertProblem(dir, keyed(), JournalProblem.FORGED, "the SEAL at sequence " + seal + " over records "
            + decision(5) + ".." + decision(5) + ": its mac does not verify under the journal key");
        assertProblem(dir, auditor(), JournalProblem.REWRITTEN, "attesting the SEAL at sequence " + seal
            + "): the chain head there is not the one signed");
        final JournalException refused = assertThrows(JournalException.class,
            () -> JournaledEngine.start(config(dir)).close());
        assertTrue(refused.getMessage().contains("mac does not verify"), refused.getMessage());
    }

    @Test
    void shouldNameARecordChangedWithoutItsCrc(@TempDir final Path tmp) {
        final List<byte[]> changed = new ArrayList<>(original);
        final byte[] victim = changed.get(decision(3)).clone();
        victim[20] ^= 4;
        changed.set(decision(3), victim);
        assertProblem(forged(tmp, changed), JournalTrust.none(), JournalProblem.ALTERED,
            "record " + decision(3) + " (sequence " + decision(3) + "): its CRC does not match");
    }

    @Test
    void shouldNameTheBatchOfARecordChangedWithItsCrcRecomputed(@TempDir final Path tmp) {
        final List<byte[]> changed = new ArrayList<>(original);
        changed.set(decision(3), JournalForgery.changeBody(changed.get(decision(3)), 40));
        assertProblem(forged(tmp, changed), JournalTrust.none(), JournalProblem.REWRITTEN,
            "over records " + decision(3) + ".." + decision(3) + ": the records do not hash to its head");
    }

    @Test
    void shouldNameADroppedRecord(@TempDir final Path tmp) {
        final List<byte[]> changed = new ArrayList<>(original);
        changed.remove(decision(4));
        assertProblem(forged(tmp, changed), JournalTrust.none(), JournalProblem.DROPPED,
            "records " + decision(4) + ".." + decision(4) + " were dropped");
    }

    @Test
    void shouldNameReorderedRecords(@TempDir final Path tmp) {
        final List<byte[]> changed = new ArrayList<>(original);
        Collections.swap(changed, decision(4), decision(6));
        assertProblem(forged(tmp, changed), JournalTrust.none(), JournalProblem.REORDERED,
            "sequence " + decision(4) + " comes later: records were reordered");
    }

    @Test
    void shouldFindADroppedRecordWhoseSuccessorsWereRenumberedWithoutTheKey(@TempDir final Path tmp) {
        final List<byte[]> changed = new ArrayList<>(original);
        changed.remove(decision(4));
        final Path dir = forged(tmp, JournalForgery.reseal(changed, null, decision(4)));
        assertProblem(dir, keyed(), JournalProblem.FORGED, "carries no mac, but the journal key is set");
        assertProblem(dir, auditor(), JournalProblem.REWRITTEN, "were rewritten");
    }

    @Test
    void shouldReportATailCutBeforeTheLastCheckpoint(@TempDir final Path tmp) {
        final int cutAfterSeal = decision(OPENS / 2) + 1;
        final Path dir = forged(tmp, new ArrayList<>(original.subList(0, cutAfterSeal + 1)));
        try (JournalReader keyedOnly = read(dir, keyed())) {
            assertNull(keyedOnly.broken(), "a clean cut at a SEAL verifies under the key alone");
        }
        assertProblem(dir, auditor(), JournalProblem.CUT_BEFORE_CHECKPOINT, "the journal ends after "
            + (cutAfterSeal + 1) + " records (its last verified SEAL at sequence " + cutAfterSeal + ")");
        final JournalException refused = assertThrows(JournalException.class,
            () -> JournaledEngine.start(config(dir)).close());
        assertTrue(refused.getMessage().contains("the tail of the journal was cut"), refused.getMessage());
    }

    @Test
    void shouldTakeTheCheckpointKeysFromFilesAndVerifyWithThePublicKeyFileAlone(@TempDir final Path tmp)
        throws IOException {
        final Path privateFile = tmp.resolve("checkpoint.pk8");
        final Path publicFile = tmp.resolve("checkpoint.pub");
        Files.write(privateFile, checkpointKeys.getPrivate().getEncoded());
        Files.write(publicFile, checkpointKeys.getPublic().getEncoded());
        final Path dir = tmp.resolve("journal");
        final Path fileAnchor = tmp.resolve("anchor");
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0)
            .journalKey(JOURNAL_KEY).checkpoints(fileAnchor, privateFile, publicFile))) {
            engine.identity("user:alice@acme.example");
        }
        try (JournalReader reader = read(dir, JournalTrust.none()
            .checkpoints(fileAnchor, JournalTrust.readPublicKey(publicFile)))) {
            assertNull(reader.broken());
            assertEquals(Files.size(fileAnchor) / CheckpointAnchor.ENTRY_LENGTH, reader.checkpointsVerified());
            assertTrue(reader.checkpointsVerified() >= 1, "close() signs a checkpoint");
        }
        assertThrows(IllegalArgumentException.class, () -> JournalTrust.readPublicKey(privateFile));
    }

    @Test
    void shouldReportAnAlteredCheckpoint(@TempDir final Path tmp) throws IOException {
        final Path copy = tmp.resolve("checkpoints");
        final byte[] bytes = Files.readAllBytes(anchor);
        bytes[CheckpointAnchor.ENTRY_LENGTH + 20] ^= 1;
        Files.write(copy, bytes);
        assertProblem(journal, JournalTrust.none().checkpoints(copy, checkpointKeys.getPublic()),
            JournalProblem.BAD_CHECKPOINT, "checkpoint 1 of " + copy + " (byte 112): its signature does not verify");
    }

    @Test
    void shouldVoidRecordsLeftUnsealedAndNeverApplyThem(@TempDir final Path tmp) {
        final List<byte[]> changed = new ArrayList<>(original);
        final int lastSeal = changed.size() - 1;
        assertEquals(RecordType.SEAL, JournalForgery.type(changed.get(lastSeal)));
        changed.remove(lastSeal); // as if the engine died after appending its last batch, before sealing it
        final Path dir = forged(tmp, changed);
        final long data = changed.stream().filter(r -> JournalForgery.type(r) != RecordType.SEAL).count();
        try (JournalReader reader = new JournalReader(dir, keyed())) {
            final long delivered = reader.read((seq, type, body, offset, length) -> true);
            assertNull(reader.broken());
            assertTrue(reader.unsealed() > 0);
            assertEquals(data - reader.unsealed(), delivered, "unsealed records are not handed out");
        }
        final Path anchorless = tmp.resolve("engine");
        JournalForgery.write(anchorless, changed);
        final EngineConfig keyOnly = new EngineConfig(POLICY, anchorless).fsync(FsyncMode.NONE, 0).journalKey(JOURNAL_KEY);
        final long before = new JournalReplay(null, 64, 1 << 20, 60_000, null).replay(anchorless, keyed(), Long.MAX_VALUE)
            .records();
        try (JournaledEngine engine = JournaledEngine.start(keyOnly)) {
            assertEquals(before, engine.recoveredRecords());
        }
        final JournalReplay after = new JournalReplay(null, 64, 1 << 20, 60_000, null)
            .replay(anchorless, keyed(), Long.MAX_VALUE);
        assertNull(after.broken());
        assertEquals(0, after.mismatches());
    }

    @Test
    void shouldHandEveryRecordWholeSealsAndVoidBatchesIncluded(@TempDir final Path tmp) {
        final List<byte[]> unsealed = new ArrayList<>(original);
        unsealed.remove(unsealed.size() - 1); // the last batch loses its SEAL: the next start voids it
        final Path dir = tmp.resolve("engine");
        JournalForgery.write(dir, unsealed);
        final EngineConfig keyOnly = new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0).journalKey(JOURNAL_KEY);
        try (JournaledEngine engine = JournaledEngine.start(keyOnly)) {
            assertTrue(engine.recoveredRecords() > 0);
        }
        final List<byte[]> stored = JournalForgery.records(dir);
        final List<byte[]> whole = new ArrayList<>();
        final List<Long> sequences = new ArrayList<>();
        try (JournalReader reader = new JournalReader(dir, keyed())) {
            reader.readWhole((seq, type, record, offset, length) -> {
                final byte[] copy = new byte[length];
                record.getBytes(offset, copy);
                whole.add(copy);
                sequences.add(seq);
                return true;
            }, Long.MAX_VALUE);
            assertNull(reader.broken());
            assertEquals(reader.verified(), whole.size(), "every verified record, SEALs included");
            assertThrows(IllegalStateException.class, () -> reader.read((seq, type, body, offset, length) -> true));
        }
        assertEquals(stored.size(), whole.size());
        for (int i = 0; i < stored.size(); i++) {
            assertEquals(i, sequences.get(i));
            assertTrue(java.util.Arrays.equals(stored.get(i), whole.get(i)), "record " + i + " as stored");
        }
        assertTrue(stored.stream().anyMatch(JournalTamperTest::isVoidSeal), "the journal holds a VOID batch");
    }

    private static boolean isVoidSeal(final byte[] record) {
        return JournalForgery.type(record) == RecordType.SEAL
            && (record[dev.baton.codec.JournalRecordLayout.BLOCK_LENGTH + dev.baton.codec.SealBodyLayout.FLAGS_OFFSET]
            & dev.baton.codec.SealBodyLayout.FLAG_VOID) != 0;
    }
}
