package dev.baton.engine;

import dev.baton.Reason;
import dev.baton.codec.AuthenticatedWarrant;
import dev.baton.core.DecisionCore;
import dev.baton.core.DecisionSlot;

import java.util.Arrays;

/**
 * Runs one {@link Request} on a {@link DecisionCore}: the single place where requests become core
 * calls, used by the live engine and by journal replay alike, so that replay re-executes exactly what
 * was executed.
 * <p>
 * Every request takes the same four steps: refuse it if it was bound to another policy or layout; check
 * that the warrant buffer has room (before deciding, so no grant is created without its warrant); name
 * the parent grant, by id or by a presented warrant verified into its id; decide on that id; write the
 * warrants of the grants allowed.
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
        return execute(core, null, r, now);
    }

    /**
     * {@link #execute(DecisionCore, Request, long)} on an engine that issues portable (version-2) warrants:
     * presented version-2 bytes are verified by {@code portable} (a foreign warrant is mirrored and
     * journaled there), and the warrants of allowed grants are version 2.
     *
     * @param portable the engine's portable warrants, or null for version 1 only.
     */
    static int execute(final DecisionCore core, final PortableWarrants portable, final Request r, final long now) {
        final int stale = stale(core, r);
        if (stale != 0) {
            refuse(core, r, stale, now);
            return stale;
        }
        final int issuing = issuing(r);
        if (r.warrantOut != null && issuing > 0) {
            if (portable != null) {
                PortableWarrants.requireRoom(r.warrantOut, r.warrantOutOffset, issuing);
            } else {
                core.warrants().requireRoom(r.warrantOut, r.warrantOutOffset, issuing);
            }
        }
        if (r.warrantIn != null) {
            final DecisionSlot d = r.decisions[0];
            final AuthenticatedWarrant presented = r.inputs.presented;
            final long grant = presented.isAuthenticated() // at submission: its bytes are not read here
                ? core.warrants().verify(presented, r.warrantIn, r.warrantInOffset, r.warrantInLength, r.presenter, d)
                : portable != null && portable.takes(r.warrantIn, r.warrantInOffset, r.warrantInLength)
                ? portable.verify(r, d, now, core.policy().versionId())
                : core.warrants().verify(r.warrantIn, r.warrantInOffset, r.warrantInLength, r.presenter, d);
            if (grant == 0) {
                for (int k = 1; k < r.children; k++) { // a refused warrant refuses every child alike
                    DecisionSlot.deny(r.decisions[k], d.timestamp(), d.policyVersion(), d.reason());
                }
                Arrays.fill(r.warrantLengths, 0, issuing, 0);
                return d.reason().code();
            }
            r.grantId = grant;
        }
        decide(core, r);
        writeWarrants(core, portable, r, issuing);
        return 0;
    }

    /** A refusal taken before the core: the same denial for every child, no core call. */
    static void refuse(final DecisionCore core, final Request r, final int reasonCode, final long timestamp) {
        for (int k = 0; k < r.children(); k++) {
            DecisionSlot.deny(r.decisions[k], timestamp, core.policy().versionId(), Reason.fromCode(reasonCode));
        }
    }

    /** The reason to refuse a request bound to another policy version or scope layout, or 0. */
    private static int stale(final DecisionCore core, final Request r) {
        if (r.boundVersion != 0 && r.boundVersion != core.policy().versionId()) {
            return Reason.POLICY_CHANGED.code();
        }
        final long layout = core.policy().layoutId();
        for (int i = 0; i < r.children; i++) {
            if (r.scopes[i] != null && r.scopes[i].policy().layoutId() != layout) {
                return Reason.SCOPE_LAYOUT_CHANGED.code();
            }
        }
        return 0;
    }

    /** How many decisions of {@code r} may create a grant, and so get a warrant. */
    private static int issuing(final Request r) {
        switch (r.op) {
            case OPEN:
            case DELEGATE:
            case FAN_OUT:
            case BREAK_GLASS:
                return Math.max(1, r.children);
            case REVIEW:
                return 1;
            default:
                return 0;
        }
    }

    /** The core call of {@code r}, on the grant id it names (a presented warrant's once verified). */
    private static void decide(final DecisionCore core, final Request r) {
        final DecisionSlot d = r.decisions[0];
        switch (r.op) {
            case OPEN:
                core.open(r.principal, r.purpose, r.agents[0], r.scopes[0], d);
                break;
            case DELEGATE:
                core.delegate(r.grantId, r.presenter, r.agents[0], r.scopes[0], d);
                break;
            case FAN_OUT:
                core.fanOut(r.grantId, r.presenter, r.children, r.agents, r.scopes, r.decisions);
                break;
            case AUTHORIZE:
                core.authorize(r.grantId, r.presenter, r.capability, r.dataClass, r.text, r.arguments, d);
                break;
            case REVOKE:
                core.revoke(r.grantId, r.principal, d);
                break;
            case CLOSE:
                core.close(r.grantId, r.principal, d);
                break;
            case COMPLETE:
                core.complete(r.grantId, r.presenter, d);
                break;
            case REVIEW:
                core.review(r.grantId, r.principal, r.approve, d);
                break;
            default: // BREAK_GLASS
                core.breakGlass().principal(r.principal).rule(r.rule).agent(r.agents[0]).purpose(r.purpose)
                    .scope(r.scopes[0]).reason(r.text).ttlMillis(r.ttlMillis).decide(d);
                break;
        }
    }

    /** The warrants of the first {@code issuing} decisions, back to back: a length of 0 where none was allowed. */
    private static void writeWarrants(final DecisionCore core, final PortableWarrants portable, final Request r,
                                      final int issuing) {
        int cursor = r.warrantOutOffset;
        for (int i = 0; i < issuing; i++) {
            final DecisionSlot d = r.decisions[i];
            if (r.warrantOut == null || !d.allowed()) {
                r.warrantLengths[i] = 0;
                continue;
            }
            r.warrantOffsets[i] = cursor;
            r.warrantLengths[i] = portable != null ? portable.write(d.grantId(), r.warrantOut, cursor)
                : core.warrants().write(d.grantId(), r.warrantOut, cursor);
            cursor += r.warrantLengths[i];
        }
    }
}
