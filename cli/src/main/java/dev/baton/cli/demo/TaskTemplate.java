package dev.baton.cli.demo;

import dev.baton.testkit.BoundStep;
import dev.baton.testkit.NameBinding;
import dev.baton.testkit.ScenarioException;
import dev.baton.testkit.StepBinder;

import java.util.List;

/**
 * A workload template bound for one tenant and one cast of its people, by the testkit's
 * {@link StepBinder} (the scenario runner's binding): identities bound through the engine, handles looked
 * up and scopes built once, at start, so that running a task allocates nothing.
 * <p>
 * <b>Note:</b> immutable once built; shared by every lane that runs it.
 */
final class TaskTemplate {
    final String name;
    final String tenant;
    final boolean late;
    final TaskStep[] steps;
    final int names;
    final int widest;
    /** Index of the template in the workload (for per-template counts). */
    int kind;

    private TaskTemplate(final String name, final String tenant, final boolean late, final TaskStep[] steps,
                         final int names, final int widest) {
        this.name = name;
        this.tenant = tenant;
        this.late = late;
        this.steps = steps;
        this.names = names;
        this.widest = widest;
    }

    /**
     * Binds {@code template} for {@code tenant}'s cast {@code cast}.
     *
     * @param names the engine's names (identities it does not know are interned through it, so that the
     *              journal records them).
     * @throws ScenarioException if a step names something the policy does not have.
     */
    static TaskTemplate bind(final Workload.Template template, final Workload.Tenant tenant, final int cast,
                             final NameBinding names) throws ScenarioException {
        final StepBinder binder = new StepBinder(names, name -> tenant.cast(name, cast));
        final List<BoundStep> bound = binder.bind(template.scenario().steps());
        final TaskStep[] steps = new TaskStep[bound.size()];
        int widest = 1;
        for (int i = 0; i < steps.length; i++) {
            steps[i] = TaskStep.of(bound.get(i), names);
            widest = Math.max(widest, steps[i].children);
        }
        return new TaskTemplate(template.name(), tenant.name(), template.late(), steps, Math.max(1, binder.grants()),
            widest);
    }
}
