package dev.baton.verifier;

import dev.baton.codec.PortableWarrantDecoder;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verifier needs neither Agrona nor any JVM option (issue #10: warrant verification needs no option). */
class NoJvmOptionsTest {
    private static String location(final Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void shouldRunTheseTestsWithoutAgronaOrAnyExportOrOpen() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.agrona.DirectBuffer"));
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            assertFalse(arg.startsWith("--add-exports") || arg.startsWith("--add-opens"), arg);
        }
    }

    @Test
    void shouldVerifyInAChildJvmStartedWithNoOption() throws Exception {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final String classPath = String.join(File.pathSeparator, location(PortableWarrantDecoder.class),
            location(OfflineVerifier.class), location(NoOptionsMain.class));
        assertFalse(classPath.contains("agrona"), classPath);
        final Process child = new ProcessBuilder(List.of(java, "-cp", classPath, NoOptionsMain.class.getName()))
            .redirectErrorStream(true).start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child JVM timed out");
        final String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("verified without JVM options"), output);
        // The HMAC's midstate look-up must never make the JDK warn (sun.misc.Unsafe on JDK 24+: JEP 498).
        assertFalse(output.contains("WARNING"), output);
    }
}
