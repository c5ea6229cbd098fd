package dev.baton;

import dev.baton.codec.KeyRing;
import dev.baton.core.InMemoryEngine;

import java.time.InstantSource;

/**
 * What an orchestrator links: binds identities, hands out sessions, swaps policies.
 * <p>
 * Two kinds behind this one interface: {@link #inMemory(Policy, InstantSource, KeyRing)}, the
 * synchronous core in this process (for tests, and for users who journal elsewhere; needs no JVM
 * option), and the journaled engine of the {@code baton-engine} module ({@code JournaledEngine.start}),
 * which decides on a ring and writes every decision to a durable, hash-chained journal.
 * <p>
 * <b>Note:</b> thread-safe. {@link #agent(String)} and {@link #principal(String)} allocate for an
 * identity seen for the first time; sessions allocate nothing per call.
 */
public interface DelegationEngine extends AutoCloseable {
    /**
     * The synchronous core, in this process, without a journal.
     *
     * @param policy the policy to decide with.
     * @param clock  the source of time (epoch millis); a clock that jumps back is held at its latest value.
     * @param keys   the key ring that signs and verifies warrants, or null for grants by id only.
     * @return the engine.
     */
    static DelegationEngine inMemory(final Policy policy, final InstantSource clock, final KeyRing keys) {
        return new InMemoryEngine(policy, clock, keys);
    }

    /** @return the policy in force now. */
    Policy policy();

    /**
     * Binds a workload identity that matches an agent class of the policy.
     *
     * @param identity e.g. {@code spiffe://acme.example/agent/planner}.
     * @return its handle, for this engine.
     * @throws UnknownNameException if it matches no agent of the policy.
     */
    Agent agent(String identity);

    /**
     * Binds a principal (a human or a system that starts tasks, reviews, or breaks glass).
     *
     * @param identity e.g. {@code user:alice@acme.example}.
     * @return its handle, for this engine.
     * @throws IllegalArgumentException if it is empty or malformed.
     */
    Principal principal(String identity);

    /** @return a new session: one per thread. */
    DecisionSession session();

    /** @return the non-blocking form of the operations, shared by all threads. */
    AsyncSession async();

    /**
     * Replaces the policy between two decisions. Live grants keep what the new policy still names;
     * later decisions check everything against it.
     *
     * @param next the new policy.
     * @return how many grants were revoked because the new policy no longer has what they referred to.
     */
    int swapPolicy(Policy next);

    /** @return the most children one fan-out may have. */
    int maxFanOut();

    /** Stops the engine; pending requests finish first. Idempotent. */
    @Override
    void close();
}
