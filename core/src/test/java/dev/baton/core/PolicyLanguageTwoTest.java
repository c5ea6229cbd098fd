package dev.baton.core;

import dev.baton.Outcome;
import dev.baton.Reason;
import dev.baton.policy.PolicyError;
import dev.baton.policy.PolicyException;
import dev.baton.policy.PolicyParser;
import dev.baton.policy.PolicyWarnings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a first policy author missed (issue 14, item 7): a policy-wide max_depth, tool-family and action
 * wildcards, trust zones, per-domain depth caps, break-glass and review made explicit, tier-order
 * messages in durations as written, and check's warnings.
 */
class PolicyLanguageTwoTest {
    private static final long T0 = 1_790_000_000_000L;
    private static final String POLICY = String.join("\n",
        "version: \"two\"",                                                              // 1
        "vocabulary:",                                                                   // 2
        "  actions: [read, write, purchase]",                                            // 3
        "  data_classes: [public, pii]",                                                 // 4
        "  trust_domains: [acme.example, eu.acme.example, partner.example]",             // 5
        "  tools:",                                                                      // 6
        "    crm.lookup: [read]",                                                        // 7
        "    crm.notes: [read, write]",                                                  // 8
        "    ticket.update: [write]",                                                    // 9
        "    ledger.pay: [purchase]",                                                    // 10
        "max_depth: 2",                                                                  // 11
        "domains:",                                                                      // 12
        "  acme.example: {zone: acme}",                                                  // 13
        "  eu.acme.example: {zone: acme}",                                               // 14
        "  partner.example: {max_depth: 0}",                                             // 15
        "agents:",                                                                       // 16
        "  planner:",                                                                    // 17
        "    identity: spiffe://acme.example/agent/planner",                             // 18
        "    ceiling: {capabilities: [\"crm.*:*\", \"*:write\", \"ledger.pay:purchase\"], data: [public, pii]}",
        "    delegates_to: [eu, partner]",                                               // 20
        "  eu:",                                                                         // 21
        "    identity: spiffe://eu.acme.example/agent/eu",                               // 22
        "    ceiling: {capabilities: [\"crm.*:read\"], data: [public, pii]}",            // 23
        "    delegates_to: [partner]",                                                   // 24
        "    max_depth: 1",                                                              // 25
        "  partner:",                                                                    // 26
        "    identity: spiffe://partner.example/mcp/p",                                  // 27
        "    ceiling: {capabilities: [\"crm.lookup:read\"], data: [public, pii]}",       // 28
        "    delegates_to: [eu]",                                                        // 29
        "    max_depth: 2",                                                              // 30
        "purposes:",                                                                     // 31
        "  p:",                                                                          // 32
        "    opened_by: [\"user:*@acme.example\"]",                                      // 33
        "    entry_agents: [planner]",                                                   // 34
        "    ceiling: {capabilities: [\"*\"], data: [public, pii]}",                     // 35
        "never_leave: [pii]",                                                            // 36
        "external:",                                                                     // 37
        "  partner.example: {capabilities: [\"crm.lookup:read\"], data: [public, pii]}", // 38
        "review:",                                                                       // 39
        "  money: {capabilities: [\"ledger.pay:purchase\"], timeout: 15m, reviewers: [\"user:*@finance.acme.example\"]}",
        "default_ttl: 1h",                                                               // 41
        "break_glass:",                                                                  // 42
        "  strict: {who: [\"user:oncall@acme.example\"], max_ttl: 15m}",                 // 43
        "  loose: {who: [\"user:oncall@acme.example\"], max_ttl: 15m, skip_review: true}") + "\n";

    private CompiledPolicy policy;
    private DecisionCore core;
    private DecisionSlot d;
    private int alice;
    private int oncall;
    private int planner;
    private int eu;
    private int partner;

    @BeforeEach
    void setUp() throws PolicyException {
        policy = PolicyCompiler.compile(PolicyParser.parse("two.yaml", POLICY));
        core = new DecisionCore(policy, new ManualClock(T0));
        d = new DecisionSlot();
        alice = core.identity("user:alice@acme.example");
        oncall = core.identity("user:oncall@acme.example");
        planner = core.identity("spiffe://acme.example/agent/planner");
        eu = core.identity("spiffe://eu.acme.example/agent/eu");
        partner = core.identity("spiffe://partner.example/mcp/p");
    }

    private ScopeBits scope() {
        return new ScopeBits(policy);
    }

    private long openRoot() {
        core.open(alice, policy.purpose("p"), planner, scope().capability("crm.lookup", "read")
            .capability("crm.notes", "read").data("public").data("pii"), d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(policy));
        return d.grantId();
    }

    @Test
    void shouldExpandToolFamilyAndActionWildcards() {
        final ScopeBits all = scope().capability("crm.lookup", "read").capability("crm.notes", "read")
            .capability("crm.notes", "write").capability("ticket.update", "write").capability("ledger.pay", "purchase");
        core.open(alice, policy.purpose("p"), planner, all, d);
        assertEquals(Outcome.REVIEW, d.outcome(), () -> d.describe(policy));
        core.open(alice, policy.purpose("p"), planner, scope().capability("crm.notes", "write")
            .capability("ticket.update", "write"), d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(policy));
    }

    @Test
    void shouldRejectWildcardsThatNameNothing() {
        final PolicyException e = assertThrows(PolicyException.class, () -> PolicyParser.parse("w.yaml",
            POLICY.replace("[\"crm.*:read\"]", "[\"mail.*:read\", \"crm.*:purchase\", \"*:delete\"]")));
        final List<PolicyError> errors = e.errors();
        assertEquals(3, errors.size(), e::getMessage);
        assertTrue(errors.get(0).message().startsWith("no declared tool is in the family 'mail.*'"), e::getMessage);
        assertEquals("no tool of the family 'crm.*' offers action 'purchase'", errors.get(1).message());
        assertTrue(errors.get(2).message().startsWith("unknown action 'delete'"), e::getMessage);
        assertEquals(23, errors.get(0).line());
    }

    @Test
    void shouldReadProofOfPossessionPerTrustDomainAndNameTheLineOfABadValue() throws PolicyException {
        final CompiledPolicy required = PolicyCompiler.compile(PolicyParser.parse("pop.yaml",
            POLICY.replace("partner.example: {max_depth: 0}", "partner.example: {max_depth: 0, proof_of_possession: required}")));
        final DecisionCore withProof = new DecisionCore(required, new ManualClock(T0));
        assertTrue(withProof.proofRequired(withProof.identity("spiffe://partner.example/mcp/p")));
        assertFalse(withProof.proofRequired(withProof.identity("spiffe://acme.example/agent/planner")));
        assertFalse(core.proofRequired(partner), "optional unless the policy says required");
        final PolicyException e = assertThrows(PolicyException.class, () -> PolicyParser.parse("pop.yaml",
            POLICY.replace("partner.example: {max_depth: 0}", "partner.example: {max_depth: 0, proof_of_possession: always}")));
        final PolicyError error = e.errors().get(0);
        assertEquals("proof_of_possession must be 'required' or 'optional', found 'always'", error.message());
        assertEquals("domains.partner.example.proof_of_possession", error.field());
        assertEquals(15, error.line());
        assertEquals(56, error.column());
    }

    @Test
    void shouldTreatDomainsOfOneZoneAsOneTrustBoundary() {
        final long root = openRoot();
        core.delegate(root, planner, eu, scope().capability("crm.notes", "read").data("pii"), d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(policy));
        assertEquals(0, d.flags() & GrantFlags.EXTERNAL, "inside the zone: not external");
        core.delegate(root, planner, partner, scope().capability("crm.lookup", "read").data("pii"), d);
        assertEquals(Reason.NEVER_LEAVE, d.reason(), () -> d.describe(policy));
    }

    @Test
    void shouldApplyPolicyWideMaxDepthAndNameItsLine() {
        assertEquals(2, policy.agents.maxDepth[policy.agent("planner")]);
        final long root = openRoot();
        final long child = allowed(root, planner, eu, scope().capability("crm.lookup", "read").data("public"));
        core.delegate(child, eu, partner, scope().capability("crm.lookup", "read").data("public"), d);
        assertEquals(Reason.MAX_DEPTH, d.reason(), () -> d.describe(policy));
        assertEquals("agents.eu.max_depth", policy.ruleName(d.rule()));
        assertEquals(25, policy.ruleSource(d.rule()).line(), "the max_depth line, not the agent's name line");
    }

    @Test
    void shouldCapDepthOfEveryAgentOfADomain() {
        assertEquals(0, policy.agents.maxDepth[policy.agent("partner")], "domains.partner.example.max_depth: 0");
        final long root = openRoot();
        final long child = allowed(root, planner, partner, scope().capability("crm.lookup", "read").data("public"));
        core.delegate(child, partner, eu, scope().capability("crm.lookup", "read").data("public"), d);
        assertEquals(Reason.MAX_DEPTH, d.reason(), () -> d.describe(policy));
        assertEquals("domains.partner.example.max_depth", policy.ruleName(d.rule()));
        assertEquals(15, policy.ruleSource(d.rule()).line());
    }

    @Test
    void shouldRefuseBreakGlassThatMeetsAReviewUnlessTheRuleSkipsReview() {
        core.breakGlass().principal(oncall).rule(policy.breakGlassRule("strict")).agent(planner)
            .purpose(policy.purpose("p")).scope(scope().capability("ledger.pay", "purchase")).reason("outage").decide(d);
        assertEquals(Outcome.DENY, d.outcome());
        assertEquals(Reason.REVIEW_REQUIRED, d.reason());
        assertEquals("review.money", policy.ruleName(d.rule()));
        core.breakGlass().principal(oncall).rule(policy.breakGlassRule("strict")).agent(planner)
            .purpose(policy.purpose("p")).scope(scope().capability("crm.lookup", "read")).reason("outage").decide(d);
        assertEquals(Outcome.ALLOW, d.outcome(), "a scope no review rule meets is not held back");
        core.breakGlass().principal(oncall).rule(policy.breakGlassRule("loose")).agent(planner)
            .purpose(policy.purpose("p")).scope(scope().capability("ledger.pay", "purchase")).reason("outage").decide(d);
        assertEquals(Outcome.ALLOW, d.outcome(), "skip_review: true says so in the policy");
    }

    @Test
    void shouldReportTierOrderInDurationsAsWritten() {
        final PolicyException e = assertThrows(PolicyException.class, () -> PolicyCompiler.compile(PolicyParser.parse(
            "t.yaml", POLICY + "tiers:\n  a: {ttl: 10m, data: [pii]}\n  b: {ttl: 20m, data: [public]}\n")));
        final String message = e.errors().get(0).message();
        assertEquals("tier order: 'b' (ttl 20m) is listed after 'a' (ttl 10m) but lives longer; tiers are listed"
            + " least to most sensitive: move 'b' before 'a', or shorten one of the two ttls", message);
        assertFalse(message.contains("ms"), message);
    }

    @Test
    void shouldWarnAboutSelfAndCyclicEdgesAndNeverLeaveAllowances() throws PolicyException {
        final List<PolicyError> warnings = PolicyWarnings.of(PolicyParser.parse("two.yaml",
            POLICY.replace("delegates_to: [partner]", "delegates_to: [partner, eu]")));
        assertEquals(3, warnings.size(), warnings::toString);
        assertEquals("agents.eu.delegates_to", warnings.get(0).field());
        assertTrue(warnings.get(0).message().startsWith("warning: delegation cycle eu -> partner -> eu"),
            warnings::toString);
        assertEquals(24, warnings.get(1).line());
        assertTrue(warnings.get(1).message().startsWith("warning: self delegation edge"), warnings::toString);
        assertEquals("external.partner.example.data", warnings.get(2).field());
        assertEquals(38, warnings.get(2).line());
    }

    private long allowed(final long parent, final int presenter, final int delegatee, final ScopeBits s) {
        core.delegate(parent, presenter, delegatee, s, d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(policy));
        return d.grantId();
    }
}
