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
 * Named reviewer classes: a rule with {@code approvals: {required: 2, from: [finance, security]}} counts only
 * approvals from members of those classes (a support lead, a reviewer of the rule in no named class, is
 * refused {@code REVIEWER_CLASS_NOT_NAMED} but may still deny); each approval is kept with its class and
 * names it as the deciding rule; {@code check} names an unknown class at its line and column.
 */
class ReviewerClassesTest {
    private static final long T0 = 1_790_000_000_000L;
    static final String POLICY = ReviewApprovalsTest.POLICY
        .replace("review:\n", String.join("\n",
            "reviewer_classes:",
            "  finance: [\"user:*@finance.acme.example\"]",
            "  security: [\"user:*@security.acme.example\"]",
            "  leads: [\"user:*@leads.acme.example\"]",
            "review:", ""))
        .replace("    reviewers: [\"user:*@finance.acme.example\"]\n    approvals: 2\n", String.join("\n",
            "    reviewers: [\"user:*@finance.acme.example\", \"user:*@security.acme.example\", \"user:*@leads.acme.example\"]",
            "    approvals: {required: 2, from: [finance, security]}", ""));

    private CompiledPolicy policy;
    private ManualClock clock;
    private DecisionCore core;
    private final DecisionSlot d = new DecisionSlot();
    private int payer;
    private long pending;

    @BeforeEach
    void setUp() throws PolicyException {
        policy = PolicyCompiler.compile(PolicyParser.parse("classes.yaml", POLICY));
        clock = new ManualClock(T0);
        core = new DecisionCore(policy, clock);
        final int lead = core.identity("spiffe://acme.example/agent/lead");
        payer = core.identity("spiffe://acme.example/agent/payer");
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
    void shouldCountOnlyApprovalsFromTheNamedClassesAndKeepEachClass() {
        final int lee = core.reviewer("user:lee@leads.acme.example");
        core.review(pending, lee, true, d);
        assertEquals(Reason.REVIEWER_CLASS_NOT_NAMED, d.reason(), () -> d.describe(policy));
        assertEquals("review.large-refund", policy.ruleName(d.rule()));
        final int ana = core.reviewer("user:ana@finance.acme.example");
        core.review(pending, ana, true, d);
        assertEquals(Reason.APPROVAL_RECORDED, d.reason(), () -> d.describe(policy));
        assertEquals("reviewer_classes.finance", policy.ruleName(d.rule()), "an approval names its class");
        clock.advance(1_000);
        core.review(pending, ana, true, d);
        assertEquals(Reason.ALREADY_APPROVED, d.reason(), "the same reviewer counts once");
        assertEquals(Reason.PENDING_REVIEW, refund().reason(), "one counted approval of two");
        clock.advance(1_000);
        final int sam = core.reviewer("user:sam@security.acme.example");
        core.review(pending, sam, true, d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(policy));
        assertEquals("reviewer_classes.security", policy.ruleName(d.rule()));
        assertEquals(Outcome.ALLOW, refund().outcome());
        final int[] who = new int[8];
        final long[] when = new long[8];
        final int[] classes = new int[8];
        assertEquals(2, core.counters().approvals(pending, who, when));
        assertEquals(2, core.counters().approvalClasses(pending, classes));
        assertEquals(ana, who[0]);
        assertEquals(T0, when[0]);
        assertEquals("reviewer_classes.finance", policy.ruleName(core.counters().reviewerClassRule(classes[0])));
        assertEquals(sam, who[1]);
        assertEquals(T0 + 2_000, when[1]);
        assertEquals("reviewer_classes.security", policy.ruleName(core.counters().reviewerClassRule(classes[1])));
    }

    @Test
    void shouldLetAReviewerOfAClassNotNamedStillDeny() {
        core.review(pending, core.reviewer("user:ana@finance.acme.example"), true, d);
        core.review(pending, core.reviewer("user:lee@leads.acme.example"), false, d);
        assertEquals(Reason.REVIEW_DENIED, d.reason());
        assertEquals(Outcome.DENY, refund().outcome());
    }

    @Test
    void shouldTakeTheReviewersFromTheNamedClassesWhenTheRuleListsNone() throws PolicyException {
        final String text = POLICY.replace(
            "    reviewers: [\"user:*@finance.acme.example\", \"user:*@security.acme.example\", \"user:*@leads.acme.example\"]\n",
            "");
        final CompiledPolicy p = PolicyCompiler.compile(PolicyParser.parse("classes.yaml", text));
        final DecisionCore c = new DecisionCore(p, new ManualClock(T0));
        c.reviewer("user:sam@security.acme.example");
        assertThrows(dev.baton.UnknownNameException.class, () -> c.reviewer("user:lee@leads.acme.example"),
            "a class the rule does not name reviews nothing");
    }

    @Test
    void shouldReportAnUnknownReviewerClassAtItsLineAndColumn() {
        final PolicyException e = assertThrows(PolicyException.class,
            () -> PolicyParser.parse("classes.yaml", POLICY.replace("from: [finance, security]", "from: [finance, securty]")));
        assertEquals("classes.yaml:32:46: review.large-refund.approvals.from[1]: unknown reviewer class 'securty'; "
            + "declared reviewer classes: finance, security, leads", e.errors().get(0).toString());
    }

    @Test
    void shouldRequireReviewersWhenNoClassIsNamed() {
        final PolicyException e = assertThrows(PolicyException.class, () -> PolicyParser.parse("classes.yaml",
            ReviewApprovalsTest.POLICY.replace("    reviewers: [\"user:*@finance.acme.example\"]\n", "")));
        assertEquals("review.large-refund.reviewers", e.errors().get(0).field());
    }
}
