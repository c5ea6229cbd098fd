package dev.baton.testkit;

import dev.baton.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Policy-test assertions, proved or refuted by analysis (issue 15 item 2). */
class PolicyAssertionTest {
    private static final Path EXAMPLE = Path.of(System.getProperty("baton.repo.root", ".."),
        "src/policies/refund-dispute.yaml");

    @TempDir
    Path dir;

    private PolicyTestRunner runner(final String assertions) throws Exception {
        final Path file = dir.resolve("t.yaml");
        Files.writeString(file, "policy: " + EXAMPLE.toAbsolutePath() + "\nassertions:\n" + assertions);
        final PolicyTestFile tests = PolicyTestParser.parse(file);
        return new PolicyTestRunner(tests, Policy.load(tests.policy()));
    }

    @Test
    void shouldProveWhatNoChainAllowsAndRefuteWithAWitnessWhatOneDoes() throws Exception {
        final List<PolicyTestRunner.AssertionResult> results = runner(String.join("\n",
            "  - name: partner holds no customer data in opened tasks",
            "    never_holds: {domain: partner.example, data: customer_pii, break_glass: false}",
            "  - name: money moves only after review",
            "    only_through_review: {capability: \"ledger.pay:purchase\"}",
            "  - name: mail by the CRM reader without review",
            "    only_through_review: {agent: crm-reader, capability: \"mail.send:send\"}",
            "  - name: partner holds no customer data even through break-glass",
            "    never_holds: {domain: partner.example, data: customer_pii}",
            "  - name: summariser never summarises internal documents",
            "    never_holds: {agent: summariser, capability: \"doc.summarize:summarize\", data: internal}",
            "")).assertions();

        assertEquals(5, results.size());
        assertTrue(results.get(0).verdict().proved(), results.get(0).verdict().reason());
        assertNull(results.get(0).verdict().refutation());
        assertTrue(results.get(1).verdict().proved(), results.get(1).verdict().reason());
        assertTrue(results.get(2).verdict().proved(), results.get(2).verdict().reason());
        assertFalse(results.get(3).verdict().proved());
        assertEquals("break_glass oncall for refund-dispute: summariser carrying no capability / customer_pii",
            results.get(3).verdict().refutation().describe());
        assertFalse(results.get(4).verdict().proved());
        assertEquals("open refund-dispute: planner -> summariser [other domain] [review] carrying "
            + "doc.summarize:summarize / internal", results.get(4).verdict().refutation().describe());
    }

    @Test
    void shouldRejectANameThePolicyLacksAndAnAssertionOfTwoKinds() {
        final ScenarioException unknown = assertThrows(ScenarioException.class, () -> runner(String.join("\n",
            "  - name: mailer never reached", "    never_holds: {agent: mailer, purpose: refund-dispute}", "")));
        assertTrue(unknown.getMessage().contains("t.yaml:3:5: assertion 'mailer never reached': "), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("mailer"), unknown.getMessage());

        final ScenarioException both = assertThrows(ScenarioException.class, () -> runner(String.join("\n",
            "  - name: x", "    never_holds: {agent: planner}",
            "    only_through_review: {capability: \"ledger.pay:purchase\"}", "")));
        assertTrue(both.getMessage().contains("assertions[0]: give exactly one of never_holds, only_through_review"),
            both.getMessage());
    }
}
