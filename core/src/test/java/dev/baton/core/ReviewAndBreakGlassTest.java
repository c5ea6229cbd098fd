package dev.baton.core;

import dev.baton.Reason;
import dev.baton.Outcome;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReviewAndBreakGlassTest extends CoreFixture {

    private long pendingDeletion() {
        core.open(alice, refund, planner, scope().capability("files.delete", "delete").data("internal"), d);
        assertEquals(Outcome.REVIEW, d.outcome());
        return d.grantId();
    }

    @Test
    void shouldActivateGrantWhenReviewerApproves() {
        final long pending = pendingDeletion();
        clock.advance(2 * MINUTE);
        core.review(pending, securityReviewer, true, d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(POLICY));
        assertEquals(T0 + 2 * MINUTE + 60 * MINUTE, d.expiry(), "TTL runs from approval");
        assertTrue((d.flags() & GrantFlags.REVIEWED) != 0);
        core.authorize(pending, planner, cap("files.delete", "delete"), data("internal"), null, d);
        assertEquals(Outcome.ALLOW, d.outcome());
    }

    @Test
    void shouldKeepGrantUnusableWhenReviewerDenies() {
        final long pending = pendingDeletion();
        core.review(pending, securityReviewer, false, d);
        assertDenied(Reason.REVIEW_DENIED, "review.deletions");
        core.authorize(pending, planner, cap("files.delete", "delete"), data("internal"), null, d);
        assertEquals(Outcome.DENY, d.outcome());
    }

    @Test
    void shouldRejectReviewerNotNamedByRule() {
        final long pending = pendingDeletion();
        core.review(pending, privacyReviewer, true, d);
        assertDenied(Reason.NOT_A_REVIEWER, "review.deletions");
    }

    @Test
    void shouldRejectReviewAfterTimeout() {
        final long pending = pendingDeletion();
        clock.advance(10 * MINUTE);
        core.review(pending, securityReviewer, true, d);
        assertDenied(Reason.REVIEW_TIMED_OUT, "review.deletions");
        core.review(pending, securityReviewer, true, d);
        assertEquals(Outcome.DENY, d.outcome(), "a timed-out review never becomes usable");
    }

    @Test
    void shouldRejectReviewOfGrantNotPending() {
        final long root = openRoot();
        core.review(root, securityReviewer, true, d);
        assertDenied(Reason.NOT_PENDING, "(none)");
    }

    @Test
    void shouldIssueTimeBoxedFlaggedBreakGlassGrant() {
        core.breakGlass().principal(oncall).rule(POLICY.breakGlassRule("oncall")).agent(planner).purpose(refund)
            .scope(scope().capability("files.delete", "delete")).reason("prod outage INC-1").ttlMillis(24 * 60 * MINUTE)
            .decide(d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(POLICY));
        assertEquals(T0 + 15 * MINUTE, d.expiry(), "capped by max_ttl");
        assertTrue((d.flags() & GrantFlags.BREAK_GLASS) != 0);
    }

    @Test
    void shouldMakeBreakGlassGrantARootOfItsOwnWhileOtherGrantsExist() {
        final long task = openRoot();
        allow(task, planner, reader, scope().capability("crm.lookup", "read"));
        core.breakGlass().principal(oncall).rule(POLICY.breakGlassRule("oncall")).agent(planner).purpose(refund)
            .scope(scope().capability("crm.lookup", "read")).reason("outage").decide(d);
        final long glass = d.grantId();
        final GrantView g = new GrantView(POLICY);
        assertTrue(core.grant(glass, g));
        assertEquals(0, g.parentId(), "an emergency grant has no parent");
        assertEquals(glass, g.rootId(), "it is the root of its own task");
        assertEquals(1, core.close(glass, oncall, d));
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(POLICY));
    }

    @Test
    void shouldRejectBreakGlassByPrincipalNotInWho() {
        core.breakGlass().principal(alice).rule(POLICY.breakGlassRule("oncall")).agent(planner).purpose(refund)
            .scope(scope().capability("files.delete", "delete")).reason("because").decide(d);
        assertDenied(Reason.BREAK_GLASS_NOT_ALLOWED, "break_glass.oncall");
    }

    @Test
    void shouldRejectBreakGlassWithoutReason() {
        core.breakGlass().principal(oncall).rule(POLICY.breakGlassRule("oncall")).agent(planner).purpose(refund)
            .scope(scope().capability("files.delete", "delete")).reason(" ").decide(d);
        assertDenied(Reason.REASON_REQUIRED, "break_glass.oncall");
    }

    @Test
    void shouldBoundBreakGlassByAgentCeiling() {
        core.breakGlass().principal(oncall).rule(POLICY.breakGlassRule("oncall")).agent(reader).purpose(refund)
            .scope(scope().capability("files.delete", "delete")).reason("outage").decide(d);
        assertDenied(Reason.AGENT_CEILING, "agents.reader.ceiling");
    }

    @Test
    void shouldForgetEveryBreakGlassArgumentWhenTheNextCallStarts() {
        core.breakGlass().principal(oncall).rule(POLICY.breakGlassRule("oncall")).agent(planner).purpose(refund)
            .scope(scope().capability("crm.lookup", "read")).reason("outage").decide(d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(POLICY));
        core.breakGlass().agent(planner).purpose(refund).scope(scope().capability("crm.lookup", "read")).decide(d);
        assertEquals(Reason.BREAK_GLASS_NOT_ALLOWED, d.reason(), "no principal and no rule: refused, not reused");
    }

    @Test
    void shouldRefuseToDecideBreakGlassWithoutScope() {
        final int before = core.grantCount();
        assertThrows(IllegalStateException.class, () -> core.breakGlass().principal(oncall)
            .rule(POLICY.breakGlassRule("oncall")).agent(planner).purpose(refund).reason("outage").decide(d));
        assertEquals(before, core.grantCount());
    }
}
