package dev.baton.engine;

import dev.baton.Outcome;
import dev.baton.Reason;
import dev.baton.codec.DecisionOutcome;
import dev.baton.codec.ShadowDecisionBodyEncoder;
import dev.baton.codec.ShadowDecisionBodyLayout;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.CoreSettings;
import dev.baton.core.DecisionCore;
import dev.baton.core.DecisionSlot;
import dev.baton.core.ScopeBits;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.time.InstantSource;

/**
 * Shadow mode: decides every request a second time, on a core of its own running a candidate policy,
 * after the live core has decided it, and hands each disagreement (another outcome or another reason)
 * to a {@link Sink} as a SHADOW_DECISION body ({@code ShadowDecisionBodyLayout}). Only the live decision
 * counts: the candidate's core has its own grant registry and identity table, and nothing flows back
 * from it to the live core or to the request.
 * <p>
 * The candidate's registry mirrors the live one's ids: a grant both cores create gets the live grant's id
 * ({@link DecisionCore#nextGrantId}), so a later request naming that id reaches the same grant in both; a
 * grant only the candidate creates gets an id from a private range ({@code 2^62} up) no request can name;
 * a grant only the live core creates is unknown to the candidate, which then refuses the requests on it
 * ({@code UNKNOWN_GRANT}: a follow-on disagreement). Grants created before the candidate was attached are
 * not in its registry, so requests on them are not compared (neither decided by the candidate nor
 * counted): the candidate sees the tasks opened after its attach. Requests the engine refused before
 * any core ran (a refused warrant, a stale scope layout) are not compared either. Identities are
 * interned in the candidate's core by name, the first time a request names them; capabilities, data
 * classes, purposes and break-glass rules are translated by name ({@link ShadowNames}).
 * <p>
 * The engine thread runs it after journaling each DECISION record; journal replay runs it alike and
 * checks that the journal holds exactly the disagreements it finds again.
 * <p>
 * <b>Note:</b> not thread-safe (one engine thread, or one replay). Allocation-free in steady state: a new
 * identity, a new child scope slot and the candidate registry's growth allocate once.
 */
final class ShadowDecider {
    /** Takes each disagreement's body; valid during the call only. */
    @FunctionalInterface
    interface Sink {
        /**
         * @param body   the SHADOW_DECISION body, at offset 0.
         * @param length its length.
         */
        void disagreement(DirectBuffer body, int length);
    }

    /** Ids of grants only the candidate creates: above every id a live registry issues. */
    static final long PRIVATE_IDS = 1L << 62;
    private static final int MISSING = Integer.MIN_VALUE;

    private final DecisionCore live;
    private final DecisionCore shadow;
    private final CompiledPolicy candidate;
    private final Int2IntHashMap ids = new Int2IntHashMap(MISSING);
    private final ScopeBits[] scopes = new ScopeBits[256];
    private final DecisionSlot[] slots = new DecisionSlot[256];
    private final ShadowDecisionBodyEncoder encoder = new ShadowDecisionBodyEncoder();
    private final UnsafeBuffer body = new UnsafeBuffer(new byte[ShadowDecisionBodyLayout.BLOCK_LENGTH]);
    private ShadowNames names;
    private Sink sink;
    /** The first live grant created since the attach: requests on older grants are not compared. */
    private long watermark = Long.MAX_VALUE;
    private long privateIds = PRIVATE_IDS;
    /** The candidate's id of the current child's agent, set by {@link #child}. */
    private int agent;
    private long compared;
    private long disagreements;

    /**
     * @param live      the live core (read only: its policy and identity names).
     * @param candidate the candidate policy.
     * @param clock     the clock the live core reads (the engine sets it before each request).
     * @param settings  the live core's registry settings (no keys: the candidate issues no warrants).
     * @param sink      takes each disagreement.
     */
    ShadowDecider(final DecisionCore live, final CompiledPolicy candidate, final InstantSource clock,
                  final CoreSettings settings, final Sink sink) {
        this.live = live;
        this.candidate = candidate;
        this.shadow = new DecisionCore(candidate, clock, new CoreSettings(null, settings.initialGrants(),
            settings.maxGrants(), settings.retentionMillis()));
        this.names = new ShadowNames(live.policy(), candidate);
        this.sink = sink;
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new DecisionSlot();
        }
    }

    /** The live policy was swapped: translate from its indices from now on (allocates). */
    void liveSwapped() {
        names = new ShadowNames(live.policy(), candidate);
    }

    void sink(final Sink next) {
        this.sink = next;
    }

    /** @return the candidate policy. */
    CompiledPolicy candidate() {
        return candidate;
    }

    /** @return requests' decisions compared since the attach. */
    long compared() {
        return compared;
    }

    /** @return disagreements found since the attach. */
    long disagreements() {
        return disagreements;
    }

    /**
     * Decides {@code r} on the candidate, after the live core decided it, and reports disagreements.
     *
     * @param r               the request, with its live decisions.
     * @param refusedBefore   the reason code the engine refused it with before any core ran, or 0.
     * @param firstDecisionId the decision id of its first child.
     */
    void decide(final Request r, final int refusedBefore, final long firstDecisionId) {
        final boolean root = r.op == Request.Op.OPEN || r.op == Request.Op.BREAK_GLASS;
        if (refusedBefore == 0 && (root || r.grantId >= watermark)) {
            run(r);
            final int n = r.children();
            for (int i = 0; i < n; i++) {
                compared++;
                final DecisionSlot d = r.decisions[i];
                final DecisionSlot s = slots[i];
                if (d.outcome() != s.outcome() || d.reason() != s.reason()) {
                    disagreements++;
                    report(r, i, firstDecisionId + i, d, s);
                }
            }
        }
        if (r.op.takesChildren() && refusedBefore == 0) {
            for (int i = 0; i < r.children(); i++) {
                if (created(r.decisions[i])) {
                    watermark = Math.min(watermark, r.decisions[i].grantId());
                }
            }
        }
    }

    private static boolean created(final DecisionSlot d) {
        return d.outcome() != Outcome.DENY && d.grantId() != 0;
    }

    private void report(final Request r, final int child, final long decisionId, final DecisionSlot d,
                        final DecisionSlot s) {
        encoder.wrap(body, 0).decision(decisionId, r.requestId, candidate.versionId(), child,
                DecisionRecord.operation(r.op))
            .live(outcome(d), d.reason().code(), d.rule(), d.grantId())
            .shadow(outcome(s), s.reason().code(), s.rule(), s.grantId());
        sink.disagreement(body, ShadowDecisionBodyLayout.BLOCK_LENGTH);
    }

    private static DecisionOutcome outcome(final DecisionSlot d) {
        return d.outcome() == Outcome.ALLOW ? DecisionOutcome.ALLOW
            : d.outcome() == Outcome.REVIEW ? DecisionOutcome.REVIEW : DecisionOutcome.DENY;
    }

    /** The candidate's decision of every child of {@code r}, into {@link #slots}. */
    private void run(final Request r) {
        final DecisionSlot out = slots[0];
        switch (r.op) {
            case OPEN:
                if (child(r, 0)) {
                    mirror(r, 0);
                    shadow.open(id(r.principal), names.purpose(r.purpose), agent, scope(r, 0), out);
                }
                break;
            case DELEGATE:
            case FAN_OUT:
                for (int i = 0; i < r.children(); i++) {
                    if (child(r, i)) {
                        mirror(r, i);
                        shadow.delegate(r.grantId, id(r.presenter), agent, scope(r, i), slots[i]);
                    }
                }
                break;
            case AUTHORIZE:
                shadow.authorize(r.grantId, id(r.presenter), names.capability(r.capability),
                    names.dataClass(r.dataClass), r.text, r.arguments, out); // arguments rebound by name
                break;
            case REVOKE:
                shadow.revoke(r.grantId, id(r.principal), out);
                break;
            case CLOSE:
                shadow.close(r.grantId, id(r.principal), out);
                break;
            case COMPLETE:
                shadow.complete(r.grantId, id(r.presenter), out);
                break;
            case REVIEW:
                shadow.review(r.grantId, id(r.principal), r.approve, out);
                break;
            default: // BREAK_GLASS
                if (child(r, 0)) {
                    mirror(r, 0);
                    shadow.breakGlass().principal(id(r.principal)).rule(names.breakGlass(r.rule)).agent(agent)
                        .purpose(names.purpose(r.purpose)).scope(scope(r, 0)).reason(r.text).ttlMillis(r.ttlMillis)
                        .decide(out);
                }
                break;
        }
    }

    /**
     * Prepares child {@code i}: its agent's id and its scope in the candidate's layout.
     *
     * @return false if its scope names what the candidate lacks: the child is then refused
     *     {@code UNKNOWN_CAPABILITY} without a core call.
     */
    private boolean child(final Request r, final int i) {
        agent = id(r.agents[i]);
        final ScopeBits src = r.scopes[i];
        if (src == null || names.sameLayout()) {
            return true;
        }
        if (scopes[i] == null) {
            scopes[i] = new ScopeBits(candidate);
        }
        if (!names.scope(src, scopes[i])) {
            DecisionSlot.deny(slots[i], r.decisions[i].timestamp(), candidate.versionId(), Reason.UNKNOWN_CAPABILITY);
            return false;
        }
        return true;
    }

    private ScopeBits scope(final Request r, final int i) {
        return r.scopes[i] == null || names.sameLayout() ? r.scopes[i] : scopes[i];
    }

    /** The grant the candidate may create for child {@code i} gets the live grant's id, or a private one. */
    private void mirror(final Request r, final int i) {
        final DecisionSlot d = r.decisions[i];
        shadow.nextGrantId(created(d) ? d.grantId() : privateIds++);
    }

    /** The candidate core's id for a live identity id, interned by name the first time; -1 if not held live. */
    private int id(final int liveId) {
        if (!live.hasIdentity(liveId)) {
            return -1;
        }
        int s = ids.get(liveId);
        if (s == MISSING || !shadow.hasIdentity(s)) {
            s = shadow.identity(live.identityName(liveId));
            ids.put(liveId, s);
        }
        return s;
    }

    /** @return the candidate's core (tests). */
    DecisionCore core() {
        return shadow;
    }
}
