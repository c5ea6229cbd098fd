package dev.baton.core;

import dev.baton.Argument;
import dev.baton.Outcome;
import dev.baton.Reason;
import dev.baton.ToolArguments;
import dev.baton.constraint.Constraint;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Over random chains of delegations, each asking (or not) for a random constraint on a refund's amount: a
 * child's constraints are never wider than its parent's. Every amount a granted child may refund, its parent
 * may refund too; and a delegation asking for a constraint is refused only with
 * {@code CONSTRAINT_NOT_ATTENUATED}, exactly when the asked-for values are not all within what the parent
 * allows (a set or a range, so containment is always decided here).
 */
class RequestedConstraintsPropertyTest {
    private static final long MAX = 100_000;
    private static final String[] WORKERS = {"spiffe://acme.example/agent/worker-1",
        "spiffe://acme.example/agent/worker-2", "spiffe://acme.example/agent/worker-3",
        "spiffe://acme.example/agent/worker-4"};

    private final CompiledPolicy policy = TestPolicies.resource("requested-constraints.yaml");
    private final int refund = policy.capability("ledger.refund", "refund");
    private final int financial = policy.dataClass("financial");
    private final int amountIndex = policy.constraints().argument("ledger.refund", "amount");
    private final int orderIndex = policy.constraints().argument("ledger.refund", "order");
    private final Argument amount = policy.api().argument("ledger.refund", "amount");
    private final Argument order = policy.api().argument("ledger.refund", "order");

    @Property(tries = 300)
    void shouldNeverGrantAChildWiderConstraintsThanItsParent(@ForAll final long seed) {
        final Random rnd = new Random(seed);
        final DecisionCore core = new DecisionCore(policy, new ManualClock(1_790_000_000_000L));
        final DecisionSlot d = new DecisionSlot();
        final ToolArguments args = new ToolArguments();
        core.open(core.identity("user:ana@acme.example"), policy.purpose("refund"),
            core.identity("spiffe://acme.example/agent/lead"), new ScopeBits(policy).capability(refund).data("financial"), d);
        long parent = d.grantId();
        int holder = core.identity("spiffe://acme.example/agent/lead");
        final List<Long> probes = new ArrayList<>(List.of(0L, 1L, MAX - 1, MAX, MAX + 1, -1L));
        for (int hop = 0; hop < WORKERS.length; hop++) {
            final Constraint asked = rnd.nextInt(4) == 0 ? null : random(rnd, probes);
            final ScopeBits scope = new ScopeBits(policy).capability(refund).data("financial")
                .constrain(orderIndex, Constraint.strings("exact 'ord-12345'", List.of("ord-12345")));
            if (asked != null) {
                scope.constrain(amountIndex, asked);
            }
            for (int i = 0; i < 20; i++) {
                probes.add((long) rnd.nextInt((int) MAX + 2));
            }
            final int delegatee = core.identity(WORKERS[hop]);
            core.delegate(parent, holder, delegatee, scope, d);
            final boolean within = asked == null || everyProbeWithin(core, parent, holder, asked, probes, args);
            if (d.outcome() != Outcome.ALLOW) {
                assertEquals(Reason.CONSTRAINT_NOT_ATTENUATED, d.reason(), () -> d.describe(policy));
                assertFalse(within && enumerable(asked), "refused although every asked value is allowed: " + asked);
                continue;
            }
            final long child = d.grantId();
            for (final long v : probes) {
                final boolean childAllows = pay(core, child, delegatee, v, args);
                assertTrue(!childAllows || pay(core, parent, holder, v, args),
                    () -> "the child may refund " + v + " cents, its parent may not (asked " + asked + ")");
                if (asked != null) {
                    assertTrue(!childAllows || asked.matches(v), "the child is held to what it asked for");
                }
            }
            parent = child;
            holder = delegatee;
        }
    }

    /** A random range or set of amounts, its bounds added to the probes. */
    private static Constraint random(final Random rnd, final List<Long> probes) {
        if (rnd.nextBoolean()) {
            final long a = rnd.nextInt((int) MAX + 1);
            final long b = rnd.nextInt((int) MAX + 1);
            final long lo = Math.min(a, b);
            final long hi = Math.max(a, b);
            probes.addAll(List.of(lo - 1, lo, hi, hi + 1));
            return Constraint.range("range [" + lo + ", " + hi + "]", lo, hi);
        }
        final long[] values = new long[1 + rnd.nextInt(4)];
        for (int i = 0; i < values.length; i++) {
            values[i] = rnd.nextInt((int) MAX + 1);
            probes.add(values[i]);
        }
        return Constraint.numbers("one_of", values);
    }

    private static boolean enumerable(final Constraint c) {
        return c.kind() != Constraint.Kind.RANGE;
    }

    /** Whether every probe the asked constraint allows, the parent grant allows. */
    private boolean everyProbeWithin(final DecisionCore core, final long parent, final int holder, final Constraint asked,
                                     final List<Long> probes, final ToolArguments args) {
        for (final long v : probes) {
            if (asked.matches(v) && !pay(core, parent, holder, v, args)) {
                return false;
            }
        }
        return true;
    }

    private boolean pay(final DecisionCore core, final long grant, final int holder, final long cents,
                        final ToolArguments args) {
        final DecisionSlot out = new DecisionSlot();
        core.authorize(grant, holder, refund, financial, null,
            args.clear().decimal(amount, cents, 2).string(order, "ord-12345"), out);
        return out.outcome() == Outcome.ALLOW;
    }
}
