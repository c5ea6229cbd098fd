package dev.baton.audit;

import dev.baton.Outcome;
import dev.baton.Reason;
import dev.baton.constraint.ArgumentType;
import dev.baton.core.BudgetTable;
import dev.baton.core.DecisionCore;
import dev.baton.core.DecisionSlot;
import dev.baton.engine.DecisionRecord;
import dev.baton.engine.Request;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a what-if shows of shared budgets: the decisions whose outcome changes because of a budget
 * ({@code BUDGET_EXCEEDED} under one policy and not the other), and for each budget of the new policy, the
 * tasks still held at the end of the journal under each policy with their totals, what they spent and what
 * is left, read from the roots' counters of the two decision cores.
 * <p>
 * <b>Note:</b> not thread-safe (the what-if's thread). Allocates: a list of root grant ids per policy, at
 * most {@link #MAX_TASKS} each.
 */
public final class WhatIfBudgets {
    /** Most tasks whose budgets are summed, per policy. */
    static final int MAX_TASKS = 1 << 20;

    /**
     * One budget's totals over the tasks still held under one policy.
     *
     * @param tasks how many tasks have the budget.
     * @param limit their totals summed.
     * @param spent what their calls spent.
     */
    public record Side(long tasks, long limit, long spent) {
        /** @return what is left: {@code limit - spent} (slices set aside for children are not spent). */
        public long left() {
            return limit - spent;
        }
    }

    /**
     * One budget of the new policy.
     *
     * @param name     its name.
     * @param type     its argument's type (amounts are at its scale).
     * @param recorded its totals under the recorded policy, or null when that policy has no such budget.
     * @param now      its totals under the new policy.
     */
    public record Budget(String name, ArgumentType type, Side recorded, Side now) {
        /** @return two lines, e.g. {@code refund-total  recorded 3 tasks: 750.00 spent of 3000.00, 2250.00 left}. */
        public String describe() {
            return String.format("  %-22s recorded %s%n  %-22s now      %s%n", name, side(recorded), "", side(now));
        }

        /**
         * @param s one side of it.
         * @return e.g. {@code 3 tasks: 750.00 spent of 3000.00, 2250.00 left}, or {@code (no such budget)}.
         */
        public String side(final Side s) {
            return s == null ? "(no such budget)" : String.format("%,d task%s: %s spent of %s, %s left", s.tasks(),
                s.tasks() == 1 ? "" : "s", type.formatNumber(s.spent()), type.formatNumber(s.limit()),
                type.formatNumber(s.left()));
        }
    }

    WhatIfBudgets() {
    }

    private long[] recordedRoots = new long[64];
    private long[] roots = new long[64];
    private int recordedCount;
    private int count;
    private long changes;

    /** Notes a recorded decision and its what-if counterpart. */
    void onDecision(final DecisionRecord record, final int child, final DecisionSlot whatIf, final boolean changed) {
        final int was = record.child(child).reasonCode();
        if (changed && (was == Reason.BUDGET_EXCEEDED.code()) != (whatIf.reason() == Reason.BUDGET_EXCEEDED)) {
            changes++;
        }
        if (record.op() != Request.Op.OPEN && record.op() != Request.Op.BREAK_GLASS) {
            return;
        }
        final long recordedRoot = record.child(child).outcome() == dev.baton.codec.DecisionOutcome.DENY ? 0
            : record.child(child).grantId();
        if (recordedRoot != 0 && recordedCount < MAX_TASKS) {
            recordedRoots = grow(recordedRoots, recordedCount);
            recordedRoots[recordedCount++] = recordedRoot;
        }
        if (whatIf.outcome() != Outcome.DENY && whatIf.grantId() != 0 && count < MAX_TASKS) {
            roots = grow(roots, count);
            roots[count++] = whatIf.grantId();
        }
    }

    /** @return decisions whose outcome changes because of a budget. */
    long changes() {
        return changes;
    }

    /**
     * @param recorded the replayed core at the end of the journal (null if the journal holds no policy).
     * @param now      the what-if core at the end of the journal.
     * @return each budget of the new policy, in its order.
     */
    List<Budget> budgets(final DecisionCore recorded, final DecisionCore now) {
        final BudgetTable t = now.policy().budgets();
        final List<Budget> out = new ArrayList<>(t.count());
        for (int b = 0; b < t.count(); b++) {
            final int old = recorded == null ? -1 : recorded.policy().budgets().indexOf(t.name(b));
            out.add(new Budget(t.name(b), t.type(b), old < 0 ? null : side(recorded, old, recordedRoots, recordedCount),
                side(now, b, roots, count)));
        }
        return out;
    }

    private static Side side(final DecisionCore core, final int b, final long[] ids, final int n) {
        final long[] c = new long[3];
        long tasks = 0;
        long limit = 0;
        long spent = 0;
        for (int i = 0; i < n; i++) {
            if (core.counters().budget(ids[i], b, c)) {
                tasks++;
                limit += c[0];
                spent += c[1];
            }
        }
        return new Side(tasks, limit, spent);
    }

    private static long[] grow(final long[] a, final int n) {
        return n < a.length ? a : Arrays.copyOf(a, a.length * 2);
    }
}
