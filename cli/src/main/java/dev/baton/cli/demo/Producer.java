package dev.baton.cli.demo;

import dev.baton.engine.JournaledEngine;
import dev.baton.engine.RequestBatch;
import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One orchestrator worker thread: keeps {@code lanes} tasks in flight and submits their steps to the
 * engine on an open-loop schedule.
 * <p>
 * <b>Batches.</b> The lanes are split into {@value #GROUPS} groups. The next step of every lane of a group
 * that is due goes to the engine in one {@link RequestBatch} (one ring claim, one completion signal), and
 * the groups take turns: while the engine decides one group's batch, the producer waits for, reads and
 * refills the other's, so the engine finds the next batch on the ring when it finishes one instead of
 * waiting for this thread to be woken and to fill it. The producer waits for a batch as the engine's
 * {@link dev.baton.engine.WaitMode} says (on a small machine: yields a while, then parks). Each step's
 * completion time is its batch's, so a step is charged until the slowest of its batch completes.
 * <p>
 * <b>Open loop.</b> With a rate, request {@code k} of this thread is <i>meant</i> to start at
 * {@code start + k * interval} (a request of n decisions takes n intervals), whether or not the engine
 * kept up. Its latency is measured from that intended start to its completion (decided, journaled,
 * completed by the engine), so a stall is charged to every request it delayed, including those that
 * could not even be submitted: the coordinated-omission correction. With rate 0 each request starts
 * as soon as a lane is free and latency is the service time from submission (queueing on the ring
 * included).
 * <p>
 * <b>Note:</b> runs on its own thread; the hot loop allocates nothing.
 */
final class Producer implements Runnable {
    /** Highest latency the histogram tracks (longer ones are recorded as this). */
    static final long MAX_NANOS = 3_600_000_000_000L;
    /** Batches one producer keeps on the engine at once (its lanes split between them). */
    static final int GROUPS = 2;
    /** How long one batch may wait for room on the ring and for its completion before the run fails. */
    private static final long BATCH_TIMEOUT_SECONDS = 60;

    /**
     * The order tasks start in, shared by the producers; each starts at its own place in it.
     *
     * @param order          templates, weighted and shuffled.
     * @param warrantPercent percent of tasks that present warrants.
     * @param templates      number of template kinds (for the per-template task counts).
     */
    record Deck(TaskTemplate[] order, int warrantPercent, int templates) {
    }

    /**
     * How much one producer submits, and how fast.
     *
     * @param budget        decisions to make.
     * @param intervalNanos nanoseconds per decision; 0 = as fast as possible.
     */
    record Schedule(long budget, long intervalNanos) {
    }

    private final JournaledEngine engine;
    private final int id;
    private final Deck deck;
    private final long budget;
    private final long intervalNanos;
    private final long requestBase;
    private final long[] tasksByTemplate;
    private long startNanos;
    private int cursor;
    private long taskCount;
    private long requestCount;
    // The hot loop's state (this producer's thread only).
    private final Group[] groups;
    private long next;
    private long submitted;

    final Histogram histogram = new Histogram(MAX_NANOS, 3);
    final LatencyTimeline timeline = new LatencyTimeline();
    final Outcomes outcomes;
    private final Misses misses;
    long decisions;
    long lastDone;
    /** This producer's thread's CPU time when it ended (ns), or -1: not measured. */
    long cpuNanos = -1;
    volatile Throwable error;

    /**
     * @param engine   the engine.
     * @param id       this producer's number (0..63).
     * @param round    which run of producers this is (request ids start at {@code (round << 6 | id) << 40}).
     * @param lanes    the lanes (tasks in flight).
     * @param deck     the order tasks start in.
     * @param schedule this producer's budget and pace.
     * @param outcomes this producer's tally.
     * @param misses   shared record of missed expectations.
     */
    Producer(final JournaledEngine engine, final int id, final int round, final Lane[] lanes, final Deck deck,
             final Schedule schedule, final Outcomes outcomes, final Misses misses) {
        this.engine = engine;
        this.id = id;
        this.deck = deck;
        this.budget = schedule.budget();
        this.intervalNanos = schedule.intervalNanos();
        this.requestBase = ((long) round << 6 | id) << 40;
        this.tasksByTemplate = new long[deck.templates()];
        this.outcomes = outcomes;
        this.misses = misses;
        this.cursor = (int) ((id * 13L) % deck.order().length);
        final int count = Math.min(GROUPS, lanes.length);
        this.groups = new Group[count];
        for (int g = 0; g < count; g++) {
            groups[g] = new Group(lanes.length / count + (g < lanes.length % count ? 1 : 0));
        }
        for (int i = 0; i < lanes.length; i++) {
            final Group g = groups[i % count];
            g.lanes[g.size++] = lanes[i];
        }
    }

    /** Sets the common start instant (System.nanoTime) of the schedule; call before starting the thread. */
    void start(final long nanos) {
        this.startNanos = nanos;
    }

    /** @return tasks started, by template kind. */
    long[] tasksByTemplate() {
        return tasksByTemplate;
    }

    /** @return requests submitted. */
    long requests() {
        return requestCount;
    }

    @Override
    public void run() {
        try {
            loop();
        } catch (final Throwable e) {
            error = e;
        } finally {
            cpuNanos = CpuUse.currentThread(); // a thread of its own, started for this run
        }
    }

    private void loop() {
        next = startNanos;
        int g = 0;
        while (submitted < budget || pending() > 0) {
            final Group group = groups[g];
            g = g + 1 == groups.length ? 0 : g + 1;
            if (group.pending) {
                drain(group);
            }
            if (submitted < budget && fill(group) > 0) {
                submit(group);
            } else if (submitted < budget && pending() == 0) {
                waitUntilDue();
            }
        }
    }

    /** @return groups whose batch is on the engine. */
    private int pending() {
        int n = 0;
        for (final Group group : groups) {
            n += group.pending ? 1 : 0;
        }
        return n;
    }

    /** Puts the group's batch on the ring, waiting (parked) while the ring has no room for it. */
    private void submit(final Group group) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BATCH_TIMEOUT_SECONDS);
        int result;
        while ((result = engine.tryDecideAll(group.batch)) == JournaledEngine.BUSY) {
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("the engine did not take a batch within " + BATCH_TIMEOUT_SECONDS
                    + " s");
            }
            LockSupport.parkNanos(20_000);
        }
        if (result != JournaledEngine.ACCEPTED) {
            throw new IllegalStateException("the engine stopped: " + engine.failure());
        }
        group.pending = true;
    }

    /** Waits for the group's batch to complete, then reads its decisions. */
    private void drain(final Group group) {
        if (!group.batch.await(BATCH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the engine did not complete a batch within " + BATCH_TIMEOUT_SECONDS
                + " s");
        }
        group.pending = false;
        final long done = group.batch.completedNanos();
        for (int i = 0; i < group.n; i++) {
            finish(group.inBatch[i], done);
        }
    }

    /**
     * Puts the next step of every lane of the group that is due into its batch (the group's lanes are all
     * free: its last batch is done), starting a new task in a lane whose task is done.
     *
     * @return the number of lanes in the batch.
     */
    private int fill(final Group group) {
        group.batch.clear();
        final long now = System.nanoTime();
        int n = 0;
        for (int l = 0; l < group.size; l++) {
            if (submitted >= budget || (intervalNanos > 0 && next - now > 0)) {
                break;
            }
            final Lane lane = group.lanes[l];
            if (lane.finished() || lane.current().decisions() > budget - submitted) {
                final TaskTemplate t = deck.order()[cursor];
                cursor = cursor + 1 == deck.order().length ? 0 : cursor + 1;
                lane.start(t, (taskCount * 37 + id * 11) % 100 < deck.warrantPercent());
                taskCount++;
                tasksByTemplate[t.kind]++;
            }
            final int decisionsAsked = lane.prepare(requestBase | ++requestCount); // ids are strictly positive
            lane.intended = intervalNanos > 0 ? next : now;
            group.batch.add(lane.request);
            group.inBatch[n++] = lane;
            submitted += decisionsAsked;
            if (intervalNanos > 0) {
                next += intervalNanos * decisionsAsked;
            }
        }
        group.n = n;
        return n;
    }

    /** Waits for the schedule's next start: parks while it is far, yields when it is close. */
    private void waitUntilDue() {
        final long wait = next - System.nanoTime();
        if (wait > 200_000) {
            LockSupport.parkNanos(wait - 100_000);
        } else if (wait > 0) {
            Thread.yield();
        }
    }

    private void finish(final Lane lane, final long done) {
        final long latency = done - lane.intended;
        histogram.recordValue(Math.max(0, Math.min(latency, MAX_NANOS)));
        timeline.record(done - startNanos, latency);
        if (done > lastDone) {
            lastDone = done;
        }
        decisions += lane.current().decisions();
        lane.absorb(outcomes, misses);
    }

    /**
     * Some of the producer's lanes, submitted together as one batch: one group's batch is on the engine while
     * the producer reads and refills another's.
     */
    private static final class Group {
        final Lane[] lanes;
        final Lane[] inBatch;
        final RequestBatch batch;
        int size;
        int n;
        boolean pending;

        Group(final int capacity) {
            this.lanes = new Lane[capacity];
            this.inBatch = new Lane[capacity];
            this.batch = new RequestBatch(capacity);
        }
    }
}
