package dev.baton.core;

import dev.baton.UnknownNameException;
import dev.baton.Reason;
import dev.baton.Outcome;
import dev.baton.core.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fail closed on names: every look-up of the public API throws {@link UnknownNameException} for a name
 * the policy does not declare, and no index a failed look-up could have produced reads as "none".
 */
class UnknownNameTest {
    private static final CompiledPolicy REFUND = TestPolicies.example("refund-dispute.yaml");
    private static final long T0 = 1_790_000_000_000L;

    private static UnknownNameException unknown(final String kind, final String name, final String suggestion,
                                                final Executable lookUp) {
        final UnknownNameException e = assertThrows(UnknownNameException.class, lookUp);
        assertEquals(kind, e.kind());
        assertEquals(name, e.name());
        assertEquals(suggestion, e.suggestion(), e::getMessage);
        assertTrue(e.getMessage().startsWith("unknown " + kind + " '" + name + "' in policy "), e::getMessage);
        return e;
    }

    @Test
    void shouldThrowForAMisspeltNameInEveryPolicyLookUp() {
        final CompiledPolicy p = REFUND;
        final UnknownNameException e = unknown("data class", "customer-pii", "customer_pii",
            () -> p.dataClass("customer-pii"));
        assertEquals("unknown data class 'customer-pii' in policy " + p.file() + " (did you mean 'customer_pii'?)",
            e.getMessage());
        unknown("capability", "crm.lookup:raed", "crm.lookup:read", () -> p.capability("crm.lookup", "raed"));
        unknown("purpose", "refund-dispue", "refund-dispute", () -> p.purpose("refund-dispue"));
        unknown("agent", "planer", "planner", () -> p.agent("planer"));
        unknown("trust domain", "partner.exmaple", "partner.example", () -> p.trustDomain("partner.exmaple"));
        unknown("review rule", "money_movement", "money-movement", () -> p.reviewRule("money_movement"));
        unknown("break-glass rule", "on-call", "oncall", () -> p.breakGlassRule("on-call"));
        unknown("rule", "agents.planner.ceilling", "agents.planner.ceiling", () -> p.rule("agents.planner.ceilling"));
        unknown("tool", "crm.lokup", "crm.lookup", () -> new ScopeBits(p).capability("crm.lokup", "*"));
        unknown("capability", "crm.lookup:raed", "crm.lookup:read", () -> new ScopeBits(p).capability("crm.lookup", "raed"));
        unknown("data class", "customer-pii", "customer_pii", () -> new ScopeBits(p).data("customer-pii"));
        unknown("data class", "nonsense", null, () -> p.dataClass("nonsense"));
    }

    @Test
    void shouldThrowForAMisspeltIdentityBoundAsAgentPrincipalOrReviewer() {
        final DecisionCore core = new DecisionCore(REFUND, new ManualClock(T0));
        unknown("agent identity", "spiffe://acme.example/agent/planer", "spiffe://acme.example/agent/planner",
            () -> core.agent("spiffe://acme.example/agent/planer"));
        unknown("principal", "usr:alice@acme.example", null, () -> core.principal("usr:alice@acme.example"));
        unknown("reviewer", "user:fin@finance.acme.exmple", null, () -> core.reviewer("user:fin@finance.acme.exmple"));
        assertThrows(IllegalArgumentException.class, () -> core.identity(""));
        assertEquals(0, core.identityCount(), "a refused name is not interned");

        final int planner = core.agent("spiffe://acme.example/agent/planner");
        assertEquals(planner, core.identity("spiffe://acme.example/agent/planner"));
        assertEquals(REFUND.agent("planner"), core.agentOf(planner));
        final int alice = core.principal("user:alice@acme.example");
        assertEquals("user:alice@acme.example", core.identityName(alice));
        final int reviewer = core.reviewer("user:fin@finance.acme.example");
        assertEquals("user:fin@finance.acme.example", core.identityName(reviewer));
    }

    @Test
    void shouldAnswerHasWithoutThrowing() {
        assertTrue(REFUND.hasDataClass("customer_pii"));
        assertFalse(REFUND.hasDataClass("customer-pii"));
        assertTrue(REFUND.hasCapability("crm.lookup", "read"));
        assertFalse(REFUND.hasCapability("crm.lookup", "raed"));
        assertTrue(REFUND.hasPurpose("refund-dispute"));
        assertFalse(REFUND.hasPurpose("refund"));
        assertTrue(REFUND.hasAgent("summariser"));
        assertFalse(REFUND.hasAgent("summarizer"));
        assertTrue(REFUND.hasTrustDomain("partner.example"));
        assertFalse(REFUND.hasTrustDomain("evil.example"));
        assertTrue(REFUND.hasReviewRule("deletion"));
        assertFalse(REFUND.hasReviewRule("deletions"));
        assertTrue(REFUND.hasBreakGlassRule("oncall"));
        assertFalse(REFUND.hasBreakGlassRule("on-call"));
        assertTrue(REFUND.hasTool("ledger.pay"));
        assertFalse(REFUND.hasTool("ledger.pays"));
        assertNull(UnknownNameException.nearest("zzz", java.util.List.of("public", "internal")));
    }

    /**
     * refund-dispute.yaml: the partner's summariser (another trust domain) holds doc.summarize:summarize
     * on public data only; customer_pii never leaves. Asking for PII under a misspelt name used to look it
     * up as -1 = DecisionSlot.NONE, "touches no data", and was ALLOWED.
     */
    @Test
    void shouldNeverAllowThePartnerSummariserCustomerPiiUnderAMisspeltName() {
        final ManualClock clock = new ManualClock(T0);
        final DecisionCore core = new DecisionCore(REFUND, clock);
        final DecisionSlot d = new DecisionSlot();
        final int alice = core.principal("user:alice@acme.example");
        final int planner = core.agent("spiffe://acme.example/agent/planner");
        final int summariser = core.agent("spiffe://partner.example/mcp/summariser");
        core.open(alice, REFUND.purpose("refund-dispute"), planner, new ScopeBits(REFUND)
            .capability("doc.summarize", "summarize").data("public").data("customer_pii"), d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(REFUND));
        final long root = d.grantId();
        core.delegate(root, planner, summariser, new ScopeBits(REFUND).capability("doc.summarize", "summarize")
            .data("public"), d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(REFUND));
        final long partner = d.grantId();
        final int summarize = REFUND.capability("doc.summarize", "summarize");

        core.authorize(partner, summariser, summarize, REFUND.dataClass("customer_pii"), "summary", d);
        assertEquals(Reason.DATA_NOT_GRANTED, d.reason(), () -> d.describe(REFUND));
        assertThrows(UnknownNameException.class, () -> REFUND.dataClass("customer-pii"));
        core.authorize(partner, summariser, summarize, -1, "summary", d); // what the look-up used to return
        assertEquals(Outcome.DENY, d.outcome());
        assertEquals(Reason.UNKNOWN_DATA_CLASS, d.reason(), () -> d.describe(REFUND));
        assertEquals(DecisionSlot.NONE, d.dataClass());
        core.authorize(partner, summariser, summarize, DecisionCore.NO_DATA_CLASS, "summary", d);
        assertEquals(Outcome.ALLOW, d.outcome(), "no data, said explicitly, is the one 'none': "
            + d.describe(REFUND));
        assertEquals(DecisionSlot.NONE, d.dataClass(), "a decision reports no data class as NONE");
        assertEquals("ALLOW ALLOWED grant=" + partner, d.describe(REFUND));
    }

    @Test
    void shouldRefuseEveryOutOfRangeIndexAsUnknownNeverAsNone() {
        final ManualClock clock = new ManualClock(T0);
        final DecisionCore core = new DecisionCore(REFUND, clock);
        final DecisionSlot d = new DecisionSlot();
        final int alice = core.identity("user:alice@acme.example");
        final int planner = core.identity("spiffe://acme.example/agent/planner");
        final int reader = core.identity("spiffe://acme.example/agent/crm-reader");
        final int refund = REFUND.purpose("refund-dispute");
        final ScopeBits root = new ScopeBits(REFUND).capability("crm.lookup", "read").data("internal");
        final int read = REFUND.capability("crm.lookup", "read");
        core.open(alice, refund, planner, root, d);
        final long grant = d.grantId();

        for (final int bad : new int[] {-1, -2, Integer.MIN_VALUE + 1, REFUND.dataClassCount(), 63, 64}) {
            core.authorize(grant, planner, read, bad, "why", d);
            assertEquals(Reason.UNKNOWN_DATA_CLASS, d.reason(), "data class " + bad);
        }
        for (final int bad : new int[] {-1, Integer.MIN_VALUE, REFUND.capabilityCount()}) {
            core.authorize(grant, planner, bad, REFUND.dataClass("internal"), "why", d);
            assertEquals(Reason.UNKNOWN_CAPABILITY, d.reason(), "capability " + bad);
        }
        core.open(alice, -1, planner, root, d);
        assertEquals(Reason.UNKNOWN_PURPOSE, d.reason());
        core.open(-1, refund, planner, root, d);
        assertEquals(Reason.PRINCIPAL_NOT_ALLOWED, d.reason());
        core.open(alice, refund, -1, root, d);
        assertEquals(Reason.UNKNOWN_AGENT, d.reason());
        core.delegate(grant, planner, -1, root, d);
        assertEquals(Reason.UNKNOWN_AGENT, d.reason());
        core.delegate(grant, planner, Integer.MIN_VALUE, root, d);
        assertEquals(Reason.UNKNOWN_AGENT, d.reason());
        core.authorize(grant, -1, read, REFUND.dataClass("internal"), "why", d);
        assertEquals(Reason.NOT_HOLDER, d.reason());
        final int bob = core.identity("user:oncall-bob@acme.example");
        core.breakGlass().principal(bob).rule(-1).agent(reader).purpose(refund).scope(root).reason("fire").decide(d);
        assertEquals(Reason.BREAK_GLASS_NOT_ALLOWED, d.reason());
        core.breakGlass().principal(bob).rule(REFUND.breakGlassRule("oncall")).agent(reader).purpose(-1).scope(root)
            .reason("fire").decide(d);
        assertEquals(Reason.UNKNOWN_PURPOSE, d.reason());
        assertThrows(IllegalArgumentException.class, () -> root.hasData(-1));
        assertThrows(IllegalArgumentException.class, () -> root.hasCapability(-1));
        assertThrows(IllegalArgumentException.class, () -> new ScopeBits(REFUND).capability(-1));
    }

    @Test
    void shouldRefuseAScopeLaidOutForAnotherPolicy() {
        final CompiledPolicy other = TestPolicies.resource("rules.yaml");
        assertNotEquals(other.layoutId(), REFUND.layoutId());
        final DecisionCore core = new DecisionCore(REFUND, new ManualClock(T0));
        final DecisionSlot d = new DecisionSlot();
        core.open(core.identity("user:alice@acme.example"), REFUND.purpose("refund-dispute"),
            core.identity("spiffe://acme.example/agent/planner"),
            new ScopeBits(other).capability("crm.lookup", "read"), d);
        assertEquals(Reason.SCOPE_LAYOUT_CHANGED, d.reason(), () -> d.describe(REFUND));
    }
}
