package dev.baton.policy;

import dev.baton.constraint.ArgumentType;

import java.util.List;

/**
 * A declared budget ({@code vocabulary.budgets.<budget>}): what a task's calls spend, counted on one
 * numeric argument of one tool; each purpose that names it under {@code purposes.<purpose>.budgets} gives
 * every task a total.
 * <p>
 * <b>Note:</b> immutable and thread-safe.
 *
 * @param name     the budget's name ({@code refund-total}).
 * @param tool     the tool whose calls spend it.
 * @param argument the tool's integer or decimal argument whose value a call spends.
 * @param actions  the actions of the tool that spend it (every action the tool offers when not written).
 * @param type     the argument's type: amounts are written and carried in it.
 * @param at       where the budget's name is written.
 */
public record BudgetDecl(NameRef name, NameRef tool, NameRef argument, List<NameRef> actions, ArgumentType type,
                         SourceRef at) {
}
