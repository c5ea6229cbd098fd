package dev.baton;

/**
 * One (tool, action) pair of the policy, from {@link Policy#capability(String, String)}.
 * <p>
 * <b>Note:</b> immutable and thread-safe.
 */
public interface Capability {
    /** @return the tool, e.g. {@code crm.lookup}. */
    String tool();

    /** @return the action, e.g. {@code read}. */
    String action();

    /** @return {@code tool:action}. */
    String name();
}
