package dev.baton;

/**
 * A workload identity or a principal, bound once by an engine from its string ({@link
 * DelegationEngine#agent(String)}, {@link DelegationEngine#principal(String)}); every operation takes
 * the handle, never the string and never a raw id.
 * <p>
 * A handle belongs to the engine that bound it: another engine refuses it.
 * <p>
 * <b>Note:</b> immutable and thread-safe.
 */
public interface Identity {
    /** @return the identity as written, e.g. {@code spiffe://acme.example/agent/planner}. */
    String name();
}
