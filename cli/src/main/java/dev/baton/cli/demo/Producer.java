package dev.baton.cli.demo;

import dev.baton.engine.JournaledEngine;
import org.HdrHistogram.Histogram;

import java.util.concurrent.locks.LockSupport;

/**
 * One orchestrator worker thread: keeps {@code lanes} tasks in flight and submits their steps to the
 * engine on an open-loop schedule.
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
    private final Lane[] lanes;
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
    private long next;
    private long submitted;
    private int inFlight;
    private int scan;
    private int idle;

    final Histogram histogram = new Histogram(MAX_NANOS, 3);
    final LatencyTimeline timeline = new LatencyTimeline();
    final Outcomes outcomes;
    private final Misses misses;
    long decisions;
    long lastDone;
    volatile Throwable error;

    /**
     * @param engine   the engine.
     * @param id       this producer's number (request ids start at {@code id << 40}).
     * @param lanes    the lanes (tasks in flight).
     * @param deck     the order tasks start in.
     * @param schedule this producer's budget and pace.
     * @param outcomes this producer's tally.
     * @param misses   shared record of missed expectations.
     */
    Producer(final JournaledEngine engine, final int id, final Lane[] lanes, final Deck deck, final Schedule schedule,
             final Outcomes outcomes, final Misses misses) {
        this.engine = engine;
        this.id = id;
        this.lanes = lanes;
        this.deck = deck;
        this.budget = schedule.budget();
        this.intervalNanos = schedule.intervalNanos();
        this.requestBase = (long) id << 40;
        this.tasksByTemplate = new long[deck.templates()];
        this.outcomes = outcomes;
        this.misses = misses;
        this.cursor = (int) ((id * 13L) % deck.order().length);
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
        }
    }

    private void loop() {
        next = startNanos;
        while (true) {
            reap();
            if (submitted >= budget) {
                if (inFlight == 0) {
                    break;
                }
                idle = backOff(idle);
                continue;
            }
            if (!due()) {
                continue;
            }
            final Lane lane = freeLane();
            if (lane == null) {
                idle = backOff(idle);
                continue;
            }
            idle = 0;
            submit(lane);
        }
    }

    /** Takes the decisions of every lane whose request the engine has completed. */
    private void reap() {
        for (final Lane lane : lanes) {
            if (lane.pending && lane.request.isDone()) {
                finish(lane);
                inFlight--;
                idle = 0;
            }
        }
    }

    /** @return whether the schedule lets the next request start now; if not, waits a little first. */
    private boolean due() {
        if (intervalNanos == 0) {
            return true;
        }
        final long wait = next - System.nanoTime();
        if (wait <= 0) {
            return true;
        }
        if (wait > 200_000) {
            LockSupport.parkNanos(wait - 100_000);
        } else {
            Thread.yield();
        }
        return false;
    }

    /** @return the next lane with nothing pending, in turn, or null. */
    private Lane freeLane() {
        for (int i = 0; i < lanes.length; i++) {
            final Lane l = lanes[(scan + i) % lanes.length];
            if (!l.pending) {
                scan = (scan + i + 1) % lanes.length;
                return l;
            }
        }
        return null;
    }

    /** Puts the lane's next step on the ring, starting a new task first if its task is done. */
    private void submit(final Lane lane) {
        if (lane.finished() || lane.current().decisions() > budget - submitted) {
            final TaskTemplate t = deck.order()[cursor];
            cursor = cursor + 1 == deck.order().length ? 0 : cursor + 1;
            lane.start(t, (taskCount * 37 + id * 11) % 100 < deck.warrantPercent());
            taskCount++;
            tasksByTemplate[t.kind]++;
        }
        final int n = lane.prepare(requestBase | ++requestCount); // ids are strictly positive
        lane.intended = intervalNanos > 0 ? next : System.nanoTime();
        int rc;
        while ((rc = engine.tryDecide(lane.request)) == JournaledEngine.BUSY) {
            Thread.yield();
        }
        if (rc == JournaledEngine.CLOSED) {
            throw new IllegalStateException(engine.failure() != null ? "the engine stopped: " + engine.failure()
                : "the engine was closed during the run");
        }
        lane.pending = true;
        inFlight++;
        submitted += n;
        if (intervalNanos > 0) {
            next += intervalNanos * n;
        }
    }

    /**
     * Waits a little while every lane is waiting for the engine: spin briefly, then yield, then park. On a
     * machine with fewer cores than producers plus the engine thread, spinning would take the CPU the
     * engine thread needs to make progress.
     */
    private static int backOff(final int idle) {
        if (idle < 50) {
            Thread.onSpinWait();
        } else if (idle < 100) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(20_000);
        }
        return idle + 1;
    }

    private void finish(final Lane lane) {
        final long latency = lane.done - lane.intended;
        histogram.recordValue(Math.max(0, Math.min(latency, MAX_NANOS)));
        timeline.record(lane.done - startNanos, latency);
        if (lane.done > lastDone) {
            lastDone = lane.done;
        }
        decisions += lane.current().decisions();
        lane.pending = false;
        lane.absorb(outcomes, misses);
    }
}
