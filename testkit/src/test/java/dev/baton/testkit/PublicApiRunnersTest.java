package dev.baton.testkit;

import dev.baton.DelegationEngine;
import dev.baton.Outcome;
import dev.baton.Policy;
import dev.baton.core.ManualClock;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runners as a user's own JUnit test drives them: with a policy and an engine of the public API only. */
class PublicApiRunnersTest {
    private static final Path ROOT = ScenarioRunnerTest.repoRoot();

    @Test
    void shouldRunTheExampleScenarioOnAnInMemoryEngine() throws Exception {
        final Scenario s = ScenarioParser.parse(ROOT.resolve("src/scenarios/refund-dispute.yaml"));
        final ManualClock clock = new ManualClock(PolicyTestRunner.START_MILLIS);
        final DelegationEngine engine = DelegationEngine.inMemory(Policy.load(s.policy()), clock, null);
        final ScenarioRunner runner = new ScenarioRunner(s, engine, clock);
        final Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        for (int run = 0; run < 3; run++) {
            runner.runOnce((step, d, met) -> outcomes.merge(d.outcome(), 1, Integer::sum));
            assertTrue(runner.grantId("task") > 0, "the grant named task was created in this run");
        }
        assertEquals(0, runner.missed());
        assertEquals(runner.decisions(), outcomes.values().stream().mapToLong(Integer::longValue).sum());
        assertEquals(3, outcomes.size(), "ALLOW, DENY and REVIEW: " + outcomes);
        assertEquals(0, runner.grantId("no-such-grant"));
    }

    @Test
    void shouldPassEveryShippedPolicyTestAgainstALoadedPolicy() throws Exception {
        for (final String name : new String[] {"refund-dispute-tests.yaml", "minimal-tests.yaml"}) {
            final PolicyTestFile tests = PolicyTestParser.parse(ROOT.resolve("src/policies").resolve(name));
            for (final PolicyTestRunner.Result r : new PolicyTestRunner(tests, Policy.load(tests.policy())).run()) {
                assertEquals(PolicyTestRunner.Status.PASSED, r.status(), name + ": " + r.testCase().name() + ": "
                    + r.actual());
            }
        }
    }
}
