package dev.baton.policy;

import java.util.List;

/**
 * The words a policy may use: actions, tools with their actions, data classes and trust domains.
 *
 * @param actions      declared actions.
 * @param tools        declared tools, in file order; each (tool, action) pair is one capability.
 * @param dataClasses  declared data classes (at most 64).
 * @param trustDomains declared trust domains (SPIFFE trust-domain names).
 * @param arguments    declared tool arguments, by tool in file order.
 * @param budgets      declared budgets, in file order.
 */
public record Vocabulary(List<NameRef> actions, List<ToolDecl> tools, List<NameRef> dataClasses,
                         List<NameRef> trustDomains, List<ArgumentDecl> arguments, List<BudgetDecl> budgets) {

    /**
     * A vocabulary without budgets.
     *
     * @param actions      declared actions.
     * @param tools        declared tools.
     * @param dataClasses  declared data classes.
     * @param trustDomains declared trust domains.
     * @param arguments    declared tool arguments.
     */
    public Vocabulary(final List<NameRef> actions, final List<ToolDecl> tools, final List<NameRef> dataClasses,
                      final List<NameRef> trustDomains, final List<ArgumentDecl> arguments) {
        this(actions, tools, dataClasses, trustDomains, arguments, List.of());
    }

    /**
     * A vocabulary whose tools declare no arguments.
     *
     * @param actions      declared actions.
     * @param tools        declared tools.
     * @param dataClasses  declared data classes.
     * @param trustDomains declared trust domains.
     */
    public Vocabulary(final List<NameRef> actions, final List<ToolDecl> tools, final List<NameRef> dataClasses,
                      final List<NameRef> trustDomains) {
        this(actions, tools, dataClasses, trustDomains, List.of(), List.of());
    }
}
