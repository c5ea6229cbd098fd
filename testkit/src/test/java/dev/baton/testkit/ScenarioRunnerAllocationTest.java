package dev.baton.testkit;

import dev.baton.DelegationEngine;
import dev.baton.Policy;
import dev.baton.core.ManualClock;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The runner's claim: once warm, a run of the example scenario through a session allocates nothing. */
class ScenarioRunnerAllocationTest {
    private static final int ROUNDS = 5;
    private static final int RUNS = 500;

    @Test
    void shouldRunTheExampleScenarioWithoutAllocatingOnceWarm() throws Exception {
        final Scenario s = ScenarioParser.parse(ScenarioRunnerTest.repoRoot().resolve("src/scenarios/refund-dispute.yaml"));
        final ManualClock clock = new ManualClock(PolicyTestRunner.START_MILLIS);
        final ScenarioRunner runner = new ScenarioRunner(s, DelegationEngine.inMemory(Policy.load(s.policy()), clock,
            null), clock);
        final long[] count = new long[1];
        final ScenarioRunner.Listener listener = (step, d, met) -> count[0] += d.outcome().ordinal();
        for (int i = 0; i < 20_000; i++) {
            runner.runOnce(listener);
        }
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        final long[] bytes = new long[ROUNDS];
        for (int k = 0; k < ROUNDS; k++) {
            final long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < RUNS; i++) {
                runner.runOnce(listener);
            }
            bytes[k] = threads.getThreadAllocatedBytes(thread) - before;
        }
        assertArrayEquals(new long[ROUNDS], bytes, "bytes per round of " + RUNS + " runs");
        assertEquals(0, runner.missed());
    }
}
