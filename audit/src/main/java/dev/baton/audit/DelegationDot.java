package dev.baton.audit;

import dev.baton.engine.Request;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the delegation tree of a task as a Graphviz graph ({@code explain --format dot}): the initiating
 * principal, one box per grant (holder and scope), an edge per creating decision, refused delegations
 * as dashed red boxes, and the path to the explained decision or grant drawn bold in blue.
 * <p>
 * <b>Note:</b> stateless; allocates the text it writes.
 */
public final class DelegationDot {
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
        if (!task.isEmpty()) {
            final DecisionEntry root = task.get(0);
            out.printf("  principal [shape=ellipse, label=\"%s\\n%s %s\"];%n", esc(root.principal()),
                root.op() == Request.Op.BREAK_GLASS ? "break-glass for" : "opened", esc(root.purpose()));
        }
        for (final DecisionEntry e : task) {
            final boolean on = path.contains(e.grantId());
            out.printf("  g%d [label=\"grant %d\\n%s\\n%s\"%s];%n", e.grantId(), e.grantId(), esc(e.subject()),
                esc(("ALLOW".equals(e.outcome()) ? e.granted() : e.requested()).toString()),
                on ? ", color=blue, penwidth=2" : "");
            out.printf("  %s -> g%d [label=\"decision %d %s\\n%s %s%s\"%s];%n",
                e.parentGrantId() == 0 ? "principal" : "g" + e.parentGrantId(), e.grantId(), e.decisionId(),
                e.opName(), e.outcome(), e.reason(), reviewers(chain, e.grantId()),
                on ? ", color=blue, penwidth=2" : "");
            for (final DecisionEntry u : chain.uses(e.grantId())) {
                final boolean delegation = u.op() == Request.Op.DELEGATE || u.op() == Request.Op.FAN_OUT;
                final boolean isTarget = target != null && u.decisionId() == target.decisionId();
                if ((delegation && "DENY".equals(u.outcome())) || (isTarget && !u.createsGrant())) {
                    out.printf("  d%d [label=\"%s\\n%s\", style=dashed, color=%s];%n", u.decisionId(),
                        esc(u.opName() + " " + ExplainText.what(u)), esc(u.outcome() + " " + u.reason()),
                        isTarget ? "blue, penwidth=2" : "red");
                    out.printf("  g%d -> d%d [label=\"decision %d\", style=dashed];%n", e.grantId(), u.decisionId(),
                        u.decisionId());
                }
            }
        }
        out.println("}");
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
