package dev.baton.core;

import dev.baton.Reason;
import dev.baton.ToolArguments;

/**
 * The budget steps of a decision: the slices a new grant asks for ({@link #root}, {@link #child}), checked
 * against its task's totals or its parent's remainder, and the amount a call spends ({@link #spend}), checked
 * against its grant's remainder and then taken from it and every ancestor (see {@link GrantLedger}). A step
 * that fails fills the decision with {@code BUDGET_EXCEEDED} (or {@code ARGUMENT_INVALID} for a call that
 * does not carry the amount it spends) naming the budget's rule, and returns false.
 * <p>
 * <b>Note:</b> not thread-safe: one per core, on its thread; allocation-free.
 */
final class BudgetSteps {
    private static final int NONE = DecisionSlot.NONE;
    private static final int B = BudgetTable.MAX_BUDGETS;
    private final long[] amounts = new long[B];

    /**
     * A root grant of purpose {@code purpose}: each of the purpose's budgets, the slice the scope asks for or
     * else the whole total.
     */
    boolean root(final CompiledPolicy c, final int purpose, final ScopeBits requested, final GrantSpec spec,
                 final DecisionSlot out) {
        final BudgetTable t = c.budgets;
        final int mask = t.count == 0 ? 0 : t.purposeMask[purpose];
        spec.budgetMask = mask;
        for (int b = 0; b < t.count; b++) {
            spec.budgetLimits[b] = t.limit[purpose * B + b];
        }
        return slices(c, requested, spec, out, purpose, GrantRegistry.NO_SLOT, null);
    }

    /** A child of the grant at slot {@code p}: each budget of its task, the slice the scope asks for, else 0. */
    boolean child(final CompiledPolicy c, final GrantRegistry g, final int p, final ScopeBits requested,
                  final GrantSpec spec, final DecisionSlot out) {
        final int mask = g.ledger.mask(p);
        spec.budgetMask = mask;
        for (int b = 0; b < B; b++) {
            spec.budgetLimits[b] = 0;
        }
        return slices(c, requested, spec, out, g.purpose(p), p, g.ledger);
    }

    /** Each slice the scope asks for, of a budget of {@code spec.budgetMask} (the task's), within its remainder. */
    private static boolean slices(final CompiledPolicy c, final ScopeBits requested, final GrantSpec spec,
                                  final DecisionSlot out, final int purpose, final int parent, final GrantLedger ledger) {
        final BudgetTable t = c.budgets;
        final int mask = spec.budgetMask;
        for (int m = requested.sliceMask; m != 0; m &= m - 1) {
            final int k = Integer.numberOfTrailingZeros(m);
            final int b = requested.policy() == c ? k : t.indexOf(requested.policy().budgets.name[k]);
            final long slice = requested.slices[k];
            if (b < 0 || (mask & 1 << b) == 0) {
                out.deny(Reason.BUDGET_EXCEEDED, b < 0 ? NONE : t.declRule[b], NONE, NONE);
                return false; // a slice of a budget this task does not have
            }
            final long remainder = ledger == null ? t.limit[purpose * B + b] : ledger.available(parent, b);
            if (slice > remainder) {
                final int rule = purpose >= 0 ? t.limitRule[purpose * B + b] : NONE;
                out.deny(Reason.BUDGET_EXCEEDED, rule >= 0 ? rule : t.declRule[b], NONE, NONE);
                return false;
            }
            spec.budgetLimits[b] = slice;
        }
        return true;
    }

    /**
     * A call of {@code capability} under the grant at {@code s}: for each budget of the grant the capability
     * spends, the call's amount is within the grant's remainder; then every amount is spent.
     */
    boolean spend(final CompiledPolicy c, final GrantRegistry g, final int s, final int capability, final int data,
                  final ToolArguments args, final DecisionSlot out) {
        if (!check(c, g, s, capability, data, args, out)) {
            return false;
        }
        final BudgetTable t = c.budgets;
        final int mask = t.count == 0 ? 0 : t.capMask[capability] & g.ledger.mask(s);
        for (int m = mask; m != 0; m &= m - 1) {
            final int b = Integer.numberOfTrailingZeros(m);
            g.ledger.spend(g, s, b, amounts[b]);
        }
        return true;
    }

    /** {@link #spend}'s checks alone: the call carries each amount it spends, and each fits; spends nothing. */
    boolean check(final CompiledPolicy c, final GrantRegistry g, final int s, final int capability, final int data,
                  final ToolArguments args, final DecisionSlot out) {
        final BudgetTable t = c.budgets;
        final int mask = t.count == 0 ? 0 : t.capMask[capability] & g.ledger.mask(s);
        for (int m = mask; m != 0; m &= m - 1) {
            final int b = Integer.numberOfTrailingZeros(m);
            final int arg = t.argument[b * t.capabilityCount + capability];
            if (!ArgumentCheck.carried(c, args, arg, t.type[b], amounts, b) || amounts[b] < 0) {
                out.deny(Reason.ARGUMENT_INVALID, t.declRule[b], capability, data);
                return false;
            }
            if (amounts[b] > g.ledger.available(s, b)) {
                final int rule = t.limitRule[g.purpose(s) * B + b];
                out.deny(Reason.BUDGET_EXCEEDED, rule >= 0 ? rule : t.declRule[b], capability, data);
                return false;
            }
        }
        return true;
    }
}
