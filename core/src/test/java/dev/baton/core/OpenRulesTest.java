package dev.baton.core;

import dev.baton.Reason;
import dev.baton.Outcome;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenRulesTest extends CoreFixture {

    @Test
    void shouldOpenRootGrantWithinAgentAndPurposeCeilings() {
        core.open(alice, refund, planner, scope().capability("crm.lookup", "read").data("internal"), d);
        assertEquals(Outcome.ALLOW, d.outcome());
        assertEquals(0, d.depth());
        assertEquals(T0 + 60 * MINUTE, d.expiry(), "default_ttl applies to a scope that meets no tier");
        final GrantView g = new GrantView(POLICY);
        assertTrue(core.grant(d.grantId(), g));
        assertEquals(0, g.parentId());
        assertEquals(d.grantId(), g.rootId());
        assertEquals(alice, g.principal());
        assertEquals(planner, g.holder());
    }

    @Test
    void shouldRejectPrincipalNotInOpenedBy() {
        core.open(eve, refund, planner, scope().capability("crm.lookup", "read"), d);
        assertDenied(Reason.PRINCIPAL_NOT_ALLOWED, "purposes.refund-dispute.opened_by");
    }

    @Test
    void shouldRejectUnknownPurpose() {
        core.open(alice, 99, planner, scope(), d);
        assertDenied(Reason.UNKNOWN_PURPOSE, "(none)");
    }

    @Test
    void shouldRejectUnknownAgentAsEntry() {
        core.open(alice, refund, unknownAgent, scope(), d);
        assertDenied(Reason.UNKNOWN_AGENT, "(none)");
    }

    @Test
    void shouldRejectAgentNotListedAsEntry() {
        core.open(alice, refund, reader, scope().capability("crm.lookup", "read"), d);
        assertDenied(Reason.NOT_ENTRY_AGENT, "purposes.refund-dispute.entry_agents");
    }

    @Test
    void shouldRejectRootScopeOutsideAgentCeiling() {
        core.open(alice, refund, planner, scope().capability("crm.lookup", "read").data("secrets"), d);
        assertDenied(Reason.AGENT_CEILING, "agents.planner.ceiling");
        assertEquals(data("secrets"), d.dataClass());
    }

    @Test
    void shouldRejectRootScopeOutsidePurposeCeiling() {
        core.open(alice, research, planner, scope().capability("ticket.update", "write"), d);
        assertDenied(Reason.PURPOSE_CEILING, "purposes.research.ceiling");
        assertEquals(cap("ticket.update", "write"), d.capability());
    }

    @Test
    void shouldSendRootScopeMeetingReviewRuleToReview() {
        core.open(alice, refund, planner, scope().capability("files.delete", "delete"), d);
        assertEquals(Outcome.REVIEW, d.outcome());
        assertEquals("review.deletions", POLICY.ruleName(d.rule()));
        assertEquals(cap("files.delete", "delete"), d.capability());
        assertEquals(T0 + 10 * MINUTE, d.expiry(), "a REVIEW carries its deadline");
    }

    @Test
    void shouldCapRootExpiryByMostSensitiveTier() {
        core.open(alice, refund, planner, scope().capability("crm.lookup", "read").data("customer_pii"), d);
        assertEquals(T0 + 30 * MINUTE, d.expiry(), "sensitive tier: 30m");
        core.open(alice, refund, planner,
            scope().capability("ledger.pay", "purchase").data("customer_pii"), d);
        assertEquals(T0 + 5 * MINUTE, d.expiry(), "money is the most sensitive tier met: 5m");
    }
}
