package dev.baton.policy;

import java.util.List;

/**
 * A tool of the vocabulary and the actions it offers.
 *
 * @param name    the tool name ({@code crm.lookup}).
 * @param actions the actions it offers, each declared in {@code vocabulary.actions}.
 */
public record ToolDecl(NameRef name, List<NameRef> actions) {
}
