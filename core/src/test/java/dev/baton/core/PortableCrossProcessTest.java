package dev.baton.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Engine A, in its own JVM, issues a portable warrant; engine B, in another JVM, verifies it offline,
 * delegates further and authorizes; a revocation of A's root made known to B denies B's grandchild.
 * A third JVM replays both engines' journals with no key and gets every decision again. All three JVMs
 * start with no JVM option.
 */
class PortableCrossProcessTest {
    private static String run(final String role, final Path dir) throws Exception {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
            PortableEngineMain.class.getName(), role, dir.toString())).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "engine " + role + " timed out");
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void shouldAcceptAForeignWarrantDelegateAuthorizeSeeTheForeignRootRevokedAndReplayWithoutKeys(@TempDir final Path dir)
        throws Exception {
        final String a = run("A", dir);
        assertTrue(a.contains("A open ALLOW"), a);
        assertTrue(a.contains("A delegate ALLOW"), a);
        final String root = Files.readString(dir.resolve("a.root")).strip();
        final String b = run("B", dir);
        assertTrue(b.contains("B accepted foreign parent") && b.contains(" true"), b);
        assertTrue(b.contains("B delegate ALLOW"), b);
        assertTrue(b.contains("B grandchild hops 1:" + root + ",1:"), b);
        assertTrue(b.matches("(?s).*B grandchild hops 1:\\d+,1:\\d+,2:\\d+\\R.*"), b);
        assertTrue(b.contains("B authorize ALLOW"), b);
        assertTrue(b.contains("B authorize after A's root revoked DENY REVOKED"), b);
        Files.delete(dir.resolve("a.pub")); // replay gets no key at all
        final String replay = run("REPLAY", dir);
        assertTrue(replay.contains("replayed A without keys: 2 decisions match"), replay);
        assertTrue(replay.contains("replayed B without keys: 4 decisions match"), replay);
    }
}
