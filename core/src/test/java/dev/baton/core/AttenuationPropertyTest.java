package dev.baton.core;

import dev.baton.Reason;
import dev.baton.Outcome;
import dev.baton.core.ManualClock;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Over random policies and random sequences of operations, the attenuation invariants hold: every
 * grant's scope is within its parent's and within the delegatee's and purpose's ceilings, its expiry
 * is no later than its parent's, its depth is the parent's plus one, and no decision allows anything
 * under a revoked or expired ancestor. A model of revocations and expiries, kept beside the engine,
 * is the judge.
 */
class AttenuationPropertyTest {
    private static final int OPERATIONS = 200;

    /** What the test knows of a grant, independently of the engine. */
    private static final class Known {
        final long id;
        final Known parent;
        final List<Known> children = new ArrayList<>();
        final int holder;
        long expiry;
        boolean revoked;
        boolean pending;

        Known(final long id, final Known parent, final int holder, final long expiry, final boolean pending) {
            this.id = id;
            this.parent = parent;
            this.holder = holder;
            this.expiry = expiry;
            this.pending = pending;
        }

        void revokeSubtree() {
            revoked = true;
            for (final Known c : children) {
                c.revokeSubtree();
            }
        }
    }

    @Property(tries = 1000)
    void shouldKeepEveryGrantWithinItsParentAndCeilings(@ForAll final long seed) {
        final Random rnd = new Random(seed);
        final CompiledPolicy policy = RandomPolicies.compile(rnd);
        final ManualClock clock = new ManualClock(1_800_000_000_000L);
        final DecisionCore core = new DecisionCore(policy, clock,
            CoreSettings.DEFAULT.withGrants(64, 1 << 16).withRetentionMillis(30_000));
        final int principal = core.identity("user:alice");
        final int reviewer = core.identity("user:reviewer-1");
        final int[] identities = new int[policy.agentCount() * 2 + 1];
        for (int a = 0; a < policy.agentCount(); a++) {
            identities[2 * a] = core.identity(RandomPolicies.agentIdentity(a, 0));
            identities[2 * a + 1] = core.identity(RandomPolicies.agentIdentity(a, 1));
        }
        identities[identities.length - 1] = core.identity("spiffe://home.example/nobody");

        final Map<Long, Known> known = new HashMap<>();
        final List<Known> order = new ArrayList<>();
        final DecisionSlot d = new DecisionSlot();
        final GrantView parentView = new GrantView(policy);
        final GrantView childView = new GrantView(policy);
        final ScopeBits req = new ScopeBits(policy);

        for (int op = 0; op < OPERATIONS; op++) {
            final int kind = rnd.nextInt(100);
            if (kind < 12 || order.isEmpty()) {
                randomScope(rnd, policy, req, null);
                core.open(principal, rnd.nextInt(policy.purposeCount()), pick(rnd, identities), req, d);
                if (d.outcome() != Outcome.DENY) {
                    final Known k = new Known(d.grantId(), null, holderOf(core, d, childView),
                        d.outcome() == Outcome.ALLOW ? d.expiry() : expiryOf(core, d, childView),
                        d.outcome() == Outcome.REVIEW);
                    known.put(k.id, k);
                    order.add(k);
                }
            } else if (kind < 60) {
                final Known parent = order.get(rnd.nextInt(order.size()));
                final int presenter = rnd.nextInt(10) == 0 ? pick(rnd, identities) : parent.holder;
                final boolean parentHeld = core.grant(parent.id, parentView);
                randomScope(rnd, policy, req, parentHeld && rnd.nextInt(5) > 0 ? parentView.scope() : null);
                core.delegate(parent.id, presenter, pick(rnd, identities), req, d);
                if (d.outcome() == Outcome.DENY) {
                    continue;
                }
                assertUsable(parent, presenter, d.timestamp());
                assertTrue(parentHeld);
                assertTrue(core.grant(d.grantId(), childView));
                assertTrue(childView.scope().isSubsetOf(parentView.scope()), "child scope within parent's");
                assertTrue(childView.expiry() <= parentView.expiry(), "child expiry no later than parent's");
                assertEquals(parentView.depth() + 1, childView.depth(), "depth is parent's + 1");
                assertEquals(parent.id, childView.parentId());
                assertWithinCeilings(policy, core.agentOf(childView.holder()), childView);
                final Known k = new Known(d.grantId(), parent, childView.holder(), childView.expiry(),
                    d.outcome() == Outcome.REVIEW);
                parent.children.add(k);
                known.put(k.id, k);
                order.add(k);
            } else if (kind < 80) {
                final Known g = order.get(rnd.nextInt(order.size()));
                core.authorize(g.id, g.holder, rnd.nextInt(policy.capabilityCount()),
                    rnd.nextInt(4) == 0 ? DecisionCore.NO_DATA_CLASS : rnd.nextInt(policy.dataClassCount()), "because",
                    d);
                if (d.allowed()) {
                    assertUsable(g, g.holder, d.timestamp());
                }
            } else if (kind < 86) {
                final Known g = order.get(rnd.nextInt(order.size()));
                // Mostly the task's principal; sometimes any identity, which is refused unless it holds
                // the grant or an ancestor (the model only revokes what the engine allowed).
                final int actor = rnd.nextInt(4) == 0 ? pick(rnd, identities) : principal;
                if (rnd.nextBoolean() || g.parent != null) {
                    core.revoke(g.id, actor, d);
                } else {
                    core.close(g.id, actor, d);
                }
                if (d.allowed()) {
                    g.revokeSubtree();
                }
            } else if (kind < 92) {
                final Known g = order.get(rnd.nextInt(order.size()));
                final boolean approve = rnd.nextInt(3) > 0;
                core.review(g.id, reviewer, approve, d);
                if (d.allowed()) {
                    assertTrue(g.pending, "only a pending grant can be approved");
                    assertFalse(g.revoked, "a revoked request can never be approved");
                    if (g.parent != null) {
                        assertUsable(g.parent, g.parent.holder, d.timestamp());
                    }
                    g.pending = false;
                    g.expiry = d.expiry();
                    if (g.parent != null) {
                        assertTrue(g.expiry <= g.parent.expiry, "approved expiry no later than parent's");
                    }
                } else if (d.reason() == Reason.REVIEW_DENIED || d.reason() == Reason.REVIEW_TIMED_OUT) {
                    g.revokeSubtree();
                }
            } else {
                // Time moves, sometimes a lot, sometimes backwards.
                clock.advance(rnd.nextInt(10) == 0 ? -rnd.nextInt(600_000) : rnd.nextInt(300_000));
            }
        }
    }

    /** The decision used grant {@code g}: neither it nor any ancestor may be revoked, pending or expired. */
    private static void assertUsable(final Known g, final int presenter, final long now) {
        assertEquals(g.holder, presenter, "only the holder may use a grant");
        for (Known k = g; k != null; k = k.parent) {
            assertFalse(k.revoked, "allowed under revoked grant " + k.id);
            assertTrue(now < k.expiry, "allowed under expired grant " + k.id);
        }
        assertFalse(g.pending, "allowed on a grant still pending review");
    }

    private static void assertWithinCeilings(final CompiledPolicy p, final int agent, final GrantView g) {
        assertTrue(agent >= 0, "a grant is only ever issued to a known agent");
        final ScopeBits s = g.scope();
        final int w = p.words;
        for (int i = 0; i < w; i++) {
            final long word = s.capabilityWord(i);
            assertEquals(0, word & ~p.agents.ceiling[agent * w + i], "within the delegatee's ceiling");
            assertEquals(0, word & ~p.purposes.ceiling[g.purpose() * w + i], "within the purpose's ceiling");
        }
        assertEquals(0, s.dataBits() & ~p.agents.ceilingData[agent]);
        assertEquals(0, s.dataBits() & ~p.purposes.ceilingData[g.purpose()]);
    }

    private static int holderOf(final DecisionCore core, final DecisionSlot d, final GrantView view) {
        assertTrue(core.grant(d.grantId(), view));
        return view.holder();
    }

    private static long expiryOf(final DecisionCore core, final DecisionSlot d, final GrantView view) {
        assertTrue(core.grant(d.grantId(), view));
        return view.expiry();
    }

    private static int pick(final Random rnd, final int[] from) {
        return from[rnd.nextInt(from.length)];
    }

    /** A random scope: a random subset of {@code within} when given, else random bits of the policy. */
    private static void randomScope(final Random rnd, final CompiledPolicy p, final ScopeBits out, final ScopeBits within) {
        out.clear();
        for (int c = 0; c < p.capabilityCount(); c++) {
            if (rnd.nextInt(4) == 0 && (within == null || within.hasCapability(c))) {
                out.capability(c);
            }
        }
        long data = 0;
        for (int dc = 0; dc < p.dataClassCount(); dc++) {
            if (rnd.nextInt(4) == 0 && (within == null || within.hasData(dc))) {
                data |= 1L << dc;
            }
        }
        out.data = data;
    }
}
