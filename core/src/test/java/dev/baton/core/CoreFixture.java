package dev.baton.core;

import dev.baton.Reason;
import dev.baton.Outcome;
import dev.baton.core.ManualClock;
import org.junit.jupiter.api.BeforeEach;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A decision core over {@code rules.yaml} with the identities the rule tests use. */
abstract class CoreFixture {
    static final long T0 = 1_790_000_000_000L;
    static final long MINUTE = 60_000L;
    static final CompiledPolicy POLICY = TestPolicies.resource("rules.yaml");

    ManualClock clock;
    DecisionCore core;
    DecisionSlot d;

    int alice;
    int eve;
    int oncall;
    int securityReviewer;
    int privacyReviewer;
    int planner;
    int reader;
    int reader2;
    int helper;
    int helper2;
    int helper3;
    int payer;
    int partner;
    int stranger;
    int unknownAgent;
    int refund;
    int research;

    @BeforeEach
    void setUpCore() {
        clock = new ManualClock(T0);
        core = new DecisionCore(POLICY, clock);
        d = new DecisionSlot();
        alice = core.identity("user:alice@acme.example");
        eve = core.identity("user:eve@evil.example");
        oncall = core.identity("user:oncall-bob@acme.example");
        securityReviewer = core.identity("user:sam@security.acme.example");
        privacyReviewer = core.identity("user:pat@privacy.acme.example");
        planner = core.identity("spiffe://acme.example/agent/planner");
        reader = core.identity("spiffe://acme.example/agent/reader/crm");
        reader2 = core.identity("spiffe://acme.example/agent/reader/tickets");
        helper = core.identity("spiffe://acme.example/agent/helper/a");
        helper2 = core.identity("spiffe://acme.example/agent/helper/b/1");
        helper3 = core.identity("spiffe://acme.example/agent/helper/c");
        payer = core.identity("spiffe://acme.example/agent/payer");
        partner = core.identity("spiffe://partner.example/mcp/summariser");
        stranger = core.identity("spiffe://other.example/agent/x");
        unknownAgent = core.identity("spiffe://acme.example/agent/unknown");
        refund = POLICY.purpose("refund-dispute");
        research = POLICY.purpose("research");
    }

    ScopeBits scope() {
        return new ScopeBits(POLICY);
    }

    int cap(final String tool, final String action) {
        return POLICY.capability(tool, action);
    }

    int data(final String name) {
        return POLICY.dataClass(name);
    }

    /** Opens a refund-dispute task for the planner with the purpose's whole ceiling minus deletion. */
    long openRoot() {
        final ScopeBits s = scope().capability("crm.lookup", "*").capability("ticket.update", "write")
            .capability("ledger.pay", "purchase").capability("doc.summarize", "summarize")
            .data("public").data("internal").data("customer_pii").data("financial");
        core.open(alice, refund, planner, s, d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(POLICY));
        return d.grantId();
    }

    long allow(final long parent, final int presenter, final int delegatee, final ScopeBits s) {
        core.delegate(parent, presenter, delegatee, s, d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(POLICY));
        return d.grantId();
    }

    void assertDenied(final Reason reason, final String rule) {
        assertEquals(Outcome.DENY, d.outcome(), () -> d.describe(POLICY));
        assertEquals(reason, d.reason(), () -> d.describe(POLICY));
        assertEquals(rule, POLICY.ruleName(d.rule()), () -> d.describe(POLICY));
    }
}
