package dev.baton.policy;

import java.util.List;

/**
 * A declared business purpose: who may open a task for it, which agents may receive the root grant,
 * and the widest scope anything done for it may have.
 *
 * @param name        purpose name ({@code refund-dispute}).
 * @param openedBy    principal patterns allowed to open a task with this purpose.
 * @param entryAgents names of agents that may hold the root grant.
 * @param ceiling     the purpose's ceiling scope.
 * @param at          where the purpose's entry starts.
 * @param budgets     the totals each task of this purpose may spend, by budget.
 */
public record PurposeRule(NameRef name, List<PatternRef> openedBy, List<NameRef> entryAgents, ScopeSpec ceiling,
                          SourceRef at, List<BudgetLimit> budgets) {
    /**
     * A purpose without budgets.
     *
     * @param name        purpose name.
     * @param openedBy    principal patterns allowed to open a task with this purpose.
     * @param entryAgents names of agents that may hold the root grant.
     * @param ceiling     the purpose's ceiling scope.
     * @param at          where the purpose's entry starts.
     */
    public PurposeRule(final NameRef name, final List<PatternRef> openedBy, final List<NameRef> entryAgents,
                       final ScopeSpec ceiling, final SourceRef at) {
        this(name, openedBy, entryAgents, ceiling, at, List.of());
    }
}
