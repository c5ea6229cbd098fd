package dev.baton.bench.peers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sapl.api.interpreter.Val;
import io.sapl.api.pdp.AuthorizationDecision;
import io.sapl.api.pdp.AuthorizationSubscription;
import io.sapl.api.pdp.Decision;
import io.sapl.interpreter.combinators.PolicyDocumentCombiningAlgorithm;
import io.sapl.pdp.EmbeddedPolicyDecisionPoint;
import io.sapl.pdp.PolicyDecisionPointFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SAPL 3.0 (embedded PDP, in memory) on {@code /peers/refund-dispute.sapl}, combined deny-unless-permit: one
 * {@code decideOnce(...).block()} per hop and one for the call. The tables of {@link PeerScenario} are
 * PDP variables. SAPL keeps no grants: the chain's depth and the task ride in each subscription.
 * <p>
 * <b>Note:</b> the PDP is reactive; {@code decideOnce} subscribes and blocks for one decision.
 */
public final class SaplPeer implements PeerAdapter {
    private static final String TASK = "t1";

    private final ObjectMapper json = new ObjectMapper();
    private final EmbeddedPolicyDecisionPoint pdp;

    /** Starts an in-memory PDP with the policy set and the scenario's variables. */
    public SaplPeer() throws Exception {
        final Map<String, Val> variables = new HashMap<>();
        final ObjectNode agents = json.createObjectNode();
        for (final PeerScenario.Agent a : PeerScenario.AGENTS.values()) {
            final ObjectNode agent = scope(a.capabilities(), a.data());
            agent.set("delegatesTo", json.valueToTree(a.delegatesTo()));
            agent.put("maxDepth", a.maxDepth());
            agent.put("domain", a.domain());
            agents.set(a.name(), agent);
        }
        variables.put("agents", Val.of(agents));
        final ObjectNode purposes = json.createObjectNode();
        purposes.set(PeerScenario.PURPOSE, scope(PeerScenario.PURPOSE_CAPABILITIES, PeerScenario.PURPOSE_DATA));
        variables.put("purposes", Val.of(purposes));
        final ObjectNode task = scope(PeerScenario.TASK_CAPABILITIES, PeerScenario.TASK_DATA);
        task.put("purpose", PeerScenario.PURPOSE);
        task.put("domain", PeerScenario.HOME);
        final ObjectNode tasks = json.createObjectNode();
        tasks.set(TASK, task);
        variables.put("tasks", Val.of(tasks));
        final ObjectNode domains = json.createObjectNode();
        domains.set(PeerScenario.PARTNER, scope(PeerScenario.EXTERNAL_CAPABILITIES, PeerScenario.EXTERNAL_DATA));
        variables.put("domains", Val.of(domains));
        final ObjectNode rules = json.createObjectNode();
        rules.set("nonTransitive", json.valueToTree(PeerScenario.NON_TRANSITIVE));
        rules.set("neverLeave", json.valueToTree(PeerScenario.NEVER_LEAVE));
        rules.set("reviewAlways", json.valueToTree(PeerScenario.REVIEW_ALWAYS));
        rules.set("reviewDelegated", json.valueToTree(PeerScenario.REVIEW_DELEGATED));
        rules.set("reviewExternalData", json.valueToTree(PeerScenario.REVIEW_EXTERNAL_DATA));
        variables.put("rules", Val.of(rules));
        this.pdp = PolicyDecisionPointFactory.fixedInRamPolicyDecisionPoint(
            List.of(PeerResources.text("refund-dispute.sapl")), PolicyDocumentCombiningAlgorithm.DENY_UNLESS_PERMIT,
            variables);
    }

    private ObjectNode scope(final List<String> capabilities, final List<String> data) {
        final ObjectNode node = json.createObjectNode();
        node.set("capabilities", json.valueToTree(capabilities));
        node.set("data", json.valueToTree(data));
        return node;
    }

    @Override
    public String name() {
        return "SAPL";
    }

    @Override
    public boolean allowed(final DelegationCase c) throws Exception {
        return prepare(c).run();
    }

    @Override
    public Prepared prepare(final DelegationCase c) {
        final List<AuthorizationSubscription> subscriptions = new ArrayList<>();
        for (int i = 1; i < c.chain().size(); i++) {
            subscriptions.add(AuthorizationSubscription.of(Map.of("holder", c.chain().get(i - 1), "depth", i),
                "delegate", resource(c, c.chain().get(i)), Map.of("task", TASK), json));
        }
        subscriptions.add(AuthorizationSubscription.of(Map.of("holder", c.caller(), "justified", true), "call",
            resource(c, c.caller()), Map.of("task", TASK), json));
        final AuthorizationSubscription[] all = subscriptions.toArray(new AuthorizationSubscription[0]);
        return () -> {
            for (final AuthorizationSubscription s : all) {
                final AuthorizationDecision d = pdp.decideOnce(s).block();
                if (d == null || d.getDecision() != Decision.PERMIT) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Map<String, Object> resource(final DelegationCase c, final String target) {
        return Map.of("target", target, "capability", c.capability(), "data", c.data());
    }

    @Override
    public void close() {
        pdp.destroy();
    }
}
