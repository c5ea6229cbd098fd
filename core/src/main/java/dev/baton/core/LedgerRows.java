package dev.baton.core;

import org.agrona.collections.IntArrayList;

/**
 * Hands out row numbers of one of the {@link GrantLedger}'s side tables (budget counters, review approvals)
 * and takes them back, so that those tables grow with the grants that have budgets or reviews, not with
 * every grant. A row given back is handed out again before a new one.
 * <p>
 * <b>Note:</b> not thread-safe (the decision core's thread); allocation-free except when the free list grows.
 */
final class LedgerRows {
    private final IntArrayList free = new IntArrayList();
    private int high;

    /** @return a row not in use: one given back, else the lowest never handed out. */
    int take() {
        return free.isEmpty() ? high++ : free.popInt();
    }

    void give(final int row) {
        free.pushInt(row);
    }

    /** @return how many rows have ever been handed out: every row in use is below it. */
    int high() {
        return high;
    }
}
