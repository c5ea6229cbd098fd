package dev.baton;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's module that {@code requires dev.baton.core} compiles against the module path and decides
 * in a JVM started with no option at all; and the core's internals stay closed to it.
 */
class ModulePathTest {

    private static final String MODULE_INFO = "module consumer { requires dev.baton.core; }\n";

    private static final String MAIN = """
        package consumer;

        import dev.baton.*;
        import java.nio.file.Path;
        import java.time.Clock;

        public class Main {
            public static void main(String[] args) throws Exception {
                Policy policy = Policy.load(Path.of(args[0]));
                try (DelegationEngine engine = DelegationEngine.inMemory(policy, Clock.systemUTC(), null);
                     DecisionSession session = engine.session()) {
                    Agent planner = engine.agent("spiffe://acme.example/agent/planner");
                    Scope lookup = policy.scope().capability("crm.lookup", "read").data("customer_pii").build();
                    Decision root = session.open(engine.principal("user:alice@acme.example"),
                        policy.purpose("refund-dispute"), planner, lookup);
                    System.out.println(root.describe());
                    System.out.println(Main.class.getModule().canRead(Policy.class.getModule()));
                    System.out.println(Policy.class.getModule().isExported("dev.baton.core"));
                }
            }
        }
        """;

    @Test
    void shouldDecideFromANamedModuleWithNoJvmOption(@TempDir final Path dir) throws Exception {
        final Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("consumer"));
        Files.writeString(src.resolve("module-info.java"), MODULE_INFO);
        Files.writeString(src.resolve("consumer").resolve("Main.java"), MAIN);
        final String modulePath = batonModulePath();
        final Path out = dir.resolve("out");

        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        final ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        final int rc = javac.run(null, null, diagnostics, "--release", "17", "--module-path", modulePath,
            "-d", out.toString(), src.resolve("module-info.java").toString(),
            src.resolve("consumer").resolve("Main.java").toString());
        assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));

        final Path policy = repoRoot().resolve("src").resolve("policies").resolve("refund-dispute.yaml");
        final Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--module-path", out + File.pathSeparator + modulePath, "-m", "consumer/consumer.Main", policy.toString())
            .redirectErrorStream(true).start();
        final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM finished");
        assertEquals(0, p.exitValue(), output);
        final String[] lines = output.split("\\R");
        assertEquals("ALLOW ALLOWED grant=1", lines[0], output);
        assertEquals("true", lines[1], "the consumer reads dev.baton.core");
        assertEquals("false", lines[2], "dev.baton.core (internal) is not exported to users");
    }

    /** Baton's core and codec (classes or jars) and their two dependencies, from the test class path. */
    private static String batonModulePath() {
        final String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        final List<String> keep = new ArrayList<>();
        for (final String entry : classpath.split(File.pathSeparator)) {
            final String e = entry.replace('\\', '/');
            final boolean ownClasses = e.endsWith("/target/classes") || e.endsWith("/target/classes/");
            final boolean baton = ownClasses && (e.contains("/core/") || e.contains("/codec/"))
                || e.contains("baton-codec") || e.contains("baton-core");
            if (baton || e.contains("/agrona-") || e.contains("/snakeyaml-")) {
                keep.add(entry);
            }
        }
        assertTrue(keep.size() >= 4, "core, codec, Agrona and SnakeYAML on the test class path: " + keep);
        return String.join(File.pathSeparator, keep);
    }

    private static Path repoRoot() {
        final String prop = System.getProperty("baton.repo.root");
        if (prop != null) {
            return Path.of(prop);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("src").resolve("policies"))) {
            dir = dir.getParent();
        }
        return dir;
    }
}
