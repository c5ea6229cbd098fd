package dev.baton.core;

import dev.baton.Reason;
import dev.baton.Outcome;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AuthorizeRulesTest extends CoreFixture {

    @Test
    void shouldAuthorizeToolCallWithinGrant() {
        final long root = openRoot();
        final long r = allow(root, planner, reader, scope().capability("crm.lookup", "read").data("customer_pii"));
        core.authorize(r, reader, cap("crm.lookup", "read"), data("customer_pii"), "ticket 7", d);
        assertEquals(Outcome.ALLOW, d.outcome());
        assertEquals(r, d.grantId());
        assertEquals(root, d.parentGrantId());
    }

    @Test
    void shouldRejectCapabilityNotInGrant() {
        final long root = openRoot();
        final long r = allow(root, planner, reader, scope().capability("crm.lookup", "read").data("internal"));
        core.authorize(r, reader, cap("crm.lookup", "summarize"), data("internal"), null, d);
        assertDenied(Reason.CAPABILITY_NOT_GRANTED, "(none)");
    }

    @Test
    void shouldRejectDataClassNotInGrant() {
        final long root = openRoot();
        final long r = allow(root, planner, reader, scope().capability("crm.lookup", "read").data("internal"));
        core.authorize(r, reader, cap("crm.lookup", "read"), data("customer_pii"), null, d);
        assertDenied(Reason.DATA_NOT_GRANTED, "(none)");
        assertEquals(data("customer_pii"), d.dataClass());
    }

    @Test
    void shouldRejectUnknownCapabilityAndDataClassIndices() {
        final long root = openRoot();
        core.authorize(root, planner, 999, DecisionCore.NO_DATA_CLASS, null, d);
        assertDenied(Reason.UNKNOWN_CAPABILITY, "(none)");
        core.authorize(root, planner, cap("crm.lookup", "read"), 63, null, d);
        assertDenied(Reason.UNKNOWN_DATA_CLASS, "(none)");
    }

    @Test
    void shouldRejectToolCallByNonHolder() {
        final long root = openRoot();
        core.authorize(root, reader, cap("crm.lookup", "read"), DecisionCore.NO_DATA_CLASS, null, d);
        assertDenied(Reason.NOT_HOLDER, "(none)");
    }

    @Test
    void shouldRequireJustificationWhereTierSaysSo() {
        final long root = openRoot();
        final long pay = allow(root, planner, payer, scope().capability("ledger.pay", "purchase").data("financial"));
        core.authorize(pay, payer, cap("ledger.pay", "purchase"), data("financial"), "  ", d);
        assertDenied(Reason.JUSTIFICATION_REQUIRED, "tiers.money");
        core.authorize(pay, payer, cap("ledger.pay", "purchase"), data("financial"), "refund #881 approved", d);
        assertEquals(Outcome.ALLOW, d.outcome());
    }

    @Test
    void shouldRejectToolCallAfterExpiryAndRevocation() {
        final long root = openRoot();
        final long r = allow(root, planner, reader, scope().capability("crm.lookup", "read").data("internal"));
        core.authorize(r, reader, cap("crm.lookup", "read"), data("internal"), null, d);
        assertEquals(Outcome.ALLOW, d.outcome());
        core.close(root, alice, d);
        core.authorize(r, reader, cap("crm.lookup", "read"), data("internal"), null, d);
        assertDenied(Reason.REVOKED, "(none)");
    }
}
