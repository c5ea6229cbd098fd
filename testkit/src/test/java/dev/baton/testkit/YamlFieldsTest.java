package dev.baton.testkit;

import dev.baton.policy.yaml.YamlSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scenario and policy-test files are read and composed under the same rules as policies. */
class YamlFieldsTest {
    @TempDir
    Path dir;

    @Test
    void shouldRefuseAnExplicitTagWithItsPlace() throws IOException {
        final Path file = dir.resolve("s.yaml");
        Files.writeString(file, "policy: p.yaml\nrepeat: !!binary aGVsbG8=\nsteps: []\n");
        final ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parse(file));
        assertEquals(file + ":2:9: unsupported YAML tag !!binary", e.getMessage());
        Files.writeString(file, "policy: p.yaml\ncases:\n  - !foo {name: x, steps: []}\n");
        final ScenarioException t = assertThrows(ScenarioException.class, () -> PolicyTestParser.parse(file));
        assertEquals(file + ":3:5: unsupported YAML tag !foo", t.getMessage());
    }

    @Test
    void shouldLimitAliasesAndRefuseRecursiveOnes() {
        final YamlFields yaml = new YamlFields("s.yaml");
        final StringBuilder laughs = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 0; i < 11; i++) {
            laughs.append("b").append(i).append(": *a\n");
        }
        final ScenarioException many = assertThrows(ScenarioException.class, () -> yaml.compose(laughs.toString()));
        assertTrue(many.getMessage().startsWith("s.yaml:") && many.getMessage().contains("aliases"),
            many.getMessage());
        final ScenarioException recursive = assertThrows(ScenarioException.class,
            () -> yaml.compose("steps: &s [{advance: 1s}, *s]\n"));
        assertEquals("s.yaml:1:27: recursive alias *s: it refers to a node that contains it",
            recursive.getMessage());
    }

    @Test
    void shouldRefuseATooLargeScenarioFile() throws IOException {
        final Path file = dir.resolve("big.yaml");
        Files.write(file, new byte[YamlSource.MAX_BYTES + 1]);
        final FileSystemException e = assertThrows(FileSystemException.class, () -> ScenarioParser.parse(file));
        assertEquals(file + ": too large (limit " + YamlSource.MAX_BYTES + " bytes)", e.getMessage());
    }
}
