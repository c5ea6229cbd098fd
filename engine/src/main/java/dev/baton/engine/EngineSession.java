package dev.baton.engine;

import dev.baton.Agent;
import dev.baton.BreakGlassRule;
import dev.baton.Capability;
import dev.baton.DataClass;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.EngineBusyException;
import dev.baton.FanOut;
import dev.baton.GrantRef;
import dev.baton.Identity;
import dev.baton.Principal;
import dev.baton.Purpose;
import dev.baton.Reason;
import dev.baton.Scope;
import dev.baton.ToolArguments;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionView;
import dev.baton.core.FanOutView;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;

/**
 * A {@link DecisionSession} of a {@link JournaledEngine}. The session owns one preallocated
 * {@link Request}: each call fills it (copying the arguments), puts it on the ring, waits until it is
 * decided, journaled and forced, then reads the decisions into the session's own views. The caller
 * pools nothing and guards nothing.
 * <p>
 * A request bound to a policy version that a swap replaced before it was decided is refused by the
 * engine thread; the session binds it again and resubmits, a few times at most.
 * <p>
 * <b>Note:</b> not thread-safe (one per thread). Allocation-free per call in steady state.
 */
final class EngineSession implements DecisionSession {
    private static final int REBIND_ATTEMPTS = 4;
    private static final long BUSY_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final JournaledEngine engine;
    private final RequestBinding bind;
    private final Request request;
    private final DecisionView[] views;
    private final FanOutView fan;
    private UnsafeBuffer warrants;
    private CompiledPolicy decidedBy; // the policy of the last decision read: no boxed map look-up per call
    private boolean closed;

    EngineSession(final JournaledEngine engine) {
        this.engine = engine;
        this.request = new Request(engine.maxFanOut());
        this.bind = new RequestBinding(engine, request);
        this.views = new DecisionView[engine.maxFanOut()];
        for (int i = 0; i < views.length; i++) {
            views[i] = new DecisionView(request.decision(i), 0);
        }
        this.fan = new FanOutView(views);
        this.warrants = new UnsafeBuffer(new byte[0]);
    }

    @Override
    public Decision open(final Principal principal, final Purpose purpose, final Agent agent, final Scope scope) {
        for (int attempt = 0; ; attempt++) {
            start(Request.Op.OPEN, true);
            bind.open(principal, purpose, agent, scope);
            if (run(attempt)) {
                return views[0];
            }
        }
    }

    @Override
    public Decision delegate(final GrantRef parent, final Agent holder, final Agent delegatee, final Scope scope) {
        for (int attempt = 0; ; attempt++) {
            start(Request.Op.DELEGATE, true);
            bind.delegate(parent, holder, delegatee, scope);
            if (run(attempt)) {
                return views[0];
            }
        }
    }

    @Override
    public FanOut fanOut(final GrantRef parent, final Agent holder, final Agent[] delegatees, final Scope[] scopes) {
        for (int attempt = 0; ; attempt++) {
            start(Request.Op.FAN_OUT, true);
            bind.fanOut(parent, holder, delegatees, scopes);
            if (run(attempt)) {
                return fan.size(request.children());
            }
        }
    }

    @Override
    public Decision authorize(final GrantRef grant, final Agent holder, final Capability capability,
                              final DataClass dataClass, final CharSequence justification, final byte[] inputDigest) {
        return authorize(grant, holder, capability, dataClass, justification, inputDigest, null);
    }

    @Override
    public Decision authorize(final GrantRef grant, final Agent holder, final Capability capability,
                              final DataClass dataClass, final CharSequence justification, final byte[] inputDigest,
                              final ToolArguments arguments) {
        for (int attempt = 0; ; attempt++) {
            start(Request.Op.AUTHORIZE, false);
            bind.authorize(grant, holder, capability, dataClass, justification, inputDigest, arguments);
            if (run(attempt)) {
                return views[0];
            }
        }
    }

    @Override
    public Decision complete(final GrantRef grant, final Agent holder, final byte[] outputDigest) {
        start(Request.Op.COMPLETE, false);
        bind.complete(grant, holder, outputDigest);
        run(REBIND_ATTEMPTS);
        return views[0];
    }

    @Override
    public Decision revoke(final GrantRef grant, final Identity actor) {
        start(Request.Op.REVOKE, false);
        bind.revoke(grant, actor);
        run(REBIND_ATTEMPTS);
        return views[0];
    }

    @Override
    public Decision close(final GrantRef root, final Identity actor) {
        start(Request.Op.CLOSE, false);
        bind.revoke(root, actor);
        run(REBIND_ATTEMPTS);
        return views[0];
    }

    @Override
    public Decision review(final GrantRef pending, final Principal reviewer, final boolean approve) {
        start(Request.Op.REVIEW, true);
        bind.review(pending, reviewer, approve);
        run(REBIND_ATTEMPTS);
        return views[0];
    }

    @Override
    public Decision breakGlass(final Principal principal, final BreakGlassRule rule, final Agent agent,
                               final Purpose purpose, final Scope scope, final CharSequence reason,
                               final long ttlMillis) {
        for (int attempt = 0; ; attempt++) {
            start(Request.Op.BREAK_GLASS, true);
            bind.breakGlass(principal, rule, agent, purpose, scope, reason, ttlMillis);
            if (run(attempt)) {
                return views[0];
            }
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Resets the session's request for {@code op}. */
    private void start(final Request.Op op, final boolean issues) {
        if (closed) {
            throw new IllegalStateException("this session is closed");
        }
        request.reset(op, engine.nextRequestId());
        if (issues && engine.issuesWarrants()) {
            final int need = engine.maxWarrantLength() * request.maxChildren();
            if (warrants.capacity() < need) {
                warrants = new UnsafeBuffer(new byte[need]);
            }
            request.warrantsTo(warrants, 0);
        }
    }

    /**
     * Submits the request and waits for it; fills the views.
     *
     * @return false if the engine refused it because a policy swap landed between binding and deciding
     *     (bind again), true otherwise.
     */
    private boolean run(final int attempt) {
        final long deadline = System.nanoTime() + BUSY_WAIT_NANOS;
        if (engine.decide(request, BUSY_WAIT_NANOS, TimeUnit.NANOSECONDS) == JournaledEngine.Outcome.BUSY) {
            throw new EngineBusyException("the engine's ring stayed full for 10 s: nothing was queued");
        }
        while (!request.isDone()) {
            request.await(deadline + BUSY_WAIT_NANOS);
        }
        if (request.failure() != null) {
            throw new IllegalStateException(request.failure());
        }
        final int n = request.children() == 0 ? 1 : request.children();
        if (attempt < REBIND_ATTEMPTS && request.decision(0).reason() == Reason.POLICY_CHANGED) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            final int length = request.warrantLength(i);
            if (length > 0) {
                views[i].warrantCapacity(length);
                warrants.getBytes(request.warrantOffset(i), views[i].warrantBuffer(), 0, length);
            }
            views[i].decided(policyOf(request.decision(i).policyVersion()), length);
        }
        return true;
    }

    /** The policy of {@code versionId}: the last one read again, else the engine's (which boxes the id). */
    private CompiledPolicy policyOf(final long versionId) {
        if (decidedBy == null || decidedBy.versionId() != versionId) {
            decidedBy = engine.policyOf(versionId);
        }
        return decidedBy;
    }
}
