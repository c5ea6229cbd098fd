package dev.baton;

import dev.baton.core.ManualClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public API as an orchestrator uses it: typed handles bound once, sessions, one result type. */
class PublicApiTest {
    private static final long T0 = 1_700_000_000_000L;
    private static Policy policy;

    @BeforeAll
    static void load() throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("src/policies"))) {
            dir = dir.getParent();
        }
        policy = Policy.load(dir.resolve("src/policies/refund-dispute.yaml"));
    }

    @Test
    void shouldRefuseEveryMisspelledNameOfThePublicApi() {
        try (DelegationEngine engine = DelegationEngine.inMemory(policy, new ManualClock(T0), null)) {
            unknown("purpose", "refund-dispute", () -> policy.purpose("refund_dispute"));
            unknown("capability", "crm.lookup:read", () -> policy.capability("crm.lookup", "reed"));
            unknown("capability", "crm.lookup:read", () -> policy.capability("crm.lookp", "read"));
            unknown("data class", "customer_pii", () -> policy.dataClass("customer-pii"));
            unknown("break-glass rule", null, () -> policy.breakGlassRule("no-such-rule"));
            unknown("capability", "crm.lookup:read", () -> policy.scope().capability("crm.lookup", "raed"));
            unknown("tool", "crm.lookup", () -> policy.scope().capability("crm.lookp", "*"));
            unknown("data class", "customer_pii", () -> policy.scope().data("customer-pii"));
            unknown("agent identity", "spiffe://acme.example/agent/planner",
                () -> engine.agent("spiffe://acme.example/agent/planer"));
            unknown("principal", null, () -> engine.principal("user:mallory@evil.example"));
        }
    }

    private static void unknown(final String kind, final String suggestion, final Executable lookUp) {
        final UnknownNameException e = assertThrows(UnknownNameException.class, lookUp);
        assertEquals(kind, e.kind(), e.getMessage());
        if (suggestion != null) {
            assertTrue(e.getMessage().contains("did you mean '" + suggestion + "'"), e.getMessage());
        }
    }

    /**
     * The defect the issue reported: the partner's summariser asked for customer PII under a misspelled
     * data-class name and got ALLOW. Through the API the name throws, and the only "no data" is explicit.
     */
    @Test
    void shouldNeverAllowThePartnerSummariserCustomerPiiThroughTheApi() {
        try (DelegationEngine engine = DelegationEngine.inMemory(policy, new ManualClock(T0), null);
             DecisionSession s = engine.session()) {
            final Principal alice = engine.principal("user:alice@acme.example");
            final Agent planner = engine.agent("spiffe://acme.example/agent/planner");
            final Agent summariser = engine.agent("spiffe://partner.example/mcp/summariser");
            final Capability summarize = policy.capability("doc.summarize", "summarize");
            final Decision root = s.open(alice, policy.purpose("refund-dispute"), planner,
                policy.scope().capability(summarize).data("public").data("customer_pii").build());
            assertTrue(root.allowed(), root::describe);
            final Decision child = s.delegate(GrantRef.of(root), planner, summariser,
                policy.scope().capability(summarize).data("public").build());
            assertTrue(child.allowed(), child::describe);
            final GrantRef partner = GrantRef.of(child);

            final Decision pii = s.authorize(partner, summariser, summarize, policy.dataClass("customer_pii"), "s", null);
            assertEquals(Reason.DATA_NOT_GRANTED, pii.reason(), pii::describe);
            assertEquals("customer_pii", pii.dataClass().name());
            assertThrows(UnknownNameException.class, () -> policy.dataClass("customer-pii"));
            assertThrows(IllegalArgumentException.class,
                () -> s.authorize(partner, summariser, summarize, null, "s", null), "null is not 'no data'");
            final Decision none = s.authorize(partner, summariser, summarize, DataClass.NONE, "s", null);
            assertTrue(none.allowed(), none::describe);
            assertNull(none.dataClass());
        }
    }

    @Test
    void shouldReuseTheSessionDecisionAndCopyOnRequest() {
        try (DelegationEngine engine = DelegationEngine.inMemory(policy, new ManualClock(T0), null);
             DecisionSession s = engine.session()) {
            final Principal alice = engine.principal("user:alice@acme.example");
            final Agent planner = engine.agent("spiffe://acme.example/agent/planner");
            final Scope scope = policy.scope().capability("crm.lookup", "read").data("customer_pii").build();
            final Decision first = s.open(alice, policy.purpose("refund-dispute"), planner, scope);
            final Decision kept = first.copy();
            final Decision second = s.open(alice, policy.purpose("refund-dispute"), planner, scope);
            assertSame(first, second, "the allocation-free form refills the session's Decision");
            assertNotSame(kept, second);
            assertEquals(second.grantId() - 1, kept.grantId(), "a copy outlives the next call");
            assertEquals(policy.versionHash(), kept.policyVersion());
        }
    }

    @Test
    void shouldRefuseHandlesOfAnotherEngineAndForeignImplementations() {
        try (DelegationEngine a = DelegationEngine.inMemory(policy, new ManualClock(T0), null);
             DelegationEngine b = DelegationEngine.inMemory(policy, new ManualClock(T0), null);
             DecisionSession s = b.session()) {
            final Principal alice = a.principal("user:alice@acme.example");
            final Agent planner = b.agent("spiffe://acme.example/agent/planner");
            final Scope scope = policy.scope().capability("crm.lookup", "read").build();
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.open(alice, policy.purpose("refund-dispute"), planner, scope));
            assertTrue(e.getMessage().contains("another engine"), e.getMessage());
            final Principal forged = () -> "user:alice@acme.example";
            assertThrows(IllegalArgumentException.class,
                () -> s.open(forged, policy.purpose("refund-dispute"), planner, scope));
            final Scope fake = new Scope() {
                @Override
                public boolean contains(final Capability capability) {
                    return true;
                }

                @Override
                public boolean contains(final DataClass dataClass) {
                    return true;
                }

                @Override
                public boolean isSubsetOf(final Scope other) {
                    return true;
                }
            };
            assertThrows(IllegalArgumentException.class,
                () -> s.open(b.principal("user:alice@acme.example"), policy.purpose("refund-dispute"), planner, fake));
        }
    }

    @Test
    void shouldBuildImmutableScopes() {
        final Scope scope = policy.scope().capability("crm.lookup", "*").data("customer_pii").build();
        assertTrue(scope.contains(policy.capability("crm.lookup", "read")));
        assertTrue(scope.contains(policy.capability("crm.lookup", "summarize")));
        assertFalse(scope.contains(policy.capability("ledger.pay", "purchase")));
        assertTrue(scope.contains(policy.dataClass("customer_pii")));
        assertTrue(scope.contains(DataClass.NONE));
        assertFalse(scope.contains(policy.dataClass("secrets")));
        assertThrows(IllegalStateException.class, () -> ((dev.baton.core.ScopeBits) scope).data("secrets"));
    }

    @Test
    void shouldWalkATaskFromOpenToCloseAndRefuseALateCall() {
        try (DelegationEngine engine = DelegationEngine.inMemory(policy, new ManualClock(T0), null);
             DecisionSession s = engine.session()) {
            final Principal alice = engine.principal("user:alice@acme.example");
            final Agent planner = engine.agent("spiffe://acme.example/agent/planner");
            final Agent reader = engine.agent("spiffe://acme.example/agent/crm-reader");
            final Agent payments = engine.agent("spiffe://acme.example/agent/payments");
            final Scope read = policy.scope().capability("crm.lookup", "read").data("customer_pii").build();
            final GrantRef task = GrantRef.of(s.open(alice, policy.purpose("refund-dispute"), planner, read));
            final FanOut fan = s.fanOut(task, planner, new Agent[] {reader, payments}, new Scope[] {read, read});
            assertEquals(2, fan.size());
            assertTrue(fan.child(0).allowed(), fan.child(0)::describe);
            assertFalse(fan.child(1).allowed(), "payments' ceiling holds no crm.lookup: " + fan.child(1).describe());
            assertEquals(1, fan.allowed());
            final GrantRef sub = GrantRef.of(fan.child(0));
            final Capability lookup = policy.capability("crm.lookup", "read");
            final DataClass pii = policy.dataClass("customer_pii");
            assertTrue(s.authorize(sub, reader, lookup, pii, "dispute #1", null).allowed());
            assertEquals(Reason.NOT_AUTHORIZED_TO_REVOKE, s.close(task, reader).reason(), "a child may not close");
            assertTrue(s.close(task, alice).allowed());
            final Decision late = s.authorize(sub, reader, lookup, pii, "dispute #1", null);
            assertEquals(Reason.REVOKED, late.reason(), late::describe);
        }
    }
}
