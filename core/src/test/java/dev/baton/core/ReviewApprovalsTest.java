package dev.baton.core;

import dev.baton.Outcome;
import dev.baton.Reason;
import dev.baton.policy.PolicyException;
import dev.baton.policy.PolicyParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * M-of-N review: a rule with {@code approvals: 2} makes a grant usable only once two distinct reviewers
 * approved it before the timeout; the same reviewer twice counts once; a review that times out before the
 * second approval is refused for good; who approved, and when, is kept.
 */
class ReviewApprovalsTest {
    private static final long T0 = 1_790_000_000_000L;
    static final String POLICY = String.join("\n",
        "version: \"m-of-n\"",
        "vocabulary:",
        "  actions: [refund]",
        "  data_classes: [financial]",
        "  trust_domains: [acme.example]",
        "  tools:",
        "    ledger.refund: [refund]",
        "agents:",
        "  lead:",
        "    identity: spiffe://acme.example/agent/lead",
        "    ceiling: {capabilities: [\"ledger.refund:refund\"], data: [financial]}",
        "    delegates_to: [payer]",
        "    max_depth: 1",
        "  payer:",
        "    identity: spiffe://acme.example/agent/payer",
        "    ceiling: {capabilities: [\"ledger.refund:refund\"], data: [financial]}",
        "purposes:",
        "  refunds:",
        "    opened_by: [\"user:*@acme.example\"]",
        "    entry_agents: [lead]",
        "    ceiling: {capabilities: [\"*\"], data: [financial]}",
        "review:",
        "  large-refund:",
        "    capabilities: [\"ledger.refund:refund\"]",
        "    min_depth: 1",
        "    timeout: 10m",
        "    reviewers: [\"user:*@finance.acme.example\"]",
        "    approvals: 2",
        "default_ttl: 1h") + "\n";

    private CompiledPolicy policy;
    private ManualClock clock;
    private DecisionCore core;
    private final DecisionSlot d = new DecisionSlot();
    private int lead;
    private int payer;
    private int ana;
    private int bob;
    private long pending;

    @BeforeEach
    void setUp() throws PolicyException {
        policy = PolicyCompiler.compile(PolicyParser.parse("review.yaml", POLICY));
        clock = new ManualClock(T0);
        core = new DecisionCore(policy, clock);
        lead = core.identity("spiffe://acme.example/agent/lead");
        payer = core.identity("spiffe://acme.example/agent/payer");
        ana = core.identity("user:ana@finance.acme.example");
        bob = core.identity("user:bob@finance.acme.example");
        final ScopeBits scope = new ScopeBits(policy).capability("ledger.refund", "refund").data("financial");
        core.open(core.identity("user:eve@acme.example"), policy.purpose("refunds"), lead, scope, d);
        core.delegate(d.grantId(), lead, payer, scope, d);
        assertEquals(Outcome.REVIEW, d.outcome(), () -> d.describe(policy));
        pending = d.grantId();
    }

    private DecisionSlot refund() {
        return core.authorize(pending, payer, policy.capability("ledger.refund", "refund"), policy.dataClass("financial"),
            null, d);
    }

    @Test
    void shouldNeedTwoDistinctApprovalsAndCountTheSameReviewerOnce() {
        core.review(pending, ana, true, d);
        assertEquals(Outcome.REVIEW, d.outcome(), () -> d.describe(policy));
        assertEquals(Reason.APPROVAL_RECORDED, d.reason());
        assertEquals("review.large-refund", policy.ruleName(d.rule()));
        assertEquals(Reason.PENDING_REVIEW, refund().reason(), "one approval of two does not make it usable");
        clock.advance(1_000);
        core.review(pending, ana, true, d);
        assertEquals(Reason.ALREADY_APPROVED, d.reason(), "the same reviewer twice counts once");
        assertEquals(Reason.PENDING_REVIEW, refund().reason(), "still one approval");
        clock.advance(1_000);
        core.review(pending, bob, true, d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(policy));
        assertEquals(Outcome.ALLOW, refund().outcome(), () -> d.describe(policy));
        final int[] who = new int[8];
        final long[] when = new long[8];
        assertEquals(2, core.counters().approvals(pending, who, when));
        assertEquals(ana, who[0]);
        assertEquals(T0, when[0], "ana's first approval counts, at its time");
        assertEquals(bob, who[1]);
        assertEquals(T0 + 2_000, when[1]);
    }

    @Test
    void shouldDenyAReviewThatTimesOutBeforeItsApprovals() {
        core.review(pending, ana, true, d);
        assertEquals(Reason.APPROVAL_RECORDED, d.reason());
        clock.advance(10 * 60_000);
        core.review(pending, bob, true, d);
        assertEquals(Reason.REVIEW_TIMED_OUT, d.reason(), () -> d.describe(policy));
        assertTrue(refund().outcome() == Outcome.DENY, "a timed-out review never becomes usable");
    }

    @Test
    void shouldStillLetOneReviewerDenyIt() {
        core.review(pending, ana, true, d);
        core.review(pending, bob, false, d);
        assertEquals(Reason.REVIEW_DENIED, d.reason());
        assertEquals(Outcome.DENY, refund().outcome());
    }

    @Test
    void shouldReportApprovalsOutOfRange() {
        final PolicyException e = assertThrows(PolicyException.class,
            () -> PolicyParser.parse("review.yaml", POLICY.replace("approvals: 2", "approvals: 9")));
        assertEquals("review.yaml:28:16: review.large-refund.approvals: out of range: expected an integer from 1 to 8,"
            + " found 9", e.errors().get(0).toString());
    }
}
