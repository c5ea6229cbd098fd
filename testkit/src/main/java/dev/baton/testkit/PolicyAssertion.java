package dev.baton.testkit;

import dev.baton.analysis.Assertion;
import dev.baton.policy.SourceRef;

/**
 * One assertion of a policy test file ({@code assertions:}): a statement about every chain the policy
 * allows, proved or refuted by analysis ({@code dev.baton.analysis}), never by sampling.
 *
 * <p>
 * <b>Note:</b> an immutable value; thread-safe.
 *
 * @param at        where it stands in its file.
 * @param name      its name (unique among the file's assertions).
 * @param assertion what it states.
 */
public record PolicyAssertion(SourceRef at, String name, Assertion assertion) {
}
