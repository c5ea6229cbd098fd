package dev.baton.policy;

import dev.baton.constraint.ArgumentType;

/**
 * One declared argument of a tool ({@code vocabulary.arguments.<tool>.<argument>}).
 * <p>
 * <b>Note:</b> immutable and thread-safe.
 *
 * @param tool the tool (declared in {@code vocabulary.tools}).
 * @param name the argument's name.
 * @param type its type.
 * @param at   where its name is written.
 */
public record ArgumentDecl(NameRef tool, NameRef name, ArgumentType type, SourceRef at) {
}
