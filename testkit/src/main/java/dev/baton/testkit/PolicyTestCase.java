package dev.baton.testkit;

import dev.baton.policy.SourceRef;

import java.util.List;

/**
 * One case of a policy test file: a named chain of scenario steps, each optionally with the outcome
 * (and reason) it expects. It runs on a fresh decision core.
 *
 * @param at    where the case stands in its file.
 * @param name  the case's name (unique within its file).
 * @param skip  true if the case is to be reported as skipped and not run (nor bound to the policy).
 * @param steps the steps, in order.
 */
public record PolicyTestCase(SourceRef at, String name, boolean skip, List<Step> steps) {
}
