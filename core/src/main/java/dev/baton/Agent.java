package dev.baton;

/**
 * A workload identity (SPIFFE ID) that matches an agent class of the policy: it can hold grants,
 * delegate and call tools. Bound with {@link DelegationEngine#agent(String)}.
 * <p>
 * <b>Note:</b> immutable and thread-safe.
 */
public interface Agent extends Identity {
}
