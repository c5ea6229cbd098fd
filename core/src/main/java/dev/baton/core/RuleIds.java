package dev.baton.core;

import dev.baton.policy.SourceRef;

import java.util.ArrayList;
import java.util.List;

/**
 * Numbers the rules a decision can name, while a policy compiles: each table registers its rules in
 * file order, and the tables register in a fixed order, so a policy text always gives the same rule ids
 * (the journal records them).
 * <p>
 * <b>Note:</b> not thread-safe; compile time only.
 */
final class RuleIds {
    final List<String> names = new ArrayList<>();
    final List<SourceRef> sources = new ArrayList<>();

    /** @return the id of a new rule called {@code name}, written at {@code at}. */
    int add(final String name, final SourceRef at) {
        names.add(name);
        sources.add(at);
        return names.size() - 1;
    }
}
