package dev.baton.analysis;

import dev.baton.analysis.PolicyDiff.AgentSide;
import dev.baton.analysis.PolicyDiff.Change;
import dev.baton.analysis.PolicyDiff.Kind;
import dev.baton.analysis.PolicyDiff.Names;

import java.util.List;

/**
 * Compares one agent class from one source under two versions: every (capability or none, data class or
 * none) whose reachability, review requirement or TTL cap differs becomes a {@link Change} with a witness
 * under the version that allows more.
 * <p>
 * <b>Note:</b> single use, one thread; allocates the changes.
 */
final class TupleDiff {
    private final String source;
    private final Names names;
    private final AgentSide o;
    private final AgentSide n;
    private final List<Change> out;

    TupleDiff(final String source, final Names names, final AgentSide old, final AgentSide next,
              final List<Change> out) {
        this.source = source;
        this.names = names;
        this.o = old;
        this.n = next;
        this.out = out;
    }

    void run() {
        if (!o.reached() && !n.reached()) {
            return;
        }
        for (int xi = -1; xi < names.data.size(); xi++) {
            final int xo = xi < 0 ? -1 : names.dataIndex[0][xi];
            final int xn = xi < 0 ? -1 : names.dataIndex[1][xi];
            final boolean oHas = (xi < 0 || xo >= 0) && o.holds(-1, xo);
            final boolean nHas = (xi < 0 || xn >= 0) && n.holds(-1, xn);
            if (oHas != nHas) {
                add(nHas ? Kind.NOW_REACHABLE : Kind.NO_LONGER_REACHABLE, -1, xo, -1, xn);
            }
            if (!oHas && !nHas) {
                continue;
            }
            for (int ci = 0; ci < names.caps.size(); ci++) {
                compare(names.capIndex[0][ci], xi < 0 || xo >= 0 ? xo : Integer.MIN_VALUE,
                    names.capIndex[1][ci], xi < 0 || xn >= 0 ? xn : Integer.MIN_VALUE);
            }
        }
    }

    /** Compares one tuple; a data index of MIN_VALUE means the version lacks that data class. */
    private void compare(final int co, final int xo, final int cn, final int xn) {
        final boolean oh = co >= 0 && xo != Integer.MIN_VALUE && o.holds(co, xo);
        final boolean nh = cn >= 0 && xn != Integer.MIN_VALUE && n.holds(cn, xn);
        if (oh != nh) {
            add(nh ? Kind.NOW_REACHABLE : Kind.NO_LONGER_REACHABLE, co, xo, cn, xn);
            return;
        }
        if (!oh) {
            return;
        }
        final boolean of = o.free(co, xo);
        final boolean nf = n.free(cn, xn);
        if (of != nf) {
            add(nf ? Kind.REVIEW_NO_LONGER_REQUIRED : Kind.REVIEW_NOW_REQUIRED, co, xo, cn, xn);
        }
        final long ot = o.ttl(co, xo);
        final long nt = n.ttl(cn, xn);
        if (ot != nt) {
            add(nt > ot ? Kind.TTL_LONGER : Kind.TTL_SHORTER, co, xo, cn, xn);
        }
    }

    /** Adds the change, with a witness under the version that allows more (the new one for a widening). */
    private void add(final Kind kind, final int co, final int xo, final int cn, final int xn) {
        final boolean useOld = !kind.widening();
        final AgentSide side = useOld ? o : n;
        final int c = useOld ? co : cn;
        final int x = safe(useOld ? xo : xn);
        final boolean reviewFree = kind == Kind.REVIEW_NO_LONGER_REQUIRED || kind == Kind.REVIEW_NOW_REQUIRED;
        final Witness w = side.witness(c, x, reviewFree);
        final var p = side.side().analysis().policy();
        final long oldTtl = xo == Integer.MIN_VALUE ? -1 : o.ttl(co, xo);
        final long newTtl = xn == Integer.MIN_VALUE ? -1 : n.ttl(cn, xn);
        out.add(new Change(kind, source, p.agentName(side.agent()), side.domain(),
            c < 0 ? null : p.capabilityName(c), x < 0 ? null : p.dataClassName(x), oldTtl, newTtl, w));
    }

    private static int safe(final int x) {
        return x == Integer.MIN_VALUE ? -1 : x;
    }
}
