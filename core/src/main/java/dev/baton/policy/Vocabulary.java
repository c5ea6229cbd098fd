package dev.baton.policy;

import java.util.List;

/**
 * The words a policy may use: actions, tools with their actions, data classes and trust domains.
 *
 * @param actions      declared actions.
 * @param tools        declared tools, in file order; each (tool, action) pair is one capability.
 * @param dataClasses  declared data classes (at most 64).
 * @param trustDomains declared trust domains (SPIFFE trust-domain names).
 */
public record Vocabulary(List<NameRef> actions, List<ToolDecl> tools, List<NameRef> dataClasses,
                         List<NameRef> trustDomains) {
}
