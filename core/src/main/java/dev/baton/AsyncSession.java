package dev.baton;

import java.util.concurrent.CompletableFuture;

/**
 * The operations of {@link DecisionSession}, each returning a future instead of waiting: for callers
 * that must not block. Get it from {@link DelegationEngine#async()}.
 * <p>
 * Arguments are copied before the call returns. A future completes once the decision is final (for a
 * journaled engine: decided, journaled and forced as configured), with an immutable copy, and never
 * on the engine's own thread: dependent stages run on the completion executor (or the caller's thread
 * when the future is already done). A full ring completes the future exceptionally with
 * {@link EngineBusyException}, a closed engine with {@link IllegalStateException}.
 * <p>
 * <b>Note:</b> thread-safe. Each call allocates (the future and the copy).
 */
public interface AsyncSession {
    /** @return the future of {@link DecisionSession#open(Principal, Purpose, Agent, Scope)}. */
    CompletableFuture<Decision> open(Principal principal, Purpose purpose, Agent agent, Scope scope);

    /** @return the future of {@link DecisionSession#delegate(GrantRef, Agent, Agent, Scope)}. */
    CompletableFuture<Decision> delegate(GrantRef parent, Agent holder, Agent delegatee, Scope scope);

    /** @return the future of {@link DecisionSession#fanOut(GrantRef, Agent, Agent[], Scope[])}. */
    CompletableFuture<FanOut> fanOut(GrantRef parent, Agent holder, Agent[] delegatees, Scope[] scopes);

    /**
     * @return the future of
     *     {@link DecisionSession#authorize(GrantRef, Agent, Capability, DataClass, CharSequence, byte[])}.
     */
    CompletableFuture<Decision> authorize(GrantRef grant, Agent holder, Capability capability, DataClass dataClass,
                                          CharSequence justification, byte[] inputDigest);

    /** @return the future of {@link DecisionSession#complete(GrantRef, Agent, byte[])}. */
    CompletableFuture<Decision> complete(GrantRef grant, Agent holder, byte[] outputDigest);

    /** @return the future of {@link DecisionSession#revoke(GrantRef, Identity)}. */
    CompletableFuture<Decision> revoke(GrantRef grant, Identity actor);

    /** @return the future of {@link DecisionSession#close(GrantRef, Identity)}. */
    CompletableFuture<Decision> close(GrantRef root, Identity actor);

    /** @return the future of {@link DecisionSession#review(GrantRef, Principal, boolean)}. */
    CompletableFuture<Decision> review(GrantRef pending, Principal reviewer, boolean approve);

    /**
     * @return the future of {@link DecisionSession#breakGlass(Principal, BreakGlassRule, Agent, Purpose, Scope,
     *     CharSequence, long)}.
     */
    CompletableFuture<Decision> breakGlass(Principal principal, BreakGlassRule rule, Agent agent, Purpose purpose,
                                           Scope scope, CharSequence reason, long ttlMillis);
}
