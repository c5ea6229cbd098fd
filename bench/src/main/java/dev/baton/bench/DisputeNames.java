package dev.baton.bench;

import dev.baton.Agent;
import dev.baton.Capability;
import dev.baton.DataClass;
import dev.baton.DelegationEngine;
import dev.baton.Policy;
import dev.baton.Principal;
import dev.baton.Purpose;
import dev.baton.Scope;

/**
 * The names of the refund-dispute workload ({@code src/policies/refund-dispute.yaml}), bound once through
 * the public API as an orchestrator binds them: the principal, the purpose, the agents, the called
 * capability and data class, and the scopes. Both forms of the workload use them: {@link RefundDispute} on
 * the raw core and {@link DisputeSession} through a session.
 * <p>
 * The fan-out hands one task to three CRM readers, three payments agents and two external summarisers.
 * <p>
 * <b>Note:</b> immutable once built; binding allocates (setup only).
 */
final class DisputeNames {
    static final int FAN_OUT = 8;
    static final String JUSTIFICATION = "dispute #4411";

    final Principal alice;
    final Purpose purpose;
    final Agent planner;
    final Agent crmReader;
    final Scope rootScope;
    final Scope readerScope;
    final Capability lookup;
    final DataClass internal;
    final Agent[] fanOutAgents = new Agent[FAN_OUT];
    final Scope[] fanOutScopes = new Scope[FAN_OUT];

    /**
     * @param policy the example policy.
     * @param engine the engine that binds the identities (its handles are for it alone).
     */
    DisputeNames(final Policy policy, final DelegationEngine engine) {
        alice = engine.principal("user:alice@acme.example");
        purpose = policy.purpose("refund-dispute");
        planner = engine.agent("spiffe://acme.example/agent/planner");
        crmReader = engine.agent("spiffe://acme.example/agent/crm-reader");
        final Agent payments = engine.agent("spiffe://acme.example/agent/payments");
        final Agent summariser = engine.agent("spiffe://partner.example/mcp/summariser");
        lookup = policy.capability("crm.lookup", "read");
        internal = policy.dataClass("internal");
        // financial data puts the root in the money tier (5 minutes): every child expires with it.
        rootScope = policy.scope().capability(lookup).capability("ledger.read", "read")
            .capability("doc.summarize", "summarize").data("public").data(internal).data("financial").build();
        readerScope = policy.scope().capability(lookup).data(internal).build();
        final Scope paymentsScope = policy.scope().capability("ledger.read", "read").data("financial").build();
        final Scope summariserScope = policy.scope().capability("doc.summarize", "summarize").data("public").build();
        for (int i = 0; i < FAN_OUT; i++) {
            fanOutAgents[i] = i < 3 ? crmReader : i < 6 ? payments : summariser;
            fanOutScopes[i] = i < 3 ? readerScope : i < 6 ? paymentsScope : summariserScope;
        }
    }
}
