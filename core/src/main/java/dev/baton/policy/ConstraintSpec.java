package dev.baton.policy;

import dev.baton.constraint.Constraint;

/**
 * One constraint of a scope ({@code <scope>.constraints.<tool>.<argument>}): every call of the tool under
 * that scope must give the argument a value the constraint allows.
 * <p>
 * <b>Note:</b> immutable and thread-safe.
 *
 * @param tool       the tool.
 * @param argument   the argument (declared for the tool).
 * @param constraint the constraint, typed by the argument's declaration.
 * @param at         where the constraint's kind ({@code range}, {@code glob}, ...) is written.
 */
public record ConstraintSpec(NameRef tool, NameRef argument, Constraint constraint, SourceRef at) {
}
