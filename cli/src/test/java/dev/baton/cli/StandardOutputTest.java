package dev.baton.cli;

import dev.baton.audit.AuditJournal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A command whose standard output cannot be written never exits 0 ({@code baton export J >/dev/full}). */
class StandardOutputTest {
    @TempDir
    static Path shared;

    private static AuditJournal journal;

    @BeforeAll
    static void writeJournal() throws Exception {
        journal = AuditJournal.write(shared);
    }

    /** Like /dev/full: accepts {@code room} bytes, then every write fails. */
    private static final class FullDevice extends OutputStream {
        private final ByteArrayOutputStream written = new ByteArrayOutputStream();
        private final int room;
        private int writes;

        FullDevice(final int room) {
            this.room = room;
        }

        @Override
        public void write(final int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(final byte[] b, final int off, final int len) throws IOException {
            writes++;
            if (written.size() + len > room) {
                throw new IOException("No space left on device");
            }
            written.write(b, off, len);
        }
    }

    @Test
    void shouldFailAnExportThatCannotBeWritten() {
        final FullDevice full = new FullDevice(0);
        final CommandRun run = CommandRun.to(full, "export", journal.journal.toString());
        assertEquals(BatonCommand.USAGE, run.code(), run::toString);
        assertEquals("baton export: cannot write standard output: No space left on device\n", run.err());
        assertEquals(1, full.writes, "the export stops at the first failed write");
    }

    @Test
    void shouldFailAnExportCutPartWay() {
        final FullDevice full = new FullDevice(2000);
        final CommandRun run = CommandRun.to(full, "export", journal.journal.toString());
        assertEquals(BatonCommand.USAGE, run.code(), run::toString);
        assertEquals("baton export: cannot write standard output: No space left on device\n", run.err());
        final String kept = full.written.toString(StandardCharsets.UTF_8);
        // Lines are buffered (not flushed one by one): what reached the device is a prefix of the export.
        final FullDevice roomy = new FullDevice(1 << 20);
        assertEquals(BatonCommand.OK, CommandRun.to(roomy, "export", journal.journal.toString()).code());
        assertTrue(roomy.written.toString(StandardCharsets.UTF_8).startsWith(kept) && kept.length() <= 2000, kept);
    }

    @Test
    void shouldFailEveryCommandWhoseOutputIsLost() {
        final CommandRun check = CommandRun.to(new FullDevice(0), "check",
            CommandRun.repoRoot().resolve("src/policies/refund-dispute.yaml").toString());
        assertEquals(BatonCommand.USAGE, check.code(), check::toString);
        assertEquals("baton check: cannot write standard output: No space left on device\n", check.err());
        final CommandRun replay = CommandRun.to(new FullDevice(0), "replay", journal.journal.toString());
        assertEquals(BatonCommand.USAGE, replay.code(), replay::toString);
        assertTrue(replay.err().endsWith("baton replay: cannot write standard output: No space left on device\n"),
            replay::toString);
        final CommandRun help = CommandRun.to(new FullDevice(0), "--help");
        assertEquals(BatonCommand.USAGE, help.code(), help::toString);
        assertEquals("baton: cannot write standard output: No space left on device\n", help.err());
    }

    @Test
    void shouldNoticeAPrintStreamThatSwallowedTheFailure() {
        final PrintStream swallowing = new PrintStream(new FullDevice(0), true, StandardCharsets.UTF_8);
        final CommandRun run = CommandRun.to(swallowing, "export", journal.journal.toString());
        assertEquals(BatonCommand.USAGE, run.code(), run::toString);
        assertEquals("baton export: cannot write standard output\n", run.err());
    }

    @Test
    void shouldExitZeroWhenEverythingWasWritten() {
        final FullDevice roomy = new FullDevice(1 << 20);
        final CommandRun run = CommandRun.to(roomy, "export", journal.journal.toString(), "--system");
        assertEquals(BatonCommand.OK, run.code(), run::toString);
        assertEquals("", run.err());
        assertEquals(23, roomy.written.toString(StandardCharsets.UTF_8).lines().count(), "every record");
    }
}
