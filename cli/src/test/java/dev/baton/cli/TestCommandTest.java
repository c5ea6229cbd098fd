package dev.baton.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestCommandTest {
    private static final Path POLICIES = CommandRun.repoRoot().resolve("src/policies");
    private static final String PLANNER = "spiffe://acme.example/agent/planner";

    @TempDir
    Path dir;

    /** Writes a test file against the example policy, given by absolute path. */
    private Path tests(final String name, final String... lines) throws IOException {
        final Path file = dir.resolve(name);
        Files.writeString(file, "policy: " + POLICIES.resolve("refund-dispute.yaml") + "\n"
            + String.join("\n", lines) + "\n");
        return file;
    }

    private static int cases(final Path file) throws IOException {
        final Matcher m = Pattern.compile("(?m)^  - name: ").matcher(Files.readString(file));
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static String last(final List<String> lines) {
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    @Test
    void shouldPassEveryShippedPolicyTest() throws IOException {
        final Path refund = POLICIES.resolve("refund-dispute-tests.yaml");
        final Path minimal = POLICIES.resolve("minimal-tests.yaml");
        final CommandRun run = CommandRun.of("test", refund.toString(), minimal.toString());
        assertEquals(BatonCommand.OK, run.code(), run.toString());
        assertEquals("", run.err(), run.toString());
        final int total = cases(refund) + cases(minimal);
        assertTrue(total > 30, "the shipped tests have " + total + " cases");
        assertEquals(List.of(total + " passed, 0 failed"), run.outLines(), "quiet unless a case fails: " + run);
    }

    @Test
    void shouldPrintEveryCaseWhenVerbose() throws IOException {
        final Path minimal = POLICIES.resolve("minimal-tests.yaml");
        final CommandRun run = CommandRun.of("test", "--verbose", minimal.toString());
        assertEquals(BatonCommand.OK, run.code(), run.toString());
        assertEquals(cases(minimal) + 1, run.outLines().size(), run.toString());
        assertTrue(run.outLines().get(0).startsWith("PASS  " + minimal + ":5:5  a user of example.org opens"),
            run.toString());
    }

    @Test
    void shouldNameTheFailedCaseWithExpectedAndActualDecision() throws IOException {
        final Path file = tests("t.yaml",
            "cases:",
            "  - name: opens a dispute",
            "    steps:",
            "      - open: {as: task, principal: \"user:alice@acme.example\", purpose: refund-dispute,",
            "               agent: " + PLANNER + ", capabilities: [\"doc.summarize:summarize\"], data: [public]}",
            "        expect: ALLOW",
            "  - name: the partner may summarise customer records",
            "    steps:",
            "      - open: {as: task, principal: \"user:alice@acme.example\", purpose: refund-dispute,",
            "               agent: " + PLANNER + ", capabilities: [\"doc.summarize:summarize\"], data: [customer_pii]}",
            "        expect: ALLOW",
            "      - delegate: {from: task, to: spiffe://partner.example/mcp/summariser,",
            "                   capabilities: [\"doc.summarize:summarize\"], data: [customer_pii]}",
            "        expect: ALLOW",
            "      - authorize: {grant: task, capability: \"doc.summarize:classify\"}",
            "        expect: ALLOW");
        final CommandRun run = CommandRun.of("test", file.toString());
        assertEquals(BatonCommand.FAILED, run.code(), run.toString());
        final List<String> out = run.outLines();
        assertEquals("FAIL  " + file + ":8:5  the partner may summarise customer records", out.get(0), run.toString());
        assertEquals("      step      " + file + ":13:9 (delegate)", out.get(1), run.toString());
        assertEquals("      expected  ALLOW", out.get(2), run.toString());
        assertTrue(out.get(3).matches("      actual    DENY NEVER_LEAVE data=customer_pii"
            + " rule=never_leave\\.customer_pii \\(.*refund-dispute\\.yaml:\\d+:\\d+\\)"), run.toString());
        assertEquals("      (1 later expectation of this case also missed)", out.get(4), run.toString());
        assertEquals("1 passed, 1 failed", last(out), run.toString());
        assertFalse(run.out().contains("opens a dispute"), "passed cases are quiet: " + run);
    }

    @Test
    void shouldCountSkippedCasesWithoutBindingThem() throws IOException {
        final Path file = tests("t.yaml",
            "cases:",
            "  - name: works",
            "    steps:",
            "      - open: {principal: \"user:eve@evil.example\", purpose: refund-dispute, agent: " + PLANNER + "}",
            "        expect: DENY PRINCIPAL_NOT_ALLOWED",
            "  - name: a purpose not written yet",
            "    skip: true",
            "    steps:",
            "      - open: {principal: \"user:alice@acme.example\", purpose: refunds-v2, agent: " + PLANNER + "}",
            "        expect: ALLOW");
        final CommandRun run = CommandRun.of("test", "-v", file.toString());
        assertEquals(BatonCommand.OK, run.code(), run.toString());
        assertTrue(run.out().contains("SKIP  " + file + ":7:5  a purpose not written yet"), run.toString());
        assertEquals("1 passed, 0 failed, 1 skipped", last(run.outLines()), run.toString());
    }

    @Test
    void shouldRejectMalformedTestFileWithLineAndColumn() throws IOException {
        final Path file = tests("bad.yaml",
            "cases:",
            "  - name: typo",
            "    steps:",
            "      - delegat: {from: task, to: " + PLANNER + "}",
            "        expect: ALLOW");
        final CommandRun run = CommandRun.of("test", file.toString());
        assertEquals(BatonCommand.USAGE, run.code(), run.toString());
        assertEquals("", run.out(), "nothing runs: " + run);
        assertEquals(file + ":5:9: cases[0].steps[0].delegat: unknown field 'delegat'; expected one of: open, delegate,"
            + " fan_out, authorize, revoke, close, review, break_glass, advance, swap, expect", run.errLines().get(0));
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run);
    }

    @Test
    void shouldRejectYamlSyntaxErrorWithLineAndColumn() throws IOException {
        final Path file = tests("bad.yaml", "cases: [", "  - name: x");
        final CommandRun run = CommandRun.of("test", file.toString());
        assertEquals(BatonCommand.USAGE, run.code(), run.toString());
        assertTrue(run.errLines().get(0).matches(Pattern.quote(file.toString()) + ":\\d+:\\d+: YAML: .*"),
            run.toString());
    }

    @Test
    void shouldRejectANameThePolicyDoesNotHave() throws IOException {
        final Path file = tests("bad.yaml",
            "cases:",
            "  - name: misspelt purpose",
            "    steps:",
            "      - open: {principal: \"user:alice@acme.example\", purpose: refund, agent: " + PLANNER + "}",
            "        expect: ALLOW");
        final CommandRun run = CommandRun.of("test", file.toString());
        assertEquals(BatonCommand.USAGE, run.code(), run.toString());
        assertEquals(file + ":5:9: no purpose 'refund' in the policy", run.errLines().get(0), run.toString());
    }

    @Test
    void shouldRejectACaseThatChecksNothing() throws IOException {
        final Path file = tests("bad.yaml",
            "cases:",
            "  - name: forgot the expectations",
            "    steps:",
            "      - open: {principal: \"user:alice@acme.example\", purpose: refund-dispute, agent: " + PLANNER + "}",
            "      - advance: 1m",
            "        expect: ALLOW");
        final CommandRun run = CommandRun.of("test", file.toString());
        assertEquals(BatonCommand.USAGE, run.code(), run.toString());
        assertTrue(run.errLines().get(0).startsWith(file + ":6:9: cases[0].steps[1].expect: an advance takes no"
            + " decision"), run.toString());
    }

    @Test
    void shouldRunNothingWhenAnyFileIsBad() {
        final CommandRun run = CommandRun.of("test", POLICIES.resolve("minimal-tests.yaml").toString(), "missing.yaml");
        assertEquals(BatonCommand.USAGE, run.code(), run.toString());
        assertEquals("", run.out(), run.toString());
        assertEquals(List.of("baton test: no such file: missing.yaml",
            "baton test: no case was run: fix the input errors above"), run.errLines());
    }

    @Test
    void shouldRefuseTooLargeTestFilesAndPoliciesWithoutStackTrace() throws IOException {
        final Path big = dir.resolve("big.yaml");
        Files.write(big, new byte[4 * 1024 * 1024 + 1]);
        final CommandRun run = CommandRun.of("test", big.toString());
        assertEquals(BatonCommand.USAGE, run.code(), run.toString());
        assertEquals(List.of("baton test: " + big + ": too large (limit 4194304 bytes)",
            "baton test: no case was run: fix the input errors above"), run.errLines());
        final Path file = dir.resolve("t.yaml");
        Files.writeString(file, "policy: big.yaml\ncases:\n  - name: x\n    steps:\n      - close: {grant: x, by: \"user:a\"}\n"
            + "        expect: DENY\n");
        final CommandRun policy = CommandRun.of("test", file.toString());
        assertEquals(BatonCommand.USAGE, policy.code(), policy.toString());
        assertTrue(policy.err().contains("baton test: " + file + ": its policy " + BatonCommand.display(big)
            + ": too large (limit 4194304 bytes)"), policy.toString());
        assertFalse(policy.err().contains("\tat "), policy.toString());
    }

    @Test
    void shouldNameAMissingPolicyRelativeToTheTestFile() throws IOException {
        final Path file = dir.resolve("t.yaml");
        Files.writeString(file, "policy: nowhere.yaml\ncases:\n  - name: x\n    steps:\n"
            + "      - close: {grant: x, by: \"user:a\"}\n        expect: DENY\n");
        final CommandRun run = CommandRun.of("test", file.toString());
        assertEquals(BatonCommand.USAGE, run.code(), run.toString());
        assertTrue(run.err().contains("no such policy file: " + BatonCommand.display(dir.resolve("nowhere.yaml"))),
            run.toString());
    }

    @Test
    void shouldRunTheExampleOfTheDocs() throws IOException {
        final String doc = Files.readString(CommandRun.repoRoot().resolve("docs/policy-tests.md"));
        final Matcher yaml = Pattern.compile("(?s)```yaml\npolicy: refund-dispute\\.yaml(.*?)```").matcher(doc);
        assertTrue(yaml.find(), "docs/policy-tests.md lacks its example");
        final Path file = tests("doc-tests.yaml", yaml.group(1).substring(yaml.group(1).indexOf('\n') + 1));
        final CommandRun run = CommandRun.of("test", file.toString());
        assertEquals(BatonCommand.OK, run.code(), run.toString());
        assertEquals("1 passed, 0 failed, 1 skipped", last(run.outLines()), run.toString());
    }

    @Test
    void shouldRunACaseThatSwapsThePolicyAndReportItInJunitXml() throws IOException {
        final String text = Files.readString(POLICIES.resolve("refund-dispute.yaml"));
        final String narrowed = text.replaceFirst("\"doc\\.summarize:\\*\", \"kb\\.search:read\"\\]", "\"kb.search:read\"]");
        assertFalse(narrowed.equals(text), "the planner loses doc.summarize");
        Files.writeString(dir.resolve("narrowed.yaml"), narrowed);
        final Path file = tests("swap-tests.yaml", "cases:",
            "  - name: the planner may summarise until the swap",
            "    steps:",
            "      - open: {as: task, principal: \"user:alice@acme.example\", purpose: refund-dispute,",
            "               agent: " + PLANNER + ", capabilities: [\"doc.summarize:summarize\"], data: [public]}",
            "        expect: ALLOW",
            "      - swap: narrowed.yaml",
            "      - authorize: {grant: task, capability: \"doc.summarize:summarize\", data: public}",
            "        expect: DENY AGENT_CEILING");
        final Path xml = dir.resolve("junit.xml");
        final CommandRun run = CommandRun.of("test", "--junit", xml.toString(), file.toString());
        assertEquals(BatonCommand.OK, run.code(), run.toString());
        assertTrue(run.out().endsWith("1 passed, 0 failed\n"), run.toString());
        final String report = Files.readString(xml);
        assertTrue(report.contains("tests=\"1\"") && report.contains("failures=\"0\"")
            && report.contains("the planner may summarise until the swap"), report);
    }

    @Test
    void shouldExplainItselfAndItsExitCodesInHelp() {
        final CommandRun run = CommandRun.of("test", "--help");
        assertEquals(BatonCommand.OK, run.code(), run.toString());
        assertTrue(run.out().contains("Usage: baton test [-hvV] [--format=FORMAT] [--junit=FILE] TESTS..."), run.toString());
        assertTrue(run.out().contains("docs/policy-tests.md"), run.toString());
        assertTrue(run.out().matches("(?s).*\\s1\\s+a case failed.*"), run.toString());
    }
}
