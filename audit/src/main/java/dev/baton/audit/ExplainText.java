package dev.baton.audit;

import dev.baton.engine.Request;

import java.io.PrintWriter;
import java.util.List;

/**
 * Writes {@code explain}'s plain-text answer: the chain from the initiating principal through every hop
 * to a decision or grant, with purpose, scope, justification and reviewers at each hop, and why it was
 * allowed or denied (reason, rule and policy line). A {@code REVOKED} denial, and a revoked grant, name
 * the decision that revoked it: its record, operation, actor and time; or, for a chain under a foreign
 * warrant's mirror, the revocation of another engine's grant the engine applied (given {@link #foreign}).
 * <p>
 * <b>Note:</b> not thread-safe (it writes to one writer); allocates the text it writes.
 */
public final class ExplainText {
    private final PrintWriter out;
    private final GrantChain chain;
    private ForeignEnds foreign = ForeignEnds.NONE;

    /**
     * @param out   where the text goes.
     * @param chain the journal's decisions and grants.
     */
    public ExplainText(final PrintWriter out, final GrantChain chain) {
        this.out = out;
        this.chain = chain;
    }

    /**
     * @param ends the journal's foreign warrants and applied foreign revocations ({@link ForeignEnds#read}).
     * @return this.
     */
    public ExplainText foreign(final ForeignEnds ends) {
        this.foreign = ends;
        return this;
    }

    /** @param e the decision to explain (one of the chain's). */
    public void decision(final DecisionEntry e) {
        out.printf("decision %d: %s by %s at %s (record %d, request %d)%n", e.decisionId(), e.opName(), actor(e),
            DecisionEntry.instant(e.timestamp()), e.seq(), e.requestId());
        out.printf("  policy       %s, file %s%n", e.policyName(), e.policy().file());
        final List<DecisionEntry> hops = e.createsGrant() ? chain.chain(e.grantId()) : chain.chain(e.usedGrant());
        out.printf("%nchain: from the initiating principal to this action%n");
        hops(hops, e.createsGrant() ? e : null);
        if (!e.createsGrant()) {
            action(e);
        }
        out.printf("%nwhy%n  %s%n", why(e));
        if (e.denials().size() > 1) {
            out.printf("%nevery step that refuses it (the first is the reason)%n");
            for (final String step : e.denials()) {
                out.printf("  %s%n", step);
            }
        }
        if ("REVOKED".equals(e.reason())) {
            revokedBy(chain.revocation(e.usedGrant(), e.seq()), e.usedGrant(), e.seq());
        }
    }

    /**
     * Explains a grant: its creation, chain, and the later actions on it.
     *
     * @param id      the grant.
     * @param created the decision that created it ({@link GrantChain#creation}).
     */
    public void grant(final long id, final DecisionEntry created) {
        out.printf("grant %d: created by decision %d (%s) at %s, held by %s%n", id, created.decisionId(),
            created.opName(), DecisionEntry.instant(created.timestamp()), created.subject());
        out.printf("%nchain: from the initiating principal to this grant%n");
        hops(chain.chain(id), null);
        out.printf("%nwhy%n  %s%n", why(created));
        final List<DecisionEntry> uses = chain.uses(id);
        out.printf("%nlater actions on grant %d: %s%n", id, uses.isEmpty() ? "none" : uses.size());
        for (final DecisionEntry u : uses) {
            out.printf("  decision %-4d %s  %-9s %s: %s %s%n", u.decisionId(), DecisionEntry.instant(u.timestamp()),
                u.opName(), what(u), u.outcome(), u.reason());
        }
        final DecisionEntry revocation = chain.revocation(id, Long.MAX_VALUE);
        final ForeignEnds.Revocation outside = foreign.ending(mirrorOf(id), Long.MAX_VALUE);
        if (revocation != null || outside != null) {
            out.println();
            revokedBy(revocation, id, Long.MAX_VALUE);
        }
    }

    /** The local grant at the top of {@code grant}'s chain: the mirror of a foreign warrant, if it is one. */
    private long mirrorOf(final long grant) {
        final List<DecisionEntry> line = chain.chain(grant);
        return line.isEmpty() ? grant : line.get(0).parentGrantId() != 0 ? line.get(0).parentGrantId() : grant;
    }

    /**
     * Names the decision that revoked {@code grant} (or an ancestor), or the foreign revocation applied before
     * {@code beforeSeq} that ended its mirrored chain, or says none is journaled.
     */
    private void revokedBy(final DecisionEntry r, final long grant, final long beforeSeq) {
        final ForeignEnds.Revocation outside = r == null && grant != 0 ? foreign.ending(mirrorOf(grant), beforeSeq) : null;
        if (outside != null) {
            out.printf("  revoked by   engine %d's revocation of its grant %d (revoked there at %s), in the chain of the "
                + "foreign warrant grant %d mirrors; applied here at %s (FOREIGN_REVOCATION record %d, %d local grants "
                + "ended)%n", outside.engineId(), outside.grantId(), DecisionEntry.instant(outside.revokedAt()),
                mirrorOf(grant), DecisionEntry.instant(outside.appliedAt()), outside.seq(), outside.revokedLocal());
            return;
        }
        if (r == null && grant == 0) {
            out.printf("  revoked by   a grant in the presented warrant's chain was revoked (the revocation source, or a "
                + "FOREIGN_REVOCATION record)%n");
            return;
        }
        if (r == null) {
            out.printf("  revoked by   no journaled decision: a policy swap revoked it (its purpose, review rule or "
                + "break-glass rule was gone)%n");
            return;
        }
        final String whose = r.usedGrant() == grant ? "grant " + grant : "grant " + r.usedGrant() + ", an ancestor of "
            + grant;
        final String how = r.op() == Request.Op.REVIEW ? "review (" + r.reason() + ") of " + whose
            : r.opName() + " of " + whose;
        out.printf("  revoked by   decision %d: %s by %s at %s (record %d, request %d)%n", r.decisionId(), how,
            actor(r), DecisionEntry.instant(r.timestamp()), r.seq(), r.requestId());
    }

    private void hops(final List<DecisionEntry> hops, final DecisionEntry target) {
        if (hops.isEmpty()) {
            out.printf("  (no grant: the request named no journaled grant)%n");
            return;
        }
        final DecisionEntry root = hops.get(0);
        final String purpose = root.purpose() == null ? "(unknown)" : root.purpose();
        out.printf("  principal    %s %s the task for purpose %s%n", root.principal(),
            root.op() == Request.Op.BREAK_GLASS ? "broke glass and opened" : "opened", purpose);
        for (int i = 0; i < hops.size(); i++) {
            final DecisionEntry h = hops.get(i);
            out.printf("  hop %-8d grant %d held by %s%s%s%n", i, h.grantId(), h.subject(),
                i == 0 ? "" : ", delegated by " + h.presenter(), h == target ? "  <- this decision" : "");
            out.printf("               decision %d (%s) at %s: %s %s%s%n", h.decisionId(), h.opName(),
                DecisionEntry.instant(h.timestamp()), h.outcome(), h.reason(),
                h.rule() == null ? "" : ", rule " + h.ruleWithLine());
            out.printf("               purpose      %s%n", purpose);
            out.printf("               scope        %s%s%n", "ALLOW".equals(h.outcome()) ? h.granted() : h.requested(),
                "REVIEW".equals(h.outcome()) ? reviewState(h.grantId()) : "");
            if (h.justification() != null) {
                out.printf("               %s  %s%n", h.op() == Request.Op.BREAK_GLASS ? "reason      " : "justification",
                    quote(h.justification()));
            }
            for (final DecisionEntry r : chain.reviews(h.grantId())) {
                out.printf("               reviewer     %s%s %s at %s (decision %d%s)%n", r.principal(), reviewerClass(r),
                    verdict(r),
                    DecisionEntry.instant(r.timestamp()), r.decisionId(),
                    r.rule() == null ? "" : ", rule " + r.ruleWithLine());
            }
            if (h.budgets() != null) {
                out.printf("               budget       %s (when issued)%n", h.budgets());
            }
            if (h.constraints() != null && "ALLOW".equals(h.outcome())) {
                for (final String c : h.constraints()) {
                    out.printf("               constraint   %s%n", c);
                }
            }
            if (h.expiresAt() != 0 && "ALLOW".equals(h.outcome())) {
                out.printf("               expires      %s%n", DecisionEntry.instant(h.expiresAt()));
            }
        }
    }

    private String reviewState(final long grant) {
        int recorded = 0;
        for (final DecisionEntry r : chain.reviews(grant)) {
            if ("ALLOW".equals(r.outcome())) {
                return " (as requested; approved on review)";
            }
            recorded += "APPROVAL_RECORDED".equals(r.reason()) ? 1 : 0;
        }
        return recorded == 0 ? " (as requested; never approved)"
            : " (as requested; " + recorded + " approval(s), never as many as the rule needs)";
    }

    private void action(final DecisionEntry e) {
        out.printf("  action       decision %d: %s %s%s by %s%n", e.decisionId(), e.opName(), what(e),
            e.usedGrant() != 0 ? " under grant " + e.usedGrant() : "", actor(e));
        if (e.justification() != null) {
            out.printf("               %s  %s%n", e.op() == Request.Op.BREAK_GLASS ? "reason      " : "justification",
                quote(e.justification()));
        } else if (e.op() == Request.Op.AUTHORIZE) {
            out.printf("               justification  (none given)%n");
        }
        if (e.arguments() != null) {
            out.printf("               arguments    %s%n", e.arguments());
        }
        if (e.budgets() != null) {
            out.printf("               budget after %s%n", e.budgets());
        }
    }

    /** @return what a request asked for, e.g. {@code crm.lookup:read on customer_pii}. */
    static String what(final DecisionEntry e) {
        switch (e.op()) {
            case AUTHORIZE:
                return (e.capability() == null ? "(no capability)" : e.capability())
                    + (e.dataClass() == null ? "" : " on " + e.dataClass());
            case DELEGATE:
            case FAN_OUT:
            case OPEN:
            case BREAK_GLASS:
                return "to " + e.subject() + ": " + e.requested();
            case REVIEW:
                return (e.approve() ? "approve" : "deny") + " grant " + e.usedGrant();
            default:
                return "grant " + e.usedGrant();
        }
    }

    static String actor(final DecisionEntry e) {
        if (e.op() == Request.Op.OPEN || e.op() == Request.Op.BREAK_GLASS || e.op() == Request.Op.REVIEW) {
            return e.principal();
        }
        if (e.op() == Request.Op.REVOKE || e.op() == Request.Op.CLOSE) {
            return e.principal() != null ? e.principal() : "(no actor)";
        }
        return e.presenter() != null ? e.presenter() : "the engine's caller";
    }

    /** @return {@code " (class finance)"} for an approval counted under a reviewer class, else empty. */
    private static String reviewerClass(final DecisionEntry r) {
        final String prefix = "reviewer_classes.";
        return r.rule() != null && r.rule().startsWith(prefix) ? " (class " + r.rule().substring(prefix.length()) + ")" : "";
    }

    private static String verdict(final DecisionEntry r) {
        if ("ALLOW".equals(r.outcome())) {
            return "approved";
        }
        if ("APPROVAL_RECORDED".equals(r.reason())) {
            return "approved (recorded; the rule needs more distinct approvals)";
        }
        if ("ALREADY_APPROVED".equals(r.reason())) {
            return "approved again (counts once)";
        }
        return "REVIEW_DENIED".equals(r.reason()) ? "denied" : "was refused (" + r.reason() + ")";
    }

    /** @return e.g. {@code DENY JUSTIFICATION_REQUIRED: ...; rule tiers.sensitive at refund-dispute.yaml:156:3}. */
    static String why(final DecisionEntry e) {
        final StringBuilder sb = new StringBuilder().append(e.outcome()).append(' ').append(e.reason());
        if (!e.reasonText().isEmpty()) {
            sb.append(": ").append(e.reasonText());
        }
        if (e.decidingCapability() != null) {
            sb.append("; capability ").append(e.decidingCapability());
        }
        if (e.decidingData() != null) {
            sb.append("; data class ").append(e.decidingData());
        }
        if (e.rule() != null) {
            sb.append("; rule ").append(e.rule()).append(" at ").append(e.ruleAt());
        } else if ("ALLOW".equals(e.outcome())) {
            sb.append(" (every check passed under ").append(e.policyName()).append(')');
        }
        if (e.refusedBefore() != 0) {
            sb.append(" (refused before the policy was consulted)");
        }
        return sb.toString();
    }

    private static String quote(final String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
