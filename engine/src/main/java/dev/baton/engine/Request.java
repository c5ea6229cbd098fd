package dev.baton.engine;

import dev.baton.codec.DecisionLayout;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionSlot;
import dev.baton.core.ScopeBits;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * One request to the {@link JournaledEngine}, owned and reused by its caller: set an operation and its
 * inputs, submit it, and read the decisions once it is {@linkplain #isDone() done}.
 * <p>
 * Submission copies the inputs the engine reads later (each child's {@link ScopeBits}, the presented warrant
 * bytes, the text) into the request's own storage, so the caller may change or reuse its scopes, buffer
 * and {@code CharSequence} as soon as the submit call returns: what is decided and journaled is what was
 * given at submission. The request itself must not be touched while pending, and the {@link #warrantsTo}
 * buffer is written by the engine until completion.
 * <p>
 * Children: a delegation has one ({@code child(0, ...)}), a fan-out up to {@link #maxChildren()}; an
 * {@code open} or {@code breakGlass} names its agent and scope as child 0 too.
 * <p>
 * <b>Note:</b> not thread-safe while being filled; completion is published with a volatile write, so
 * a caller that sees {@link #isDone()} sees every output. Reusing a request allocates nothing, except
 * that the first submission whose child {@code i} carries a scope of a given policy makes the request's
 * own copy of it (one {@code ScopeBits}, kept for the next submissions).
 */
public final class Request {
    /** The operations a request can carry. */
    public enum Op {
        /** A principal opens a task: root grant. */
        OPEN,
        /** The holder of a grant delegates to one agent. */
        DELEGATE,
        /** The holder of a grant delegates to several agents at once. */
        FAN_OUT,
        /** The holder of a grant calls a tool. */
        AUTHORIZE,
        /** Revoke a grant and its descendants. */
        REVOKE,
        /** End a task (revoke its root). */
        CLOSE,
        /** A reviewer decides a pending REVIEW. */
        REVIEW,
        /** An emergency root grant. */
        BREAK_GLASS,
        /** The holder reports a tool call finished, with its output digest. */
        COMPLETE;

        /** @return whether the operation names agents and their scopes (children): a grant may be issued to each. */
        public boolean takesChildren() {
            return this == OPEN || this == DELEGATE || this == FAN_OUT || this == BREAK_GLASS;
        }
    }

    /**
     * Told when a request completes: after it is decided and journaled, just before {@link #isDone()}
     * turns true, so its outputs are final and it is still pending (do not reuse it inside the listener).
     * <p>
     * Called on the engine's one completion thread ({@code baton-completion}), never on the engine
     * thread: a slow listener does not hold up deciding. Listeners of all requests run there one at a
     * time, in completion order, before any {@code decideAsync} dependent of the same request; so keep
     * it short: a blocked listener delays the other listeners and futures and, once a ring's worth of
     * completions waits behind it, the engine. Never wait in it for another request that has a listener
     * or future (it could only complete on this thread). An exception it throws goes to the completion
     * thread's uncaught-exception handler; the request completes anyway.
     */
    @FunctionalInterface
    public interface Listener {
        /** @param request the completed request; its outputs are final until it is reused. */
        void onComplete(Request request);
    }

    /**
     * Longest text ({@link #text(CharSequence) justification or reason}) a request may carry, in UTF-8
     * bytes: the journal keeps it whole, so a longer one is refused at submission.
     */
    public static final int MAX_TEXT_BYTES = DecisionLayout.MAX_JUSTIFICATION_LENGTH;

    /** Bytes of a proof of possession ({@code dev.baton.verifier.ProofOfPossession#LENGTH}). */
    public static final int PROOF_LENGTH = dev.baton.verifier.ProofOfPossession.LENGTH;

    static final int IDLE = 0;
    static final int PENDING = 1;
    static final int DONE = 2;

    private final int maxChildren;
    long boundVersion;
    final int[] agents;
    final ScopeBits[] scopes;
    final DecisionSlot[] decisions;
    final int[] warrantOffsets;
    final int[] warrantLengths;
    final byte[] inputDigest = new byte[32];
    final byte[] outputDigest = new byte[32];
    /**
     * Whether {@link #inputDigest} / {@link #outputDigest} hold a digest given since the last reset; if not,
     * their bytes are stale and the journal records zeros. A flag rather than zero-filling both arrays at
     * every reset: the arrays are then touched only by requests that carry digests, and the engine thread
     * does not fetch two cache lines the caller's thread last wrote for every request that carries none.
     */
    boolean hasInputDigest;
    boolean hasOutputDigest;
    /** The holder's proof of possession of the presented warrant, and the digest of the call it covers. */
    final byte[] proof = new byte[PROOF_LENGTH];
    final byte[] callDigest = new byte[32];
    boolean hasProof;
    /** The call's typed arguments (an {@code authorize}), copied from the caller's list; empty when none. */
    final dev.baton.ToolArguments arguments = new dev.baton.ToolArguments();
    /**
     * What the caller gave (held by reference until submission) and the request's own copies of it,
     * which the fields the engine reads (scopes, text, warrantIn) point to once submitted.
     */
    final RequestInputs inputs;

    Op op;
    long requestId;
    int principal;
    int presenter;
    int purpose;
    int rule;
    int capability;
    int dataClass;
    int children;
    long grantId;
    long ttlMillis;
    boolean approve;
    CharSequence text;
    DirectBuffer warrantIn;
    int warrantInOffset;
    int warrantInLength;
    MutableDirectBuffer warrantOut;
    int warrantOutOffset;
    Listener listener;
    /** The {@code decideAsync} future to complete after the request is done, or null. */
    CompletableFuture<Request> future;
    /** The request id's slot in the engine's table of ids in flight, or -1. */
    int idSlot = -1;
    /** The batch this request was submitted in, until it completes; else null. */
    RequestBatch batch;
    /** {@code System.nanoTime()} at submission, set only when the engine has a {@link DecisionListener}. */
    long submittedNanos;
    /** The caller's trace context, for the engine's {@link DecisionListener}; the engine does not read it. */
    final TraceContext trace = new TraceContext();
    /** Set when the engine could not decide at all (closed while pending); else null. */
    volatile String failure;
    private volatile int state;
    /** {@link #finish()} publishes DONE with a release store: see there. */
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Request.class, "state", int.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    /** {@link #isDone()}, for {@link CallerWait} (one object per request, made once). */
    private final java.util.function.BooleanSupplier done = this::isDone;
    private volatile Thread waiter;

    /** A request with room for one child. */
    public Request() {
        this(1);
    }

    /** @param maxChildren the most children a fan-out may carry. */
    public Request(final int maxChildren) {
        if (maxChildren < 1) {
            throw new IllegalArgumentException("maxChildren must be at least 1");
        }
        this.maxChildren = maxChildren;
        this.agents = new int[maxChildren];
        this.scopes = new ScopeBits[maxChildren];
        this.inputs = new RequestInputs(maxChildren);
        this.decisions = new DecisionSlot[maxChildren];
        this.warrantOffsets = new int[maxChildren];
        this.warrantLengths = new int[maxChildren];
        for (int i = 0; i < maxChildren; i++) {
            decisions[i] = new DecisionSlot();
        }
    }

    // ------------------------------------------------------------------------------------ inputs

    /** Clears every input, keeping the arrays; call before filling a reused request. */
    public Request reset(final Op op, final long requestId) {
        checkIdle();
        this.op = op;
        this.requestId = requestId;
        this.boundVersion = 0;
        this.principal = -1;
        this.presenter = -1;
        this.purpose = -1;
        this.rule = -1;
        this.capability = -1;
        this.dataClass = DecisionSlot.NONE;
        this.children = 0;
        this.grantId = 0;
        this.ttlMillis = 0;
        this.approve = false;
        this.text = null;
        this.arguments.clear();
        this.warrantIn = null;
        this.inputs.clear();
        this.warrantOut = null;
        this.hasProof = false;
        this.listener = null;
        this.failure = null;
        this.trace.clear();
        this.hasInputDigest = false;
        this.hasOutputDigest = false;
        return this;
    }

    /**
     * Records the policy version the request's purpose, capability, data-class and rule indices were
     * bound against: the engine thread refuses it ({@code POLICY_CHANGED}) if another version is in
     * force when it is decided. 0, the default, checks nothing (indices the caller keeps in step).
     */
    public Request boundTo(final long policyVersion) {
        this.boundVersion = policyVersion;
        return this;
    }

    /** The principal opening a task or breaking glass, the reviewer of a REVIEW, or the actor of a REVOKE or CLOSE. */
    public Request principal(final int principal) {
        this.principal = principal;
        return this;
    }

    /**
     * Who revokes the grant or closes the task (required for {@code REVOKE} and {@code CLOSE}): its holder,
     * an ancestor's holder, the task's principal or a policy administrator. Journaled as the principal.
     */
    public Request actor(final int actor) {
        this.principal = actor;
        return this;
    }

    /** The identity presenting the grant (its holder). */
    public Request presenter(final int presenter) {
        this.presenter = presenter;
        return this;
    }

    /** The purpose of an {@code open} or {@code breakGlass}. */
    public Request purpose(final int purpose) {
        this.purpose = purpose;
        return this;
    }

    /** The break-glass rule index. */
    public Request rule(final int rule) {
        this.rule = rule;
        return this;
    }

    /** The grant used or acted on, by id (when no warrant bytes are given). */
    public Request grant(final long grantId) {
        this.grantId = grantId;
        return this;
    }

    /**
     * The presented warrant bytes; copied at submission, so the buffer may be reused once the submit call
     * returns. A version-1 warrant's structure, MAC and holder are checked on the submitting thread as it is
     * submitted, its key's grace window and its expiry on the engine's thread as it is decided (a warrant whose
     * key the ring did not hold at submission is verified whole there).
     */
    public Request warrant(final DirectBuffer buffer, final int offset, final int length) {
        this.warrantIn = buffer;
        this.warrantInOffset = offset;
        this.warrantInLength = length;
        inputs.warrant(buffer, offset, length);
        return this;
    }

    /**
     * The holder's proof of possession of the presented portable warrant
     * ({@code dev.baton.verifier.ProofOfPossession.create}) and the 32-byte digest of the call it covers;
     * copied now. A warrant that binds its holder's key, or a presenter whose trust domain the policy asks
     * proof of, is refused without one ({@code PROOF_MISSING}).
     */
    public Request proof(final byte[] proof, final int offset, final byte[] callDigest) {
        if (proof.length - offset < PROOF_LENGTH || offset < 0 || callDigest.length != 32) {
            throw new IllegalArgumentException("a proof of possession is " + PROOF_LENGTH + " bytes from offset " + offset
                + " (found " + (proof.length - offset) + ") with a 32-byte call digest (found " + callDigest.length + ")");
        }
        System.arraycopy(proof, offset, this.proof, 0, PROOF_LENGTH);
        System.arraycopy(callDigest, 0, this.callDigest, 0, 32);
        this.hasProof = true;
        return this;
    }

    /** Where the engine writes each allowed child's warrant, back to back (needs a core with a key ring). */
    public Request warrantsTo(final MutableDirectBuffer buffer, final int offset) {
        this.warrantOut = buffer;
        this.warrantOutOffset = offset;
        return this;
    }

    /**
     * Adds a child: the agent receiving a grant and the scope asked for it. The scope is copied at
     * submission, so it may be changed or reused once the submit call returns.
     */
    public Request child(final int agent, final ScopeBits scope) {
        if (children == maxChildren) {
            throw new IllegalArgumentException("at most " + maxChildren + " children in this request");
        }
        agents[children] = agent;
        scopes[children] = scope;
        inputs.scope(children, scope);
        children++;
        return this;
    }

    /**
     * The tool call of an {@code authorize}: capability index and data-class index, or
     * {@link dev.baton.core.DecisionCore#NO_DATA_CLASS} for a call that touches no data.
     */
    public Request call(final int capability, final int dataClass) {
        this.capability = capability;
        this.dataClass = dataClass;
        return this;
    }

    /**
     * Justification of a tool call, or the reason of a break-glass: at most {@link #MAX_TEXT_BYTES} UTF-8
     * bytes (a longer text is refused at submission). Copied at submission, so the {@code CharSequence}
     * may be changed or reused once the submit call returns.
     */
    public Request text(final CharSequence text) {
        this.text = text;
        inputs.text(text);
        return this;
    }

    /**
     * The typed arguments of an {@code authorize}'s tool call, checked against the policy's constraints and
     * journaled (an ARGUMENTS record before the DECISION) so replay checks them again. Copied now, so the
     * caller may reuse its list at once; null or an empty list: the call carries none.
     */
    public Request arguments(final dev.baton.ToolArguments args) {
        this.arguments.copyFrom(args);
        return this;
    }

    /** Requested life of a break-glass grant (capped by the rule). */
    public Request ttl(final long ttlMillis) {
        this.ttlMillis = ttlMillis;
        return this;
    }

    /** Approve (true) or deny a pending review. */
    public Request approve(final boolean approve) {
        this.approve = approve;
        return this;
    }

    /** Digest (32 bytes, e.g. SHA-256) of the tool call's input, journaled with the decision. */
    public Request inputDigest(final byte[] digest) {
        System.arraycopy(digest, 0, inputDigest, 0, 32);
        hasInputDigest = true;
        return this;
    }

    /** Digest (32 bytes) of a finished tool call's output, journaled by a {@code COMPLETE}. */
    public Request outputDigest(final byte[] digest) {
        System.arraycopy(digest, 0, outputDigest, 0, 32);
        hasOutputDigest = true;
        return this;
    }

    /** Told when the request completes, on the completion thread (see {@link Listener}). */
    public Request listener(final Listener listener) {
        this.listener = listener;
        return this;
    }

    /**
     * @return the request's trace context (the task's trace, for a tracing {@link DecisionListener}): set it
     *     before submission, or leave it for the listener to capture; cleared by {@link #reset}.
     */
    public TraceContext trace() {
        return trace;
    }

    // ------------------------------------------------------------------------------------ outputs

    /** @return whether the engine has decided, journaled and completed this request. */
    public boolean isDone() {
        return state == DONE;
    }

    /** @return the operation. */
    public Op op() {
        return op;
    }

    /**
     * @return the caller's request id (journaled with the decision): strictly positive, and different
     *     from the id of every other request pending on the same engine.
     */
    public long requestId() {
        return requestId;
    }

    /** @return number of children (decisions, for delegations and fan-outs). */
    public int children() {
        return Math.max(1, children);
    }

    /** @return the most children this request can carry. */
    public int maxChildren() {
        return maxChildren;
    }

    /** @return decision {@code i} (0 for single operations). */
    public DecisionSlot decision(final int i) {
        return decisions[i];
    }

    /** @return decision 0. */
    public DecisionSlot decision() {
        return decisions[0];
    }

    /** @return offset of child {@code i}'s warrant in the {@link #warrantsTo} buffer. */
    public int warrantOffset(final int i) {
        return warrantOffsets[i];
    }

    /** @return length of child {@code i}'s warrant, 0 when none was issued. */
    public int warrantLength(final int i) {
        return warrantLengths[i];
    }

    /** @return why the engine could not decide at all (it was closed), or null. */
    public String failure() {
        return failure;
    }

    /** Renders decision 0 with the policy's names (allocates). */
    public String describe(final CompiledPolicy policy) {
        return failure != null ? "FAILED " + failure : decisions[0].describe(policy);
    }

    // ------------------------------------------------------------------------------------ engine side

    void checkIdle() {
        if (state == PENDING) {
            throw new IllegalStateException("request " + requestId + " is still pending");
        }
    }

    boolean begin() {
        if (state == PENDING) {
            return false;
        }
        waiter = null;
        state = PENDING;
        return true;
    }

    void abandon() {
        state = IDLE;
    }

    /**
     * Publishes DONE (the outputs, written before, become visible with it) and wakes a waiting
     * {@code decide}. Read everything first: once DONE is visible the caller may reuse this request (new
     * inputs, new listener), so nothing may touch it afterwards. A release store, not a volatile one: whoever
     * reads DONE (a volatile read) sees the outputs, which is all the ordering needed, and the engine thread
     * finishes many requests in a row without a full fence after each. A waiter that registers just after
     * {@code waiter} was read here is not woken by this call, with or without the fence (the read comes
     * first); it parks for at most a millisecond at a time ({@link #await}).
     */
    void finish() {
        final Thread w = waiter;
        STATE.setRelease(this, DONE);
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /** @return whether a waiter has asked {@link #finish()} to wake it (it has parked, or is about to). */
    boolean wakeUpAsked() {
        return waiter != null;
    }

    /** Parks until done or the deadline (System.nanoTime) passes; returns whether done. */
    boolean await(final long deadlineNanos) {
        return await(deadlineNanos, 0, 0);
    }

    /**
     * Spins up to {@code spinNanos}, then yields until {@code yieldNanos} from the start (the engine's {@link
     * WaitMode}; both bounded by the deadline), then parks until done or the deadline (System.nanoTime)
     * passes. Done while spinning or yielding: no wake-up was asked for, so the engine thread pays none.
     *
     * @return whether done.
     */
    boolean await(final long deadlineNanos, final long spinNanos, final long yieldNanos) {
        if ((spinNanos > 0 || yieldNanos > 0) && CallerWait.spinThenYield(done, deadlineNanos, spinNanos, yieldNanos)) {
            return true; // no waiter registered: finish() wakes nobody
        }
        waiter = Thread.currentThread();
        while (state != DONE) {
            final long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            LockSupport.parkNanos(this, Math.min(left, 1_000_000L));
        }
        return true;
    }
}
