package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.PolicyCompiler;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.FsyncMode;
import dev.baton.engine.JournalArchive;
import dev.baton.engine.JournaledEngine;
import dev.baton.engine.SnapshotStore;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code baton replay --remaining}: a journal whose first roll-cycle files were archived behind a snapshot is
 * verified from its first SEAL a signed checkpoint attests (public key only) or whose mac verifies (journal key);
 * a full replay names the missing files; without anything to anchor the chain the command refuses to guess.
 */
class ReplayRemainingCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static Path journal;
    private static Path anchor;
    private static Path publicKey;
    private static Path journalKey;
    private static List<Path> archived;

    @BeforeAll
    static void writeAndArchive() throws Exception {
        final KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        final byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        journalKey = Files.write(dir.resolve("journal.key"), key);
        publicKey = Files.write(dir.resolve("checkpoint.pub"), pair.getPublic().getEncoded());
        journal = dir.resolve("journal");
        anchor = dir.resolve("anchor");
        final CompiledPolicy policy = PolicyCompiler.load(CommandRun.repoRoot().resolve("src/policies/minimal.yaml"));
        for (int run = 0; run < 3; run++) {
            final EngineConfig config = new EngineConfig(policy, journal).fsync(FsyncMode.NONE, 0)
                .rollCycle(TestRollCycles.TEST_SECONDLY).journalKey(key).checkpoints(anchor, pair)
                .checkpointEvery(1, 60_000).snapshots(dir.resolve("snapshots")).snapshotsKept(1);
            try (JournaledEngine engine = JournaledEngine.start(config)) {
                for (int i = 0; i < 4; i++) {
                    engine.identity("spiffe://acme.example/agent/run" + run + "-" + i);
                }
            }
            Thread.sleep(1_100); // the next run writes a new roll-cycle file
        }
        archived = JournalArchive.archiveBehindSnapshots(journal, new SnapshotStore(dir.resolve("snapshots")), key,
            dir.resolve("archive"));
    }

    @Test
    void shouldVerifyWhatRemainsFromASignedCheckpoint() {
        assertFalse(archived.isEmpty(), "the first roll-cycle files were archived");
        final CommandRun run = CommandRun.of("replay", journal.toString(), "--remaining", "--anchor", anchor.toString(),
            "--public-key", publicKey.toString());
        assertEquals(BatonCommand.OK, run.code(), run::toString);
        assertTrue(run.out().contains("chain     ok from the anchor: "), run.out());
        assertTrue(run.out().matches("(?s).*journal   .*: what remains, from sequence [1-9].*"), run.out());
        assertTrue(run.out().matches("(?s).*trust     .*[1-9][0-9]* signed checkpoints? of .* verified\n.*"), run.out());
        assertTrue(run.out().contains("verdict   OK"), run.out());
    }

    @Test
    void shouldVerifyWhatRemainsWithTheJournalKey() throws Exception {
        final CommandRun run = CommandRun.of("replay", journal.toString(), "--remaining", "--journal-key",
            journalKey.toString(), "--format", "json");
        assertEquals(BatonCommand.OK, run.code(), run::toString);
        final JsonNode doc = JSON.readTree(run.out());
        assertEquals("remaining", doc.get("mode").asText());
        assertTrue(doc.get("first_sequence").asLong() > 0, run.out());
        assertTrue(doc.get("verified").asLong() > 0, run.out());
        assertTrue(doc.get("ok").asBoolean(), run.out());
        assertTrue(doc.get("problem").isNull(), run.out());
    }

    @Test
    void shouldNameTheMissingFilesOnAFullReplay() {
        final CommandRun run = CommandRun.of("replay", journal.toString());
        assertEquals(BatonCommand.FAILED, run.code(), run::toString);
        assertTrue(run.out().contains("are missing"), run.out());
    }

    @Test
    void shouldRefuseToAnchorWithoutAKey() {
        final CommandRun run = CommandRun.of("replay", journal.toString(), "--remaining");
        assertEquals(BatonCommand.USAGE, run.code(), run::toString);
        assertTrue(run.err().contains("--remaining needs what can anchor the chain"), run.err());
    }

    @Test
    void shouldFailWhenACheckpointDoesNotCoverWhatRemains() throws Exception {
        final Path strangerKey = Files.write(dir.resolve("stranger.pub"),
            KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded());
        final CommandRun run = CommandRun.of("replay", journal.toString(), "--remaining", "--anchor", anchor.toString(),
            "--public-key", strangerKey.toString());
        assertEquals(BatonCommand.FAILED, run.code(), run::toString);
        assertTrue(run.out().contains("verdict   FAILED"), run.out());
    }
}
