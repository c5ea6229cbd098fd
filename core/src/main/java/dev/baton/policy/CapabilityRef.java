package dev.baton.policy;

/**
 * A reference to capabilities as written in a scope: {@code tool:action}, {@code tool:*} (every
 * action the tool offers) or {@code *} (every capability; then {@code tool} and {@code action} are both
 * {@code "*"}).
 *
 * @param tool   tool name, or {@code "*"}.
 * @param action action name, or {@code "*"}.
 * @param at     where it was written.
 */
public record CapabilityRef(String tool, String action, SourceRef at) {
    /** The wildcard that stands for all tools or all actions. */
    public static final String ANY = "*";
}
