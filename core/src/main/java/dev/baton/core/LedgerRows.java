package dev.baton.core;

import java.util.Arrays;

/**
 * Hands out row numbers of one of the {@link GrantLedger}'s side tables (budget counters, review approvals)
 * and takes them back, so that those tables grow with the grants that have budgets or reviews, not with
 * every grant. A row given back is handed out again before a new one.
 * <p>
 * <b>Note:</b> not thread-safe (the decision core's thread); allocation-free except when the free list grows.
 */
final class LedgerRows {
    private int[] free = new int[16];
    private int freeCount;
    private int high;

    /** @return a row not in use: one given back, else the lowest never handed out. */
    int take() {
        return freeCount > 0 ? free[--freeCount] : high++;
    }

    void give(final int row) {
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = row;
    }

    /** @return how many rows have ever been handed out: every row in use is below it. */
    int high() {
        return high;
    }
}
