package dev.baton.policy;

import dev.baton.policy.yaml.YamlSource;
import static dev.baton.policy.PolicyTexts.BASE;
import static dev.baton.policy.PolicyTexts.plus;
import static dev.baton.policy.PolicyTexts.single;
import static dev.baton.policy.PolicyTexts.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.error.YAMLException;

/** The rules every Baton YAML file is read and composed under. */
class YamlSourceTest {
    @TempDir
    Path dir;

    @Test
    void shouldRefuseABinaryTagInsteadOfDroppingIt() {
        final PolicyError e = single(with(1, "version: !!binary aGVsbG8="), 1, 10, "", "unsupported YAML tag");
        assertEquals("t.yaml:1:10: : unsupported YAML tag !!binary", e.toString());
    }

    @Test
    void shouldRefuseEveryTagButTheStandardStringListAndMappingOnes() {
        single(with(22, "default_ttl: !!timestamp 2001-12-14"), 22, 14, "", "unsupported YAML tag !!timestamp");
        single(with(13, "    max_depth: !!int 1"), 13, 16, "", "unsupported YAML tag !!int");
        single(with(22, "default_ttl: !custom 1h"), 22, 14, "", "unsupported YAML tag !custom");
        single(with(22, "default_ttl: !<tag:example.com,2000:x> 1h"), 22, 14, "",
            "unsupported YAML tag !<tag:example.com,2000:x>");
        single(with(12, "    delegates_to: !!set {worker}"), 12, 19, "", "unsupported YAML tag !!set");
        single(with(12, "    delegates_to: !!map [worker]"), 12, 19, "", "unsupported YAML tag !!map");
        single(with(9, "  !!binary cGxhbm5lcg==:"), 9, 3, "", "unsupported YAML tag !!binary");
    }

    @Test
    void shouldAcceptTheStandardTagsOfEachKind() throws PolicyException {
        final String text = with(1, "version: !!str \"t\"").replace("delegates_to: [worker]",
            "delegates_to: !!seq [! worker]").replace("  planner:\n", "  planner: !!map\n");
        assertEquals("t", PolicyParser.parse("t.yaml", text).version().name());
    }

    @Test
    void shouldRefuseARecursiveAlias() {
        single(plus("never_leave: &n [public, *n]"), 23, 26, "", "recursive alias *n");
    }

    @Test
    void shouldLimitAliasesInEveryFile() {
        final StringBuilder sb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 0; i < 11; i++) {
            sb.append("b").append(i).append(": *a\n");
        }
        final YAMLException e = assertThrows(YAMLException.class, () -> YamlSource.compose(sb.toString()));
        assertTrue(e.getMessage().contains("aliases"), e.getMessage());
    }

    @Test
    void shouldRefuseAFileLargerThanTheLimit() throws IOException {
        final Path big = dir.resolve("big.yaml");
        final byte[] bytes = new byte[YamlSource.MAX_BYTES + 1];
        Arrays.fill(bytes, (byte) '#');
        Files.write(big, bytes);
        final FileSystemException e = assertThrows(FileSystemException.class, () -> PolicyParser.parse(big));
        assertEquals(big + ": too large (limit 4194304 bytes)", e.getMessage());
        Files.write(big, Arrays.copyOf(bytes, YamlSource.MAX_BYTES));
        assertEquals(YamlSource.MAX_BYTES, YamlSource.read(big).length());
    }

    @Test
    @EnabledIf("hasDevZero")
    void shouldRefuseAnEndlessInputQuickly() {
        final FileSystemException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
            () -> assertThrows(FileSystemException.class, () -> PolicyParser.parse(Path.of("/dev/zero"))));
        assertEquals("/dev/zero: too large (limit 4194304 bytes)", e.getMessage());
    }

    @Test
    void shouldRefuseADirectory() {
        final FileSystemException e = assertThrows(FileSystemException.class, () -> YamlSource.read(dir));
        assertEquals(dir + ": is a directory", e.getMessage());
    }

    @Test
    void shouldReportTextThatIsNotUtf8() throws IOException {
        final Path bad = dir.resolve("bad.yaml");
        Files.write(bad, new byte[] {'v', ':', ' ', (byte) 0xC3, '\n'});
        final PolicyException e = assertThrows(PolicyException.class, () -> PolicyParser.parse(bad));
        assertEquals(bad + ":1:1: : the file is not valid UTF-8", e.getMessage());
    }

    static boolean hasDevZero() {
        return Files.isReadable(Path.of("/dev/zero"));
    }
}
