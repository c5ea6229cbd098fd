package dev.baton.testkit;

import dev.baton.DelegationEngine;
import dev.baton.Policy;
import dev.baton.analysis.Assertion;
import dev.baton.analysis.PolicyAnalysis;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.ManualClock;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the cases of a {@link PolicyTestFile}, each on a fresh in-memory engine
 * ({@link DelegationEngine#inMemory}) whose {@link ManualClock} starts at {@link #START_MILLIS}, so every
 * run decides the same way. Binding (names to the policy's handles, by {@link ScenarioRunner}) happens in
 * the constructor, for every case not skipped, so a test file naming something its policy lacks is
 * rejected before any case runs.
 * <p>
 * <b>Note:</b> not thread-safe; allocates freely (a test tool, not the hot path).
 */
public final class PolicyTestRunner {
    /** Where every case's clock starts: 2027-01-15T08:00:00Z in epoch millis. */
    public static final long START_MILLIS = 1_800_000_000_000L;

    /** How a case ended. */
    public enum Status {
        /** Every expectation was met. */
        PASSED,
        /** At least one expectation was missed. */
        FAILED,
        /** The case says {@code skip: true}; it did not run. */
        SKIPPED
    }

    /**
     * What one case did.
     *
     * @param testCase the case.
     * @param status   passed, failed or skipped.
     * @param step     the first step whose expectation was missed (for a fan-out, the child), or null.
     * @param actual   that step's decision, described with the policy's names, or null.
     * @param missed   how many expectations the case missed in all.
     */
    public record Result(PolicyTestCase testCase, Status status, Step step, String actual, int missed) {
    }

    /**
     * What one assertion came to.
     *
     * @param assertion the assertion.
     * @param verdict   proved (with the rule that cuts every chain) or refuted (with a witness chain).
     */
    public record AssertionResult(PolicyAssertion assertion, Assertion.Verdict verdict) {
    }

    private final PolicyTestFile file;
    private final Policy policy;
    private final List<ScenarioRunner> runners = new ArrayList<>();
    private final List<AssertionResult> proofs = new ArrayList<>();

    /**
     * @param file   the parsed test file.
     * @param policy its policy ({@link Policy#load}).
     * @throws ScenarioException if a case (not skipped) names something the policy or the case lacks.
     */
    public PolicyTestRunner(final PolicyTestFile file, final Policy policy) throws ScenarioException {
        this.file = file;
        this.policy = policy;
        for (final PolicyTestCase c : file.cases()) {
            if (c.skip()) {
                runners.add(null);
            } else {
                final ManualClock clock = new ManualClock(START_MILLIS);
                final Scenario scenario = new Scenario(file.file(), file.policy(), 1, c.steps());
                runners.add(new ScenarioRunner(scenario, DelegationEngine.inMemory(policy, clock, null), clock));
            }
        }
        if (!file.assertions().isEmpty()) {
            final PolicyAnalysis analysis = PolicyAnalysis.of(policy);
            for (final PolicyAssertion a : file.assertions()) {
                try {
                    proofs.add(new AssertionResult(a, analysis.check(a.assertion())));
                } catch (final IllegalArgumentException e) {
                    throw new ScenarioException(a.at() + ": assertion '" + a.name() + "': " + e.getMessage());
                }
            }
        }
    }

    /**
     * The file's assertions, proved or refuted by analysis when this runner was built (so a name the policy
     * lacks is rejected before any case runs).
     *
     * @return one result per assertion, in file order.
     */
    public List<AssertionResult> assertions() {
        return List.copyOf(proofs);
    }

    /**
     * @param file   the parsed test file.
     * @param policy its policy, compiled.
     * @throws ScenarioException if a case (not skipped) names something the policy or the case lacks.
     */
    public PolicyTestRunner(final PolicyTestFile file, final CompiledPolicy policy) throws ScenarioException {
        this(file, policy.api());
    }

    /** @return the policy the cases run against. */
    public Policy policy() {
        return policy;
    }

    /**
     * Runs every case once, in file order. Call at most once: each case's engine keeps its grants.
     *
     * @return one result per case, in file order.
     */
    public List<Result> run() {
        final List<Result> results = new ArrayList<>();
        for (int i = 0; i < runners.size(); i++) {
            final PolicyTestCase c = file.cases().get(i);
            final ScenarioRunner runner = runners.get(i);
            if (runner == null) {
                results.add(new Result(c, Status.SKIPPED, null, null, 0));
                continue;
            }
            final Step[] firstMiss = new Step[1];
            final String[] actual = new String[1];
            runner.runOnce((step, d, met) -> {
                if (!met && firstMiss[0] == null) {
                    firstMiss[0] = step;
                    actual[0] = d.describe();
                }
            });
            final int missed = (int) runner.missed();
            results.add(new Result(c, missed == 0 ? Status.PASSED : Status.FAILED, firstMiss[0], actual[0], missed));
        }
        return results;
    }
}
