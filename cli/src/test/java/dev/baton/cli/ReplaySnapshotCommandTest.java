package dev.baton.cli;

import dev.baton.audit.AuditJournal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code baton replay --snapshots DIR} starts from the newest good snapshot; {@code --full} re-executes everything. */
class ReplaySnapshotCommandTest {
    @TempDir
    static Path shared;
    private static AuditJournal journal;
    private static Path snapshots;

    @BeforeAll
    static void writeAJournalWithSnapshots() throws Exception {
        snapshots = shared.resolve("snapshots");
        journal = AuditJournal.write(shared.resolve("written"), c -> c.snapshots(snapshots).snapshotEvery(3, 60_000));
    }

    @Test
    void shouldStartFromTheNewestSnapshot() {
        final CommandRun run = CommandRun.of("replay", journal.journal.toString(), "--snapshots", snapshots.toString());
        assertEquals(BatonCommand.OK, run.code(), run::toString);
        assertTrue(run.out().contains("snapshot  started from snapshot-"), run.out());
        assertTrue(run.out().contains("; 0 records after it re-executed"), run.out());
        assertTrue(run.out().contains("verdict   OK"), run.out());
    }

    @Test
    void shouldReexecuteEverythingWithFull() {
        final CommandRun run = CommandRun.of("replay", journal.journal.toString(), "--snapshots", snapshots.toString(),
            "--full");
        assertEquals(BatonCommand.OK, run.code(), run::toString);
        assertTrue(run.out().contains("snapshot  none used (--full)"), run.out());
        assertTrue(run.out().contains("replay    11 of 11 decisions reproduced"), run.out());
    }

    @Test
    void shouldNameSnapshotsThatDoNotVerifyAndReplayEverything() throws IOException {
        final Path copy = shared.resolve("broken-snapshots");
        Files.createDirectories(copy);
        final List<Path> files;
        try (Stream<Path> s = Files.list(snapshots)) {
            files = s.toList();
        }
        assertFalse(files.isEmpty());
        for (final Path f : files) {
            final byte[] bytes = Files.readAllBytes(f);
            bytes[bytes.length / 2] ^= 1;
            Files.write(copy.resolve(f.getFileName()), bytes);
        }
        final CommandRun run = CommandRun.of("replay", journal.journal.toString(), "--snapshots", copy.toString());
        assertEquals(BatonCommand.OK, run.code(), run::toString);
        assertTrue(run.out().contains("snapshot  IGNORED snapshot-"), run.out());
        assertTrue(run.out().contains("its SHA-256 digest does not match its content: torn or altered"), run.out());
        assertTrue(run.out().contains("snapshot  none usable: every record re-executed from record 0"), run.out());
        assertTrue(run.out().contains("replay    11 of 11 decisions reproduced"), run.out());
    }
}
