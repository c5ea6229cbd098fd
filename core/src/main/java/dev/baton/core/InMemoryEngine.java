package dev.baton.core;

import dev.baton.Agent;
import dev.baton.AsyncSession;
import dev.baton.DecisionSession;
import dev.baton.DelegationEngine;
import dev.baton.Policy;
import dev.baton.Principal;
import dev.baton.UnknownNameException;
import dev.baton.codec.KeyRing;

import java.time.InstantSource;

/**
 * {@link DelegationEngine#inMemory}: one {@link DecisionCore} in this process, without a journal.
 * Sessions decide on the caller's thread, one at a time (a lock guards the core).
 * <p>
 * <b>Note:</b> thread-safe; sessions allocate nothing per call in steady state.
 */
public final class InMemoryEngine implements DelegationEngine {
    /** Most children one fan-out may have (as the journal's record allows). */
    public static final int MAX_FAN_OUT = 255;

    final Object lock = new Object();
    final DecisionCore core;
    final boolean warrants;
    private final AsyncSession async;
    private volatile boolean closed;

    /**
     * @param policy a policy from {@link Policy#load}.
     * @param clock  the source of time.
     * @param keys   the key ring for warrants, or null.
     */
    public InMemoryEngine(final Policy policy, final InstantSource clock, final KeyRing keys) {
        this.core = new DecisionCore(compiled(policy), clock, CoreSettings.DEFAULT.withKeys(keys));
        this.warrants = keys != null;
        this.async = new ImmediateAsyncSession(this::session);
    }

    /**
     * Every step that would refuse a delegation now, in step order ({@link DecisionCore#denials}), read under
     * the engine's lock without changing anything: for policy tests that assert more than the first reason.
     *
     * @param parentGrant the presenter's grant.
     * @param presenter   interned identity presenting it.
     * @param delegatee   interned identity of the agent receiving the sub-task.
     * @param requested   scope asked for the child.
     * @param out         filled with one DENY per refusing step; at least 8.
     * @return how many of {@code out} were filled.
     */
    public int denials(final long parentGrant, final int presenter, final int delegatee, final ScopeBits requested,
                       final DecisionSlot[] out) {
        synchronized (lock) {
            return core.denials(parentGrant, presenter, delegatee, requested, out);
        }
    }

    /**
     * Every check that would refuse a tool call now ({@link DecisionCore#callDenials}), read under the engine's
     * lock without changing anything.
     *
     * @param grantId       the presenter's grant.
     * @param presenter     interned identity presenting it.
     * @param capability    capability index.
     * @param dataClass     data-class index, or {@link DecisionCore#NO_DATA_CLASS}.
     * @param justification why; may be null.
     * @param args          the call's arguments; may be null.
     * @param out           filled with one DENY per refusing check; at least 12.
     * @return how many of {@code out} were filled.
     */
    public int callDenials(final long grantId, final int presenter, final int capability, final int dataClass,
                           final CharSequence justification, final dev.baton.ToolArguments args, final DecisionSlot[] out) {
        synchronized (lock) {
            return core.callDenials(grantId, presenter, capability, dataClass, justification, args, out);
        }
    }

    /** @return the compiled tables of a policy of the public API. */
    public static CompiledPolicy compiled(final Policy policy) {
        if (!(policy instanceof PolicyNames)) {
            throw new IllegalArgumentException(policy == null ? "policy is null"
                : "not a policy compiled by Baton: " + policy.getClass().getName());
        }
        return ((PolicyNames) policy).compiled();
    }

    @Override
    public Policy policy() {
        synchronized (lock) {
            return core.policy().api();
        }
    }

    @Override
    public Agent agent(final String identity) {
        synchronized (lock) {
            return new IdentityHandle(this, core.agent(identity), identity);
        }
    }

    @Override
    public Principal principal(final String identity) {
        synchronized (lock) {
            return new IdentityHandle(this, principalId(core, identity), identity);
        }
    }

    /**
     * Binds a principal: an identity that may open a task, review, break glass or administer.
     *
     * @throws UnknownNameException if it is none of these under the policy.
     */
    public static int principalId(final DecisionCore core, final String identity) {
        requirePrincipal(core.policy(), identity);
        return core.identity(identity);
    }

    /**
     * Checks that {@code identity} may act as a principal under {@code policy}: open a task, review,
     * break glass or administer.
     *
     * @throws UnknownNameException if it is none of these.
     */
    public static void requirePrincipal(final CompiledPolicy policy, final String identity) {
        if (policy.isAdministrator(identity)) {
            return;
        }
        try {
            policy.requirePrincipal(identity);
        } catch (final UnknownNameException notAnOpener) {
            try {
                policy.requireReviewer(identity);
            } catch (final UnknownNameException notAReviewer) {
                throw new UnknownNameException("principal", identity, policy.file(),
                    notAnOpener.suggestion() != null ? notAnOpener.suggestion() : notAReviewer.suggestion());
            }
        }
    }

    @Override
    public DecisionSession session() {
        open();
        return new CoreSession(this);
    }

    @Override
    public AsyncSession async() {
        return async;
    }

    @Override
    public int swapPolicy(final Policy next) {
        synchronized (lock) {
            return core.swap(compiled(next));
        }
    }

    @Override
    public int maxFanOut() {
        return MAX_FAN_OUT;
    }

    void open() {
        if (closed) {
            throw new IllegalStateException("the engine is closed");
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
