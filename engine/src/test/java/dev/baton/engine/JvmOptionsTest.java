package dev.baton.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A library user's first run, in a child JVM started with only the options each test gives it (none of
 * Surefire's argLine): the engine names what is missing, the synchronous core needs nothing.
 */
class JvmOptionsTest {
    private static final String AGRONA = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    private static final String NIO = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    private static final String REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";

    @Test
    void shouldTurnChronicleUsageStatisticsOffForAJournalReaderUnlessTheUserChose(@TempDir final Path dir) {
        final String analytics = System.getProperty("chronicle.analytics.disable");
        try {
            System.clearProperty("chronicle.analytics.disable");
            new JournalReader(dir).close();
            assertEquals("true", System.getProperty("chronicle.analytics.disable"), "a library reader is quiet too");
            System.setProperty("chronicle.analytics.disable", "false");
            new JournalReader(dir).close();
            assertEquals("false", System.getProperty("chronicle.analytics.disable"), "the user's choice stands");
        } finally {
            if (analytics == null) {
                System.clearProperty("chronicle.analytics.disable");
            } else {
                System.setProperty("chronicle.analytics.disable", analytics);
            }
        }
    }

    @Test
    void shouldFindEveryOptionUnderSurefiresArgLine() {
        assertEquals(List.of(), JvmOptions.missingRequired());
        assertEquals(List.of(), JvmOptions.missingRecommended());
        JvmOptions.requireEngineOptions();
    }

    @Test
    void shouldRefuseToStartTheEngineWithOneMessageNamingEachMissingOption(@TempDir final Path dir)
        throws Exception {
        final Run run = Run.child(List.of(), "engine", policy(), dir.resolve("journal").toString());

        assertNotEquals(0, run.exit, run::toString);
        assertTrue(run.err.contains("java.lang.IllegalStateException: JournaledEngine cannot start"), run::toString);
        assertFalse(run.err.contains("IllegalAccessError"), run::toString);
        for (final String option : List.of(AGRONA, NIO, REFLECT)) {
            assertTrue(run.err.contains("missing:     " + option), () -> option + " not named: " + run);
        }
        for (final String how : List.of("JDK_JAVA_OPTIONS", "<argLine>", "exec:exec", "jvmArgs(",
            "Add-Exports: java.base/jdk.internal.misc java.base/sun.nio.ch", "Add-Opens: java.base/java.lang.reflect")) {
            assertTrue(run.err.contains(how), () -> "no " + how + " in " + run);
        }
    }

    @Test
    void shouldStartTheEngineWithOnlyTheRequiredOptionsAndNoChronicleAnnouncement(@TempDir final Path dir)
        throws Exception {
        // INFO for Chronicle, so that its start-up banner would show if it were printed.
        final Run run = Run.child(List.of(AGRONA, NIO, REFLECT, "-Dorg.slf4j.simpleLogger.log.net.openhft=info"),
            "engine", policy(), dir.resolve("journal").toString());

        assertEquals(0, run.exit, run::toString);
        assertTrue(run.out.startsWith("DONE ALLOW ALLOWED grant=1"), run::toString);
        assertTrue(run.out.contains("chronicle.analytics.disable=true chronicle.announcer.disable=true"),
            run::toString);
        assertTrue(run.err.contains("INFO net.openhft.chronicle"), () -> "Chronicle logs through SLF4J: " + run);
        assertFalse(run.err.contains("usage statistics") || run.err.contains("Announcer"), run::toString);
    }

    @Test
    void shouldRunTheDecisionCoreQuickstartWithoutAnyOption() throws Exception {
        final Run run = Run.child(List.of(), "core", policy());

        assertEquals(0, run.exit, run::toString);
        assertEquals(List.of("ALLOW ALLOWED grant=2", "ALLOW ALLOWED grant=2"), run.out.lines().toList(),
            run::toString);
    }

    /**
     * The warrant overloads take Agrona buffers; Agrona's buffer classes (UnsafeBuffer, and
     * ExpandableArrayBuffer alike) initialise org.agrona.BufferUtil, whose org.agrona.UnsafeApi needs the
     * jdk.internal.misc export, even over a byte[]. That one option is all they need.
     */
    @Test
    void shouldNeedOnlyAgronasOptionForWarrantBuffers() throws Exception {
        final Run without = Run.child(List.of(), "warrants", policy());
        assertNotEquals(0, without.exit, without::toString);
        assertTrue(without.err.contains("org.agrona.UnsafeApi") && without.err.contains("jdk.internal.misc"),
            without::toString);

        final Run with = Run.child(List.of(AGRONA), "warrants", policy());
        assertEquals(0, with.exit, with::toString);
        assertEquals("ALLOW ALLOWED grant=2", with.out.strip(), with::toString);
    }

    @Test
    void shouldKeepChronicleSettingsTheUserChose() {
        final String analytics = System.getProperty("chronicle.analytics.disable");
        final String announcer = System.getProperty("chronicle.announcer.disable");
        try {
            System.clearProperty("chronicle.analytics.disable");
            System.setProperty("chronicle.announcer.disable", "false");
            JvmOptions.beforeEngineStart();
            assertEquals("true", System.getProperty("chronicle.analytics.disable"));
            assertEquals("false", System.getProperty("chronicle.announcer.disable"));
        } finally {
            restore("chronicle.analytics.disable", analytics);
            restore("chronicle.announcer.disable", announcer);
        }
    }

    private static void restore(final String key, final String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private static String policy() {
        final Path root = Path.of(System.getProperty("baton.repo.root", "..")).toAbsolutePath();
        final Path policy = root.resolve("src/policies/refund-dispute.yaml");
        assertTrue(Files.isRegularFile(policy), policy::toString);
        return policy.toString();
    }

    /** A finished child JVM: exit status, stdout, stderr. */
    private static final class Run {
        final int exit;
        final String out;
        final String err;

        private Run(final int exit, final String out, final String err) {
            this.exit = exit;
            this.out = out;
            this.err = err;
        }

        /** Runs {@link EmbeddingChild} with exactly {@code options}: no argLine, no JDK_JAVA_OPTIONS. */
        static Run child(final List<String> options, final String... args) throws IOException, InterruptedException {
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(options);
            command.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                EmbeddingChild.class.getName()));
            command.addAll(List.of(args));
            final Path out = Files.createTempFile("embedding-child-", ".out");
            final Path err = Files.createTempFile("embedding-child-", ".err");
            try {
                final ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
                builder.environment().remove("JDK_JAVA_OPTIONS");
                builder.environment().remove("JAVA_TOOL_OPTIONS");
                final Process p = builder.start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("the child did not finish within 60 s: " + command);
                }
                return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }

        @Override
        public String toString() {
            return "exit=" + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }
}
