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
 */
public record PurposeRule(NameRef name, List<PatternRef> openedBy, List<NameRef> entryAgents, ScopeSpec ceiling,
                          SourceRef at) {
}
