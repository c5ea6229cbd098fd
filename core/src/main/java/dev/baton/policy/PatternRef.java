package dev.baton.policy;

/**
 * An identity pattern as written in a policy file, with its place. Syntax is checked by the parser;
 * see {@code docs/policy-language.md}.
 *
 * @param pattern the pattern text.
 * @param at      where it was written.
 */
public record PatternRef(String pattern, SourceRef at) {
}
