package dev.baton.analysis;

import dev.baton.core.CompiledPolicy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a policy change does to reachable authority: every (source, agent class, capability, data class)
 * whose reachability, review requirement or TTL cap differs between two versions, each with a witness
 * chain under the version that allows more. Everything is matched by name (sources by
 * {@link PolicyAnalysis#label}), so the two versions may number capabilities differently.
 * <p>
 * <b>Note:</b> stateless; thread-safe. Computes both versions' fixpoints one source at a time.
 */
public final class PolicyDiff {
    /** How one tuple changed. */
    public enum Kind {
        /** Reachable in the new version only (widening). */
        NOW_REACHABLE(true),
        /** Reachable in the old version only. */
        NO_LONGER_REACHABLE(false),
        /** Reachable in both; the new version has a chain without review, the old had none (widening). */
        REVIEW_NO_LONGER_REQUIRED(true),
        /** Reachable in both; every chain of the new version passes a review, the old had one without. */
        REVIEW_NOW_REQUIRED(false),
        /** Reachable in both; a grant may live longer under the new version (widening). */
        TTL_LONGER(true),
        /** Reachable in both; a grant lives at most shorter under the new version. */
        TTL_SHORTER(false);

        private final boolean widening;

        Kind(final boolean widening) {
            this.widening = widening;
        }

        /** @return whether this change gives some agent more authority than before. */
        public boolean widening() {
            return widening;
        }
    }

    /**
     * One changed tuple.
     *
     * @param kind       how it changed.
     * @param source     the source's label.
     * @param agent      the agent class.
     * @param domain     the agent class's trust domain.
     * @param capability the capability, or null for "a grant holding the data class" (or any grant).
     * @param dataClass  the data class, or null for none.
     * @param oldTtl     the old TTL cap in milliseconds, or -1 when not reachable there.
     * @param newTtl     the new TTL cap in milliseconds, or -1 when not reachable there.
     * @param witness    a chain under the version that allows more.
     */
    public record Change(Kind kind, String source, String agent, String domain, String capability, String dataClass,
                         long oldTtl, long newTtl, Witness witness) {
        /** @return one line, then the witness on the next (allocates). */
        public String describe() {
            final String what = (capability == null ? "any grant" : capability) + " with "
                + (dataClass == null ? "no data" : dataClass);
            final String ttl = kind == Kind.TTL_LONGER || kind == Kind.TTL_SHORTER
                ? " (ttl " + oldTtl / 1000 + "s -> " + newTtl / 1000 + "s)" : "";
            return (kind.widening() ? "WIDENS  " : "narrows ") + kind + ": " + agent + " [" + domain + "] " + what
                + " from " + source + ttl + System.lineSeparator() + "        witness: " + witness.describe();
        }

        /** @return this change as a JSON object (allocates). */
        public String toJson() {
            final StringBuilder sb = new StringBuilder("{");
            Json.field(sb, "kind");
            Json.string(sb, kind.name()).append(",\"widening\":").append(kind.widening()).append(',');
            Json.field(sb, "source");
            Json.string(sb, source).append(',');
            Json.field(sb, "agent");
            Json.string(sb, agent).append(',');
            Json.field(sb, "domain");
            Json.string(sb, domain).append(',');
            Json.field(sb, "capability");
            Json.string(sb, capability).append(',');
            Json.field(sb, "data");
            Json.string(sb, dataClass).append(",\"old_ttl_ms\":").append(oldTtl).append(",\"new_ttl_ms\":")
                .append(newTtl).append(',');
            Json.field(sb, "witness");
            return Json.witness(sb, witness).append('}').toString();
        }
    }

    private PolicyDiff() {
    }

    /** @return every change from {@code old} to {@code next}, source by source, agent by agent. */
    public static List<Change> between(final PolicyAnalysis old, final PolicyAnalysis next) {
        final Map<String, Source> oldSources = bySource(old);
        final Map<String, Source> newSources = bySource(next);
        final Set<String> labels = new LinkedHashSet<>(newSources.keySet());
        labels.addAll(oldSources.keySet());
        final Names names = new Names(old.policy(), next.policy());
        final List<Change> out = new ArrayList<>();
        for (final String label : labels) {
            final Source so = oldSources.get(label);
            final Source sn = newSources.get(label);
            final Side o = new Side(old, so, so == null ? null : old.reach(so));
            final Side n = new Side(next, sn, sn == null ? null : next.reach(sn));
            for (final String agent : names.agents) {
                new TupleDiff(label, names, o.agent(agent), n.agent(agent), out).run();
            }
        }
        return out;
    }

    private static Map<String, Source> bySource(final PolicyAnalysis analysis) {
        final Map<String, Source> out = new LinkedHashMap<>();
        for (final Source s : analysis.sources()) {
            out.put(analysis.label(s), s);
        }
        return out;
    }

    /** The union of two versions' names, with each name's index in each (-1 when absent). */
    static final class Names {
        final List<String> agents = new ArrayList<>();
        final List<String> caps = new ArrayList<>();
        final List<String> data = new ArrayList<>();
        final int[][] capIndex;
        final int[][] dataIndex;

        Names(final CompiledPolicy old, final CompiledPolicy next) {
            final Set<String> a = new LinkedHashSet<>();
            final Set<String> c = new LinkedHashSet<>();
            final Set<String> d = new LinkedHashSet<>();
            for (final CompiledPolicy p : List.of(next, old)) {
                for (int i = 0; i < p.agentCount(); i++) {
                    a.add(p.agentName(i));
                }
                for (int i = 0; i < p.capabilityCount(); i++) {
                    c.add(p.capabilityName(i));
                }
                for (int i = 0; i < p.dataClassCount(); i++) {
                    d.add(p.dataClassName(i));
                }
            }
            agents.addAll(a);
            caps.addAll(c);
            data.addAll(d);
            capIndex = new int[2][caps.size()];
            dataIndex = new int[2][data.size()];
            int side = 0;
            for (final CompiledPolicy p : List.of(old, next)) {
                for (int i = 0; i < caps.size(); i++) {
                    final String[] ta = caps.get(i).split(":", 2);
                    capIndex[side][i] = p.hasCapability(ta[0], ta[1]) ? p.capability(ta[0], ta[1]) : -1;
                }
                for (int i = 0; i < data.size(); i++) {
                    dataIndex[side][i] = p.hasDataClass(data.get(i)) ? p.dataClass(data.get(i)) : -1;
                }
                side++;
            }
        }
    }

    /** One version's view of one source. */
    record Side(PolicyAnalysis analysis, Source source, SourceReach reach) {
        AgentSide agent(final String name) {
            final int a = reach != null && analysis.policy().hasAgent(name) ? analysis.policy().agent(name) : -1;
            return new AgentSide(this, a);
        }
    }

    /** One version's view of one agent class from one source ({@code agent} -1: absent or no source). */
    record AgentSide(Side side, int agent) {
        boolean reached() {
            return agent >= 0 && side.reach().reached(agent);
        }

        boolean holds(final int c, final int x) {
            if (agent < 0) {
                return false;
            }
            return c < 0 ? (x < 0 ? side.reach().reached(agent) : side.reach().holdsData(agent, x))
                : side.reach().holds(agent, c, x);
        }

        boolean free(final int c, final int x) {
            return agent >= 0 && c >= 0 && side.reach().holdsWithoutReview(agent, c, x);
        }

        long ttl(final int c, final int x) {
            return agent >= 0 && c >= 0 && holds(c, x) ? side.reach().ttlCapMillis(agent, c, x) : -1;
        }

        Witness witness(final int c, final int x, final boolean reviewFree) {
            return side.analysis().witness(side.source(), agent, c, x, reviewFree);
        }

        String domain() {
            return side.analysis().model().domainName(agent);
        }
    }
}
