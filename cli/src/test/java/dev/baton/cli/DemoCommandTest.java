package dev.baton.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args) {
        final PrintStream oldOut = System.out;
        final PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return BatonCommand.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static Path repoRoot() {
        final String prop = System.getProperty("baton.repo.root");
        return prop != null ? Path.of(prop) : Path.of("..").toAbsolutePath().normalize();
    }

    @Test
    void shouldRunExampleScenarioAndPrintDecisionsByOutcomeAndReason() {
        final int code = run("demo", "--repeat", "20",
            "--scenario", repoRoot().resolve("src/scenarios/refund-dispute.yaml").toString());
        final String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text + err);
        assertTrue(text.contains("decisions by outcome and reason"), text);
        assertTrue(text.matches("(?s).*DENY\\s+NEVER_LEAVE\\s+20\\s+never_leave\\.customer_pii.*"), text);
        assertTrue(text.matches("(?s).*REVIEW\\s+REVIEW_REQUIRED.*"), text);
        assertTrue(text.contains("expectations: all"), text);
        assertTrue(text.matches("(?s).*time: [0-9,]+ decisions in .* ms.*"), text);
    }

    @Test
    void shouldReportMalformedScenarioWithoutStackTrace(@TempDir final Path dir) throws Exception {
        final Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "policy: nowhere.yaml\nsteps: 3\n");
        final int code = run("demo", "--scenario", bad.toString());
        final String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(BatonCommand.USAGE, code);
        assertTrue(text.contains("bad.yaml:2:8: steps: expected a list"), text);
        assertFalse(text.contains("\tat "), "no stack trace: " + text);
    }

    @Test
    void shouldReportMissingScenarioFile() {
        final int code = run("demo", "--scenario", "does/not/exist.yaml");
        assertEquals(BatonCommand.USAGE, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no such file: does/not/exist.yaml"));
    }

    @Test
    void shouldRejectUnknownOption() {
        assertEquals(BatonCommand.USAGE, run("demo", "--frobnicate"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Unknown option: '--frobnicate'"));
    }
}
