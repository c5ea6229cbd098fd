package dev.baton.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A small random policy as YAML text: 2-4 agents in up to 3 trust domains, 4 capabilities, 3 data classes. */
final class RandomPolicy {
    static final String[] CAPS = {"t0:a0", "t0:a1", "t1:a0", "t1:a1"};
    static final String[] DATA = {"d0", "d1", "d2"};
    static final String[] DOMAINS = {"home.example", "far.example", "other.example"};
    static final String PRINCIPAL = "user:alice@t.example";
    static final String ONCALL = "user:oncall@t.example";
    static final String REVIEWER = "user:r@rev.example";

    final int agents;
    final int[] domain;
    final int purposes;
    final int glassRules;
    final String yaml;

    RandomPolicy(final long seed) {
        final Random r = new Random(seed);
        agents = 2 + r.nextInt(3);
        domain = new int[agents];
        for (int a = 0; a < agents; a++) {
            domain[a] = r.nextInt(4) < 2 ? 0 : 1 + r.nextInt(2);
        }
        purposes = 1 + r.nextInt(2);
        glassRules = r.nextInt(3) == 0 ? 1 : 0;
        final StringBuilder y = new StringBuilder();
        y.append("version: \"gen-").append(seed).append("\"\n");
        y.append("vocabulary:\n  actions: [a0, a1]\n  data_classes: [d0, d1, d2]\n");
        y.append("  trust_domains: [home.example, far.example, other.example]\n");
        y.append("  tools:\n    t0: [a0, a1]\n    t1: [a0, a1]\n");
        y.append("agents:\n");
        for (int a = 0; a < agents; a++) {
            y.append("  g").append(a).append(":\n    identity: ").append(identity(a)).append('\n');
            y.append("    ceiling: ").append(scope(r, 3)).append('\n');
            final List<String> to = new ArrayList<>();
            for (int b = 0; b < agents; b++) {
                if (r.nextBoolean()) {
                    to.add("g" + b);
                }
            }
            y.append("    delegates_to: ").append(to).append('\n');
            y.append("    max_depth: ").append(to.isEmpty() ? 0 : 1 + r.nextInt(3)).append('\n');
        }
        y.append("purposes:\n");
        for (int p = 0; p < purposes; p++) {
            final List<String> entry = new ArrayList<>();
            for (int a = 0; a < agents; a++) {
                if (r.nextInt(3) == 0 || (a == agents - 1 && entry.isEmpty())) {
                    entry.add("g" + a);
                }
            }
            y.append("  p").append(p).append(":\n    opened_by: [\"user:*@t.example\"]\n");
            y.append("    entry_agents: ").append(entry).append('\n');
            y.append("    ceiling: ").append(scope(r, 4)).append('\n');
        }
        y.append("never_leave: ").append(sparse(r, DATA)).append('\n');
        if (r.nextInt(3) == 0) {
            // far.example joins home's trust zone; other.example may cap its agents' depth.
            y.append("domains:\n  home.example: {zone: home}\n  far.example: {zone: home}\n");
            if (r.nextBoolean()) {
                y.append("  other.example: {max_depth: 1}\n");
            }
        }
        if (r.nextBoolean() && java.util.Arrays.stream(domain).anyMatch(d -> d == 1)) {
            y.append("external:\n  far.example: ").append(scope(r, 3)).append('\n');
        }
        y.append("non_transitive: {capabilities: ").append(sparse(r, CAPS)).append(", data: ").append(sparse(r, DATA)).append("}").append('\n');
        final int reviews = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(2);
        if (reviews > 0) {
            y.append("review:\n");
        }
        for (int v = 0; v < reviews; v++) {
            String trigger = "{capabilities: " + sparse(r, CAPS) + ", data: " + sparse(r, DATA) + "}";
            if (trigger.equals("{capabilities: [], data: []}")) {
                trigger = "{capabilities: [\"" + CAPS[r.nextInt(CAPS.length)] + "\"], data: []}";
            }
            y.append("  r").append(v).append(": ").append(trigger.substring(0, trigger.length() - 1))
                .append(", min_depth: ").append(r.nextInt(3)).append(", external_only: ").append(r.nextBoolean())
                .append(", timeout: 10m, reviewers: [\"user:*@rev.example\"]}\n");
        }
        y.append("default_ttl: 1h\n");
        if (r.nextBoolean()) {
            y.append("tiers:\n  low: {ttl: 30m, capabilities: ").append(subset(r, CAPS, 4)).append(", data: [d0]}\n");
            y.append("  high: {ttl: 5m, capabilities: ").append(subset(r, CAPS, 5)).append(", data: [d2]}\n");
        }
        if (glassRules > 0) {
            y.append("break_glass:\n  oncall:\n    who: [\"").append(ONCALL).append("\"]\n    max_ttl: 15m\n");
            y.append("    reason_required: true\n    skip_review: ").append(r.nextBoolean()).append('\n');
            if (r.nextBoolean()) {
                y.append("    ceiling: ").append(scope(r, 3)).append('\n');
            }
        }
        yaml = y.toString();
    }

    /**
     * The first policy from {@code seed}, {@code seed + 1}, ... that compiles (the compiler refuses rules
     * that can never match, which a random policy often has).
     */
    static RandomPolicy valid(final long seed) {
        for (long s = seed; ; s++) {
            final RandomPolicy gen = new RandomPolicy(s);
            try {
                gen.compiled = dev.baton.core.PolicyCompiler.compile(dev.baton.policy.PolicyParser.parse("gen.yaml", gen.yaml));
                return gen;
            } catch (final dev.baton.policy.PolicyException rejected) {
                // try the next seed
            }
        }
    }

    dev.baton.core.CompiledPolicy compiled;

    String identity(final int a) {
        return "spiffe://" + DOMAINS[domain[a]] + "/agent/g" + a;
    }

    /** A random scope; each member is in with probability (outOf - 1) / outOf. */
    private static String scope(final Random r, final int outOf) {
        return "{capabilities: " + subset(r, CAPS, outOf) + ", data: " + subset(r, DATA, outOf) + "}";
    }

    /** Each member in with probability 1/3. */
    private static String sparse(final Random r, final String[] names) {
        final List<String> in = new ArrayList<>();
        for (final String n : names) {
            if (r.nextInt(3) == 0) {
                in.add("\"" + n + "\"");
            }
        }
        return in.toString();
    }

    private static String subset(final Random r, final String[] names, final int outOf) {
        final List<String> in = new ArrayList<>();
        for (final String n : names) {
            if (r.nextInt(outOf) != 0) {
                in.add("\"" + n + "\"");
            }
        }
        return in.toString();
    }
}
