package dev.baton.core;

import dev.baton.Reason;
import dev.baton.Outcome;
import dev.baton.core.ManualClock;
import dev.baton.policy.AgentRule;
import dev.baton.policy.PolicyDocument;
import dev.baton.policy.PolicyError;
import dev.baton.policy.PolicyException;
import dev.baton.policy.PolicyParser;
import dev.baton.policy.PurposeRule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compiler's "can never match" errors, each with line and column, and its scale limits. */
class PolicyCompilerTest {
    private static final String BASE = String.join("\n",
        "version: \"c\"",                                                          // 1
        "vocabulary:",                                                             // 2
        "  actions: [read, write]",                                                // 3
        "  data_classes: [public, internal]",                                      // 4
        "  trust_domains: [acme.example, partner.example]",                        // 5
        "  tools:",                                                                // 6
        "    crm.lookup: [read, write]",                                           // 7
        "agents:",                                                                 // 8
        "  planner:",                                                              // 9
        "    identity: spiffe://acme.example/agent/planner",                       // 10
        "    ceiling: {capabilities: [\"crm.lookup:read\"], data: [public]}",      // 11
        "    delegates_to: [worker]",                                              // 12
        "    max_depth: 1",                                                        // 13
        "  worker:",                                                               // 14
        "    identity: spiffe://acme.example/worker/**",                           // 15
        "    ceiling: {capabilities: [\"crm.lookup:read\"], data: [public]}",      // 16
        "purposes:",                                                               // 17
        "  p:",                                                                    // 18
        "    opened_by: [\"user:*@acme.example\"]",                                // 19
        "    entry_agents: [planner]",                                             // 20
        "    ceiling: {capabilities: [\"crm.lookup:read\"], data: [public]}",      // 21
        "default_ttl: 1h") + "\n";                                                 // 22

    private static String with(final int line, final String replacement) {
        final String[] lines = BASE.split("\n", -1);
        lines[line - 1] = replacement;
        return String.join("\n", lines);
    }

    private static PolicyError single(final String text, final int line, final int column, final String field,
                                      final String fragment) {
        final PolicyException e = assertThrows(PolicyException.class,
            () -> PolicyCompiler.compile(PolicyParser.parse("c.yaml", text)));
        final List<PolicyError> errors = e.errors();
        assertEquals(1, errors.size(), e::getMessage);
        final PolicyError err = errors.get(0);
        assertEquals(line, err.line(), err::toString);
        assertEquals(column, err.column(), err::toString);
        assertEquals(field, err.field(), err::toString);
        assertTrue(err.message().contains(fragment), err::toString);
        return err;
    }

    @Test
    void shouldCompileBaseAndExamplePolicies() throws PolicyException {
        final CompiledPolicy base = PolicyCompiler.compile(PolicyParser.parse("c.yaml", BASE));
        assertEquals(2, base.capabilityCount());
        final CompiledPolicy refund = TestPolicies.example("refund-dispute.yaml");
        assertEquals(6, refund.agentCount());
        assertEquals(2, refund.purposeCount());
        assertEquals(5, refund.dataClassCount());
        final CompiledPolicy minimal = TestPolicies.example("minimal.yaml");
        assertNotEquals(refund.versionId(), minimal.versionId(), "versions are content hashes");
        assertEquals(64, refund.versionHash().length());
    }

    @Test
    void shouldNameRuleAndLineInCompiledRuleTable() {
        final CompiledPolicy p = TestPolicies.resource("rules.yaml");
        for (int r = 0; r < p.ruleCount(); r++) {
            if (p.ruleName(r).equals("agents.reader.ceiling")) {
                assertEquals(24, p.ruleSource(r).line(), "where the ceiling mapping starts");
                return;
            }
        }
        throw new AssertionError("no rule agents.reader.ceiling");
    }

    @Test
    void shouldNumberRulesInTheOrderTheJournalRecords() {
        // Rule ids are journaled: the tables must register their rules in this order, whatever holds them.
        final CompiledPolicy p = TestPolicies.resource("rules.yaml");
        final PolicyDocument doc = p.source();
        final List<String> expected = new ArrayList<>();
        for (final AgentRule a : doc.agents()) {
            final String n = "agents." + a.name().name();
            expected.addAll(List.of(n + ".ceiling", n + ".delegates_to", n + ".max_depth"));
        }
        for (final PurposeRule u : doc.purposes()) {
            final String n = "purposes." + u.name().name();
            expected.addAll(List.of(n + ".ceiling", n + ".opened_by", n + ".entry_agents"));
        }
        doc.neverLeave().forEach(d -> expected.add("never_leave." + d.name()));
        doc.external().forEach(e -> expected.add("external." + e.trustDomain().name()));
        expected.add("non_transitive");
        doc.reviews().forEach(r -> expected.add("review." + r.name().name()));
        doc.tiers().forEach(t -> expected.add("tiers." + t.name().name()));
        doc.breakGlass().forEach(b -> expected.add("break_glass." + b.name().name()));
        expected.add("administrators");
        final List<String> actual = new ArrayList<>();
        for (int r = 0; r < p.ruleCount(); r++) {
            actual.add(p.ruleName(r));
        }
        assertEquals(expected, actual);
        assertTrue(doc.external().size() > 0 && doc.reviews().size() > 0 && doc.breakGlass().size() > 0,
            "the fixture exercises every kind of rule");
        assertEquals(p.ruleCount() - 1, p.rule("administrators"));
    }

    @Test
    void shouldRejectAgentShadowedByEarlierIdenticalPattern() {
        single(with(15, "    identity: spiffe://acme.example/agent/planner"), 15, 15, "agents.worker.identity",
            "never matches: agent 'planner'");
    }

    @Test
    void shouldRejectDelegationEdgeWhoseCeilingsShareNothing() {
        single(with(16, "    ceiling: {capabilities: [\"crm.lookup:write\"], data: [internal]}"), 12, 20,
            "agents.planner.delegates_to", "share no capability or data class");
    }

    @Test
    void shouldRejectDelegatesToWithMaxDepthZero() {
        single(with(13, "    max_depth: 0"), 9, 3, "agents.planner.max_depth", "max_depth is 0");
    }

    @Test
    void shouldRejectPurposeWhoseCeilingMissesItsEntryAgent() {
        single(with(21, "    ceiling: {capabilities: [\"crm.lookup:write\"], data: [internal]}"), 20, 20,
            "purposes.p.entry_agents", "share no capability or data class");
    }

    @Test
    void shouldRejectReviewRuleNoAgentCanMeet() {
        single(BASE + "review:\n  r:\n    capabilities: [\"crm.lookup:write\"]\n    timeout: 5m\n"
            + "    reviewers: [\"user:x\"]\n", 24, 3, "review.r", "no agent's ceiling");
    }

    @Test
    void shouldRejectReviewRuleDeeperThanAnyChain() {
        single(BASE + "review:\n  r:\n    data: [public]\n    min_depth: 5\n    timeout: 5m\n"
            + "    reviewers: [\"user:x\"]\n", 24, 3, "review.r.min_depth", "deeper than any agent's max_depth (1)");
    }

    @Test
    void shouldRejectReviewRuleOnlyAgentsNeverDelegatedToCouldMeet() {
        // Only the planner holds crm.lookup:write; nobody delegates to the planner, so no grant of depth 1
        // or more can ever hold it.
        final String text = with(11, "    ceiling: {capabilities: [\"crm.lookup:*\"], data: [public]}");
        single(text + "review:\n  r:\n    capabilities: [\"crm.lookup:write\"]\n    min_depth: 1\n"
            + "    timeout: 5m\n    reviewers: [\"user:x\"]\n", 24, 3, "review.r",
            "no agent that can hold a grant at depth 1 or deeper");
    }

    @Test
    void shouldRejectExternalOnlyReviewWithoutExternalLimits() {
        single(BASE + "review:\n  r:\n    data: [public]\n    external_only: true\n    timeout: 5m\n"
            + "    reviewers: [\"user:x\"]\n", 24, 3, "review.r.external_only", "no external limit");
    }

    @Test
    void shouldRejectExternalLimitForDomainWithoutAgents() {
        single(BASE + "external:\n  partner.example: {capabilities: [\"crm.lookup:read\"]}\n", 24, 3,
            "external.partner.example", "no agent's identity pattern is in trust domain");
    }

    @Test
    void shouldRejectTierNoAgentCanMeetAndTierLivingLongerThanLessSensitive() {
        single(BASE + "tiers:\n  t:\n    ttl: 5m\n    capabilities: [\"crm.lookup:write\"]\n", 24, 3, "tiers.t",
            "no agent's ceiling");
        single(BASE + "tiers:\n  a:\n    ttl: 10m\n    data: [public]\n  b:\n    ttl: 20m\n    data: [public]\n",
            27, 3, "tiers.b.ttl", "tier order: 'b' (ttl 20m) is listed after 'a' (ttl 10m)");
    }

    @Test
    void shouldRejectBreakGlassCeilingNoAgentHolds() {
        single(BASE + "break_glass:\n  g:\n    who: [\"user:x\"]\n    max_ttl: 5m\n"
            + "    ceiling: {capabilities: [\"crm.lookup:write\"]}\n", 27, 14, "break_glass.g.ceiling",
            "no agent's ceiling");
    }

    @Test
    void shouldDecideOverFourThousandCapabilitiesAndSixtyFourDataClasses() throws PolicyException {
        final StringBuilder y = new StringBuilder("version: big\nvocabulary:\n  actions: [");
        for (int a = 0; a < 64; a++) {
            y.append(a == 0 ? "" : ", ").append("a").append(a);
        }
        y.append("]\n  data_classes: [");
        for (int d = 0; d < 64; d++) {
            y.append(d == 0 ? "" : ", ").append("d").append(d);
        }
        y.append("]\n  trust_domains: [acme.example]\n  tools:\n");
        for (int t = 0; t < 64; t++) {
            y.append("    t").append(t).append(": [");
            for (int a = 0; a < 64; a++) {
                y.append(a == 0 ? "" : ", ").append("a").append(a);
            }
            y.append("]\n");
        }
        y.append("agents:\n  boss:\n    identity: spiffe://acme.example/boss\n")
            .append("    ceiling: {capabilities: [\"*\"], data: [\"*\"]}\n    delegates_to: [minion]\n    max_depth: 1\n")
            .append("  minion:\n    identity: spiffe://acme.example/minion\n")
            .append("    ceiling: {capabilities: [\"t63:a63\", \"t0:a0\"], data: [d63]}\n")
            .append("purposes:\n  p:\n    opened_by: [\"user:*\"]\n    entry_agents: [boss]\n")
            .append("    ceiling: {capabilities: [\"*\"], data: [\"*\"]}\ndefault_ttl: 1h\n");
        final CompiledPolicy p = PolicyCompiler.compile(PolicyParser.parse("big.yaml", y.toString()));
        assertEquals(4096, p.capabilityCount());
        assertEquals(64, p.dataClassCount());
        assertEquals(4095, p.capability("t63", "a63"));

        final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T00:00:00Z").toEpochMilli());
        final DecisionCore core = new DecisionCore(p, clock);
        final DecisionSlot d = new DecisionSlot();
        core.open(core.identity("user:u"), 0, core.identity("spiffe://acme.example/boss"), new ScopeBits(p).all(), d);
        assertEquals(Outcome.ALLOW, d.outcome());
        final int boss = core.identity("spiffe://acme.example/boss");
        final int minion = core.identity("spiffe://acme.example/minion");
        core.delegate(d.grantId(), boss, minion, new ScopeBits(p).capability(4095).data("d63"), d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(p));
        final long child = d.grantId();
        core.authorize(child, minion, 4095, 63, null, d);
        assertEquals(Outcome.ALLOW, d.outcome());
        core.authorize(child, minion, 4094, 63, null, d);
        assertEquals(Reason.CAPABILITY_NOT_GRANTED, d.reason());
        core.delegate(child, minion, minion, new ScopeBits(p).capability(4095), d);
        assertEquals(Reason.NO_DELEGATION_EDGE, d.reason());
    }
}
