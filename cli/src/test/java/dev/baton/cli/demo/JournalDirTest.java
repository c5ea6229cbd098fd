package dev.baton.cli.demo;

import dev.baton.engine.JournalLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalDirTest {
    @TempDir
    Path dir;

    private Path earlierDemo() throws IOException {
        final Path journal = dir.resolve("baton-journal");
        Files.createDirectories(journal);
        Files.writeString(journal.resolve(JournalDir.MARKER), "marker");
        Files.write(journal.resolve("20270115F.cq4"), new byte[64]);
        Files.write(journal.resolve("metadata.cq4t"), new byte[16]);
        return journal;
    }

    @Test
    void shouldCreateAMissingDirectoryWithTheMarker() throws IOException {
        final JournalDir journal = new JournalDir(dir.resolve("new"));
        assertNull(journal.prepare(false));
        assertTrue(Files.isRegularFile(dir.resolve("new").resolve(JournalDir.MARKER)));
        assertFalse(journal.replaced());
    }

    @Test
    void shouldKeepAnEarlierDemoJournalUnlessToldToReplaceIt() throws IOException {
        final Path path = earlierDemo();
        final JournalDir kept = new JournalDir(path);
        assertTrue(kept.prepare(false).endsWith("holds the journal of an earlier demo run: give --fresh to replace "
            + "it, or another --journal"));
        assertTrue(Files.isRegularFile(path.resolve("20270115F.cq4")), "nothing deleted");
        assertEquals("marker", Files.readString(path.resolve(JournalDir.MARKER)), "nothing rewritten");

        final JournalDir replaced = new JournalDir(path);
        assertNull(replaced.prepare(true));
        assertTrue(replaced.replaced());
        assertFalse(Files.exists(path.resolve("20270115F.cq4")));
        assertFalse(Files.exists(path.resolve("metadata.cq4t")));
        assertTrue(Files.readString(path.resolve(JournalDir.MARKER)).contains("--fresh"));
    }

    @Test
    void shouldNeverEmptyAJournalAnEngineIsWriting() throws IOException {
        final Path path = earlierDemo();
        try (JournalLock held = JournalLock.acquire(path)) {
            final String refused = new JournalDir(path).prepare(true);
            assertTrue(refused.contains("is open for writing by another engine in this process"), refused);
            assertTrue(refused.endsWith("(is another demo running?)"), refused);
            assertTrue(Files.isRegularFile(path.resolve("20270115F.cq4")), "nothing deleted");
        }
        final JournalDir after = new JournalDir(path); // the lock file a finished run leaves is the demo's own
        assertNull(after.prepare(true));
        assertTrue(after.replaced());
        assertFalse(Files.exists(path.resolve(JournalLock.FILE)));
    }

    @Test
    void shouldNeverReplaceADirectoryHoldingMoreThanADemoJournal() throws IOException {
        final Path path = earlierDemo();
        Files.createDirectories(path.resolve("backup"));
        assertTrue(new JournalDir(path).prepare(true).endsWith("holds files baton demo did not write (backup): give "
            + "another --journal, or remove it yourself"));
        assertTrue(Files.isRegularFile(path.resolve("20270115F.cq4")));
        final Path foreign = dir.resolve("engine-journal");
        Files.createDirectories(foreign);
        Files.write(foreign.resolve("20270115F.cq4"), new byte[64]);
        assertTrue(new JournalDir(foreign).prepare(true).contains("was not written by baton demo"));
        assertTrue(Files.isRegularFile(foreign.resolve("20270115F.cq4")));
    }
}
