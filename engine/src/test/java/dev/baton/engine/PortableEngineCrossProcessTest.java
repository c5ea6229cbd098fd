package dev.baton.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two journaled engines in two JVMs, each with its own Chronicle journal: engine A issues a portable
 * warrant (Ed25519); engine B, holding only A's public key, verifies it offline, delegates further and
 * authorizes on the grandchild's warrant; once A's root is made known to B as revoked, B denies the
 * grandchild. A third JVM replays both journals with no key and reproduces every decision (B's
 * FOREIGN_WARRANT record mirrors the same grant again), and a what-if of B's journal under the same
 * policy, also without keys, decides every request as journaled.
 */
class PortableEngineCrossProcessTest {
    private static String run(final String role, final Path dir) throws Exception {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags());
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-cp",
            System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
            PortableEngineChild.class.getName(), role, dir.toString()));
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "engine " + role + " timed out: " + out);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void shouldAcceptAForeignWarrantInAnotherJournaledEngineSeeItsRootRevokedAndReplayBothJournalsWithoutKeys(
        @TempDir final Path dir) throws Exception {
        final KeyPair a = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Files.write(dir.resolve("a.key"), a.getPrivate().getEncoded());
        Files.write(dir.resolve("a.pub"), a.getPublic().getEncoded());
        final String outA = run("A", dir);
        assertTrue(outA.contains("A open ALLOW"), outA);
        assertTrue(outA.contains("A delegate ALLOW warrant v2"), outA);
        final String root = Files.readString(dir.resolve("a.root")).strip();
        Files.delete(dir.resolve("a.key")); // B and the replay never see A's private key
        final String outB = run("B", dir);
        assertTrue(outB.contains("B delegate ALLOW ALLOWED foreign parent "), outB);
        assertTrue(outB.matches("(?s).*B grandchild hops 1:" + root + ",1:\\d+,2:\\d+\\R.*"),
            "the grandchild's warrant carries A's chain, then B's grant: " + outB);
        assertTrue(outB.contains("B authorize ALLOW ALLOWED"), outB);
        assertTrue(outB.contains("B authorize after A's root revoked DENY REVOKED"), outB);
        assertTrue(outB.contains("B forged parent DENY BAD_MAC"), outB);
        Files.delete(dir.resolve("a.pub"));
        final String replay = run("REPLAY", dir);
        assertTrue(replay.contains("replayed A without keys: 2 decisions, 0 mismatches, 0 foreign warrants, problem null,"
            + " broken null"), replay);
        assertTrue(replay.contains("replayed B without keys: 4 decisions, 0 mismatches, 1 foreign warrants, problem null,"
            + " broken null"), replay);
        assertTrue(replay.contains("what-if B under the same policy without keys: 4 decisions, 0 differ"), replay);
    }

    /** The module-access flags and properties this JVM runs with (Surefire's argLine), for the children. */
    static List<String> jvmFlags() {
        final List<String> flags = new ArrayList<>();
        final List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (int i = 0; i < args.size(); i++) {
            final String arg = args.get(i);
            if ((arg.equals("--add-exports") || arg.equals("--add-opens")) && i + 1 < args.size()) {
                flags.add(arg);
                flags.add(args.get(++i));
            } else if (arg.startsWith("--add-exports=") || arg.startsWith("--add-opens=")
                || arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc-unsafe-memory-access")
                || arg.startsWith("-Dchronicle.") || arg.startsWith("-Djna.")) {
                flags.add(arg);
            }
        }
        return flags;
    }
}
