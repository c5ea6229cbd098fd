package dev.baton.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated policy of {@code agents} agents and 512 tools x 8 actions = 4,096 capabilities, valid for
 * the compiler: every agent's ceiling holds {@code public}, 16 tools and two of four other data classes;
 * 4 delegation edges each, max depth 3; 10 purposes with 2 entry agents and half the tools; a partner
 * domain with an external limit; non-transitive tools; 3 review rules; 2 tiers; one break-glass rule.
 */
final class LargePolicy {
    static final int TOOLS = 512;
    static final String[] ACTIONS = {"read", "summarize", "classify", "write", "purchase", "refund", "delete", "send"};

    private LargePolicy() {
    }

    static String yaml(final int agents, final long seed) {
        final Random r = new Random(seed);
        final StringBuilder y = new StringBuilder("version: \"large-").append(agents).append("\"\nvocabulary:\n");
        y.append("  actions: [read, summarize, classify, write, purchase, refund, delete, send]\n");
        y.append("  data_classes: [public, internal, customer_pii, financial, secrets]\n");
        y.append("  trust_domains: [acme.example, partner.example]\n  tools:\n");
        for (int t = 0; t < TOOLS; t++) {
            y.append("    t").append(t).append(": [read, summarize, classify, write, purchase, refund, delete, send]\n");
        }
        y.append("agents:\n");
        for (int a = 0; a < agents; a++) {
            final String domain = a % 10 == 9 ? "partner.example" : "acme.example";
            y.append("  a").append(a).append(":\n    identity: spiffe://").append(domain).append("/agent/a").append(a)
                .append("\n    ceiling: {capabilities: ").append(tools(r, 16)).append(", data: [public, ")
                .append(r.nextBoolean() ? "internal" : "customer_pii").append(", ")
                .append(r.nextBoolean() ? "financial" : "secrets").append("]}\n");
            final List<String> to = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                to.add("a" + r.nextInt(agents));
            }
            y.append("    delegates_to: ").append(new ArrayList<>(new java.util.LinkedHashSet<>(to)))
                .append("\n    max_depth: 3\n");
        }
        y.append("purposes:\n");
        for (int p = 0; p < 10; p++) {
            y.append("  p").append(p).append(":\n    opened_by: [\"user:*@acme.example\"]\n    entry_agents: [a")
                .append(10 * p).append(", a").append(10 * p + 1).append("]\n    ceiling: {capabilities: [\"*\"], data: [\"*\"]}\n");
        }
        y.append("never_leave: [customer_pii, secrets]\n");
        y.append("external:\n  partner.example: {capabilities: ").append(tools(r, 64)).append(", data: [public, internal]}\n");
        y.append("non_transitive: {capabilities: [\"t0:purchase\", \"t1:refund\"]}\n");
        y.append("review:\n");
        y.append("  money: {capabilities: [\"t0:*\", \"t1:*\", \"t2:*\"], timeout: 15m, reviewers: [\"user:*@fin.example\"]}\n");
        y.append("  deep: {data: [financial], min_depth: 2, timeout: 15m, reviewers: [\"user:*@fin.example\"]}\n");
        y.append("  sharing: {data: [internal], external_only: true, timeout: 15m, reviewers: [\"user:*@sec.example\"]}\n");
        y.append("default_ttl: 1h\ntiers:\n  low: {ttl: 30m, capabilities: [\"t3:*\"], data: [public]}\n");
        y.append("  high: {ttl: 5m, capabilities: [\"t0:*\"], data: [financial, secrets]}\n");
        y.append("break_glass:\n  oncall: {who: [\"user:oncall-*@acme.example\"], max_ttl: 15m, reason_required: true,"
            + " ceiling: {capabilities: [\"t5:*\", \"t6:read\"], data: [public, internal]}}\n");
        return y.toString();
    }

    private static String tools(final Random r, final int count) {
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add("\"t" + r.nextInt(TOOLS) + ":*\"");
        }
        return new ArrayList<>(new java.util.LinkedHashSet<>(out)).toString();
    }
}
