package dev.baton.core;

import dev.baton.Agent;
import dev.baton.AsyncSession;
import dev.baton.BreakGlassRule;
import dev.baton.Capability;
import dev.baton.DataClass;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.FanOut;
import dev.baton.GrantRef;
import dev.baton.Identity;
import dev.baton.Principal;
import dev.baton.Purpose;
import dev.baton.Scope;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@link AsyncSession} of an engine that decides on the caller's thread: each call runs on the
 * calling thread's own session and returns an already completed future holding a copy.
 * <p>
 * <b>Note:</b> thread-safe (one session per calling thread); allocates the future and the copy.
 */
final class ImmediateAsyncSession implements AsyncSession {
    private final ThreadLocal<DecisionSession> sessions;

    ImmediateAsyncSession(final Supplier<DecisionSession> sessions) {
        this.sessions = ThreadLocal.withInitial(sessions);
    }

    private CompletableFuture<Decision> run(final Function<DecisionSession, Decision> call) {
        try {
            return CompletableFuture.completedFuture(call.apply(sessions.get()).copy());
        } catch (final RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Decision> open(final Principal principal, final Purpose purpose, final Agent agent,
                                            final Scope scope) {
        return run(s -> s.open(principal, purpose, agent, scope));
    }

    @Override
    public CompletableFuture<Decision> delegate(final GrantRef parent, final Agent holder, final Agent delegatee,
                                                final Scope scope) {
        return run(s -> s.delegate(parent, holder, delegatee, scope));
    }

    @Override
    public CompletableFuture<FanOut> fanOut(final GrantRef parent, final Agent holder, final Agent[] delegatees,
                                            final Scope[] scopes) {
        try {
            return CompletableFuture.completedFuture(sessions.get().fanOut(parent, holder, delegatees, scopes).copy());
        } catch (final RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Decision> authorize(final GrantRef grant, final Agent holder, final Capability capability,
                                                 final DataClass dataClass, final CharSequence justification,
                                                 final byte[] inputDigest) {
        return run(s -> s.authorize(grant, holder, capability, dataClass, justification, inputDigest));
    }

    @Override
    public CompletableFuture<Decision> complete(final GrantRef grant, final Agent holder, final byte[] outputDigest) {
        return run(s -> s.complete(grant, holder, outputDigest));
    }

    @Override
    public CompletableFuture<Decision> revoke(final GrantRef grant, final Identity actor) {
        return run(s -> s.revoke(grant, actor));
    }

    @Override
    public CompletableFuture<Decision> close(final GrantRef root, final Identity actor) {
        return run(s -> s.close(root, actor));
    }

    @Override
    public CompletableFuture<Decision> review(final GrantRef pending, final Principal reviewer, final boolean approve) {
        return run(s -> s.review(pending, reviewer, approve));
    }

    @Override
    public CompletableFuture<Decision> breakGlass(final Principal principal, final BreakGlassRule rule,
                                                  final Agent agent, final Purpose purpose, final Scope scope,
                                                  final CharSequence reason, final long ttlMillis) {
        return run(s -> s.breakGlass(principal, rule, agent, purpose, scope, reason, ttlMillis));
    }
}
