package dev.baton.testkit;

import dev.baton.core.PolicyCompiler;
import dev.baton.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyTestRunnerTest {
    private static final Path POLICIES = ScenarioRunnerTest.repoRoot().resolve("src/policies");
    private static final String OPEN = "      - open: {as: task, principal: \"user:alice@acme.example\","
        + " purpose: refund-dispute, agent: spiffe://acme.example/agent/planner,"
        + " capabilities: [\"doc.summarize:summarize\"], data: [public]}\n";

    private static List<PolicyTestRunner.Result> run(final Path file) throws Exception {
        final PolicyTestFile tests = PolicyTestParser.parse(file);
        return new PolicyTestRunner(tests, PolicyCompiler.load(tests.policy())).run();
    }

    private static Path write(final Path dir, final String body) throws Exception {
        final Path file = dir.resolve("t.yaml");
        Files.writeString(file, "policy: " + POLICIES.resolve("refund-dispute.yaml") + "\ncases:\n" + body);
        return file;
    }

    @Test
    void shouldPassEveryCaseOfTheShippedTests() throws Exception {
        for (final String name : List.of("refund-dispute-tests.yaml", "minimal-tests.yaml",
            "refunds-constrained-tests.yaml")) {
            for (final PolicyTestRunner.Result r : run(POLICIES.resolve(name))) {
                assertEquals(PolicyTestRunner.Status.PASSED, r.status(),
                    name + ": " + r.testCase().name() + " at " + (r.step() == null ? "" : r.step().at()) + ": "
                        + r.actual());
            }
        }
    }

    /** The example policy with the planner's ceiling no longer holding doc.summarize. */
    private static Path narrowed(final Path dir) throws Exception {
        final String text = Files.readString(POLICIES.resolve("refund-dispute.yaml"));
        final String narrowed = text.replaceFirst("\"doc\\.summarize:\\*\", \"kb\\.search:read\"\\]",
            "\"kb.search:read\"]").replace("version: \"2026-11-23.1\"", "version: \"narrowed\"");
        assertTrue(!narrowed.equals(text) && narrowed.contains("version: \"narrowed\""), "the planner lost doc.summarize");
        final Path file = dir.resolve("narrowed.yaml");
        Files.writeString(file, narrowed);
        return file;
    }

    @Test
    void shouldDecideUnderTheSwappedPolicyAfterASwapStep(@TempDir final Path dir) throws Exception {
        narrowed(dir);
        final String use = "      - authorize: {grant: task, capability: \"doc.summarize:summarize\", data: public}\n";
        final Path file = write(dir, "  - name: after the swap the planner may no longer summarise\n    steps:\n"
            + OPEN + "        expect: ALLOW\n" + use + "        expect: ALLOW\n"
            + "      - swap: narrowed.yaml\n"
            + use + "        expect: DENY AGENT_CEILING\n"
            + OPEN.replace("as: task", "as: again") + "        expect: DENY AGENT_CEILING\n"
            + "  - name: the next case starts in the first policy\n    steps:\n"
            + OPEN + "        expect: ALLOW\n" + use + "        expect: ALLOW\n"
            + "  - name: a wrong expectation after the swap fails\n    steps:\n"
            + OPEN + "        expect: ALLOW\n      - swap: narrowed.yaml\n" + use + "        expect: ALLOW\n");
        final List<PolicyTestRunner.Result> results = run(file);
        assertEquals(PolicyTestRunner.Status.PASSED, results.get(0).status(), () -> results.get(0).actual());
        assertEquals(PolicyTestRunner.Status.PASSED, results.get(1).status(), () -> results.get(1).actual());
        assertEquals(PolicyTestRunner.Status.FAILED, results.get(2).status());
        assertTrue(results.get(2).actual().contains("AGENT_CEILING"), results.get(2).actual());
    }

    @Test
    void shouldRejectASwapWithAnExpectationOrAMissingFile(@TempDir final Path dir) throws Exception {
        narrowed(dir);
        final Path expecting = write(dir, "  - name: c\n    steps:\n" + OPEN + "        expect: ALLOW\n"
            + "      - swap: narrowed.yaml\n        expect: ALLOW\n");
        final ScenarioException e = assertThrows(ScenarioException.class, () -> PolicyTestParser.parse(expecting));
        assertTrue(e.getMessage().contains("steps[1].expect: a swap takes no decision"), e.getMessage());
        final Path missing = write(dir, "  - name: c\n    steps:\n" + OPEN + "        expect: ALLOW\n"
            + "      - swap: gone.yaml\n");
        final ScenarioException m = assertThrows(ScenarioException.class, () -> run(missing));
        assertTrue(m.getMessage().contains("t.yaml:7:9: swap: cannot read"), m.getMessage());
    }

    @Test
    void shouldRejectARequestedConstraintOfTheWrongShapeOrOnAnUndeclaredArgument(@TempDir final Path dir)
        throws Exception {
        final String open = "      - open: {as: task, principal: \"user:alice@acme.example\","
            + " purpose: refund-dispute, agent: spiffe://acme.example/agent/planner,"
            + " capabilities: [\"doc.summarize:summarize\"], data: [public], constraints: ";
        final Path twoKinds = write(dir, "  - name: c\n    steps:\n" + open
            + "{doc.summarize: {path: {prefix: kb/, glob: \"kb/*\"}}}}\n        expect: ALLOW\n");
        final ScenarioException shape = assertThrows(ScenarioException.class, () -> PolicyTestParser.parse(twoKinds));
        assertTrue(shape.getMessage().contains("constraints.doc.summarize.path: expected exactly one of: exact, one_of,"
            + " range, prefix, glob, regex, found 2"), shape.getMessage());
        final Path undeclared = write(dir, "  - name: c\n    steps:\n" + open
            + "{doc.summarize: {path: {prefix: kb/}}}}\n        expect: ALLOW\n");
        final ScenarioException unknown = assertThrows(ScenarioException.class, () -> run(undeclared));
        assertTrue(unknown.getMessage().contains("t.yaml:5:9") && unknown.getMessage().contains("argument"),
            unknown.getMessage());
    }

    @Test
    void shouldCheckEveryStepThatRefusesWithDenies(@TempDir final Path dir) throws Exception {
        final String open = "      - open: {as: task, principal: \"user:alice@acme.example\", purpose: refund-dispute,"
            + " agent: spiffe://acme.example/agent/planner, capabilities: [\"crm.lookup:read\"], data: [customer_pii]}\n"
            + "        expect: ALLOW\n";
        final String delegate = "      - delegate: {from: task, to: spiffe://partner.example/mcp/summariser,"
            + " capabilities: [\"crm.lookup:read\"], data: [customer_pii]}\n";
        final Path file = write(dir, "  - name: right\n    steps:\n" + open + delegate
            + "        expect: DENY AGENT_CEILING denies=NEVER_LEAVE\n"
            + "  - name: a step that does not refuse\n    steps:\n" + open + delegate
            + "        expect: DENY AGENT_CEILING denies=NEVER_LEAVE,EXTERNAL_LIMIT,MAX_DEPTH\n");
        final List<PolicyTestRunner.Result> results = run(file);
        assertEquals(PolicyTestRunner.Status.PASSED, results.get(0).status(), () -> results.get(0).actual());
        assertEquals(PolicyTestRunner.Status.FAILED, results.get(1).status(), "MAX_DEPTH does not refuse it");
        final Path fanOut = write(dir, "  - name: c\n    steps:\n" + open + "      - fan_out:\n          from: task\n"
            + "          children:\n            - {to: spiffe://partner.example/mcp/summariser, data: [customer_pii],"
            + " expect: DENY NEVER_LEAVE denies=NEVER_LEAVE}\n");
        final ScenarioException e = assertThrows(ScenarioException.class, () -> run(fanOut));
        assertTrue(e.getMessage().contains("denies= is checked on a delegate or an authorize step"), e.getMessage());
    }

    @Test
    void shouldCheckExpiryFlagsAndOneOfSeveralReasons(@TempDir final Path dir) throws Exception {
        final String glass = "      - break_glass: {principal: \"user:oncall-rui@acme.example\", rule: oncall,"
            + " agent: spiffe://acme.example/agent/planner, purpose: refund-dispute,"
            + " capabilities: [\"ledger.read:read\"], reason: \"INC-1\"}\n";
        final Path file = write(dir, "  - name: right\n    steps:\n" + OPEN + "        expect: ALLOW expires_in=1h\n"
            + glass + "        expect: ALLOW expires_in=15m flags=BREAK_GLASS\n"
            + "      - authorize: {grant: task, capability: \"ledger.pay:purchase\"}\n"
            + "        expect: DENY NOT_HOLDER|CAPABILITY_NOT_GRANTED\n"
            + "  - name: wrong expiry\n    steps:\n" + OPEN + "        expect: ALLOW expires_in=2h\n"
            + "  - name: wrong flag\n    steps:\n" + OPEN + "        expect: ALLOW flags=REVIEWED\n");
        final List<PolicyTestRunner.Result> results = run(file);
        assertEquals(PolicyTestRunner.Status.PASSED, results.get(0).status(), () -> results.get(0).actual());
        assertEquals(PolicyTestRunner.Status.FAILED, results.get(1).status());
        assertEquals(PolicyTestRunner.Status.FAILED, results.get(2).status());
    }

    @Test
    void shouldSayHowToWriteSeveralReasonsWhenExpectIsAList(@TempDir final Path dir) throws Exception {
        final Path file = write(dir, "  - name: list\n    steps:\n" + OPEN + "        expect: [DENY, NEVER_LEAVE]\n");
        final ScenarioException e = assertThrows(ScenarioException.class, () -> PolicyTestParser.parse(file));
        assertTrue(e.getMessage().contains("expected one string such as 'ALLOW'")
            && e.getMessage().contains("found a list (give several reasons as REASON|REASON)"), e.getMessage());
    }

    @Test
    void shouldAssertEveryReasonTheExamplePolicyCanGive() throws Exception {
        final Set<Reason> asserted = EnumSet.noneOf(Reason.class);
        for (final PolicyTestCase c : PolicyTestParser.parse(POLICIES.resolve("refund-dispute-tests.yaml")).cases()) {
            for (final Step s : c.steps()) {
                final List<? extends Step> checked = s instanceof Step.FanOut f ? f.children() : List.of(s);
                for (final Step step : checked) {
                    if (step.expect() != null) {
                        asserted.addAll(step.expect().reasons());
                    }
                }
            }
        }
        // ALLOWED is asserted as the outcome ALLOW. Not asserted: UNKNOWN_PURPOSE, UNKNOWN_CAPABILITY and
        // UNKNOWN_DATA_CLASS (a test file naming what the policy lacks is rejected before it runs), and
        // CAPACITY (an engine limit, not a rule). Nor the reasons of refusals taken before any rule is
        // looked at: a warrant that is malformed, forged, signed by an unknown or retired key, carrying constraints
        // the policy cannot read, or presented without a valid proof of possession, and a
        // request built for another capability layout or bound before a policy swap (policy tests use no
        // warrants). Nor CONSTRAINT_NOT_ATTENUATED: only the payments agent's ceiling constrains an
        // argument, and it may pass refunds on to nobody (refunds-constrained-tests.yaml asserts it). Nor the
        // approvals of an M-of-N
        // review (APPROVAL_RECORDED, ALREADY_APPROVED, REVIEWER_CLASS_NOT_NAMED): its review rules take one
        // approval each (refunds-constrained-tests.yaml, ReviewApprovalsTest and ReviewerClassesTest assert them).
        // Nor the refusals of a foreign warrant that only an engine with a revocation feed or a warrant carrying
        // constraints can give (REVOCATION_FEED_STALE, WARRANT_CONSTRAINTS_UNREADABLE: policy tests present no
        // warrants; engine tests assert them).
        final Set<Reason> expected = EnumSet.allOf(Reason.class);
        expected.removeAll(EnumSet.of(Reason.ALLOWED, Reason.UNKNOWN_PURPOSE, Reason.UNKNOWN_CAPABILITY,
            Reason.UNKNOWN_DATA_CLASS, Reason.CAPACITY, Reason.MALFORMED_WARRANT, Reason.UNSUPPORTED_WARRANT,
            Reason.BAD_MAC, Reason.UNKNOWN_KEY, Reason.KEY_RETIRED, Reason.PROOF_MISSING, Reason.PROOF_STALE,
            Reason.PROOF_INVALID, Reason.PROOF_REPLAYED, Reason.SCOPE_LAYOUT_CHANGED,
            Reason.POLICY_CHANGED, Reason.CONSTRAINT_NOT_ATTENUATED, Reason.APPROVAL_RECORDED,
            Reason.ALREADY_APPROVED, Reason.REVIEWER_CLASS_NOT_NAMED, Reason.REVOCATION_FEED_STALE,
            Reason.WARRANT_CONSTRAINTS_UNREADABLE));
        expected.removeAll(asserted);
        assertEquals(Set.of(), expected, "reasons no case of refund-dispute-tests.yaml asserts");
    }

    @Test
    void shouldReportTheFirstMissedStepOfAFailedCase(@TempDir final Path dir) throws Exception {
        final Path file = write(dir, "  - name: wrong\n    steps:\n" + OPEN + "        expect: DENY\n"
            + "      - authorize: {grant: task, capability: \"doc.summarize:classify\"}\n        expect: ALLOW\n"
            + "  - name: later\n    skip: true\n    steps:\n" + OPEN + "        expect: ALLOW\n");
        final List<PolicyTestRunner.Result> results = run(file);
        final PolicyTestRunner.Result failed = results.get(0);
        assertEquals(PolicyTestRunner.Status.FAILED, failed.status());
        assertEquals(5, failed.step().at().line());
        assertTrue(failed.actual().startsWith("ALLOW ALLOWED grant="), failed.actual());
        assertEquals(2, failed.missed());
        assertEquals(PolicyTestRunner.Status.SKIPPED, results.get(1).status());
        assertNull(results.get(1).step());
    }

    @Test
    void shouldRejectExpectationsThatWouldNeverBeChecked(@TempDir final Path dir) throws Exception {
        final ScenarioException onAdvance = assertThrows(ScenarioException.class, () -> PolicyTestParser.parse(
            write(dir, "  - name: a\n    steps:\n" + OPEN + "        expect: ALLOW\n"
                + "      - advance: 1m\n        expect: ALLOW\n")));
        assertTrue(onAdvance.getMessage().contains(":7:9: cases[0].steps[1].expect: an advance takes no decision"),
            onAdvance.getMessage());
        final ScenarioException onFanOut = assertThrows(ScenarioException.class, () -> PolicyTestParser.parse(
            write(dir, "  - name: a\n    steps:\n" + OPEN + "      - fan_out: {from: task, children: [{to: x}]}\n"
                + "        expect: ALLOW\n")));
        assertTrue(onFanOut.getMessage().contains("put 'expect' on each child instead"), onFanOut.getMessage());
    }

    @Test
    void shouldRejectDuplicateCaseNamesAndEmptyCaseLists(@TempDir final Path dir) throws Exception {
        final ScenarioException duplicate = assertThrows(ScenarioException.class, () -> PolicyTestParser.parse(
            write(dir, "  - name: a\n    steps:\n" + OPEN + "        expect: ALLOW\n"
                + "  - name: a\n    steps:\n" + OPEN + "        expect: ALLOW\n")));
        assertTrue(duplicate.getMessage().endsWith(
            ":7:5: cases[1].name: duplicate case name 'a'; first used at line 3"), duplicate.getMessage());
        final ScenarioException empty = assertThrows(ScenarioException.class,
            () -> PolicyTestParser.parse(write(dir, "  []\n")));
        assertTrue(empty.getMessage().endsWith(": cases: expected at least one case"), empty.getMessage());
    }
}
