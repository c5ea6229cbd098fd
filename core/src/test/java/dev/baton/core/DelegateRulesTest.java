package dev.baton.core;

import dev.baton.Reason;
import dev.baton.Outcome;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BRIEF.md's delegation steps, each with an allow case and a deny case naming the rule. */
class DelegateRulesTest extends CoreFixture {

    // ---------------------------------------------------------------- step 1: the presented grant

    @Test
    void shouldDelegateFromLiveGrantHeldByPresenter() {
        final long root = openRoot();
        core.delegate(root, planner, reader, scope().capability("crm.lookup", "read").data("internal"), d);
        assertEquals(Outcome.ALLOW, d.outcome());
        assertEquals(1, d.depth());
        assertEquals(root, d.parentGrantId());
        assertNotEquals(root, d.grantId());
    }

    @Test
    void shouldRejectUnknownGrant() {
        core.delegate(12345L, planner, reader, scope(), d);
        assertDenied(Reason.UNKNOWN_GRANT, "(none)");
    }

    @Test
    void shouldRejectGrantPresentedByAnotherIdentity() {
        final long root = openRoot();
        core.delegate(root, reader, helper, scope().capability("crm.lookup", "read"), d);
        assertDenied(Reason.NOT_HOLDER, "(none)");
    }

    @Test
    void shouldRejectExpiredGrant() {
        final long root = openRoot(); // holds customer_pii and financial: money tier, 5m
        clock.advance(5 * MINUTE);
        core.delegate(root, planner, reader, scope().capability("crm.lookup", "read"), d);
        assertDenied(Reason.EXPIRED, "(none)");
    }

    @Test
    void shouldRejectGrantWhoseAncestorWasRevoked() {
        final long root = openRoot();
        final long child = allow(root, planner, reader, scope().capability("crm.lookup", "read").data("internal"));
        core.revoke(root, alice, d);
        core.delegate(child, reader, helper, scope().capability("crm.lookup", "read"), d);
        assertDenied(Reason.REVOKED, "(none)");
    }

    @Test
    void shouldRejectGrantStillWaitingForReview() {
        final long root = openRoot();
        final long reader1 = allow(root, planner, reader,
            scope().capability("crm.lookup", "read").data("customer_pii"));
        core.delegate(reader1, reader, reader2, scope().capability("crm.lookup", "read").data("customer_pii"), d);
        assertEquals(Outcome.REVIEW, d.outcome());
        final long pending = d.grantId();
        core.delegate(pending, reader2, helper, scope().capability("crm.lookup", "read"), d);
        assertDenied(Reason.PENDING_REVIEW, "(none)");
    }

    // ---------------------------------------------------------------- step 2: edges and depth

    @Test
    void shouldRejectUnknownDelegatee() {
        final long root = openRoot();
        core.delegate(root, planner, unknownAgent, scope().capability("crm.lookup", "read"), d);
        assertDenied(Reason.UNKNOWN_AGENT, "(none)");
    }

    @Test
    void shouldRejectDelegationWithoutEdge() {
        final long root = openRoot();
        final long r = allow(root, planner, reader, scope().capability("crm.lookup", "read").data("internal"));
        core.delegate(r, reader, payer, scope().capability("crm.lookup", "read"), d);
        assertDenied(Reason.NO_DELEGATION_EDGE, "agents.reader.delegates_to");
    }

    @Test
    void shouldAllowUpToMaxDepthAndRejectBeyond() {
        final long root = openRoot();
        final ScopeBits read = scope().capability("crm.lookup", "read").data("internal");
        final long r = allow(root, planner, reader, read);
        final long h1 = allow(r, reader, helper, read);          // depth 2 <= reader's max_depth 2
        final long h2 = allow(h1, helper, helper2, read);        // depth 3 <= helper's max_depth 3
        assertEquals(3, d.depth());
        core.delegate(h2, helper2, helper3, read, d);            // depth 4 > 3
        assertDenied(Reason.MAX_DEPTH, "agents.helper.max_depth");
    }

    // ---------------------------------------------------------------- step 3: attenuation

    @Test
    void shouldRejectRequestWiderThanParent() {
        final long root = openRoot();
        final long r = allow(root, planner, reader, scope().capability("crm.lookup", "read").data("internal"));
        core.delegate(r, reader, reader2, scope().capability("crm.lookup", "summarize"), d);
        assertDenied(Reason.NOT_ATTENUATED, "(none)");
        assertEquals(cap("crm.lookup", "summarize"), d.capability());
        core.delegate(r, reader, reader2, scope().capability("crm.lookup", "read").data("public"), d);
        assertDenied(Reason.NOT_ATTENUATED, "(none)");
        assertEquals(data("public"), d.dataClass());
    }

    @Test
    void shouldLetRootPassNonTransitiveOnceButNeverAgain() {
        final long root = openRoot();
        final long pay = allow(root, planner, payer,
            scope().capability("ledger.pay", "purchase").capability("crm.lookup", "read").data("financial")
                .data("internal"));
        core.delegate(pay, payer, reader, scope().capability("ledger.pay", "purchase"), d);
        assertDenied(Reason.NON_TRANSITIVE, "non_transitive");
        assertEquals(cap("ledger.pay", "purchase"), d.capability());
        core.delegate(pay, payer, reader, scope().capability("crm.lookup", "read").data("financial"), d);
        assertDenied(Reason.NON_TRANSITIVE, "non_transitive");
        assertEquals(data("financial"), d.dataClass());
        core.delegate(pay, payer, reader, scope().capability("crm.lookup", "read").data("internal"), d);
        assertEquals(Outcome.ALLOW, d.outcome(), "the transitive part may still be passed on");
    }

    // ---------------------------------------------------------------- step 4: ceilings

    @Test
    void shouldRejectRequestOutsideDelegateeCeiling() {
        final long root = openRoot();
        core.delegate(root, planner, reader, scope().capability("ticket.update", "write"), d);
        assertDenied(Reason.AGENT_CEILING, "agents.reader.ceiling");
        assertEquals(cap("ticket.update", "write"), d.capability());
    }

    @Test
    void shouldRejectRequestOutsidePurposeCeiling() {
        // A break-glass root is not bound by the purpose ceiling; its children are.
        core.breakGlass().principal(oncall).rule(POLICY.breakGlassRule("oncall")).agent(planner).purpose(research)
            .scope(scope().capability("crm.lookup", "summarize").capability("crm.lookup", "read"))
            .reason("incident 42").decide(d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(POLICY));
        final long glass = d.grantId();
        core.delegate(glass, planner, reader, scope().capability("crm.lookup", "summarize"), d);
        assertDenied(Reason.PURPOSE_CEILING, "purposes.research.ceiling");
        core.delegate(glass, planner, reader, scope().capability("crm.lookup", "read"), d);
        assertEquals(Outcome.ALLOW, d.outcome());
        assertTrue((d.flags() & GrantFlags.BREAK_GLASS) != 0, "descendants of break-glass stay flagged");
    }

    // ---------------------------------------------------------------- step 5: trust domains

    @Test
    void shouldAllowExternalDelegateeWithinExternalLimit() {
        final long root = openRoot();
        core.delegate(root, planner, partner, scope().capability("doc.summarize", "summarize").data("public"), d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(POLICY));
        assertTrue((d.flags() & GrantFlags.EXTERNAL) != 0);
    }

    @Test
    void shouldNeverLetNeverLeaveDataCrossTrustDomains() {
        final long root = openRoot();
        core.delegate(root, planner, partner,
            scope().capability("doc.summarize", "summarize").data("customer_pii"), d);
        assertDenied(Reason.NEVER_LEAVE, "never_leave.customer_pii");
        assertEquals(data("customer_pii"), d.dataClass());
    }

    @Test
    void shouldRejectExternalRequestOutsideItsLimit() {
        final long root = openRoot();
        core.delegate(root, planner, partner, scope().capability("crm.lookup", "read").data("public"), d);
        assertDenied(Reason.EXTERNAL_LIMIT, "external.partner.example");
        assertEquals(cap("crm.lookup", "read"), d.capability());
    }

    @Test
    void shouldGiveNothingToForeignDomainWithoutExternalLimit() {
        final long root = openRoot();
        core.delegate(root, planner, stranger, scope().capability("doc.summarize", "summarize").data("public"), d);
        assertDenied(Reason.EXTERNAL_LIMIT, "(none)");
    }

    // ---------------------------------------------------------------- step 6: review

    @Test
    void shouldReviewOnlyAtOrBelowMinDepth() {
        final long root = openRoot();
        final ScopeBits pii = scope().capability("crm.lookup", "read").data("customer_pii");
        final long r = allow(root, planner, reader, pii); // depth 1 < min_depth 2: no review
        core.delegate(r, reader, reader2, pii, d);        // depth 2: deep-pii applies
        assertEquals(Outcome.REVIEW, d.outcome());
        assertEquals("review.deep-pii", POLICY.ruleName(d.rule()));
        assertEquals(data("customer_pii"), d.dataClass());
    }

    @Test
    void shouldReviewExternalOnlyRuleForExternalDelegateesOnly() {
        final long root = openRoot();
        core.delegate(root, planner, partner, scope().capability("doc.summarize", "summarize").data("internal"), d);
        assertEquals(Outcome.REVIEW, d.outcome());
        assertEquals("review.external-internal", POLICY.ruleName(d.rule()));
        core.delegate(root, planner, reader, scope().capability("doc.summarize", "summarize").data("internal"), d);
        assertEquals(Outcome.ALLOW, d.outcome(), "an internal delegatee is not subject to external_only");
    }

    // ---------------------------------------------------------------- step 7: expiry

    @Test
    void shouldNeverOutliveParentAndHonourTierCap() {
        core.open(alice, refund, planner, scope().capability("crm.lookup", "read").capability("ledger.pay",
            "purchase").data("internal").data("financial"), d);
        final long root = d.grantId();
        final long rootExpiry = d.expiry();
        assertEquals(T0 + 5 * MINUTE, rootExpiry);
        clock.advance(MINUTE);
        final long child = allow(root, planner, reader, scope().capability("crm.lookup", "read").data("internal"));
        assertEquals(rootExpiry, d.expiry(), "default_ttl would be 1h; the parent's expiry is earlier");
        assertTrue(child > root);
    }

    @Test
    void shouldFanOutToManyAgentsAtOnce() {
        final long root = openRoot();
        final int[] delegatees = {reader, payer, partner, unknownAgent};
        final ScopeBits[] scopes = {
            scope().capability("crm.lookup", "read").data("internal"),
            scope().capability("ledger.pay", "purchase").data("financial"),
            scope().capability("doc.summarize", "summarize").data("public"),
            scope().capability("crm.lookup", "read"),
        };
        final DecisionSlot[] out = {new DecisionSlot(), new DecisionSlot(), new DecisionSlot(), new DecisionSlot()};
        assertEquals(3, core.fanOut(root, planner, 4, delegatees, scopes, out));
        assertEquals(Reason.UNKNOWN_AGENT, out[3].reason());
        assertEquals(out[0].timestamp(), out[2].timestamp(), "one instant for the whole fan-out");
    }
}
