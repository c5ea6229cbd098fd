package dev.baton.cli.demo;

import dev.baton.engine.EngineConfig;
import dev.baton.engine.JournaledEngine;
import dev.baton.testkit.NameBinding;
import dev.baton.testkit.ScenarioException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One engine of the demo: a {@link JournaledEngine} on its own journal and {@link DemoClock}, the workload's
 * names bound through its handles, and the order its producers start tasks in. With {@code --engines N} the
 * demo runs N of these side by side, each with its share of the producer threads; each runs the workload's
 * whole mix of tenants and templates, as each engine of the fleet demo does.
 * <p>
 * <b>Note:</b> set up and closed by the demo's main thread; its producers use the engine and the deck from
 * their own threads; not thread-safe otherwise.
 */
final class DemoEngine implements AutoCloseable {
    private final Workload workload;
    private final int warrantPercent;
    private final JournalDir journal;
    private final DemoClock clock = new DemoClock();
    private final Map<String, TaskTemplate> bound = new HashMap<>();
    /** The first three-hop warrant one of its tasks presented, for the sample file. */
    final AtomicReference<byte[]> sample = new AtomicReference<>();
    private JournaledEngine engine;
    /** Its engine's thread, for its CPU time (null: not found; the report then says CPU was not measured). */
    private Thread engineThread;
    private Producer.Deck deck;
    private int grantNames = 1;
    private int widest = 1;

    /**
     * @param workload       the workload.
     * @param warrantPercent percent of tasks that present warrants.
     * @param journal        its journal directory, prepared.
     */
    DemoEngine(final Workload workload, final int warrantPercent, final JournalDir journal) {
        this.workload = workload;
        this.warrantPercent = warrantPercent;
        this.journal = journal;
    }

    /**
     * Starts the engine and binds the workload's names through it.
     *
     * @param config its configuration (on this engine's journal and clock).
     * @throws ScenarioException when the workload names what the policy lacks.
     */
    void start(final EngineConfig config) throws ScenarioException {
        final Set<Thread> engineThreads = CpuUse.engineThreads();
        engine = JournaledEngine.start(config);
        engineThread = CpuUse.startedSince(engineThreads);
        deck = deck(new NameBinding(engine, engine::identity));
    }

    /** @return the clock its engine reads. */
    DemoClock clock() {
        return clock;
    }

    /** @return its journal directory. */
    JournalDir journal() {
        return journal;
    }

    /** @return the started engine. */
    JournaledEngine engine() {
        return engine;
    }

    /** @return the order its producers start tasks in. */
    Producer.Deck deck() {
        return deck;
    }

    /** @return a lane sized for the workload's tasks on this engine. */
    Lane lane() {
        return new Lane(grantNames, widest, sample);
    }

    /** @return its engine thread's CPU time so far (ns), or -1 if not measured. */
    long engineCpu() {
        return CpuUse.thread(engineThread);
    }

    /** @return bytes its engine wrote to the journal so far (0 before it started). */
    long journalWritten() {
        return engine == null ? 0 : engine.journalBytesWritten();
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
    }

    // ------------------------------------------------------------------------------ set-up

    /** Binds every (template, tenant, cast) the run uses and lays out the order tasks start in. */
    private Producer.Deck deck(final NameBinding names) throws ScenarioException {
        final List<TaskTemplate> order = new ArrayList<>();
        for (final Workload.Tenant tenant : workload.tenants()) {
            for (final Map.Entry<String, Integer> e : tenant.tasks().entrySet()) {
                final Workload.Template template = template(e.getKey());
                for (int c = 0; c < tenant.casts(); c++) {
                    bind(names, template, tenant, c); // binds every cast, late ones included
                }
                if (!template.late()) {
                    for (int j = 0; j < e.getValue(); j++) {
                        order.add(bind(names, template, tenant, j % tenant.casts()));
                    }
                }
            }
        }
        Collections.shuffle(order, new Random(20261123));
        return new Producer.Deck(order.toArray(new TaskTemplate[0]), warrantPercent,
            workload.templates().size());
    }

    private TaskTemplate bind(final NameBinding names, final Workload.Template template, final Workload.Tenant tenant,
                              final int cast) throws ScenarioException {
        final String key = key(template, tenant, cast);
        TaskTemplate t = bound.get(key);
        if (t == null) {
            t = TaskTemplate.bind(template, tenant, cast, names);
            t.kind = workload.templates().indexOf(template);
            bound.put(key, t);
            grantNames = Math.max(grantNames, t.names);
            widest = Math.max(widest, t.widest);
        }
        return t;
    }

    private static String key(final Workload.Template template, final Workload.Tenant tenant, final int cast) {
        return template.name() + '\u0000' + tenant.name() + '\u0000' + cast;
    }

    private Workload.Template template(final String name) {
        for (final Workload.Template t : workload.templates()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no template " + name);
    }

    // ------------------------------------------------------------------------------ the late shift

    /**
     * Runs the templates with {@code advance} steps once the producers have stopped: {@code lateTasks}
     * instances of each, in lock step; at each {@code advance} this engine's clock moves forward for all of
     * them.
     *
     * @return tasks run.
     */
    long lateShift(final Outcomes outcomes, final Misses misses) {
        long started = 0;
        long requestId = 1L << 62;
        for (final Workload.Template template : workload.templates()) {
            if (!template.late()) {
                continue;
            }
            final List<TaskTemplate> casts = new ArrayList<>();
            for (final Workload.Tenant tenant : workload.tenants()) {
                if (tenant.tasks().containsKey(template.name())) {
                    for (int c = 0; c < tenant.casts(); c++) {
                        casts.add(bound.get(key(template, tenant, c)));
                    }
                }
            }
            if (casts.isEmpty()) {
                continue;
            }
            final List<Lane> lanes = new ArrayList<>();
            for (int i = 0; i < workload.lateTasks(); i++) {
                final Lane lane = lane();
                lane.start(casts.get(i % casts.size()), i % 2 == 0);
                lanes.add(lane);
                started++;
            }
            boolean more = !lanes.isEmpty();
            while (more) {
                for (final Lane lane : lanes) {
                    while (!lane.finished() && lane.current().op != null) {
                        lane.prepare(requestId++);
                        if (engine.decide(lane.request, 30, TimeUnit.SECONDS) != JournaledEngine.Outcome.DONE) {
                            throw new IllegalStateException("the engine did not answer within 30 s");
                        }
                        lane.absorb(outcomes, misses);
                    }
                }
                more = !lanes.get(0).finished();
                if (more) {
                    clock.advance(lanes.get(0).current().millis);
                    for (final Lane lane : lanes) {
                        lane.skip();
                    }
                }
            }
        }
        return started;
    }
}
