package dev.baton.cli.demo;

import dev.baton.codec.WarrantLayout;
import dev.baton.core.DecisionSlot;
import dev.baton.Outcome;
import dev.baton.engine.Request;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One task in progress: an instance of a {@link TaskTemplate} with its own grants, the warrants it
 * holds, and the reused {@link Request} its next step goes out on. A producer keeps several lanes, so
 * several tasks, in flight.
 * <p>
 * Warrant layout: one slot of {@link WarrantLayout#MAX_LENGTH} bytes per grant name of the template,
 * then a scratch region (fan-out children, grants nobody names) of that many bytes per child.
 * <p>
 * <b>Note:</b> owned by one producer thread (its request is read once its batch is done). Allocates nothing
 * after construction (a miss is described once, when it happens).
 */
final class Lane {
    private static final int SLOT = WarrantLayout.MAX_LENGTH;

    final Request request;
    private final UnsafeBuffer warrants;
    private final int scratch;
    private final long[] grantIds;
    private final int[] holders;
    private final int[] warrantLengths;
    private final AtomicReference<byte[]> sample;
    private TaskTemplate task;
    private int step;
    private boolean viaWarrants;
    /** When the request was meant to start (open loop) or was submitted (System.nanoTime). */
    long intended;

    /**
     * @param names  most grant names of any template this lane runs.
     * @param widest most children of any step.
     * @param sample where the first three-hop warrant is copied (for the demo's sample file).
     */
    Lane(final int names, final int widest, final AtomicReference<byte[]> sample) {
        this.request = new Request(widest);
        this.scratch = names * SLOT;
        this.warrants = new UnsafeBuffer(new byte[(names + widest) * SLOT]);
        this.grantIds = new long[names];
        this.holders = new int[names];
        this.warrantLengths = new int[names];
        this.sample = sample;
    }

    /** Starts a new task: fresh grants, from the template's first step. */
    void start(final TaskTemplate template, final boolean presentWarrants) {
        this.task = template;
        this.step = 0;
        this.viaWarrants = presentWarrants;
        Arrays.fill(grantIds, 0L);
        Arrays.fill(warrantLengths, 0);
    }

    /** @return the task, or null before the first. */
    TaskTemplate task() {
        return task;
    }

    /** @return whether the task has run every step (true before the first task). */
    boolean finished() {
        return task == null || step >= task.steps.length;
    }

    /** @return the next step. */
    TaskStep current() {
        return task.steps[step];
    }

    /** Skips an {@code advance} step (the late shift moves the clock itself). */
    void skip() {
        step++;
    }

    /**
     * Fills the request for the current step.
     *
     * @return the number of decisions it asks for.
     */
    int prepare(final long requestId) {
        final TaskStep s = task.steps[step];
        final Request r = request.reset(s.op, requestId);
        switch (s.op) {
            case OPEN:
                r.principal(s.principal).purpose(s.purpose).child(s.agents[0], s.scopes[0]);
                out(r, s.as[0]);
                break;
            case BREAK_GLASS:
                r.principal(s.principal).rule(s.rule).purpose(s.purpose).child(s.agents[0], s.scopes[0])
                    .text(s.text).ttl(s.millis);
                out(r, s.as[0]);
                break;
            case DELEGATE:
                present(r, s);
                r.child(s.agents[0], s.scopes[0]);
                out(r, s.as[0]);
                break;
            case FAN_OUT:
                present(r, s);
                for (int i = 0; i < s.children; i++) {
                    r.child(s.agents[i], s.scopes[i]);
                }
                if (viaWarrants) {
                    r.warrantsTo(warrants, scratch);
                }
                break;
            case AUTHORIZE:
                present(r, s);
                r.call(s.capability, s.dataClass).text(s.text);
                if (s.arguments != null) {
                    r.arguments(s.arguments);
                }
                break;
            case REVIEW:
                r.grant(grantIds[s.grant]).principal(s.principal).approve(s.approve);
                out(r, s.grant);
                break;
            default: // REVOKE, CLOSE
                r.grant(grantIds[s.grant]).actor(s.principal);
        }
        return s.decisions();
    }

    private void present(final Request r, final TaskStep s) {
        final int g = s.grant;
        r.presenter(s.presenter >= 0 ? s.presenter : holders[g]);
        if (viaWarrants && warrantLengths[g] > 0) {
            r.warrant(warrants, g * SLOT, warrantLengths[g]);
        } else {
            r.grant(grantIds[g]);
        }
    }

    private void out(final Request r, final int name) {
        if (viaWarrants) {
            r.warrantsTo(warrants, name >= 0 ? name * SLOT : scratch);
        }
    }

    /**
     * Takes the completed request's decisions: counts them, checks each against its expectation, keeps
     * the grants and warrants created, and moves to the next step.
     *
     * @return how many decisions missed their expectation.
     * @throws IllegalStateException if the engine could not decide (it stopped).
     */
    int absorb(final Outcomes outcomes, final Misses misses) {
        final Request r = request;
        if (r.failure() != null) {
            throw new IllegalStateException(r.failure());
        }
        final TaskStep s = task.steps[step];
        final int n = s.decisions();
        int missed = 0;
        final boolean creates = s.op == Request.Op.OPEN || s.op == Request.Op.DELEGATE || s.op == Request.Op.FAN_OUT
            || s.op == Request.Op.BREAK_GLASS;
        for (int i = 0; i < n; i++) {
            final DecisionSlot d = r.decision(i);
            outcomes.record(d);
            if (!s.met(i, d)) {
                missed++;
                misses.add(task, s, i, d);
            }
            if (creates) {
                final int as = s.as[i];
                if (as >= 0 && d.outcome() != Outcome.DENY) {
                    grantIds[as] = d.grantId();
                    holders[as] = s.agents[i];
                    final int length = viaWarrants ? r.warrantLength(i) : 0;
                    if (length > 0 && s.op == Request.Op.FAN_OUT) {
                        warrants.putBytes(as * SLOT, warrants, r.warrantOffset(i), length);
                    }
                    warrantLengths[as] = length;
                    if (length > 0 && d.depth() == 2 && sample.get() == null) {
                        final byte[] copy = new byte[length];
                        warrants.getBytes(as * SLOT, copy);
                        sample.compareAndSet(null, copy);
                    }
                }
            } else if (s.op == Request.Op.REVIEW && viaWarrants && d.outcome() == Outcome.ALLOW) {
                warrantLengths[s.grant] = r.warrantLength(0);
            }
        }
        step++;
        return missed;
    }
}
