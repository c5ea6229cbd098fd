package dev.baton.testkit;

import dev.baton.DelegationEngine;
import dev.baton.Policy;
import dev.baton.core.ManualClock;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The runner's claim: once warm, a run of the example scenario through a session allocates nothing. Once per
 * JVM, a few hundred bytes show up in one round (200 and 144 bytes, at round 8 to 25 of 40 in four runs, never
 * twice): when, depends on the JIT, not on the runs, as when compiled code falls back to the interpreter and
 * rebuilds objects it had kept in registers. So the claim is checked as a steady state: {@value #STEADY}
 * rounds in a row that allocate nothing, within {@value #MAX_ROUNDS}; an allocation that recurs at least once
 * every {@value #STEADY} rounds fails it.
 */
class ScenarioRunnerAllocationTest {
    private static final int STEADY = 20;
    private static final int MAX_ROUNDS = 80;
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
        final long[] bytes = new long[MAX_ROUNDS];
        int round = 0;
        int clean = 0;
        while (clean < STEADY && round < MAX_ROUNDS) {
            final long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < RUNS; i++) {
                runner.runOnce(listener);
            }
            bytes[round] = threads.getThreadAllocatedBytes(thread) - before;
            clean = bytes[round] == 0 ? clean + 1 : 0;
            round++;
        }
        assertEquals(STEADY, clean, "rounds of " + RUNS + " runs in a row allocating nothing; bytes per round: "
            + Arrays.toString(Arrays.copyOf(bytes, round)));
        assertEquals(0, runner.missed());
    }
}
