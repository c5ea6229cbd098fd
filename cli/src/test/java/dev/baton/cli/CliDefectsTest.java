package dev.baton.cli;

import dev.baton.audit.AuditJournal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small defects of issue #17, each pinned by a test. */
class CliDefectsTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static AuditJournal journal;

    @BeforeAll
    static void writeJournal() throws Exception {
        journal = AuditJournal.write(shared);
    }

    @Test
    void shouldCallPlainTextGarbageNotAWarrantRatherThanANewerFormat() throws IOException {
        final Path garbage = dir.resolve("notes.txt");
        Files.writeString(garbage, "hello this is garbage text\n");
        final CommandRun run = CommandRun.of("inspect", garbage.toString());
        assertEquals(BatonCommand.USAGE, run.code(), run::toString);
        assertTrue(run.err().startsWith("baton inspect: not a warrant ("), run::toString);
        assertTrue(run.err().contains("is no warrant format version"), run::toString);
        assertFalse(run.err().contains("upgrade"), "garbage is not a newer format: " + run);
    }

    @Test
    void shouldCallAWarrantWithTheNextFormatVersionNewer() {
        final byte[] next = journal.crmWarrant.clone();
        next[0] = (byte) (dev.baton.codec.PortableWarrantLayout.FORMAT_VERSION + 1);
        final CommandRun run = CommandRun.of("inspect", java.util.HexFormat.of().formatHex(next));
        assertEquals(BatonCommand.USAGE, run.code(), run::toString);
        assertTrue(run.err().contains("is newer than this build reads"), run::toString);
    }

    @Test
    void shouldNameAMissingIdInOneShortLine() {
        final CommandRun run = CommandRun.of("explain", journal.journal.toString(), "999999999");
        assertEquals(BatonCommand.USAGE, run.code(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().contains("no decision 999999999"), run::toString);
        assertTrue(run.err().length() < 300, "short, whatever the journal holds: " + run);
    }
}
