package dev.baton.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckCommandTest {
    /** A small valid policy; line numbers (1-based) are referenced below. */
    private static final String BASE = String.join("\n",
        "version: \"t\"",                                                        // 1
        "vocabulary:",                                                           // 2
        "  actions: [read, write]",                                              // 3
        "  data_classes: [public, internal]",                                    // 4
        "  trust_domains: [acme.example, partner.example]",                      // 5
        "  tools:",                                                              // 6
        "    crm.lookup: [read, write]",                                         // 7
        "agents:",                                                               // 8
        "  planner:",                                                            // 9
        "    identity: spiffe://acme.example/agent/planner",                     // 10
        "    ceiling: {capabilities: [\"crm.lookup:*\"], data: [public]}",       // 11
        "    delegates_to: [worker]",                                            // 12
        "    max_depth: 1",                                                      // 13
        "  worker:",                                                             // 14
        "    identity: spiffe://acme.example/worker/**",                         // 15
        "    ceiling: {capabilities: [\"crm.lookup:read\"], data: [public]}",    // 16
        "purposes:",                                                             // 17
        "  p:",                                                                  // 18
        "    opened_by: [\"user:*@acme.example\"]",                              // 19
        "    entry_agents: [planner]",                                           // 20
        "    ceiling: {capabilities: [\"*\"], data: [\"*\"]}",                   // 21
        "default_ttl: 1h") + "\n";                                               // 22

    @TempDir
    Path dir;

    private static String with(final int line, final String replacement) {
        final List<String> lines = new ArrayList<>(Arrays.asList(BASE.split("\n", -1)));
        if (replacement == null) {
            lines.remove(line - 1);
        } else {
            lines.set(line - 1, replacement);
        }
        return String.join("\n", lines);
    }

    private Path write(final String name, final String text) throws IOException {
        final Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void shouldPrintOneSummaryLineForAValidPolicy() {
        final Path policy = CommandRun.repoRoot().resolve("src/policies/refund-dispute.yaml");
        final CommandRun run = CommandRun.of("check", policy.toString());
        assertEquals(BatonCommand.OK, run.code(), run.toString());
        assertEquals(List.of(), run.errLines(), run.toString());
        assertEquals(1, run.outLines().size(), run.toString());
        assertTrue(run.out().matches(Pattern.quote(policy.toString())
            + ": ok, version 2026-11-23\\.1, 14 capabilities, 5 data classes, 6 agents, 2 purposes, 4 review rules,"
            + " 3 tiers, 1 break-glass rule, sha256 [0-9a-f]{16}\\R"), run.toString());
    }

    @Test
    void shouldWarnAboutASelfEdgeWithoutFailing() throws IOException {
        final Path file = write("self.yaml", with(16, BASE.split("\n")[15] + "\n    delegates_to: [worker]\n    max_depth: 2"));
        final CommandRun run = CommandRun.of("check", file.toString());
        assertEquals(BatonCommand.OK, run.code(), run.toString());
        assertEquals(1, run.outLines().size(), run.toString());
        assertEquals(1, run.errLines().size(), run.toString());
        assertTrue(run.errLines().get(0).startsWith(file + ":17:20: agents.worker.delegates_to: warning: self delegation"
            + " edge: 'worker' may delegate to its own agent class"), run.toString());
    }

    @Test
    void shouldCheckEveryPolicyGivenAndUseSingularCounts() throws IOException {
        final Path minimal = CommandRun.repoRoot().resolve("src/policies/minimal.yaml");
        final Path base = write("base.yaml", BASE);
        final CommandRun run = CommandRun.of("check", minimal.toString(), base.toString());
        assertEquals(BatonCommand.OK, run.code(), run.toString());
        assertEquals(2, run.outLines().size(), run.toString());
        assertTrue(run.outLines().get(0).startsWith(minimal + ": ok, version minimal-1, 1 capability, 1 data class,"
            + " 1 agent, 1 purpose, 0 review rules, 0 tiers, 0 break-glass rules, sha256 "), run.toString());
        assertTrue(run.outLines().get(1).startsWith(base + ": ok, version t, 2 capabilities, 2 data classes,"
            + " 2 agents, 1 purpose,"), run.toString());
    }

    /** One policy text per class of error, the place and field the error must name, and part of its message. */
    static Stream<Arguments> errorClasses() {
        return Stream.of(
            Arguments.of("YAML syntax", with(13, "    max_depth: [1"), "14:9: : ", "YAML syntax error"),
            Arguments.of("unknown field", with(12, "    delegate_to: [worker]"), "12:5: agents.planner.delegate_to: ",
                "unknown field 'delegate_to'; expected one of: identity, ceiling, delegates_to, max_depth"),
            Arguments.of("missing field", with(10, null), "10:5: agents.planner.identity: ",
                "missing required field 'identity'"),
            Arguments.of("wrong type", with(13, "    max_depth: three"), "13:16: agents.planner.max_depth: ",
                "expected an integer from 0 to 16, found 'three'"),
            Arguments.of("duplicate key", with(13, "    identity: spiffe://acme.example/agent/other"),
                "13:5: agents.planner.identity: ", "duplicate key 'identity'; first defined at line 10"),
            Arguments.of("unknown name", with(12, "    delegates_to: [wrker]"),
                "12:20: agents.planner.delegates_to[0]: ", "unknown agent 'wrker'; declared agents: planner, worker"),
            Arguments.of("bad pattern", with(15, "    identity: spiffe://acme.example/worker/a**"),
                "15:15: agents.worker.identity: ", "'**' must be a whole segment"),
            Arguments.of("out of range", with(13, "    max_depth: 17"), "13:16: agents.planner.max_depth: ",
                "out of range: expected an integer from 0 to 16, found 17"),
            Arguments.of("never matches (compiler)", with(15, "    identity: spiffe://acme.example/agent/planner"),
                "15:15: agents.worker.identity: ",
                "never matches: agent 'planner' (line 9) has the same pattern and comes first"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorClasses")
    void shouldPrintLineAndColumnOfEachPolicyError(final String errorClass, final String text, final String place,
                                                   final String message) throws IOException {
        final Path file = write("policy.yaml", text);
        final CommandRun run = CommandRun.of("check", file.toString());
        assertEquals(BatonCommand.FAILED, run.code(), run.toString());
        assertEquals("", run.out(), run.toString());
        final List<String> lines = run.errLines();
        assertEquals(2, lines.size(), errorClass + ": one error, then the count: " + run);
        assertTrue(lines.get(0).startsWith(file + ":" + place), errorClass + ": " + run);
        assertTrue(lines.get(0).contains(message), errorClass + ": " + run);
        assertEquals("baton check: 1 error in " + file, lines.get(lines.size() - 1), run.toString());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run);
    }

    @Test
    void shouldPrintEveryErrorOfAPolicyAndCountThem() throws IOException {
        final Path file = write("policy.yaml", with(13, "    max_depth: 17").replace("delegates_to:", "delegate_to:"));
        final CommandRun run = CommandRun.of("check", file.toString());
        assertEquals(BatonCommand.FAILED, run.code(), run.toString());
        assertEquals(List.of(
            file + ":12:5: agents.planner.delegate_to: unknown field 'delegate_to'; expected one of: identity, ceiling,"
                + " delegates_to, max_depth",
            file + ":13:16: agents.planner.max_depth: out of range: expected an integer from 0 to 16, found 17",
            "baton check: 2 errors in " + file), run.errLines());
    }

    @Test
    void shouldReportMissingFileAsBadInput() {
        final CommandRun run = CommandRun.of("check", "does/not/exist.yaml");
        assertEquals(BatonCommand.USAGE, run.code(), run.toString());
        assertEquals(List.of("baton check: no such file: does/not/exist.yaml"), run.errLines());
    }

    @Test
    void shouldRefuseAnEndlessOrTooLargeInputWithoutStackTrace() throws IOException {
        final Path big = write("big.yaml", "#".repeat(4 * 1024 * 1024 + 1));
        final CommandRun run = CommandRun.of("check", big.toString());
        assertEquals(BatonCommand.USAGE, run.code(), run.toString());
        assertEquals(List.of("baton check: " + big + ": too large (limit 4194304 bytes)"), run.errLines());
        if (Files.isReadable(Path.of("/dev/zero"))) {
            final long start = System.nanoTime();
            final CommandRun zero = CommandRun.of("check", "/dev/zero");
            assertEquals(BatonCommand.USAGE, zero.code(), zero.toString());
            assertEquals(List.of("baton check: /dev/zero: too large (limit 4194304 bytes)"), zero.errLines());
            assertTrue(System.nanoTime() - start < 10_000_000_000L, "refused quickly");
        }
    }

    @Test
    void shouldRefuseAnExplicitYamlTagWithItsPlace() throws IOException {
        final Path file = write("tagged.yaml", with(1, "version: !!binary aGVsbG8="));
        final CommandRun run = CommandRun.of("check", file.toString());
        assertEquals(BatonCommand.FAILED, run.code(), run.toString());
        assertEquals(List.of(file + ":1:10: : unsupported YAML tag !!binary", "baton check: 1 error in " + file),
            run.errLines());
    }

    @Test
    void shouldKeepCheckingAfterABadFileAndExitWithTheWorstCode() throws IOException {
        final Path bad = write("policy.yaml", with(13, "    max_depth: 17"));
        final Path good = write("good.yaml", BASE);
        final CommandRun run = CommandRun.of("check", "missing.yaml", bad.toString(), good.toString());
        assertEquals(BatonCommand.USAGE, run.code(), run.toString());
        assertTrue(run.err().contains("no such file: missing.yaml"), run.toString());
        assertTrue(run.err().contains("baton check: 1 error in " + bad), run.toString());
        assertTrue(run.out().startsWith(good + ": ok, version t,"), run.toString());
    }

    @Test
    void shouldSayThatATestFileIsNotAPolicy() {
        final Path tests = CommandRun.repoRoot().resolve("src/policies/minimal-tests.yaml");
        final CommandRun run = CommandRun.of("check", tests.toString());
        assertEquals(BatonCommand.FAILED, run.code(), run.toString());
        assertTrue(run.err().contains(tests + ":2:1: policy: unknown field 'policy'"), run.toString());
        assertTrue(run.err().contains("it looks like a policy test file: run it with 'baton test'"), run.toString());
    }

    @Test
    void shouldRequireAPolicyArgument() {
        final CommandRun run = CommandRun.of("check");
        assertEquals(BatonCommand.USAGE, run.code(), run.toString());
        assertTrue(run.err().contains("Missing required parameter: 'POLICY'"), run.toString());
        assertTrue(run.err().contains("Usage: baton check"), run.toString());
    }

    @Test
    void shouldAnswerAWrongFlagWithAShortUsageErrorNotTheWholeHelp() {
        final CommandRun run = CommandRun.of("check", "--bogus", "p.yaml");
        assertEquals(BatonCommand.USAGE, run.code(), run.toString());
        assertEquals(List.of("baton check: Unknown option: '--bogus'",
            "Usage: baton check [-hV] [--format=FORMAT] POLICY...",
            "Try 'baton check --help' for more information."), run.errLines(), run.toString());
        assertEquals("", run.out(), run.toString());
    }

    @Test
    void shouldExplainItselfAndItsExitCodesInHelp() {
        final CommandRun run = CommandRun.of("check", "--help");
        assertEquals(BatonCommand.OK, run.code(), run.toString());
        assertTrue(run.out().contains("Usage: baton check [-hV] [--format=FORMAT] POLICY..."), run.toString());
        assertTrue(run.out().contains("Exit codes:"), run.toString());
        assertTrue(run.out().matches("(?s).*\\s1\\s+a policy has errors.*"), run.toString());
    }
}
