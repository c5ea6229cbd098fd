package dev.baton.bench.peers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The part of {@code src/policies/refund-dispute.yaml} the peers are given, as plain tables: the four agents
 * the refund-dispute purpose reaches, their ceilings and delegation edges, the purpose ceiling, the external
 * limit of {@code partner.example}, {@code never_leave}, {@code non_transitive} and the review rules. Each
 * peer turns these tables into its own facts (Cedar entities, jCasbin grouping rows, SAPL variables, Biscuit
 * facts); the rules that use them are written in each peer's language. {@code PeerEquivalenceTest} checks
 * every peer against Baton, which reads the YAML itself, so a table that drifts from the YAML fails there.
 * <p>
 * What the tables leave out (the KB purpose, tiers and TTLs, break-glass) no case exercises: every case
 * runs at one instant, with a justification.
 */
public final class PeerScenario {
    /** The principal that opens every task. */
    public static final String PRINCIPAL = "user:alice@acme.example";
    /** The purpose of every task. */
    public static final String PURPOSE = "refund-dispute";
    /** The trust domain of the principal, hence of the task. */
    public static final String HOME = "acme.example";
    /** The justification given with every call. */
    public static final String JUSTIFICATION = "dispute #4411";

    /** The root grant's capabilities (the planner's task scope); within the planner's and purpose's ceilings. */
    public static final List<String> TASK_CAPABILITIES = List.of("crm.lookup:read", "ticket.update:read",
        "ledger.read:read", "mail.send:send", "doc.summarize:summarize");
    /** The root grant's data classes. */
    public static final List<String> TASK_DATA = List.of("public", "internal", "customer_pii", "financial");

    /** An agent class of the YAML. */
    public record Agent(String name, String identity, String domain, List<String> capabilities, List<String> data,
                        List<String> delegatesTo, int maxDepth) {
    }

    /** The agents, as in the YAML. */
    public static final Map<String, Agent> AGENTS = Map.of(
        "planner", new Agent("planner", "spiffe://acme.example/agent/planner", HOME,
            List.of("crm.lookup:read", "crm.lookup:summarize", "ticket.update:read", "ticket.update:write",
                "ledger.read:read", "ledger.pay:purchase", "ledger.refund:refund", "mail.send:send",
                "doc.summarize:summarize", "doc.summarize:classify", "kb.search:read"),
            List.of("public", "internal", "customer_pii", "financial"),
            List.of("crm-reader", "payments", "summariser"), 2),
        "crm-reader", new Agent("crm-reader", "spiffe://acme.example/agent/crm-reader", HOME,
            List.of("crm.lookup:read", "crm.lookup:summarize", "ticket.update:read", "kb.search:read",
                "doc.summarize:summarize", "mail.send:send"),
            List.of("public", "internal", "customer_pii"), List.of("summariser"), 2),
        "payments", new Agent("payments", "spiffe://acme.example/agent/payments", HOME,
            List.of("ledger.read:read", "ledger.read:summarize", "ledger.pay:purchase", "ledger.refund:refund"),
            List.of("internal", "financial"), List.of("crm-reader"), 2),
        "summariser", new Agent("summariser", "spiffe://partner.example/mcp/summariser", "partner.example",
            List.of("doc.summarize:summarize", "doc.summarize:classify"),
            List.of("public", "internal", "customer_pii"), List.of(), 0));

    /** The purpose's ceiling capabilities. */
    public static final List<String> PURPOSE_CAPABILITIES = List.of("crm.lookup:read", "crm.lookup:summarize",
        "ticket.update:read", "ticket.update:write", "ledger.read:read", "ledger.pay:purchase",
        "ledger.refund:refund", "mail.send:send", "doc.summarize:summarize", "doc.summarize:classify");
    /** The purpose's ceiling data classes. */
    public static final List<String> PURPOSE_DATA = List.of("public", "internal", "customer_pii", "financial");

    /** Data that never crosses a trust-domain boundary. */
    public static final List<String> NEVER_LEAVE = List.of("customer_pii", "secrets", "financial");
    /** The one foreign domain with an external limit. */
    public static final String PARTNER = "partner.example";
    /** What {@link #PARTNER} may receive: capabilities. */
    public static final List<String> EXTERNAL_CAPABILITIES = List.of("doc.summarize:summarize");
    /** What {@link #PARTNER} may receive: data. */
    public static final List<String> EXTERNAL_DATA = List.of("public", "internal");
    /** Capabilities a delegatee may use but never pass on. */
    public static final List<String> NON_TRANSITIVE = List.of("ledger.pay:purchase", "ledger.refund:refund");

    /** Review rules that apply at any depth: money movement and deletion. */
    public static final List<String> REVIEW_ALWAYS = List.of("ledger.pay:purchase", "ledger.refund:refund",
        "kb.edit:delete");
    /** Review rule for delegated grants (depth 1 or more): mail. */
    public static final List<String> REVIEW_DELEGATED = List.of("mail.send:send");
    /** Review rule for data shown to another trust domain: internal documents. */
    public static final List<String> REVIEW_EXTERNAL_DATA = List.of("internal");

    /** The chains of the cases, planner first: edges, missing edges, a foreign hop and one too deep. */
    public static final List<List<String>> CHAINS = List.of(
        List.of("planner"),
        List.of("planner", "crm-reader"),
        List.of("planner", "payments"),
        List.of("planner", "summariser"),
        List.of("planner", "crm-reader", "summariser"),
        List.of("planner", "payments", "crm-reader"),
        List.of("planner", "summariser", "crm-reader"),
        List.of("planner", "payments", "crm-reader", "summariser"));
    /** The capabilities of the cases: in and out of the task scope, ceilings, review and non-transitive sets. */
    public static final List<String> CASE_CAPABILITIES = List.of("crm.lookup:read", "doc.summarize:summarize",
        "ledger.read:read", "mail.send:send", "ledger.pay:purchase", "ticket.update:read");
    /** The data classes of the cases. */
    public static final List<String> CASE_DATA = List.of("public", "internal", "customer_pii", "financial");

    /** The benchmarked case: the planner hands a CRM lookup on internal data to the CRM reader, who makes it. */
    public static final DelegationCase HOT_CASE =
        new DelegationCase(List.of("planner", "crm-reader"), "crm.lookup:read", "internal");

    private PeerScenario() {
    }

    /** @return every chain x capability x data class: {@code 8 x 6 x 4 = 192} cases. */
    public static List<DelegationCase> cases() {
        final List<DelegationCase> cases = new ArrayList<>();
        for (final List<String> chain : CHAINS) {
            for (final String capability : CASE_CAPABILITIES) {
                for (final String data : CASE_DATA) {
                    cases.add(new DelegationCase(chain, capability, data));
                }
            }
        }
        return cases;
    }

    /** @return the agent's trust domain. */
    public static String domain(final String agent) {
        return AGENTS.get(agent).domain();
    }
}
