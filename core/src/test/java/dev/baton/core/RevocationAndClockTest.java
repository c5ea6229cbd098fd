package dev.baton.core;

import dev.baton.Reason;
import dev.baton.Outcome;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RevocationAndClockTest extends CoreFixture {

    @Test
    void shouldCascadeRevocationToEveryDescendant() {
        final long root = openRoot();
        final ScopeBits read = scope().capability("crm.lookup", "read").data("internal");
        final long r1 = allow(root, planner, reader, read);
        final long r2 = allow(root, planner, reader2, read);
        final long h1 = allow(r1, reader, helper, read);
        final long h2 = allow(h1, helper, helper2, read);
        final long h3 = allow(r2, reader2, helper3, read);
        assertEquals(3, core.revoke(r1, planner, d), "r1, h1, h2");
        assertEquals(2, core.revoke(r2, alice, d), "r2, h3");
        final GrantView g = new GrantView(POLICY);
        for (final long id : new long[] {r1, r2, h1, h2, h3}) {
            assertTrue(core.grant(id, g));
            assertTrue(g.revoked(), "grant " + id + " should be revoked");
        }
        assertTrue(core.grant(root, g));
        assertFalse(g.revoked(), "revoking children leaves the parent alone");
        assertEquals(0, core.revoke(r1, reader, d), "revoking twice revokes nothing new");
    }

    @Test
    void shouldRefuseRevocationByAnyoneOutsideTheChain() {
        final long root = openRoot();
        final ScopeBits read = scope().capability("crm.lookup", "read").data("internal");
        final long r1 = allow(root, planner, reader, read);
        final long r2 = allow(root, planner, reader2, read);
        final long h1 = allow(r1, reader, helper, read);
        // An unrelated agent, the holder of a sibling, the holder of a descendant, another principal of the
        // same domain, a stranger, and no actor at all: none may revoke r1.
        for (final int actor : new int[] {payer, reader2, helper, eve, core.identity("user:bob@acme.example"),
            stranger, DecisionSlot.NONE}) {
            assertEquals(0, core.revoke(r1, actor, d));
            assertDenied(Reason.NOT_AUTHORIZED_TO_REVOKE, "administrators");
            assertEquals(0, core.close(root, actor, d));
            assertDenied(Reason.NOT_AUTHORIZED_TO_REVOKE, "administrators");
        }
        final GrantView g = new GrantView(POLICY);
        for (final long id : new long[] {root, r1, r2, h1}) {
            assertTrue(core.grant(id, g));
            assertFalse(g.revoked(), "a refused revocation revokes nothing: grant " + id);
        }
        core.authorize(h1, helper, cap("crm.lookup", "read"), data("internal"), "still mine", d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(POLICY));
    }

    @Test
    void shouldAllowRevocationByHolderAncestorHolderRootPrincipalAndAdministrator() {
        final long root = openRoot();
        final ScopeBits read = scope().capability("crm.lookup", "read").data("internal");
        final long r1 = allow(root, planner, reader, read);
        final long h1 = allow(r1, reader, helper, read);
        final long h2 = allow(h1, helper, helper2, read);
        assertEquals(1, core.revoke(h2, helper2, d), "its own holder");
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(POLICY));
        assertEquals(1, core.revoke(h1, planner, d), "the holder of an ancestor two hops up");
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(POLICY));
        final long r2 = allow(root, planner, reader2, read);
        assertEquals(2, core.revoke(r1, alice, d) + core.revoke(r2, alice, d), "the task's principal");
        final long r3 = allow(root, planner, reader, read);
        assertEquals(1, core.revoke(r3, securityReviewer, d), "an administrator by principal pattern");
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(POLICY));
        final int ops = core.identity("spiffe://acme.example/ops/revoker/1");
        assertEquals(1, core.close(root, ops, d), "an administrator by SPIFFE pattern");
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(POLICY));
    }

    @Test
    void shouldRefuseToCloseFromNonRootGrant() {
        final long root = openRoot();
        final long r = allow(root, planner, reader, scope().capability("crm.lookup", "read"));
        core.close(r, alice, d);
        assertDenied(Reason.NOT_ROOT, "(none)");
        assertEquals(2, core.close(root, alice, d));
    }

    @Test
    void shouldNeverReviveExpiredGrantWhenClockJumpsBack() {
        final long root = openRoot(); // 5m money tier; known (as expired) for the 1m retention after
        clock.advance(5 * MINUTE + 30_000);
        core.authorize(root, planner, cap("crm.lookup", "read"), data("internal"), null, d);
        assertDenied(Reason.EXPIRED, "(none)");
        clock.advance(-60 * MINUTE);
        core.authorize(root, planner, cap("crm.lookup", "read"), data("internal"), null, d);
        assertDenied(Reason.EXPIRED, "(none)");
        assertEquals(T0 + 5 * MINUTE + 30_000, d.timestamp(), "engine time holds at the latest value seen");
    }

    @Test
    void shouldNeverExtendGrantWhenClockJumpsBack() {
        clock.advance(10 * MINUTE);
        final long root = openRoot();
        final long expiry = d.expiry();
        clock.set(T0);
        final long child = allow(root, planner, reader, scope().capability("crm.lookup", "read").data("internal"));
        assertTrue(d.expiry() <= expiry);
        assertTrue(child > root);
        assertEquals(T0 + 10 * MINUTE, d.timestamp());
    }

    @Test
    void shouldDenyWithCapacityWhenRegistryIsFull() {
        final DecisionCore small = new DecisionCore(POLICY, clock, CoreSettings.DEFAULT.withGrants(2, 2).withRetentionMillis(0));
        final int a = small.identity("user:alice@acme.example");
        final int p = small.identity("spiffe://acme.example/agent/planner");
        final ScopeBits s = scope().capability("crm.lookup", "read");
        assertEquals(Outcome.ALLOW, small.open(a, refund, p, s, d).outcome());
        assertEquals(Outcome.ALLOW, small.open(a, refund, p, s, d).outcome());
        small.open(a, refund, p, s, d);
        assertDenied(Reason.CAPACITY, "(none)");
        clock.advance(61 * MINUTE); // both expire; their slots are reclaimed
        assertEquals(Outcome.ALLOW, small.open(a, refund, p, s, d).outcome());
        assertEquals(1, small.grantCount());
    }
}
