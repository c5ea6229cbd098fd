package dev.baton.policy;

/**
 * A name as written in a policy file (an action, a data class, an agent, ...), with its place.
 *
 * @param name the name as written.
 * @param at   where it was written.
 */
public record NameRef(String name, SourceRef at) {
}
