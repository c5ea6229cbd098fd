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

/** The README's Java quickstart compiles against the engine and prints what its comments say. */
class ReadmeQuickstartTest {

    @Test
    void shouldCompileAndRunTheReadmeQuickstart(@TempDir final Path dir) throws Exception {
        final Path root = TestPolicies.repoRoot();
        final String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        final Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "README.md has a ```java block");
        final String source = m.group(1).replace("Path.of(\"src/policies/",
            "Path.of(\"" + root.toString().replace("\\", "/") + "/src/policies/");
        final Path file = dir.resolve("Quickstart.java");
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
            final Method main = loader.loadClass("Quickstart").getMethod("main", String[].class);
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(old);
        }
        final String[] lines = out.toString(StandardCharsets.UTF_8).split("\\R");
        assertEquals("ALLOW ALLOWED grant=2", lines[0]);
        assertTrue(lines[1].startsWith("DENY JUSTIFICATION_REQUIRED") && lines[1].contains("rule=tiers.sensitive ("),
            lines[1]);
    }
}
