package dev.baton.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.baton.engine.EngineFixture.POLICY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link JournalLock}: one engine writes a journal directory. A second engine on it, in this process or
 * another, is refused with a message naming the directory and the holder, and the first goes on untouched;
 * the lock ends with the engine that held it, closed or killed, and with a start that was refused.
 */
class JournalLockTest {
    private static EngineConfig config(final Path dir) {
        return new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0);
    }

    private static void revoke(final JournaledEngine engine, final long id) throws InterruptedException {
        final Request r = new Request();
        r.reset(Request.Op.REVOKE, id).grant(999).actor(0);
        assertEquals(JournaledEngine.Outcome.DONE, engine.decide(r, 10, TimeUnit.SECONDS));
    }

    @Test
    void shouldRefuseASecondEngineOnAJournalThisProcessWrites(@TempDir final Path dir) throws InterruptedException {
        try (JournaledEngine first = JournaledEngine.start(config(dir))) {
            revoke(first, 1);
            final JournalException e = assertThrows(JournalException.class, () -> JournaledEngine.start(config(dir)));
            assertTrue(e.getMessage().contains(dir.toRealPath().toString()), e.getMessage());
            assertTrue(e.getMessage().contains("another engine in this process"), e.getMessage());
            assertNotNull(JournalLock.heldBy(dir), "the first engine still holds it");
            revoke(first, 2); // the refused start wrote nothing and took nothing from the first engine
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertNull(JournalLock.heldBy(dir), "closing the engine releases the lock");
        try (JournaledEngine again = JournaledEngine.start(config(dir))) {
            assertTrue(again.recoveredRecords() > 0, "the journal the first engine wrote replays");
        }
    }

    @Test
    void shouldRefuseAnEngineOnAJournalAnotherProcessWritesUntilThatProcessIsKilled(@TempDir final Path dir)
        throws Exception {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(PortableEngineCrossProcessTest.jvmFlags());
        command.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC", "-cp",
            System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
            JournalLockChild.class.getName(), dir.toString()));
        final Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            final BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.US_ASCII));
            final String ready = out.readLine();
            assertEquals("READY " + child.pid(), ready, "the child engine started");
            final JournalException e = assertThrows(JournalException.class, () -> JournaledEngine.start(config(dir)));
            assertTrue(e.getMessage().contains("another process (pid " + child.pid() + ")"), e.getMessage());
            assertEquals(e.getMessage(), JournalLock.heldBy(dir));
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertNull(JournalLock.heldBy(dir), "a killed engine's lock ends with its process");
        try (JournaledEngine after = JournaledEngine.start(config(dir))) {
            assertTrue(after.recoveredRecords() > 0, "the killed engine's journal replays");
        }
    }

    @Test
    void shouldReleaseTheLockWhenAStartIsRefused(@TempDir final Path dir) {
        try (JournaledEngine engine = JournaledEngine.start(config(dir).journalKey(new byte[32]))) {
            assertNotNull(engine);
        }
        final byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        assertThrows(JournalException.class, () -> JournaledEngine.start(config(dir).journalKey(otherKey)),
            "a journal whose SEALs do not verify under the key is refused");
        assertNull(JournalLock.heldBy(dir), "a refused start holds nothing");
        assertTrue(Files.isRegularFile(dir.resolve(JournalLock.FILE)));
    }

    @Test
    void shouldStopWhatItStartedAndReleaseTheJournalWhenAStartFailsAfterRecovery(@TempDir final Path dir)
        throws InterruptedException {
        try (JournaledEngine engine = JournaledEngine.start(config(dir))) {
            revoke(engine, 1);
        }
        final java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> JournaledEngine.start(
            new EngineConfig(POLICY, dir).fsync(FsyncMode.INTERVAL, 5).engineThreadFactory(r -> {
                throw new IllegalStateException("no thread for you");
            })));
        assertEquals("no thread for you", e.getMessage());
        assertNull(JournalLock.heldBy(dir), "the journal was closed and its lock released");
        for (final Thread t : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(t) && t.getName().startsWith("baton-")) {
                t.join(10_000);
                assertTrue(!t.isAlive(), "left running: " + t.getName());
            }
        }
        try (JournaledEngine again = JournaledEngine.start(config(dir))) {
            revoke(again, 2);
            assertTrue(again.recoveredRecords() > 0);
        }
    }

    @Test
    void shouldSayNothingHoldsADirectoryWithoutALockFile(@TempDir final Path dir) {
        assertNull(JournalLock.heldBy(dir.resolve("not-there")));
        assertNull(JournalLock.heldBy(dir));
    }
}
