package dev.baton.cli.demo;

import dev.baton.engine.FsyncMode;
import dev.baton.testkit.Scenario;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A parsed workload file ({@code src/scenarios/orchestrator.yaml}, documented in docs/demo.md): the
 * policy, the run defaults, the task templates and the tenants.
 *
 * @param file      the workload file.
 * @param policy    the policy file (resolved against the workload's directory).
 * @param defaults  the run defaults.
 * @param templates the task templates, in file order.
 * @param lateTasks instances of each late-shift template.
 * @param tenants   the tenants, in file order.
 */
public record Workload(Path file, Path policy, Defaults defaults, List<Template> templates, int lateTasks,
                       List<Tenant> tenants) {

    /**
     * Run defaults (each can be overridden on the command line).
     *
     * @param decisions       decisions to make in the timed run.
     * @param warmup          decisions made first, journaled and checked but not timed (the JIT compiles the
     *                        engine's paths meanwhile); at most half of {@code decisions} unless given on the
     *                        command line.
     * @param rate            decisions per second, all threads together; 0 = as fast as it goes.
     * @param threads         producer threads.
     * @param inFlight        tasks in progress per producer thread.
     * @param warrantPercent  percent of tasks whose hops present warrant bytes.
     * @param fsync           journal fsync mode.
     * @param fsyncIntervalMs interval of {@link FsyncMode#INTERVAL}.
     * @param engines         engines in the process, each with its own journal and an equal share of the
     *                        producer threads ({@code threads} is a multiple of it).
     * @param pin             with several engines, whether each engine's thread and producer threads are pinned
     *                        to a vCPU of their own (on the command line only: {@code --no-pin} clears it).
     */
    public record Defaults(long decisions, long warmup, long rate, int threads, int inFlight, int warrantPercent,
                           FsyncMode fsync, long fsyncIntervalMs, int engines, boolean pin) {
    }

    /**
     * A task template: a scenario whose steps one task runs in order.
     *
     * @param name     its name in the workload.
     * @param scenario the parsed scenario.
     * @param late     whether it has {@code advance} steps (it then runs in the late shift only).
     */
    public record Template(String name, Scenario scenario, boolean late) {
    }

    /**
     * A tenant: the share of each template among the tasks it starts, and its people.
     *
     * @param name   its name.
     * @param tasks  template name to weight, in file order.
     * @param people a name used in the templates to this tenant's identities, used in turn.
     */
    public record Tenant(String name, Map<String, Integer> tasks, Map<String, List<String>> people) {
        /** @return how many distinct casts of people this tenant has (the longest list). */
        public int casts() {
            int n = 1;
            for (final List<String> l : people.values()) {
                n = Math.max(n, l.size());
            }
            return n;
        }

        /** @return {@code name} as played in cast {@code k}. */
        public String cast(final String name, final int k) {
            final List<String> l = people.get(name);
            return l == null ? name : l.get(k % l.size());
        }
    }
}
