package dev.baton.cli.demo;

import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionSlot;

import java.util.ArrayList;
import java.util.List;

/**
 * Decisions that missed their step's expectation: counted, and the first few described.
 * <p>
 * <b>Note:</b> thread-safe (producers report here); only a miss allocates.
 */
final class Misses {
    private static final int KEPT = 10;

    private final CompiledPolicy policy;
    private final List<String> first = new ArrayList<>();
    private long count;

    Misses(final CompiledPolicy policy) {
        this.policy = policy;
    }

    synchronized void add(final TaskTemplate task, final TaskStep step, final int child, final DecisionSlot d) {
        count++;
        if (first.size() < KEPT) {
            final String expected = step.expectReason[child] == null ? step.expectOutcome[child].name()
                : step.expectOutcome[child] + " " + step.expectReason[child];
            first.add(step.at[child].at() + " (template " + task.name + ", tenant " + task.tenant + "): expected "
                + expected + ", got " + d.describe(policy));
        }
    }

    synchronized long count() {
        return count;
    }

    synchronized List<String> first() {
        return List.copyOf(first);
    }
}
