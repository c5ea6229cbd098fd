package dev.baton.adapter.langchain4j;

import dev.baton.adapter.PresentedWarrant;
import dev.langchain4j.agentic.scope.AgenticScope;

import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The child warrants a {@link BatonPlanner} obtained and not yet handed to an invocation, kept in the agentic
 * scope's execution context (never in its state, which prompts and persistence read). Warrants wait per agent
 * id in the order the plan called the agents, and each invocation takes exactly one, so an agent called twice
 * in parallel runs each call under its own warrant.
 * <p>
 * <b>Note:</b> thread-safe; allocates per warrant.
 */
public final class WarrantLedger {
    /** The execution-context key of the ledger. */
    public static final String KEY = "dev.baton/warrants";

    private final ConcurrentHashMap<String, Queue<PresentedWarrant>> pending = new ConcurrentHashMap<>();

    /**
     * @param scope an agentic scope.
     * @return the scope's ledger, created on first use.
     */
    public static WarrantLedger of(final AgenticScope scope) {
        synchronized (scope) {
            WarrantLedger ledger = scope.executionContextAs(KEY, WarrantLedger.class);
            if (ledger == null) {
                ledger = new WarrantLedger();
                scope.writeExecutionContext(KEY, ledger);
            }
            return ledger;
        }
    }

    /**
     * @param agentId   the id LangChain4j gives the agent instance.
     * @param presented the warrant its next invocation runs under.
     */
    public void offer(final String agentId, final PresentedWarrant presented) {
        pending.computeIfAbsent(agentId, k -> new ConcurrentLinkedQueue<>()).add(presented);
    }

    /**
     * @param agentId the id of the agent being invoked.
     * @return the warrant for this invocation, or null when the plan obtained none for it.
     */
    public PresentedWarrant take(final String agentId) {
        final Queue<PresentedWarrant> q = pending.get(agentId);
        return q == null ? null : q.poll();
    }

    /** @return how many warrants wait for an invocation. */
    public int pendingCount() {
        return pending.values().stream().mapToInt(Queue::size).sum();
    }
}
