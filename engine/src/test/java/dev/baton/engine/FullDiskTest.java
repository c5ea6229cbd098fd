package dev.baton.engine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static dev.baton.engine.EngineFixture.POLICY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A journal on a file system that fills up: the engine stops deciding (every later request completes with a
 * failure naming the full file) before it writes a batch into pages the file cannot get, so the journal it
 * leaves verifies, and an engine restarts on it once there is room. Needs a small tmpfs, so it runs where the
 * test may mount one (Linux, as root) and is skipped elsewhere.
 */
class FullDiskTest {
    private static boolean run(final String... command) throws IOException, InterruptedException {
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    /** With the pretoucher reserving ahead (1 MB), and without it (0: the writer reserves). */
    @ParameterizedTest
    @ValueSource(longs = {1 << 20, 0})
    void shouldStopBeforeWritingIntoAFullDiskAndLeaveAJournalThatVerifiesAndRestarts(final long pretouch,
                                                                                      @TempDir final Path tmp)
        throws Exception {
        final Path mount = tmp.resolve("small");
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && mount.toFile().mkdirs()
            && run("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", mount.toString()), "cannot mount a tmpfs here");
        try {
            final Path dir = mount.resolve("journal");
            String failure = null;
            long acknowledged = 0;
            try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0)
                .pretouch(pretouch))) {
                final Request r = new Request();
                for (long id = 1; id <= 2_000_000 && failure == null; id++) {
                    r.reset(Request.Op.REVOKE, id).grant(999).actor(0);
                    final JournaledEngine.Outcome outcome = engine.decide(r, 30, TimeUnit.SECONDS);
                    if (outcome == JournaledEngine.Outcome.DONE && r.failure() == null) {
                        acknowledged++;
                    } else {
                        failure = outcome == JournaledEngine.Outcome.DONE ? r.failure() : outcome.toString();
                    }
                }
            } // closing a stopped engine writes nothing more and throws nothing
            assertNotNull(failure, "6 MB cannot hold 2,000,000 decisions: the engine must have stopped");
            assertTrue(failure.contains("the journal file cannot grow"), failure);
            assertTrue(acknowledged > 10_000, "decided until the disk was nearly full: " + acknowledged);

            assertTrue(run("mount", "-o", "remount,size=64m", mount.toString()), "could not make room");
            final JournalReplay replay = new JournalReplay(null, 4096, 1 << 20, 60_000, null).replay(dir);
            assertNull(replay.broken(), "no half-written batch: " + replay.broken());
            assertNull(replay.problem());
            assertEquals(0, replay.mismatches());
            assertTrue(replay.decisions() >= acknowledged, "every acknowledged decision is in the journal");
            try (JournaledEngine again = JournaledEngine.start(
                new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0))) {
                final Request r = new Request();
                r.reset(Request.Op.REVOKE, 1).grant(999).actor(0);
                assertEquals(JournaledEngine.Outcome.DONE, again.decide(r, 30, TimeUnit.SECONDS));
                assertNull(r.failure());
            }
        } finally {
            run("umount", "-l", mount.toString()); // lazily: the JVM may still map the files (Chronicle unmaps late)
        }
    }
}
