package dev.baton;

/**
 * A human or system that starts tasks, reviews or breaks glass ({@code user:alice@acme.example}).
 * Bound with {@link DelegationEngine#principal(String)}.
 * <p>
 * <b>Note:</b> immutable and thread-safe.
 */
public interface Principal extends Identity {
}
