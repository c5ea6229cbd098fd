package dev.baton.analysis;

import dev.baton.core.CompiledPolicy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a policy's reachable authority, one row per (source, agent class) that can receive a grant:
 * as an aligned text table, or as JSON (one object with a {@code rows} array) that also lists, per data
 * class, the capabilities held with it and those held without a review on the way. Computes one source
 * at a time and writes it, so memory stays at one source's fixpoint.
 * <p>
 * <b>Note:</b> stateless; thread-safe if the {@link Appendable} is. Allocates the rows' strings.
 */
public final class ReachTable {
    private ReachTable() {
    }

    /**
     * @param analysis the analysis.
     * @param json     true for JSON, false for the text table.
     * @param out      where to write.
     * @return number of rows written.
     */
    public static int write(final PolicyAnalysis analysis, final boolean json, final Appendable out) {
        try {
            int rows = 0;
            if (json) {
                out.append("{\"policy\":");
                out.append(Json.string(new StringBuilder(), analysis.policy().file()));
                out.append(",\"version\":").append(Json.string(new StringBuilder(), analysis.policy().label()));
                out.append(",\"rows\":[");
            } else {
                out.append(String.format(rowFormat(analysis) + "%s%n", "SOURCE", "AGENT", "DOMAIN", "DEPTH",
                    "CAPABILITIES / DATA / ONLY THROUGH REVIEW"));
            }
            for (final Source s : analysis.sources()) {
                final SourceReach reach = analysis.reach(s);
                for (int a = 0; a < analysis.policy().agentCount(); a++) {
                    if (!reach.reached(a)) {
                        continue;
                    }
                    final StringBuilder sb = new StringBuilder();
                    if (json) {
                        sb.append(rows > 0 ? ",\n" : "\n");
                        jsonRow(analysis, reach, a, sb);
                    } else {
                        textRow(analysis, reach, a, sb);
                    }
                    out.append(sb);
                    rows++;
                }
            }
            if (json) {
                out.append("\n]}\n");
            }
            return rows;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void textRow(final PolicyAnalysis analysis, final SourceReach reach, final int a,
                                final StringBuilder sb) {
        final CompiledPolicy p = analysis.policy();
        final Source s = reach.source();
        final PolicyModel m = analysis.model();
        final String domain = m.domainName(a) + (m.external(a, s.rootDomain()) ? " (other)" : "");
        sb.append(String.format(rowFormat(analysis), analysis.label(s), p.agentName(a), domain,
            Integer.toString(reach.minDepth(a))));
        final List<String> caps = capabilities(m, reach, a);
        sb.append(caps.isEmpty() ? "(empty grant only)" : String.join(" ", caps));
        final List<String> data = data(m, reach, a);
        sb.append(" / ").append(data.isEmpty() ? "no data" : String.join(" ", data));
        final List<String> review = onlyThroughReview(m, reach, a);
        if (!review.isEmpty()) {
            sb.append(" / review: ").append(String.join(" ", review));
        }
        sb.append(System.lineSeparator());
    }

    /** Columns as wide as the longest source label, agent name and domain name (with its marker). */
    private static String rowFormat(final PolicyAnalysis analysis) {
        final CompiledPolicy p = analysis.policy();
        int source = "SOURCE".length();
        for (final Source s : analysis.sources()) {
            source = Math.max(source, analysis.label(s).length());
        }
        int agent = "AGENT".length();
        for (int a = 0; a < p.agentCount(); a++) {
            agent = Math.max(agent, p.agentName(a).length());
        }
        int domain = "DOMAIN".length();
        for (int d = 0; d < p.trustDomainCount(); d++) {
            domain = Math.max(domain, p.trustDomainName(d).length() + " (other)".length());
        }
        return "%-" + source + "s  %-" + agent + "s  %-" + domain + "s  %5s  ";
    }

    private static void jsonRow(final PolicyAnalysis analysis, final SourceReach reach, final int a,
                                final StringBuilder sb) {
        final PolicyModel m = analysis.model();
        final CompiledPolicy p = analysis.policy();
        final Source s = reach.source();
        sb.append('{');
        Json.field(sb, "source");
        Json.string(sb, analysis.label(s)).append(',');
        Json.field(sb, "principals");
        Json.strings(sb, analysis.principals(s)).append(',');
        Json.field(sb, "agent");
        Json.string(sb, p.agentName(a)).append(',');
        Json.field(sb, "domain");
        Json.string(sb, m.domainName(a)).append(",\"other_domain\":").append(m.external(a, s.rootDomain()))
            .append(",\"min_depth\":").append(reach.minDepth(a)).append(',');
        Json.field(sb, "data");
        Json.strings(sb, data(m, reach, a)).append(',');
        Json.field(sb, "only_through_review");
        Json.strings(sb, onlyThroughReview(m, reach, a)).append(',');
        Json.field(sb, "capabilities").append('{');
        for (int x = -1; x < m.dataCount; x++) {
            Json.field(sb.append(x >= 0 ? "," : ""), x < 0 ? "none" : p.dataClassName(x));
            Json.strings(sb, names(m, reach.caps(a, x)));
        }
        sb.append("},");
        Json.field(sb, "without_review").append('{');
        for (int x = -1; x < m.dataCount; x++) {
            Json.field(sb.append(x >= 0 ? "," : ""), x < 0 ? "none" : p.dataClassName(x));
            Json.strings(sb, names(m, reach.capsWithoutReview(a, x)));
        }
        sb.append("},");
        Json.field(sb, "by_depth").append('[');
        boolean first = true;
        for (int d = 0; d <= CompiledPolicy.MAX_DEPTH; d++) {
            final long[] caps = reach.capsAtDepth(a, d);
            if (caps != null) {
                sb.append(first ? "" : ",").append("{\"depth\":").append(d).append(',');
                Json.field(sb, "capabilities");
                Json.strings(sb, names(m, caps)).append('}');
                first = false;
            }
        }
        sb.append("]}");
    }

    /** Capabilities usable with any data class (a chain carrying (c, x) also carries (c, none)). */
    static List<String> capabilities(final PolicyModel m, final SourceReach reach, final int a) {
        return names(m, reach.caps(a, -1));
    }

    static List<String> data(final PolicyModel m, final SourceReach reach, final int a) {
        final List<String> out = new ArrayList<>();
        for (int x = 0; x < m.dataCount; x++) {
            if (reach.holdsData(a, x)) {
                out.add(m.policy.dataClassName(x));
            }
        }
        return out;
    }

    /** Capabilities held only through a review, with every data class (and none) they are held with. */
    static List<String> onlyThroughReview(final PolicyModel m, final SourceReach reach, final int a) {
        final List<String> out = new ArrayList<>();
        final long[] any = reach.caps(a, -1);
        if (any == null) {
            return out;
        }
        for (int c = nextBit(any, 0); c >= 0; c = nextBit(any, c + 1)) {
            boolean free = false;
            for (int x = -1; x < m.dataCount && !free; x++) {
                free = reach.holdsWithoutReview(a, c, x);
            }
            if (!free) {
                out.add(m.policy.capabilityName(c));
            }
        }
        return out;
    }

    static List<String> names(final PolicyModel m, final long[] bits) {
        final List<String> out = new ArrayList<>();
        if (bits != null) {
            for (int c = nextBit(bits, 0); c >= 0; c = nextBit(bits, c + 1)) {
                out.add(m.policy.capabilityName(c));
            }
        }
        return out;
    }

    /** The first set bit at or after {@code from}, or -1. */
    static int nextBit(final long[] bits, final int from) {
        int w = from >>> 6;
        if (w >= bits.length) {
            return -1;
        }
        long word = bits[w] & (-1L << (from & 63));
        while (true) {
            if (word != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(word);
            }
            if (++w == bits.length) {
                return -1;
            }
            word = bits[w];
        }
    }
}
