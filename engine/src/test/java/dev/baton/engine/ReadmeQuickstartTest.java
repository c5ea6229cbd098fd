package dev.baton.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's Java blocks compile against the engine and print what their comments say. */
class ReadmeQuickstartTest {

    @Test
    void shouldCompileAndRunEveryJavaBlockOfTheReadme(@TempDir final Path dir) throws Exception {
        final Path root = repoRoot();
        final String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        final Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        final java.util.Map<String, String> outputs = new java.util.HashMap<>();
        while (m.find()) {
            final String source = m.group(1).replace("Path.of(\"src/policies/",
                "Path.of(\"" + root.toString().replace("\\", "/") + "/src/policies/")
                // the example's journal goes in this test's directory, deleted after it, not in the system's temp
                .replace("Files.createTempDirectory(\"", "Files.createTempDirectory(Path.of(\""
                    + dir.toString().replace("\\", "/") + "\"), \"");
            final Matcher name = Pattern.compile("public class (\\w+)").matcher(source);
            assertTrue(name.find(), "every README Java block is a public class with a main method");
            outputs.put(name.group(1), compileAndRun(dir, name.group(1), source));
        }
        assertEquals(2, outputs.size(), "README.md has two Java blocks");

        final String[] quick = outputs.get("Quickstart").split("\\R");
        assertEquals("ALLOW ALLOWED grant=2", quick[0]);
        assertTrue(quick[1].startsWith("DENY JUSTIFICATION_REQUIRED") && quick[1].contains("rule=tiers.sensitive ("),
            quick[1]);
        final String[] engine = outputs.get("EngineQuickstart").split("\\R");
        assertEquals("ALLOW ALLOWED grant=1", engine[0]);
        assertEquals("ALLOW ALLOWED grant=1", engine[1]);
    }

    private static String compileAndRun(final Path dir, final String className, final String source) throws Exception {
        final Path file = dir.resolve(className + ".java");
        Files.writeString(file, source);
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        final String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        final ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        final int rc = javac.run(null, null, diagnostics, "--release", "17", "-cp", classpath, "-d", dir.toString(),
            file.toString());
        assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final PrintStream old = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
            ReadmeQuickstartTest.class.getClassLoader())) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            final Method main = loader.loadClass(className).getMethod("main", String[].class);
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The repository root: Surefire passes it; otherwise walk up to the directory holding src/policies. */
    static Path repoRoot() {
        final String prop = System.getProperty("baton.repo.root");
        if (prop != null && Files.isDirectory(Path.of(prop, "src", "policies"))) {
            return Path.of(prop);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("src").resolve("policies"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (src/policies)");
        }
        return dir;
    }
}
