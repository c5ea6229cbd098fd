package dev.baton;

/**
 * Several calls decided together: each {@link #authorize} or {@link #delegate} only records its call (copying
 * its arguments) and returns its index; {@link #decide()} then decides every recorded call at once. On a
 * journaled engine that is one claim of consecutive ring slots and one completion signal for all of them
 * (instead of one hand-off and one wake-up per call), and every decision is journaled, in the order
 * recorded, before {@code decide()} returns. Get one from the engine ({@code JournaledEngine.batch(int)}).
 * <p>
 * The calls of one batch are independent: each is decided against the state left by the calls before it
 * in the batch, but none may use a grant that another call of the same batch creates (its id is not known
 * until {@code decide()} returns). A call refused with {@link Reason#POLICY_CHANGED} (a policy swap landed
 * between recording and deciding) is not retried: record it again.
 * <p>
 * After {@code decide()}, {@link #decision(int)} reads each call's decision until the next call is
 * recorded, which starts a new batch. Misuse (a handle of another engine, a null argument, more calls than
 * the capacity) throws {@link IllegalArgumentException} when the call is recorded; nothing of the batch is
 * decided then.
 * <p>
 * <b>Note:</b> not thread-safe: one batch per thread. In steady state, recording and deciding allocate
 * nothing.
 */
public interface DecisionBatch extends AutoCloseable {
    /**
     * Records a tool call (as {@link DecisionSession#authorize(GrantRef, Agent, Capability, DataClass,
     * CharSequence, byte[])}). It carries no {@link ToolArguments}: a call of a tool whose arguments the
     * policy constrains is refused, never let through; decide such calls through a session.
     *
     * @param grant         the holder's grant.
     * @param holder        who presents it.
     * @param capability    the (tool, action) called.
     * @param dataClass     the data class it touches, or {@link DataClass#NONE}.
     * @param justification why, required by tiers that say so; may be null. Copied.
     * @param inputDigest   SHA-256 of the call's input (32 bytes), or null. Copied.
     * @return the call's index in the batch.
     */
    int authorize(GrantRef grant, Agent holder, Capability capability, DataClass dataClass,
                  CharSequence justification, byte[] inputDigest);

    /**
     * Records a delegation (as {@link DecisionSession#delegate(GrantRef, Agent, Agent, Scope)}).
     *
     * @param parent    the holder's grant.
     * @param holder    who presents it.
     * @param delegatee the agent receiving the sub-task.
     * @param scope     what the child asks for.
     * @return the call's index in the batch.
     */
    int delegate(GrantRef parent, Agent holder, Agent delegatee, Scope scope);

    /**
     * Decides every call recorded since the last {@code decide()}, and returns once all are final (for a
     * journaled engine: decided, journaled and forced as configured).
     *
     * @throws EngineBusyException if the engine stayed too busy to take the whole batch: none of it was queued.
     * @throws IllegalStateException if the engine is closed.
     */
    void decide();

    /**
     * @param i a call's index, as returned when it was recorded.
     * @return its decision, refilled when the batch is reused.
     * @throws IllegalStateException if the batch has not been decided since the call was recorded.
     */
    Decision decision(int i);

    /** @return calls recorded in the current batch. */
    int size();

    /** @return the most calls one batch holds. */
    int capacity();

    /** Releases the batch; it cannot be used afterwards. */
    @Override
    void close();
}
