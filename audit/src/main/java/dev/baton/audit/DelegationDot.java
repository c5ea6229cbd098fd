package dev.baton.audit;

import dev.baton.engine.Request;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the delegation tree of a task as a Graphviz graph ({@code explain --format dot}): a legend, the
 * initiating principal, one box per grant (holder and scope), an edge per creating decision, refused
 * delegations as dashed red boxes, revoked grants grey with the revoking decision (an orange octagon,
 * "revokes" edge) drawn, the explained decision in a colour of its own, and the path to the explained
 * decision or grant drawn bold in blue.
 * <p>
 * <b>Note:</b> stateless; allocates the text it writes.
 */
public final class DelegationDot {
    /** A revoked grant: grey, filled. */
    static final String REVOKED = "style=filled, fillcolor=\"#e0e0e0\", fontcolor=\"#555555\"";
    /** The decision that revoked grants (a revoke, a close, a refused review). */
    static final String REVOKER = "shape=octagon, color=darkorange, penwidth=2";
    /** The decision explained, when it created no grant: its own colour, not the chain's blue. */
    static final String TARGET = "shape=note, style=\"filled,bold\", fillcolor=\"#fde2e2\", color=\"#b03a2e\"";

    private DelegationDot() {
    }

    /**
     * Writes one {@code digraph}.
     *
     * @param out    where the graph goes.
     * @param chain  the journal's decisions and grants.
     * @param target the decision explained (null when a grant is).
     * @param grant  the grant whose task is drawn and whose chain is highlighted.
     */
    public static void write(final PrintWriter out, final GrantChain chain, final DecisionEntry target, final long grant) {
        final Set<Long> path = new HashSet<>();
        for (final DecisionEntry e : chain.chain(grant)) {
            path.add(e.grantId());
        }
        final List<DecisionEntry> task = chain.task(chain.root(grant));
        out.println("digraph baton {");
        out.println("  rankdir=TB;");
        out.println("  node [shape=box, fontname=\"Helvetica\", fontsize=10];");
        out.println("  edge [fontname=\"Helvetica\", fontsize=9];");
        legend(out);
        if (!task.isEmpty()) {
            final DecisionEntry root = task.get(0);
            out.printf("  principal [shape=ellipse, label=\"%s\\n%s %s\"];%n", esc(root.principal()),
                root.op() == Request.Op.BREAK_GLASS ? "break-glass for" : "opened", esc(root.purpose()));
        }
        final Set<Long> revokers = new HashSet<>();
        for (final DecisionEntry e : task) {
            grant(out, chain, e, path.contains(e.grantId()), revokers);
            for (final DecisionEntry u : chain.uses(e.grantId())) {
                refused(out, e, u, target);
            }
        }
        out.println("}");
    }

    /** The key to the drawing, in a box of its own. */
    private static void legend(final PrintWriter out) {
        out.println("  subgraph cluster_legend {");
        out.println("    label=\"legend\"; fontname=\"Helvetica\"; fontsize=10; color=\"#999999\";");
        out.println("    legend_live [label=\"grant (live)\"];");
        out.println("    legend_path [label=\"on the explained chain\", color=blue, penwidth=2];");
        out.println("    legend_revoked [label=\"grant REVOKED\", " + REVOKED + "];");
        out.println("    legend_revoker [label=\"revoking decision\", " + REVOKER + "];");
        out.println("    legend_refused [label=\"refused request\", style=dashed, color=red];");
        out.println("    legend_target [label=\"explained decision\", " + TARGET + "];");
        out.println("    legend_live -> legend_path -> legend_revoked -> legend_revoker -> legend_refused"
            + " -> legend_target [style=invis];");
        out.println("  }");
    }

    /** One grant's box and the edge of the decision that created it; a revoked grant grey, with its revoker. */
    private static void grant(final PrintWriter out, final GrantChain chain, final DecisionEntry e, final boolean on,
                              final Set<Long> revokers) {
        final DecisionEntry revoked = "ALLOW".equals(e.outcome()) ? chain.revocation(e.grantId(), Long.MAX_VALUE) : null;
        out.printf("  g%d [label=\"grant %d\\n%s\\n%s%s%s%s\"%s];%n", e.grantId(), e.grantId(), esc(e.subject()),
            esc(("ALLOW".equals(e.outcome()) ? e.granted() : e.requested()).toString()),
            e.budgets() == null ? "" : "\\n" + esc(e.budgets()),
            e.constraints() == null ? "" : "\\n" + esc(String.join("\n", e.constraints())),
            revoked == null ? "" : "\\nREVOKED by decision " + revoked.decisionId()
                + (revoked.usedGrant() == e.grantId() ? "" : " (of grant " + revoked.usedGrant() + ")"),
            (on ? ", color=blue, penwidth=2" : "") + (revoked == null ? "" : ", " + REVOKED));
        out.printf("  %s -> g%d [label=\"decision %d %s\\n%s %s%s\"%s];%n",
            e.parentGrantId() == 0 ? "principal" : "g" + e.parentGrantId(), e.grantId(), e.decisionId(),
            e.opName(), e.outcome(), e.reason(), reviewers(chain, e.grantId()),
            on ? ", color=blue, penwidth=2" : "");
        if (revoked != null && revoked.usedGrant() == e.grantId() && revokers.add(revoked.decisionId())) {
            out.printf("  r%d [label=\"decision %d %s\\nby %s\\n%s %s\", %s];%n", revoked.decisionId(),
                revoked.decisionId(), revoked.opName(), esc(revoked.principal() != null ? revoked.principal()
                    : revoked.presenter()), revoked.outcome(), revoked.reason(), REVOKER);
            out.printf("  r%d -> g%d [label=\"revokes\", style=dotted, color=darkorange];%n", revoked.decisionId(),
                e.grantId());
        }
    }

    /** A refused delegation under grant {@code e}, or the explained decision if it created no grant. */
    private static void refused(final PrintWriter out, final DecisionEntry e, final DecisionEntry u,
                                final DecisionEntry target) {
        final boolean delegation = u.op() == Request.Op.DELEGATE || u.op() == Request.Op.FAN_OUT;
        final boolean isTarget = target != null && u.decisionId() == target.decisionId();
        if ((delegation && "DENY".equals(u.outcome())) || (isTarget && !u.createsGrant())) {
            out.printf("  d%d [label=\"%s%s\\n%s\", %s];%n", u.decisionId(), isTarget ? "explained: " : "",
                esc(u.opName() + " " + ExplainText.what(u)), esc(u.outcome() + " " + u.reason()),
                isTarget ? TARGET : "style=dashed, color=red");
            out.printf("  g%d -> d%d [label=\"decision %d\", style=dashed];%n", e.grantId(), u.decisionId(),
                u.decisionId());
        }
    }

    private static String reviewers(final GrantChain chain, final long grant) {
        final StringBuilder sb = new StringBuilder();
        for (final DecisionEntry r : chain.reviews(grant)) {
            sb.append("\\nreview: ").append(esc(r.principal())).append(' ').append(r.outcome());
        }
        return sb.toString();
    }

    private static String esc(final String s) {
        return s == null ? "" : s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
