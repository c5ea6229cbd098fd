package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.audit.AuditJournal;
import dev.baton.engine.JournalForgery;
import dev.baton.engine.JournalProblem;
import dev.baton.engine.RecordType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code baton replay} with {@code --journal-key}, {@code --anchor} and {@code --public-key}, on a journal
 * the audit fixture wrote with a journal key and a signed checkpoint per batch, and on forgeries of it made
 * by an attacker who can write the journal's files but holds neither key.
 */
class JournalTrustCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static AuditJournal journal;
    private static Path journalKey;
    private static Path publicKey;
    private static Path anchor;
    private static List<byte[]> original;

    @BeforeAll
    static void writeAKeyedCheckpointedJournal() throws Exception {
        final byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        final KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        final Path keys = Files.createDirectories(shared.resolve("keys"));
        journalKey = Files.write(keys.resolve("journal.key"), key);
        publicKey = Files.write(keys.resolve("checkpoint.pub"), pair.getPublic().getEncoded());
        final Path privateKey = Files.write(keys.resolve("checkpoint.pk8"), pair.getPrivate().getEncoded());
        anchor = shared.resolve("anchor").resolve("checkpoints");
        journal = AuditJournal.write(shared.resolve("written"), c -> c.journalKey(journalKey)
            .checkpoints(anchor, privateKey, publicKey).checkpointEvery(1, 60_000));
        original = JournalForgery.records(journal.journal);
    }

    private static String[] replay(final Path journalDir, final String... options) {
        final List<String> args = new ArrayList<>(List.of("replay", journalDir.toString()));
        args.addAll(List.of(options));
        return args.toArray(String[]::new);
    }

    private static String[] auditor() {
        return new String[] {"--anchor", anchor.toString(), "--public-key", publicKey.toString()};
    }

    private static JsonNode json(final CommandRun run) throws IOException {
        assertEquals(1, run.outLines().size(), "one document on one line: " + run);
        return JSON.readTree(run.out());
    }

    /** @return a copy of the journal with one decision dropped and everything after it renumbered and resealed. */
    private Path forged() {
        final List<byte[]> changed = new ArrayList<>(original);
        final int victim = JournalForgery.indexOf(original, RecordType.DECISION, 4);
        changed.remove(victim);
        final byte[] attackerKey = new byte[32];
        new SecureRandom().nextBytes(attackerKey);
        final Path forged = dir.resolve("forged");
        JournalForgery.write(forged, JournalForgery.reseal(changed, attackerKey, victim));
        return forged;
    }

    @Test
    void shouldVerifyTheJournalWithThePublicKeyAloneAgainstEveryCheckpoint() throws IOException {
        final long checkpoints = Files.size(anchor) / 112; // CheckpointAnchor.ENTRY_LENGTH, engine-internal
        assertTrue(checkpoints > 11, "a checkpoint per batch: " + checkpoints);
        final CommandRun text = CommandRun.of(replay(journal.journal, auditor()));
        assertEquals(BatonCommand.OK, text.code(), text::toString);
        assertTrue(text.out().contains(checkpoints + " signed checkpoints of " + anchor + " verified"), text.out());
        assertTrue(text.out().contains("verdict   OK"), text.out());

        final JsonNode doc = json(CommandRun.of(replay(journal.journal, "--format", "json", "--journal-key",
            journalKey.toString(), "--anchor", anchor.toString(), "--public-key", publicKey.toString())));
        assertTrue(doc.get("ok").asBoolean(), doc::toString);
        assertTrue(doc.get("trust").get("journal_key").asBoolean());
        assertEquals("verified", doc.get("trust").get("checkpoints").asText());
        assertEquals(checkpoints, doc.get("trust").get("checkpoints_verified").asLong());
        assertTrue(doc.get("chain").get("kind").isNull());
    }

    @Test
    void shouldNameAForgedJournalRewrittenWithThePublicKeyAndForgedWithTheJournalKey() throws IOException {
        final Path forged = forged();
        final CommandRun plain = CommandRun.of(replay(forged));
        assertEquals(BatonCommand.OK, plain.code(), "without a key the recomputed chain looks whole: " + plain);

        final CommandRun text = CommandRun.of(replay(forged, auditor()));
        assertEquals(BatonCommand.FAILED, text.code(), text::toString);
        assertTrue(text.out().contains("problem   " + JournalProblem.REWRITTEN + "\n"), text.out());
        assertTrue(text.out().contains("verdict   FAILED"), text.out());

        final JsonNode byAuditor = json(CommandRun.of(replay(forged, concat(auditor(), "--format", "json"))));
        assertEquals(JournalProblem.REWRITTEN.name(), byAuditor.get("chain").get("kind").asText(), byAuditor::toString);
        assertEquals("broken", byAuditor.get("chain").get("status").asText());
        assertEquals("failed", byAuditor.get("trust").get("checkpoints").asText());
        assertFalse(byAuditor.get("ok").asBoolean());

        final CommandRun keyed = CommandRun.of(replay(forged, "--format", "json", "--journal-key",
            journalKey.toString()));
        assertEquals(BatonCommand.FAILED, keyed.code(), keyed::toString);
        final JsonNode byKey = json(keyed);
        assertEquals(JournalProblem.FORGED.name(), byKey.get("chain").get("kind").asText(), byKey::toString);
        assertTrue(byKey.get("chain").get("problem").asText().contains("mac does not verify"), byKey::toString);
    }

    @Test
    void shouldReportATailCutBeforeTheLastCheckpoint() throws IOException {
        final int cutAfterSeal = JournalForgery.indexOf(original, RecordType.DECISION, 5) + 1;
        assertEquals(RecordType.SEAL, JournalForgery.type(original.get(cutAfterSeal)), "one batch per decision");
        final Path cut = dir.resolve("cut");
        JournalForgery.write(cut, new ArrayList<>(original.subList(0, cutAfterSeal + 1)));

        assertEquals(BatonCommand.OK, CommandRun.of(replay(cut, "--journal-key", journalKey.toString())).code(),
            "a clean cut at a SEAL verifies under the key alone");
        final CommandRun text = CommandRun.of(replay(cut, auditor()));
        assertEquals(BatonCommand.FAILED, text.code(), text::toString);
        assertTrue(text.out().contains("chain     CUT before a signed checkpoint: the journal ends after "), text.out());
        assertTrue(text.out().contains("problem   " + JournalProblem.CUT_BEFORE_CHECKPOINT + "\n"), text.out());
        final JsonNode doc = json(CommandRun.of(replay(cut, concat(auditor(), "--format", "json"))));
        assertEquals(JournalProblem.CUT_BEFORE_CHECKPOINT.name(), doc.get("chain").get("kind").asText(), doc::toString);
        assertFalse(doc.get("ok").asBoolean());
    }

    @Test
    void shouldNameTheForgeryInExplainWhatIfAndExportToo() {
        final Path forged = forged();
        final String key = journalKey.toString();
        final CommandRun explain = CommandRun.of(concat(new String[] {"explain", forged.toString(), "decision:2"},
            auditor()));
        assertEquals(BatonCommand.FAILED, explain.code(), explain::toString);
        assertTrue(explain.err().contains("(" + JournalProblem.REWRITTEN + ")"), explain.err());
        assertEquals(BatonCommand.OK, CommandRun.of("explain", forged.toString(), "decision:2").code(),
            "without a key the forgery is not seen");

        final CommandRun whatIf = CommandRun.of("what-if", forged.toString(), "--policy",
            journal.policyFile.toString(), "--journal-key", key);
        assertEquals(BatonCommand.FAILED, whatIf.code(), whatIf::toString);
        assertTrue(whatIf.err().contains("(" + JournalProblem.FORGED + ")"), whatIf.err());

        final CommandRun export = CommandRun.of(concat(new String[] {"export", forged.toString()}, auditor()));
        assertEquals(BatonCommand.FAILED, export.code(), export::toString);
        assertTrue(export.err().contains("(" + JournalProblem.REWRITTEN + ")"), export.err());
        assertEquals(BatonCommand.OK, CommandRun.of(concat(new String[] {"export", journal.journal.toString()},
            auditor())).code(), "the untouched journal exports whole");
    }

    @Test
    void shouldNameAnAlteredCheckpointAndRefuseAMissingAnchor() throws IOException {
        final byte[] bytes = Files.readAllBytes(anchor);
        bytes[112 + 20] ^= 1; // inside the second checkpoint (CheckpointAnchor.ENTRY_LENGTH is 112)
        final Path altered = Files.write(dir.resolve("checkpoints"), bytes);
        final CommandRun run = CommandRun.of(replay(journal.journal, "--format", "json", "--anchor",
            altered.toString(), "--public-key", publicKey.toString()));
        assertEquals(BatonCommand.FAILED, run.code(), run::toString);
        final JsonNode doc = json(run);
        assertEquals(JournalProblem.BAD_CHECKPOINT.name(), doc.get("chain").get("kind").asText(), doc::toString);
        assertEquals("failed", doc.get("trust").get("checkpoints").asText());

        final CommandRun missing = CommandRun.of(replay(journal.journal, "--anchor", dir.resolve("none").toString(),
            "--public-key", publicKey.toString()));
        assertEquals(BatonCommand.USAGE, missing.code(), missing::toString);
        assertTrue(missing.err().contains("no such checkpoint anchor file"), missing.err());
    }

    @Test
    void shouldRefuseAnAnchorWithoutItsPublicKeyAndAKeyFileThatIsNotOne() throws IOException {
        final CommandRun alone = CommandRun.of(replay(journal.journal, "--anchor", anchor.toString()));
        assertEquals(BatonCommand.USAGE, alone.code(), alone::toString);
        assertTrue(alone.err().contains("--anchor needs --public-key"), alone.err());

        final Path shortKey = Files.write(dir.resolve("short.key"), new byte[8]);
        final CommandRun tooShort = CommandRun.of(replay(journal.journal, "--journal-key", shortKey.toString()));
        assertEquals(BatonCommand.USAGE, tooShort.code(), tooShort::toString);
        assertTrue(tooShort.err().contains("at least 32"), tooShort.err());

        final CommandRun notPublic = CommandRun.of(replay(journal.journal, "--anchor", anchor.toString(),
            "--public-key", journalKey.toString()));
        assertEquals(BatonCommand.USAGE, notPublic.code(), notPublic::toString);
        assertTrue(notPublic.err().contains("Ed25519 public key"), notPublic.err());
    }

    private static String[] concat(final String[] a, final String... b) {
        final List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }
}
