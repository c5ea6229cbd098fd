package dev.baton.engine;

import dev.baton.Agent;
import dev.baton.Capability;
import dev.baton.DataClass;
import dev.baton.Decision;
import dev.baton.DecisionBatch;
import dev.baton.EngineBusyException;
import dev.baton.GrantRef;
import dev.baton.Scope;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionView;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;

/**
 * The {@link DecisionBatch} of a {@link JournaledEngine}: one preallocated {@link Request}, binding and
 * {@link DecisionView} per call it can hold; {@link #decide()} submits them as one {@link RequestBatch}
 * ({@link JournaledEngine#decideAll}: one ring claim, one completion signal) and reads every decision.
 * <p>
 * <b>Note:</b> not thread-safe (one per thread). Allocation-free per call in steady state (a view's warrant
 * buffer grows once if a policy swap makes warrants longer).
 */
final class EngineBatch implements DecisionBatch {
    private static final long BUSY_WAIT_SECONDS = 10;

    private final JournaledEngine engine;
    private final Request[] requests;
    private final RequestBinding[] binds;
    private final DecisionView[] views;
    private final UnsafeBuffer[] warrants;
    private final RequestBatch batch;
    private CompiledPolicy decidedBy;
    private boolean decided;
    private boolean closed;

    EngineBatch(final JournaledEngine engine, final int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a batch holds at least one call, found capacity " + capacity);
        }
        this.engine = engine;
        this.requests = new Request[capacity];
        this.binds = new RequestBinding[capacity];
        this.views = new DecisionView[capacity];
        this.warrants = new UnsafeBuffer[capacity];
        this.batch = new RequestBatch(capacity);
        for (int i = 0; i < capacity; i++) {
            requests[i] = new Request();
            binds[i] = new RequestBinding(engine, requests[i]);
            views[i] = new DecisionView(requests[i].decision(0), 0);
            warrants[i] = new UnsafeBuffer(new byte[0]);
        }
    }

    @Override
    public int authorize(final GrantRef grant, final Agent holder, final Capability capability,
                         final DataClass dataClass, final CharSequence justification, final byte[] inputDigest) {
        final int i = next(Request.Op.AUTHORIZE, false);
        try {
            binds[i].authorize(grant, holder, capability, dataClass, justification, inputDigest, null);
        } catch (final RuntimeException misuse) {
            batch.clear();
            throw misuse;
        }
        return i;
    }

    @Override
    public int delegate(final GrantRef parent, final Agent holder, final Agent delegatee, final Scope scope) {
        final int i = next(Request.Op.DELEGATE, true);
        try {
            binds[i].delegate(parent, holder, delegatee, scope);
        } catch (final RuntimeException misuse) {
            batch.clear();
            throw misuse;
        }
        return i;
    }

    @Override
    public void decide() {
        checkOpen();
        final JournaledEngine.Outcome outcome;
        try {
            outcome = engine.decideAll(batch, BUSY_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (final RuntimeException misuse) {
            batch.clear();
            throw misuse;
        }
        if (outcome == JournaledEngine.Outcome.BUSY) {
            batch.clear();
            throw new EngineBusyException("the engine's ring had no room for the whole batch for "
                + BUSY_WAIT_SECONDS + " s: none of it was queued");
        }
        while (!batch.isDone()) {
            batch.await(BUSY_WAIT_SECONDS, TimeUnit.SECONDS);
        }
        for (int i = 0; i < batch.size(); i++) {
            read(i);
        }
        decided = true;
    }

    @Override
    public Decision decision(final int i) {
        if (!decided || i < 0 || i >= batch.size()) {
            throw new IllegalStateException("no decision " + i + ": call decide() after recording the calls"
                + " (this batch holds " + batch.size() + ")");
        }
        return views[i];
    }

    @Override
    public int size() {
        return batch.size();
    }

    @Override
    public int capacity() {
        return requests.length;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Starts a new batch after a decided one, resets the next request for {@code op}; returns its index. */
    private int next(final Request.Op op, final boolean issues) {
        checkOpen();
        if (decided) {
            batch.clear();
            decided = false;
        }
        final int i = batch.size();
        if (i == requests.length) {
            throw new IllegalArgumentException("this batch holds at most " + requests.length + " calls: decide()"
                + " the ones recorded first");
        }
        final Request r = requests[i].reset(op, engine.nextRequestId());
        if (issues && engine.issuesWarrants()) {
            if (warrants[i].capacity() < engine.maxWarrantLength()) {
                warrants[i] = new UnsafeBuffer(new byte[engine.maxWarrantLength()]);
            }
            r.warrantsTo(warrants[i], 0);
        }
        batch.add(r);
        return i;
    }

    private void read(final int i) {
        final Request r = requests[i];
        if (r.failure() != null) {
            throw new IllegalStateException(r.failure());
        }
        final int length = r.warrantLength(0);
        if (length > 0) {
            views[i].warrantCapacity(length);
            warrants[i].getBytes(r.warrantOffset(0), views[i].warrantBuffer(), 0, length);
        }
        final long version = r.decision(0).policyVersion();
        if (decidedBy == null || decidedBy.versionId() != version) {
            decidedBy = engine.policyOf(version);
        }
        views[i].decided(decidedBy, length);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this batch is closed");
        }
    }
}
