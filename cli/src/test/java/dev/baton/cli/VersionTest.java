package dev.baton.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class VersionTest {
    @Test
    void shouldPrintTheVersionTheBuildWrote() {
        final String expected = System.getProperty("baton.expected.version");
        assertNotNull(expected, "Surefire sets baton.expected.version from the POM");
        final CommandRun run = CommandRun.of("-V");
        assertEquals(0, run.code(), run::toString);
        assertEquals("baton " + expected, run.out().strip(), run::toString);
    }
}
