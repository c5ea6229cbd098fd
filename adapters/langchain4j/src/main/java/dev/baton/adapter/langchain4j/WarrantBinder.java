package dev.baton.adapter.langchain4j;

import dev.langchain4j.agentic.observability.AgentInvocationError;
import dev.langchain4j.agentic.observability.AgentListener;
import dev.langchain4j.agentic.observability.AgentRequest;
import dev.langchain4j.agentic.observability.AgentResponse;

/**
 * Binds each sub-agent invocation to the warrant its plan obtained: before the invocation it takes one warrant
 * from the scope's {@link WarrantLedger} for the agent's id and binds it to the invoking thread
 * ({@link CurrentWarrant}); after it, or on error, it unbinds. Register it on the top-level agentic service with
 * {@code listener(...)}; it is inherited by sub-agents.
 * <p>
 * A listener cannot veto, and this one decides nothing: the {@link BatonPlanner} refuses delegations and the
 * {@link BatonToolExecutor} refuses tool calls. If it is not registered, tools find no warrant and are refused.
 * <p>
 * <b>Note:</b> stateless and thread-safe.
 */
public final class WarrantBinder implements AgentListener {
    @Override
    public void beforeAgentInvocation(final AgentRequest request) {
        final WarrantLedger ledger = request.agenticScope() == null ? null
            : request.agenticScope().executionContextAs(WarrantLedger.KEY, WarrantLedger.class);
        CurrentWarrant.bind(ledger == null ? null : ledger.take(request.agentId()));
    }

    @Override
    public void afterAgentInvocation(final AgentResponse response) {
        CurrentWarrant.unbind();
    }

    @Override
    public void onAgentInvocationError(final AgentInvocationError error) {
        CurrentWarrant.unbind();
    }

    @Override
    public boolean inheritedBySubagents() {
        return true;
    }
}
