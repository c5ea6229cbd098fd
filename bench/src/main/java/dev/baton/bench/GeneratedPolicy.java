package dev.baton.bench;

import dev.baton.Policy;

/**
 * Policies of a chosen size, written as YAML text and compiled through the public parser and compiler.
 * <p>
 * {@code agents} agent classes {@code g0..g(n-1)} in one trust domain, each with a rule of its own:
 * identity, a ceiling holding every capability, edges to the next two agents, {@code max_depth 8}.
 * {@code capabilities} capabilities as tools {@code t0..} of eight actions each. One purpose whose entry
 * agent is {@code g0}. A tier {@code hot} (TTL 1 s) holds capability {@code t0:a0} only: a root
 * holding it lives 1 s and bounds its whole chain, while grants without it live {@code default_ttl}
 * (30 days), which is how the benchmarks keep long-lived background grants next to short-lived hot
 * ones.
 */
final class GeneratedPolicy {
    static final String DOMAIN = "bench.example";
    static final String PRINCIPAL = "user:alice@" + DOMAIN;
    static final String PURPOSE = "work";
    static final String HOT_TOOL = "t0";
    static final String HOT_ACTION = "a0";
    static final long HOT_TTL_MILLIS = 1_000;
    static final int ACTIONS_PER_TOOL = 8;

    private GeneratedPolicy() {
    }

    static String agentIdentity(final int agent) {
        return "spiffe://" + DOMAIN + "/agent/g" + agent;
    }

    /**
     * @param agents       agent classes (rules), at least 3.
     * @param capabilities capabilities, a multiple of 8 up to 4096.
     */
    static Policy compile(final int agents, final int capabilities) {
        return PolicyFiles.compile("generated-" + agents + "-" + capabilities + ".yaml", yaml(agents, capabilities));
    }

    static String yaml(final int agents, final int capabilities) {
        if (agents < 3 || capabilities % ACTIONS_PER_TOOL != 0) {
            throw new IllegalArgumentException("agents=" + agents + " capabilities=" + capabilities);
        }
        final int tools = capabilities / ACTIONS_PER_TOOL;
        final StringBuilder all = new StringBuilder("[");
        for (int t = 0; t < tools; t++) {
            all.append(t == 0 ? "" : ",").append("\"t").append(t).append(":*\"");
        }
        final String ceiling = "{capabilities: " + all.append(']') + ", data: [d0, d1]}";
        final StringBuilder y = new StringBuilder(agents * (ceiling.length() + 120));
        y.append("version: \"generated-").append(agents).append('-').append(capabilities).append("\"\n")
            .append("vocabulary:\n  actions: [");
        for (int a = 0; a < ACTIONS_PER_TOOL; a++) {
            y.append(a == 0 ? "" : ", ").append('a').append(a);
        }
        y.append("]\n  data_classes: [d0, d1]\n  trust_domains: [").append(DOMAIN).append("]\n  tools:\n");
        for (int t = 0; t < tools; t++) {
            y.append("    t").append(t).append(": [a0, a1, a2, a3, a4, a5, a6, a7]\n");
        }
        y.append("agents:\n");
        for (int a = 0; a < agents; a++) {
            y.append("  g").append(a).append(": {identity: \"").append(agentIdentity(a)).append("\", ceiling: ")
                .append(ceiling).append(", delegates_to: [g").append((a + 1) % agents).append(", g")
                .append((a + 2) % agents).append("], max_depth: 8}\n");
        }
        y.append("purposes:\n  ").append(PURPOSE).append(":\n    opened_by: [\"user:*@").append(DOMAIN)
            .append("\"]\n    entry_agents: [g0]\n    ceiling: ").append(ceiling).append('\n')
            .append("default_ttl: 30d\n")
            .append("tiers:\n  hot: {ttl: 1s, capabilities: [\"").append(HOT_TOOL).append(':').append(HOT_ACTION)
            .append("\"]}\n");
        return y.toString();
    }
}
