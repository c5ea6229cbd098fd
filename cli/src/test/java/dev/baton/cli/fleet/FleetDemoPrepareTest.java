package dev.baton.cli.fleet;

import dev.baton.engine.JournalLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link FleetDemo#prepare}: an earlier fleet demo's directory is replaced, but never while an engine writes in it. */
class FleetDemoPrepareTest {
    @Test
    void shouldNotEmptyAFleetDirectoryWhileAnEngineWritesAJournalInIt(@TempDir final Path dir) throws IOException {
        final Path fleet = dir.resolve("fleet");
        final Path journal = fleet.resolve("engine-1").resolve("journal");
        Files.createDirectories(journal);
        Files.writeString(fleet.resolve(FleetDemo.MARKER), "earlier run");
        Files.write(journal.resolve("20270115F.cq4"), new byte[64]);
        try (JournalLock held = JournalLock.acquire(journal)) {
            final String refused = FleetDemo.prepare(fleet);
            assertTrue(refused.contains("is open for writing by another engine in this process"), refused);
            assertTrue(refused.endsWith("(is another fleet demo running?)"), refused);
            assertTrue(Files.isRegularFile(journal.resolve("20270115F.cq4")), "nothing deleted");
        }
        assertNull(FleetDemo.prepare(fleet));
        assertFalse(Files.exists(fleet.resolve("engine-1")), "replaced once no engine writes it");
        assertTrue(Files.isRegularFile(fleet.resolve(FleetDemo.MARKER)));
    }
}
