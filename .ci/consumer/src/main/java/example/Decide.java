package example;

import dev.baton.Agent;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.DelegationEngine;
import dev.baton.GrantRef;
import dev.baton.Policy;
import dev.baton.Principal;
import dev.baton.Scope;

import java.nio.file.Path;
import java.time.Clock;

/** Opens a task and authorizes one tool call with the in-memory engine; prints both decisions. */
public final class Decide {
    public static void main(final String[] args) throws Exception {
        final Policy policy = Policy.load(Path.of(args[0]));
        try (DelegationEngine engine = DelegationEngine.inMemory(policy, Clock.systemUTC(), null);
             DecisionSession session = engine.session()) {
            final Principal alice = engine.principal("user:alice@acme.example");
            final Agent planner = engine.agent("spiffe://acme.example/agent/planner");
            final Scope lookup = policy.scope().capability("crm.lookup", "read").data("customer_pii").build();
            final Decision root = session.open(alice, policy.purpose("refund-dispute"), planner, lookup);
            System.out.println(root.describe());
            final GrantRef task = GrantRef.of(root);
            System.out.println(session.authorize(task, planner, policy.capability("crm.lookup", "read"),
                policy.dataClass("customer_pii"), "dispute #4411", null).describe());
        }
    }
}
