package dev.baton;

/**
 * A break-glass rule of the policy, from {@link Policy#breakGlassRule(String)}.
 * <p>
 * <b>Note:</b> immutable and thread-safe.
 */
public interface BreakGlassRule {
    /** @return the rule's name in the policy. */
    String name();
}
