package dev.baton.engine;

import dev.baton.core.DecisionSlot;
import dev.baton.core.DecisionCore;
import dev.baton.Reason;

/**
 * Runs one {@link Request} on a {@link DecisionCore}: the single place where requests become core
 * calls, used by the live engine and by journal replay alike, so that replay re-executes exactly what
 * was executed.
 * <p>
 * <b>Note:</b> stateless; allocation-free.
 */
final class RequestExecutor {
    private RequestExecutor() {
    }

    /**
     * Decides {@code r} into its decisions.
     *
     * @param now the engine time of this request (for a refusal taken before the core runs).
     * @return 0 if the core decided; else the code of the reason the request was refused before the
     *     core could decide it (a refused warrant, a scope built for another capability layout), which
     *     the journal records so that replay reproduces the refusal without re-executing. For a warrant
     *     that verified, its grant id is left in {@code r.grantId}.
     */
    static int execute(final DecisionCore core, final Request r, final long now) {
        if (r.boundVersion != 0 && r.boundVersion != core.policy().versionId()) {
            refuse(core, r, Reason.POLICY_CHANGED.code(), now);
            return Reason.POLICY_CHANGED.code();
        }
        final long layout = core.policy().layoutId();
        for (int i = 0; i < r.children; i++) {
            if (r.scopes[i] != null && r.scopes[i].policy().layoutId() != layout) {
                refuse(core, r, Reason.SCOPE_LAYOUT_CHANGED.code(), now);
                return Reason.SCOPE_LAYOUT_CHANGED.code();
            }
        }
        final DecisionSlot d = r.decisions[0];
        final boolean out = r.warrantOut != null;
        switch (r.op) {
            case OPEN:
                r.warrantLengths[0] = out ? core.open(r.principal, r.purpose, r.agents[0], r.scopes[0], d, r.warrantOut,
                    r.warrantOffsets[0] = r.warrantOutOffset) : zero(core.open(r.principal, r.purpose, r.agents[0],
                    r.scopes[0], d));
                return 0;
            case DELEGATE:
                if (r.warrantIn != null) {
                    r.warrantLengths[0] = core.delegate(r.warrantIn, r.warrantInOffset, r.warrantInLength, r.presenter,
                        r.agents[0], r.scopes[0], d, r.warrantOut, r.warrantOffsets[0] = r.warrantOutOffset);
                    return verified(core, r, d);
                }
                core.delegate(r.grantId, r.presenter, r.agents[0], r.scopes[0], d);
                r.warrantLengths[0] = out && d.allowed()
                    ? core.warrant(d.grantId(), r.warrantOut, r.warrantOffsets[0] = r.warrantOutOffset) : 0;
                return 0;
            case FAN_OUT:
                if (r.warrantIn != null) {
                    core.fanOut(r.warrantIn, r.warrantInOffset, r.warrantInLength, r.presenter, r.children, r.agents,
                        r.scopes, r.decisions, r.warrantOut, r.warrantOutOffset, r.warrantOffsets, r.warrantLengths);
                    return verified(core, r, d);
                }
                java.util.Arrays.fill(r.warrantLengths, 0);
                core.fanOut(r.grantId, r.presenter, r.children, r.agents, r.scopes, r.decisions);
                if (out) {
                    int cursor = r.warrantOutOffset;
                    for (int i = 0; i < r.children; i++) {
                        if (r.decisions[i].allowed()) {
                            r.warrantOffsets[i] = cursor;
                            r.warrantLengths[i] = core.warrant(r.decisions[i].grantId(), r.warrantOut, cursor);
                            cursor += r.warrantLengths[i];
                        }
                    }
                }
                return 0;
            case AUTHORIZE:
                if (r.warrantIn != null) {
                    core.authorize(r.warrantIn, r.warrantInOffset, r.warrantInLength, r.presenter, r.capability,
                        r.dataClass, r.text, d);
                    return verified(core, r, d);
                }
                core.authorize(r.grantId, r.presenter, r.capability, r.dataClass, r.text, d);
                return 0;
            case REVOKE:
                core.revoke(r.grantId, r.principal, d);
                return 0;
            case CLOSE:
                core.close(r.grantId, r.principal, d);
                return 0;
            case COMPLETE:
                core.complete(r.grantId, r.presenter, d);
                return 0;
            case REVIEW:
                r.warrantLengths[0] = out ? core.review(r.grantId, r.principal, r.approve, d, r.warrantOut,
                    r.warrantOffsets[0] = r.warrantOutOffset) : zero(core.review(r.grantId, r.principal, r.approve, d));
                return 0;
            default: // BREAK_GLASS
                r.warrantLengths[0] = out ? core.breakGlass(r.principal, r.rule, r.agents[0], r.purpose, r.scopes[0],
                    r.text, r.ttlMillis, d, r.warrantOut, r.warrantOffsets[0] = r.warrantOutOffset)
                    : zero(core.breakGlass(r.principal, r.rule, r.agents[0], r.purpose, r.scopes[0], r.text,
                    r.ttlMillis, d));
                return 0;
        }
    }

    /** A refusal taken before the core: the same denial for every child, no core call. */
    static void refuse(final DecisionCore core, final Request r, final int reasonCode, final long timestamp) {
        for (int k = 0; k < r.children(); k++) {
            DecisionSlot.deny(r.decisions[k], timestamp, core.policy().versionId(), Reason.fromCode(reasonCode));
        }
    }

    private static int verified(final DecisionCore core, final Request r, final DecisionSlot d) {
        final long grant = core.lastVerifiedGrant();
        if (grant == 0) {
            return d.reason().code();
        }
        r.grantId = grant;
        return 0;
    }

    private static int zero(final DecisionSlot ignored) {
        return 0;
    }
}
