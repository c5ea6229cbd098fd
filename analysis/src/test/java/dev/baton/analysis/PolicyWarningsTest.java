package dev.baton.analysis;

import dev.baton.Policy;
import dev.baton.core.PolicyCompiler;
import dev.baton.policy.PolicyParser;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Warnings for what a valid policy can never use (issue 14 item 7, issue 15 item 3). */
class PolicyWarningsTest {
    /** An EU subsidiary declared as an external domain: the edge to it passes the compiler and carries nothing. */
    private static final String EU = String.join("\n",
        "version: \"eu\"",
        "vocabulary:",
        "  actions: [read]",
        "  data_classes: [public, customer_pii]",
        "  trust_domains: [acme.example, eu.acme.example]",
        "  tools:",
        "    crm.lookup: [read]",
        "    kb.search: [read]",
        "agents:",
        "  planner:",
        "    identity: spiffe://acme.example/agent/planner",
        "    ceiling: {capabilities: [\"crm.lookup:read\", \"kb.search:read\"], data: [public, customer_pii]}",
        "    delegates_to: [eu-crm]",
        "    max_depth: 1",
        "  eu-crm:",
        "    identity: spiffe://eu.acme.example/agent/crm",
        "    ceiling: {capabilities: [\"crm.lookup:read\"], data: [customer_pii]}",
        "purposes:",
        "  support:",
        "    opened_by: [\"user:*@acme.example\"]",
        "    entry_agents: [planner]",
        "    ceiling: {capabilities: [\"*\"], data: [\"*\"]}",
        "never_leave: [customer_pii]",
        "external:",
        "  eu.acme.example: {capabilities: [\"kb.search:read\"], data: [public]}",
        "review:",
        "  eu-lookups: {capabilities: [\"crm.lookup:read\"], min_depth: 1, external_only: true, timeout: 10m,",
        "               reviewers: [\"user:*@acme.example\"]}",
        "default_ttl: 1h") + "\n";

    @Test
    void shouldWarnAboutTheEdgeTheExternalLimitAndTheReviewRuleThatCanNeverAllowAnything() throws Exception {
        final Policy policy = PolicyCompiler.compile(PolicyParser.parse("eu.yaml", EU)).api();

        final List<PolicyWarnings.Warning> warnings = PolicyWarnings.of(PolicyAnalysis.of(policy));

        assertEquals(List.of("agents.planner.delegates_to.eu-crm", "external.eu.acme.example", "review.eu-lookups"),
            warnings.stream().map(PolicyWarnings.Warning::field).toList(), warnings.toString());
        assertTrue(warnings.get(0).toString().startsWith("eu.yaml:10:3: agents.planner.delegates_to.eu-crm: warning: "
            + "can never allow anything"), warnings.get(0).toString());
    }

    @Test
    void shouldFindNothingToWarnAboutInTheExamplePolicy() throws Exception {
        final Path example = Path.of(System.getProperty("baton.repo.root", ".."), "src/policies/refund-dispute.yaml");

        assertEquals(List.of(), PolicyWarnings.of(PolicyAnalysis.of(Policy.load(example))));
    }
}
