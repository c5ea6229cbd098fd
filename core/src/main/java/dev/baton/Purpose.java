package dev.baton;

/**
 * A declared business purpose of the policy ({@code refund-dispute}), from {@link Policy#purpose(String)}.
 * <p>
 * <b>Note:</b> immutable and thread-safe.
 */
public interface Purpose {
    /** @return the purpose's name in the policy. */
    String name();
}
