package dev.baton.core;

import dev.baton.Outcome;
import dev.baton.Reason;
import dev.baton.policy.PolicyException;
import dev.baton.policy.PolicyParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A review rule whose trigger constrains arguments ("refunds above 1000.00 need review") applies to a
 * delegation only when the delegatee's agent ceiling, and the purpose's, could let a call through that the
 * rule's constraints match: a delegatee capped at 500.00 needs no review, one capped at 5000.00 does, one with
 * no cap does (fail closed); data-class triggers are not narrowed; {@code check} reports a constraint on a
 * tool the trigger does not hold, at its line and column.
 */
class ReviewConstraintsTest {
    private static final long T0 = 1_790_000_000_000L;
    static final String POLICY = String.join("\n",
        "version: \"review-constraints\"",
        "vocabulary:",
        "  actions: [refund, read]",
        "  data_classes: [financial, secrets]",
        "  trust_domains: [acme.example]",
        "  tools:",
        "    ledger.refund: [refund]",
        "    vault.read: [read]",
        "  arguments:",
        "    ledger.refund:",
        "      amount: {type: decimal, scale: 2}",
        "agents:",
        "  lead:",
        "    identity: spiffe://acme.example/agent/lead",
        "    ceiling:",
        "      capabilities: [\"ledger.refund:refund\", \"vault.read:read\"]",
        "      data: [financial, secrets]",
        "    delegates_to: [small, big, free]",
        "    max_depth: 1",
        "  small:",
        "    identity: spiffe://acme.example/agent/small",
        "    ceiling:",
        "      capabilities: [\"ledger.refund:refund\", \"vault.read:read\"]",
        "      data: [financial, secrets]",
        "      constraints: {ledger.refund: {amount: {range: [\"0.01\", \"500.00\"]}}}",
        "  big:",
        "    identity: spiffe://acme.example/agent/big",
        "    ceiling:",
        "      capabilities: [\"ledger.refund:refund\"]",
        "      data: [financial]",
        "      constraints: {ledger.refund: {amount: {range: [\"0.01\", \"5000.00\"]}}}",
        "  free:",
        "    identity: spiffe://acme.example/agent/free",
        "    ceiling: {capabilities: [\"ledger.refund:refund\"], data: [financial]}",
        "purposes:",
        "  refunds:",
        "    opened_by: [\"user:*@acme.example\"]",
        "    entry_agents: [lead]",
        "    ceiling: {capabilities: [\"*\"], data: [financial, secrets]}",
        "  small-refunds:",
        "    opened_by: [\"user:*@acme.example\"]",
        "    entry_agents: [lead]",
        "    ceiling:",
        "      capabilities: [\"*\"]",
        "      data: [financial, secrets]",
        "      constraints: {ledger.refund: {amount: {range: [\"0.01\", \"900.00\"]}}}",
        "review:",
        "  large-refund:",
        "    capabilities: [\"ledger.refund:refund\"]",
        "    constraints: {ledger.refund: {amount: {range: [\"1000.01\", \"1000000.00\"]}}}",
        "    min_depth: 1",
        "    timeout: 10m",
        "    reviewers: [\"user:*@finance.acme.example\"]",
        "  secrets:",
        "    data: [secrets]",
        "    min_depth: 1",
        "    timeout: 10m",
        "    reviewers: [\"user:*@security.acme.example\"]",
        "default_ttl: 1h") + "\n";

    private CompiledPolicy policy;
    private DecisionCore core;
    private final DecisionSlot d = new DecisionSlot();
    private int lead;

    @BeforeEach
    void setUp() throws PolicyException {
        policy = PolicyCompiler.compile(PolicyParser.parse("review.yaml", POLICY));
        core = new DecisionCore(policy, new ManualClock(T0));
        lead = core.identity("spiffe://acme.example/agent/lead");
    }

    private DecisionSlot delegate(final String purpose, final String to, final ScopeBits scope) {
        core.open(core.identity("user:eve@acme.example"), policy.purpose(purpose), lead,
            new ScopeBits(policy).capability("ledger.refund", "refund").capability("vault.read", "read")
                .data("financial").data("secrets"), d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(policy));
        return core.delegate(d.grantId(), lead, core.identity("spiffe://acme.example/agent/" + to), scope, d);
    }

    private ScopeBits refunds() {
        return new ScopeBits(policy).capability("ledger.refund", "refund").data("financial");
    }

    @Test
    void shouldNotReviewADelegateeWhoseCeilingKeepsEveryCallBelowTheRule() {
        assertEquals(Outcome.ALLOW, delegate("refunds", "small", refunds()).outcome(), () -> d.describe(policy));
    }

    @Test
    void shouldReviewADelegateeWhoseCeilingReachesTheRule() {
        delegate("refunds", "big", refunds());
        assertEquals(Outcome.REVIEW, d.outcome(), () -> d.describe(policy));
        assertEquals("review.large-refund", policy.ruleName(d.rule()));
        assertEquals(policy.capability("ledger.refund", "refund"), d.capability());
    }

    @Test
    void shouldReviewADelegateeWithNoConstraintAtAll() {
        assertEquals(Reason.REVIEW_REQUIRED, delegate("refunds", "free", refunds()).reason(), () -> d.describe(policy));
    }

    @Test
    void shouldNotReviewWhenThePurposeCeilingKeepsCallsBelowTheRule() {
        assertEquals(Outcome.ALLOW, delegate("small-refunds", "big", refunds()).outcome(), () -> d.describe(policy));
    }

    @Test
    void shouldStillReviewADataTrigger() {
        delegate("refunds", "small", new ScopeBits(policy).capability("vault.read", "read").data("secrets"));
        assertEquals(Outcome.REVIEW, d.outcome(), () -> d.describe(policy));
        assertEquals("review.secrets", policy.ruleName(d.rule()));
    }

    @Test
    void shouldReportAConstraintOnAToolTheTriggerDoesNotHold() {
        final PolicyException e = assertThrows(PolicyException.class, () -> PolicyParser.parse("review.yaml",
            POLICY.replace("    constraints: {ledger.refund: {amount: {range: [\"1000.01\", \"1000000.00\"]}}}",
                "    constraints: {vault.read: {amount: {range: [\"1000.01\", \"1000000.00\"]}}}")));
        assertEquals("review.yaml:50:19: review.large-refund.constraints.vault.read: constraint on tool 'vault.read', "
            + "of which this scope grants no capability", e.errors().get(0).toString());
    }

    @Test
    void shouldReportAReversedRangeInAReviewRule() {
        final PolicyException e = assertThrows(PolicyException.class, () -> PolicyParser.parse("review.yaml",
            POLICY.replace("[\"1000.01\", \"1000000.00\"]", "[\"1000000.00\", \"1000.01\"]")));
        assertEquals("review.large-refund.constraints.ledger.refund.amount.range", e.errors().get(0).field(),
            e.getMessage());
    }
}
