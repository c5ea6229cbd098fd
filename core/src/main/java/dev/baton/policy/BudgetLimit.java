package dev.baton.policy;

/**
 * A purpose's total for one budget ({@code purposes.<purpose>.budgets.<budget>}): what all the calls of
 * one task may spend together.
 * <p>
 * <b>Note:</b> immutable and thread-safe.
 *
 * @param budget  the declared budget.
 * @param amount  the total, carried at the budget's scale ({@code 1000.00} at scale 2 is 100000).
 * @param written the total as written.
 * @param at      where the total is written.
 */
public record BudgetLimit(NameRef budget, long amount, String written, SourceRef at) {
}
