package dev.baton.engine;

import dev.baton.codec.DecisionDecoder;
import dev.baton.codec.DecisionOutcome;
import dev.baton.codec.ForeignWarrantBodyDecoder;
import dev.baton.codec.PortableWarrantDecoder;
import dev.baton.core.PortableGate;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionSlot;
import dev.baton.core.DecisionCore;
import dev.baton.Reason;
import dev.baton.core.ScopeBits;
import dev.baton.core.ManualClock;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Re-runs the requests a journal recorded under another policy ("what-if"), beside a normal
 * {@link JournalReplay} of the same journal: each recorded request is executed, at its recorded time, on
 * a second decision core that runs the new policy from the first record on (recorded policy swaps are
 * ignored).
 * <p>
 * Requests are translated by name, from the policy they were recorded under to the new one: purposes,
 * break-glass rules, capabilities and data classes (a request naming one the new policy lacks is denied
 * {@code UNKNOWN_CAPABILITY} or {@code UNKNOWN_DATA_CLASS} without reaching the core); identities are
 * translated by name (the second core reclaims idle identities at its own points, so its ids may differ)
 * and bound to the new policy's agents.
 * Refusals taken before the core (a refused warrant, a request built for another capability layout) are
 * kept as recorded. Grant ids are mapped: a recorded grant created under the new policy too maps to its
 * new id. A later request on a recorded grant the new policy did not create is denied
 * {@code UNKNOWN_GRANT} and reported as a <em>follow-on</em> change. A foreign warrant the engine accepted
 * (FOREIGN_WARRANT) is mirrored on the new policy's core when its layout fingerprint is the new policy's,
 * as if its issuing engine ran the new policy too; otherwise the decisions on it are follow-on changes. A
 * foreign revocation the engine applied (FOREIGN_REVOCATION) is applied on the new policy's core too.
 * <p>
 * <b>Note:</b> not thread-safe; allocates (it is an audit tool).
 */
public final class JournalWhatIf {
    /** Told of every recorded decision with its what-if counterpart. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param record   the DECISION record (positioned; valid during the call).
         * @param child    which decision of the record.
         * @param recorded the policy it was recorded under.
         * @param whatIf   the decision under the new policy.
         * @param next     the new policy.
         * @param followOn whether it was denied only because it uses a grant the new policy did not create.
         */
        void onDecision(DecisionRecord record, int child, CompiledPolicy recorded, DecisionSlot whatIf,
                        CompiledPolicy next, boolean followOn);
    }

    private final CompiledPolicy next;
    private final Listener listener;
    private final ManualClock clock = new ManualClock(0);
    private DecisionCore core;
    private PortableGate gate;
    private final JournalReplay replay;
    private final Request request = new Request(255);
    private final ScopeBits[] scopes = new ScopeBits[255];
    private final long[] words = new long[64];
    private final Map<Long, Long> grants = new HashMap<>();
    private final Set<Long> lost = new HashSet<>();
    private boolean followOn;

    /**
     * @param next            the policy to re-run the requests under.
     * @param initialGrants   registry slots to preallocate (both cores).
     * @param maxGrants       registry bound.
     * @param retentionMillis dead-grant retention, unless the journal's first START records one.
     * @param listener        told of each decision.
     */
    public JournalWhatIf(final CompiledPolicy next, final int initialGrants, final int maxGrants,
                         final long retentionMillis, final Listener listener) {
        this.next = next;
        this.listener = listener;
        this.replay = new JournalReplay(null, initialGrants, maxGrants, retentionMillis, this::onReplayed);
        replay.foreignRecords().listener = this::onForeign;
        replay.foreignRecords().revocationListener = this::onForeignRevocation;
        for (int i = 0; i < scopes.length; i++) {
            scopes[i] = new ScopeBits(next);
        }
    }

    /**
     * Runs the journal in {@code dir}, at most its first {@code maxRecords} records.
     *
     * @return the replay of the recorded policy, for its verdict ({@link JournalReplay#broken()}, ...).
     */
    public JournalReplay run(final Path dir, final long maxRecords) {
        return run(dir, JournalTrust.none(), maxRecords);
    }

    /**
     * Runs the journal in {@code dir}, at most its first {@code maxRecords} records, checking it against
     * {@code trust} (the journal key, signed checkpoints) as it goes.
     *
     * @return the replay of the recorded policy, for its verdict ({@link JournalReplay#broken()}, ...).
     */
    public JournalReplay run(final Path dir, final JournalTrust trust, final long maxRecords) {
        return replay.replay(dir, trust, maxRecords);
    }

    private void onReplayed(final DecisionRecord record, final int child, final DecisionSlot replayed,
                            final CompiledPolicy recorded, final boolean matches) {
        if (child == 0) {
            execute(record, recorded);
        }
        listener.onDecision(record, child, recorded, request.decision(child), next, followOn);
    }

    private void execute(final DecisionRecord record, final CompiledPolicy recorded) {
        startCore();
        final long timestamp = record.child(0).timestamp();
        clock.set(timestamp);
        followOn = false;
        Reason refusal = load(record, recorded);
        if (refusal == null && record.op() != Request.Op.OPEN && record.op() != Request.Op.BREAK_GLASS) {
            refusal = mapGrant(record.grantId());
        }
        if (refusal != null) {
            RequestExecutor.refuse(core, request, refusal.code(), timestamp);
        } else {
            RequestExecutor.execute(core, request, timestamp);
        }
        if (record.op().takesChildren()) {
            remember(record);
        }
    }

    /** Creates the what-if core at the first decision, once the journal's START has given its registry settings. */
    private void startCore() {
        if (core == null) {
            core = new DecisionCore(next, clock, new dev.baton.core.CoreSettings(null, replay.initialGrants(),
                replay.maxGrants(), replay.retentionMillis()));
            gate = PortableGate.forReplay(core, 0);
        }
    }

    /**
     * A foreign warrant the engine accepted: mirrored on the what-if core too when the new policy numbers
     * capabilities as the warrant does (same layout fingerprint), as if its issuer ran the new policy as
     * well; else the recorded mirror is lost and the decisions on it are follow-on changes.
     */
    private void onForeign(final ForeignWarrantBodyDecoder body) {
        startCore();
        final PortableWarrantDecoder w = body.warrant();
        final int presenter = identity(replay.core(), body.presenter());
        final long mirror = w.layoutFingerprint() != next.layoutFingerprint() || presenter < 0 ? 0
            : gate.replayMirror(w.buffer(), w.offset(), w.length(), presenter, body.verifiedAt());
        if (mirror != 0) {
            grants.put(body.localGrantId(), mirror);
        } else {
            lost.add(body.localGrantId());
        }
    }

    /**
     * A foreign revocation the engine applied: applied on the what-if core too, at its recorded time, so its
     * mirrors of the revoked chain end there as well.
     */
    private void onForeignRevocation(final dev.baton.codec.ForeignRevocationBodyDecoder body) {
        startCore();
        clock.set(body.appliedAt());
        gate.replayRevocation(body.engineId(), body.grantId(), body.expiresAt());
    }

    /**
     * Fills {@link #request} with the recorded request translated by name to the new policy.
     *
     * @return the reason to refuse it without the core (recorded as such, or a name the new policy
     *     lacks), or null.
     */
    private Reason load(final DecisionRecord record, final CompiledPolicy recorded) {
        final DecisionCore source = replay.core();
        final Request.Op op = record.op();
        final int capability = capability(record.capability(), recorded);
        final int dataClass = record.dataClass() == DecisionCore.NO_DATA_CLASS ? DecisionCore.NO_DATA_CLASS
            : dataClass(record.dataClass(), recorded);
        final int purpose = record.purpose() < 0 || record.purpose() >= recorded.purposeCount()
            || !next.hasPurpose(recorded.purposeName(record.purpose())) ? -1
            : next.purpose(recorded.purposeName(record.purpose()));
        final int rule = record.rule() < 0 || record.rule() >= recorded.source().breakGlass().size()
            || !next.hasBreakGlassRule(recorded.breakGlassName(record.rule())) ? -1
            : next.breakGlassRule(recorded.breakGlassName(record.rule()));
        final DecisionDecoder first = record.child(0);
        request.reset(op, record.requestId()).principal(identity(source, record.principal()))
            .presenter(identity(source, record.presenter())).purpose(purpose).rule(rule)
            .ttl(record.ttlMillis()).approve(record.approve()).call(capability, dataClass)
            .text(first.justificationLength() == 0 ? null : first.justification())
            .arguments(replay.replayed().arguments); // rebound by name when checked
        Reason refusal = record.refusedBefore() != 0 ? Reason.fromCode(record.refusedBefore()) : null;
        if (op == Request.Op.AUTHORIZE && refusal == null) {
            if (record.capability() >= 0 && capability < 0) {
                refusal = Reason.UNKNOWN_CAPABILITY;
            } else if (record.dataClass() >= 0 && dataClass < 0) {
                refusal = Reason.UNKNOWN_DATA_CLASS;
            }
        }
        if (op.takesChildren()) {
            for (int i = 0; i < record.children(); i++) {
                final Reason unknown = translate(record.child(i), recorded, scopes[i]);
                refusal = refusal != null ? refusal : unknown;
                slices(replay.replayed().scopes[i], scopes[i]);
                request.child(identity(source, record.child(i).subject()), scopes[i]);
            }
        }
        return refusal;
    }

    /** The new policy's index of a recorded capability, or -1 if it lacks it. */
    private int capability(final int cap, final CompiledPolicy recorded) {
        return cap < 0 || cap >= recorded.capabilityCount()
            || !next.hasCapability(recorded.toolOf(cap), recorded.actionOf(cap)) ? -1
            : next.capability(recorded.toolOf(cap), recorded.actionOf(cap));
    }

    /** The new policy's index of a recorded data class, or -1 if it lacks it. */
    private int dataClass(final int data, final CompiledPolicy recorded) {
        return data < 0 || data >= recorded.dataClassCount() || !next.hasDataClass(recorded.dataClassName(data)) ? -1
            : next.dataClass(recorded.dataClassName(data));
    }

    /** Points the request at the what-if grant of a recorded one; returns UNKNOWN_GRANT if there is none. */
    private Reason mapGrant(final long recordedGrant) {
        final Long mapped = grants.get(recordedGrant);
        if (mapped == null) {
            followOn = lost.contains(recordedGrant);
            return Reason.UNKNOWN_GRANT;
        }
        request.grant(mapped);
        return null;
    }

    /** Maps each grant the record created to the one the new policy created, or marks it lost. */
    private void remember(final DecisionRecord record) {
        for (int i = 0; i < record.children(); i++) {
            final DecisionDecoder c = record.child(i);
            if (c.grantId() != 0 && c.outcome() != DecisionOutcome.DENY) {
                final DecisionSlot d = request.decision(i);
                if (d.grantId() != 0 && d.outcome() != dev.baton.Outcome.DENY) {
                    grants.put(c.grantId(), d.grantId());
                } else {
                    lost.add(c.grantId());
                }
            }
        }
    }

    /**
     * The what-if core's id for an identity the recorded core knew as {@code recorded}: interned by name.
     * An id the recorded core did not hold (stale or never issued) stays unknown: -1, which the core refuses.
     */
    private int identity(final DecisionCore source, final int recorded) {
        return source.hasIdentity(recorded) ? core.identity(source.identityName(recorded)) : -1;
    }

    /** Loads {@code dst} with the child's requested scope, by name; returns the reason if a name is missing. */
    private Reason translate(final DecisionDecoder c, final CompiledPolicy recorded, final ScopeBits dst) {
        dst.clear();
        Reason missing = null;
        final int n = c.getRequestedCapabilities(words);
        for (int w = 0; w < n; w++) {
            long bits = words[w];
            while (bits != 0) {
                final int cap = w * 64 + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                final int to = capability(cap, recorded);
                if (to < 0) {
                    missing = Reason.UNKNOWN_CAPABILITY;
                } else {
                    dst.capability(to);
                }
            }
        }
        long data = c.requestedData();
        while (data != 0) {
            final int d = Long.numberOfTrailingZeros(data);
            data &= data - 1;
            if (!next.hasDataClass(recorded.dataClassName(d))) {
                missing = missing != null ? missing : Reason.UNKNOWN_DATA_CLASS;
            } else {
                dst.data(recorded.dataClassName(d));
            }
        }
        return missing;
    }

    /**
     * Asks {@code dst} for the slices and the argument constraints {@code recorded} asked for, by name (a budget
     * or an argument the new policy lacks is dropped).
     */
    private void slices(final ScopeBits recorded, final ScopeBits dst) {
        for (int m = recorded.sliceMask(); m != 0; m &= m - 1) {
            final int k = Integer.numberOfTrailingZeros(m);
            final int b = next.budgets().indexOf(recorded.policy().budgets().name(k));
            if (b >= 0) {
                dst.slice(b, recorded.slice(k));
            }
        }
        RequestedConstraintList.copy(recorded, dst);
    }

    /** @return the core running the new policy (after {@link #run}). */
    public DecisionCore core() {
        return core;
    }
}
