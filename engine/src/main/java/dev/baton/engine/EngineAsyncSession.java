package dev.baton.engine;

import dev.baton.Agent;
import dev.baton.AsyncSession;
import dev.baton.BreakGlassRule;
import dev.baton.Capability;
import dev.baton.DataClass;
import dev.baton.Decision;
import dev.baton.FanOut;
import dev.baton.GrantRef;
import dev.baton.Identity;
import dev.baton.Principal;
import dev.baton.Purpose;
import dev.baton.Scope;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionSlot;
import dev.baton.core.DecisionView;
import dev.baton.core.FanOutView;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The {@link AsyncSession} of a {@link JournaledEngine}: each call builds its own {@link Request},
 * submits it without waiting, and completes its future on the engine's completion thread (never the
 * engine thread) with a copy of the decision. A request refused because a policy swap landed first
 * completes with that refusal ({@code POLICY_CHANGED}): bind and call again.
 * <p>
 * <b>Note:</b> thread-safe; each call allocates (the request, the future and the copy).
 */
final class EngineAsyncSession implements AsyncSession {
    private final JournaledEngine engine;

    EngineAsyncSession(final JournaledEngine engine) {
        this.engine = engine;
    }

    @Override
    public CompletableFuture<Decision> open(final Principal principal, final Purpose purpose, final Agent agent,
                                            final Scope scope) {
        return one(Request.Op.OPEN, 1, true, b -> b.open(principal, purpose, agent, scope));
    }

    @Override
    public CompletableFuture<Decision> delegate(final GrantRef parent, final Agent holder, final Agent delegatee,
                                                final Scope scope) {
        return one(Request.Op.DELEGATE, 1, true, b -> b.delegate(parent, holder, delegatee, scope));
    }

    @Override
    public CompletableFuture<FanOut> fanOut(final GrantRef parent, final Agent holder, final Agent[] delegatees,
                                            final Scope[] scopes) {
        final Submitted s = submit(Request.Op.FAN_OUT, Math.max(1, delegatees.length), true,
            b -> b.fanOut(parent, holder, delegatees, scopes));
        return s.future.thenApply(r -> {
            final DecisionView[] views = new DecisionView[r.children()];
            for (int i = 0; i < views.length; i++) {
                views[i] = copy(r, i, s.warrants);
            }
            return new FanOutView(views).size(views.length);
        });
    }

    @Override
    public CompletableFuture<Decision> authorize(final GrantRef grant, final Agent holder, final Capability capability,
                                                 final DataClass dataClass, final CharSequence justification,
                                                 final byte[] inputDigest) {
        return one(Request.Op.AUTHORIZE, 1, false, b -> b.authorize(grant, holder, capability, dataClass,
            justification, inputDigest, null));
    }

    @Override
    public CompletableFuture<Decision> complete(final GrantRef grant, final Agent holder, final byte[] outputDigest) {
        return one(Request.Op.COMPLETE, 1, false, b -> b.complete(grant, holder, outputDigest));
    }

    @Override
    public CompletableFuture<Decision> revoke(final GrantRef grant, final Identity actor) {
        return one(Request.Op.REVOKE, 1, false, b -> b.revoke(grant, actor));
    }

    @Override
    public CompletableFuture<Decision> close(final GrantRef root, final Identity actor) {
        return one(Request.Op.CLOSE, 1, false, b -> b.revoke(root, actor));
    }

    @Override
    public CompletableFuture<Decision> review(final GrantRef pending, final Principal reviewer, final boolean approve) {
        return one(Request.Op.REVIEW, 1, true, b -> b.review(pending, reviewer, approve));
    }

    @Override
    public CompletableFuture<Decision> breakGlass(final Principal principal, final BreakGlassRule rule,
                                                  final Agent agent, final Purpose purpose, final Scope scope,
                                                  final CharSequence reason, final long ttlMillis) {
        return one(Request.Op.BREAK_GLASS, 1, true, b -> b.breakGlass(principal, rule, agent, purpose, scope, reason,
            ttlMillis));
    }

    private CompletableFuture<Decision> one(final Request.Op op, final int children, final boolean issues,
                                            final Consumer<RequestBinding> fill) {
        final Submitted s = submit(op, children, issues, fill);
        return s.future.thenApply(r -> copy(r, 0, s.warrants));
    }

    private Submitted submit(final Request.Op op, final int children, final boolean issues,
                             final Consumer<RequestBinding> fill) {
        final Request r = new Request(children);
        r.reset(op, engine.nextRequestId());
        final UnsafeBuffer warrants = issues && engine.issuesWarrants()
            ? new UnsafeBuffer(new byte[engine.maxWarrantLength() * children]) : null;
        if (warrants != null) {
            r.warrantsTo(warrants, 0);
        }
        try {
            fill.accept(new RequestBinding(engine, r));
            return new Submitted(engine.decideAsync(r), warrants);
        } catch (final RuntimeException e) {
            return new Submitted(CompletableFuture.failedFuture(e), warrants);
        }
    }

    private DecisionView copy(final Request r, final int i, final UnsafeBuffer warrants) {
        if (r.failure() != null) {
            throw new IllegalStateException(r.failure());
        }
        final DecisionSlot slot = r.decision(i);
        final CompiledPolicy policy = engine.policyOf(slot.policyVersion());
        final int length = r.warrantLength(i);
        final DecisionView view = new DecisionView(slot, length);
        if (length > 0) {
            warrants.getBytes(r.warrantOffset(i), view.warrantBuffer(), 0, length);
        }
        return view.decided(policy, length);
    }

    /** A submitted request's future and the buffer its warrants are written into. */
    private static final class Submitted {
        final CompletableFuture<Request> future;
        final UnsafeBuffer warrants;

        Submitted(final CompletableFuture<Request> future, final UnsafeBuffer warrants) {
            this.future = future;
            this.warrants = warrants;
        }
    }
}
