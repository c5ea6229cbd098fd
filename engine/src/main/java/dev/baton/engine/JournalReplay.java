package dev.baton.engine;

import dev.baton.core.ManualClock;
import dev.baton.codec.JournalChain;
import dev.baton.codec.CodecError;
import dev.baton.codec.ErrorDetail;
import dev.baton.codec.IdentityBodyDecoder;
import dev.baton.codec.KeyRing;
import dev.baton.codec.StartBodyDecoder;
import dev.baton.codec.StopBodyDecoder;
import dev.baton.codec.SwapBodyDecoder;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionSlot;
import dev.baton.core.DecisionCore;
import dev.baton.core.PolicyCompiler;
import dev.baton.core.PortableGate;
import dev.baton.policy.PolicyException;
import dev.baton.policy.PolicyParser;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Rebuilds a decision core from a journal by re-executing every recorded request, in order, at its
 * recorded timestamp, under the policy version it was recorded with, and checks that each decision
 * comes out bit for bit as recorded. The engine does this on start (recovery); {@code baton replay}
 * does it to audit a journal. Every body is read with the codec's decoder for its record type; a
 * malformed one stops the replay ({@link #problem()}), it never throws.
 * <p>
 * <b>Note:</b> not thread-safe; allocates (it compiles policies and decodes texts).
 */
public final class JournalReplay {
    /** Told of every replayed decision. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param record   the DECISION record (positioned; valid during the call).
         * @param child    which decision of the record.
         * @param replayed the decision re-executed now.
         * @param policy   the policy it was decided under.
         * @param matches  whether it equals the recorded one.
         */
        void onDecision(DecisionRecord record, int child, DecisionSlot replayed, CompiledPolicy policy, boolean matches);
    }

    private final KeyRing keys;
    private int initialGrants;
    private int maxGrants;
    private long retentionMillis;
    private final ManualClock clock = new ManualClock(0);
    private final Map<Long, CompiledPolicy> policies = new HashMap<>();
    private final PolicyRecords.Assembler assembler = new PolicyRecords.Assembler();
    private final ReplayedDecisions replayed;
    private final ArgumentsRecord arguments = new ArgumentsRecord();
    private final SwapBodyDecoder swapBody = new SwapBodyDecoder();
    private final IdentityBodyDecoder identityBody = new IdentityBodyDecoder();
    private final StartBodyDecoder startBody = new StartBodyDecoder();
    private final StopBodyDecoder stopBody = new StopBodyDecoder();
    private final ErrorDetail detail = new ErrorDetail();
    private final ForeignReplay foreign = new ForeignReplay();
    private java.util.function.Function<DecisionCore, PortableGate> gates = c -> PortableGate.forReplay(c, 0);
    private PortableGate gate;
    private DecisionCore core;
    private final ShadowReplay shadows = new ShadowReplay();
    private long records;
    private String problem;
    private long lastSequence = -1;
    private byte[] lastHash = new byte[32];
    private boolean stopped;

    /**
     * @param keys            key ring for the rebuilt core (so it can go on issuing warrants), or null.
     * @param initialGrants   registry slots to preallocate, unless the journal's first START says.
     * @param maxGrants       registry bound, unless the journal's first START says.
     * @param retentionMillis dead-grant retention, unless the journal's first START says (every journal
     *                        written by this version records its settings there, and they win).
     * @param listener        told of each decision, or null.
     */
    public JournalReplay(final KeyRing keys, final int initialGrants, final int maxGrants, final long retentionMillis,
                         final Listener listener) {
        this.keys = keys;
        this.initialGrants = initialGrants;
        this.maxGrants = maxGrants;
        this.retentionMillis = retentionMillis;
        this.replayed = new ReplayedDecisions(listener);
    }

    /**
     * Replays the journal in {@code dir}. Stops at the first record that fails verification (see
     * {@link #broken()}, which also names damage found past the last readable record) or cannot be
     * replayed (see {@link #problem()}), or before a record cut by truncation (see {@link #cut()}).
     *
     * @return this, for the results.
     */
    public JournalReplay replay(final Path dir) {
        return replay(dir, Long.MAX_VALUE);
    }

    /**
     * Replays at most the first {@code maxRecords} records of the journal in {@code dir}: for a journal
     * known to end in a cut (truncated) record, so that nothing past the clean prefix is read.
     *
     * @return this, for the results.
     */
    public JournalReplay replay(final Path dir, final long maxRecords) {
        return replay(dir, JournalTrust.none(), maxRecords);
    }

    /**
     * Replays at most the first {@code maxRecords} records of the journal in {@code dir}, checking it
     * against {@code trust} (the journal key, signed checkpoints) as it goes.
     *
     * @return this, for the results.
     */
    public JournalReplay replay(final Path dir, final JournalTrust trust, final long maxRecords) {
        return replay(dir, trust, JournalStart.beginning(), maxRecords);
    }

    /**
     * Replays at most {@code maxRecords} records of the journal in {@code dir} from {@code start}, checking
     * it against {@code trust}. A start other than the beginning needs the state at that point: after
     * {@link #resume(Snapshot)} with a snapshot, at that snapshot's SEAL.
     *
     * @return this, for the results.
     */
    public JournalReplay replay(final Path dir, final JournalTrust trust, final JournalStart start, final long maxRecords) {
        if (!JournalReader.hasRecords(dir)) {
            return this;
        }
        try (JournalReader reader = new JournalReader(dir, trust, start)) {
            reader.read(this::onRecord, Math.max(0, maxRecords));
            broken = reader.broken();
            brokenKind = reader.problem();
            cut = reader.cut();
            lastHash = reader.lastHash();
            position = reader.position();
            chain = reader.chainForWriter();
            checkpointsVerified = reader.checkpointsVerified();
        }
        shadows.mismatch(shadows.unmatched(lastSequence + 1));
        return this;
    }

    private JournalProblem brokenKind;
    private int checkpointsVerified;
    private long position;
    private JournalChain chain;

    private String broken;
    private String cut;

    /**
     * Starts from a snapshot's state instead of an empty one: its core, policy versions and counts. Then
     * {@link #replay(Path, JournalTrust, JournalStart, long)} from {@link Snapshot#start()} replays the tail.
     *
     * @return this.
     * @throws IllegalStateException naming the section and field if the snapshot's state is malformed.
     */
    JournalReplay resume(final Snapshot snapshot) {
        policies.putAll(snapshot.policies);
        core = snapshot.restore(clock, keys);
        gate = gates.apply(core);
        snapshot.restoreForeign(gate);
        retentionMillis = snapshot.retentionMillis;
        maxGrants = snapshot.maxGrants;
        initialGrants = snapshot.initialGrants;
        records = snapshot.records;
        replayed.decisions = snapshot.decisions;
        lastSequence = snapshot.lastSequence;
        stopped = snapshot.stopped;
        return this;
    }

    private boolean onRecord(final long sequence, final int type, final UnsafeBuffer body, final int offset,
                             final int length) {
        records++;
        lastSequence = sequence;
        stopped = type == RecordType.STOP;
        if (type != RecordType.ARGUMENTS && type != RecordType.DECISION) {
            arguments.forget(); // an ARGUMENTS record speaks only for the DECISION right after it
        }
        if (type != RecordType.SHADOW_DECISION) {
            shadows.mismatch(shadows.unmatched(sequence));
        }
        try {
            switch (type) {
                case RecordType.SHADOW:
                    final String problem = shadows.onShadow(body, offset, length, policies, core, clock,
                        new dev.baton.core.CoreSettings(null, initialGrants, maxGrants, retentionMillis));
                    return problem == null || fail(sequence, problem);
                case RecordType.SHADOW_DECISION:
                    shadows.mismatch(shadows.onShadowDecision(sequence, body, offset, length));
                    return true;
                case RecordType.POLICY:
                    return !assembler.add(body, offset, length) || policy(sequence);
                case RecordType.SWAP:
                    return swapBody.wrap(body, offset, length, detail) == CodecError.OK
                        ? swap(sequence, swapBody.versionId()) : malformed(sequence, "SWAP");
                case RecordType.IDENTITY:
                    return identityBody.wrap(body, offset, length, detail) == CodecError.OK
                        ? intern(sequence, identityBody.id(), identityBody.name()) : malformed(sequence, "IDENTITY");
                case RecordType.ARGUMENTS:
                    return arguments.read(body, offset, length)
                        || fail(sequence, "malformed ARGUMENTS body: " + arguments.error());
                case RecordType.DECISION:
                    return decision(sequence, body, offset, length);
                case RecordType.FOREIGN_WARRANT:
                case RecordType.FOREIGN_REVOCATION:
                    return foreign(sequence, type, body, offset, length);
                case RecordType.STOP:
                    return stopBody.wrap(body, offset, length, detail) == CodecError.OK || malformed(sequence, "STOP");
                case RecordType.START:
                    return startBody.wrap(body, offset, length, detail) == CodecError.OK ? start()
                        : malformed(sequence, "START");
                default:
                    return true; // future types carry no state
            }
        } catch (final PolicyException e) {
            return fail(sequence, "a journaled policy no longer compiles: " + e.getMessage());
        } catch (final RuntimeException e) {
            return fail(sequence, e.toString());
        }
    }

    /** The text of a policy version is whole: compile it, and check it is the version recorded. */
    private boolean policy(final long sequence) throws PolicyException {
        final CompiledPolicy p = PolicyCompiler.compile(PolicyParser.parse(assembler.file(), assembler.text()));
        if (p.versionId() != assembler.versionId()) {
            return fail(sequence, "POLICY text hashes to " + Long.toHexString(p.versionId())
                + ", not the recorded " + Long.toHexString(assembler.versionId()));
        }
        policies.put(p.versionId(), p);
        return true;
    }

    /** The registry settings a journal was written with (its first START's) decide what it replays to. */
    private boolean start() {
        if (core == null && startBody.hasSettings()) {
            retentionMillis = startBody.retentionMillis();
            maxGrants = startBody.maxGrants();
            initialGrants = startBody.initialGrants();
        }
        return true;
    }

    private boolean malformed(final long sequence, final String type) {
        return fail(sequence, "malformed " + type + " body: " + detail.message());
    }

    private boolean swap(final long sequence, final long version) {
        final CompiledPolicy p = policies.get(version);
        if (p == null) {
            return fail(sequence, "SWAP to policy version " + Long.toHexString(version) + " whose text is not journaled");
        }
        if (core == null) {
            core = new DecisionCore(p, clock, new dev.baton.core.CoreSettings(keys, initialGrants, maxGrants,
                retentionMillis));
            gate = gates.apply(core);
        } else {
            core.swap(p);
            shadows.liveSwapped();
        }
        replayed.policySwapped();
        return true;
    }

    /**
     * A foreign warrant the engine accepted (mirror its grant again from the journaled bytes, no key: the
     * mirror must get the journaled id), or a foreign revocation it applied (again, with the same effect).
     */
    private boolean foreign(final long sequence, final int type, final UnsafeBuffer body, final int offset,
                            final int length) {
        final String problem = core == null ? RecordType.name(type) + " before any policy"
            : foreign.replay(type, body, offset, length, gate, clock);
        return problem == null || fail(sequence, problem);
    }

    /**
     * Builds the portable gate of the rebuilt core with {@code factory} (the engine's, with its keys, when
     * it recovers), instead of a replay-only gate that holds no key.
     *
     * @return this.
     */
    JournalReplay portable(final java.util.function.Function<DecisionCore, PortableGate> factory) {
        this.gates = factory;
        return this;
    }

    /** @return the replay of FOREIGN_WARRANT and FOREIGN_REVOCATION records (for what-if: its listeners). */
    ForeignReplay foreignRecords() {
        return foreign;
    }

    /** @return the rebuilt core's portable gate (null if the journal holds no policy). */
    PortableGate gate() {
        return gate;
    }

    private boolean intern(final long sequence, final int id, final String name) {
        if (core == null) {
            return fail(sequence, "IDENTITY before any policy");
        }
        final long changes = core.identityChanges();
        final int got = core.identity(name);
        if (core.identityChanges() == changes) { // journaled because it changed the table live: it must here too
            return fail(sequence, "identity '" + name + "' (id " + id + ") was already held and not idle on replay");
        }
        return got == id || fail(sequence, "identity '" + name + "' interned as " + got + ", journaled as " + id);
    }

    private boolean decision(final long sequence, final UnsafeBuffer body, final int offset, final int length) {
        if (core == null) {
            return fail(sequence, "DECISION before any policy");
        }
        final DecisionRecord record = replayed.record;
        if (!record.wrap(body, offset, length)) {
            return fail(sequence, "malformed DECISION body: " + record.error().message());
        }
        if (record.op() == null) {
            return fail(sequence, "unknown operation");
        }
        final CompiledPolicy policy = core.policy();
        final long timestamp = replayed.load(policy);
        arguments.applyTo(replayed.request, policy);
        clock.set(timestamp);
        replayed.execute(core, timestamp);
        replayed.compareAll(sequence, policy);
        shadows.onDecision(replayed.request, record.refusedBefore(), record.child(0).decisionId());
        return true;
    }

    private boolean fail(final long sequence, final String why) {
        problem = "record " + sequence + ": " + why;
        return false;
    }

    /**
     * @return the typed arguments of the request last replayed (empty when it carried none), as recorded in
     *     its ARGUMENTS record; valid during a listener call, read-only.
     */
    public dev.baton.ToolArguments replayedArguments() {
        return replayed.request.arguments;
    }

    /**
     * Every step that refuses child {@code child} of the delegation, or the tool call, last replayed, not
     * only the first ({@link DecisionCore#denials}, {@link DecisionCore#callDenials}); reads the rebuilt
     * core's state without changing it. Valid during a listener call, for a DELEGATE, FAN_OUT or AUTHORIZE
     * that the core decided.
     *
     * @param out filled with one DENY per refusing step; at least 12.
     * @return how many were filled.
     */
    public int replayedDenials(final int child, final DecisionSlot[] out) {
        final Request request = replayed.request;
        if (request.op == Request.Op.AUTHORIZE) {
            return core.callDenials(request.grantId, request.presenter, request.capability, request.dataClass,
                request.text, request.arguments, out);
        }
        return core.denials(request.grantId, request.presenter, request.agents[child], request.scopes[child], out);
    }

    /** The request last replayed (its arguments, for what-if); valid during a listener call. */
    Request replayed() {
        return replayed.request;
    }

    /** @return the rebuilt core (null if the journal holds no policy). */
    public DecisionCore core() {
        return core;
    }

    /** @return the shadow attached at the end of the replayed journal, or null. */
    ShadowDecider shadow() {
        return shadows.shadow();
    }

    /** @return SHADOW_DECISION records (disagreements of a candidate policy) that replay reproduced. */
    public long shadowDisagreements() {
        return shadows.reproduced();
    }

    /**
     * @return shadow-mode records replay does not reproduce: a SHADOW_DECISION that differs from, or is
     *     not, a disagreement the replayed candidate finds, or one it finds that the journal lacks.
     */
    public long shadowMismatches() {
        return shadows.mismatches();
    }

    /** @return the first of {@link #shadowMismatches()}, described, or null. */
    public String firstShadowMismatch() {
        return shadows.firstMismatch();
    }

    /** @return the clock the rebuilt core reads (set by the engine from now on). */
    ManualClock clock() {
        return clock;
    }

    /** @return the policy versions found, by version id. */
    public Map<Long, CompiledPolicy> policies() {
        return policies;
    }

    /** @return records read and verified. */
    public long records() {
        return records;
    }

    /** @return decisions re-executed. */
    public long decisions() {
        return replayed.decisions;
    }

    /** @return decisions whose re-execution differs from the journal. */
    public long mismatches() {
        return replayed.mismatches;
    }

    /** @return the first mismatch, described, or null. */
    public String firstMismatch() {
        return replayed.firstMismatch;
    }

    /** @return the first record failing hash-chain verification, described, or null. */
    public String broken() {
        return broken;
    }

    /** @return where a journal file ends inside a record (the journal was truncated), described, or null. */
    public String cut() {
        return cut;
    }

    /** @return why replay stopped on a verified record (unreplayable content), or null. */
    public String problem() {
        return problem;
    }

    /**
     * @return whether the last record read is a clean STOP; if not, the engine was killed (or is still
     *     writing) after it.
     */
    public boolean stoppedCleanly() {
        return stopped;
    }

    /** @return the dead-grant retention the rebuilt core uses (the journal's, when it records one). */
    public long retentionMillis() {
        return retentionMillis;
    }

    /** @return the registry bound the rebuilt core uses (the journal's, when it records one). */
    public int maxGrants() {
        return maxGrants;
    }

    /** @return the registry's initial slots the rebuilt core uses (the journal's, when it records one). */
    public int initialGrants() {
        return initialGrants;
    }

    /**
     * @return the sequence of the record replayed last (during a listener call, the record being
     *     replayed), or -1 before the first. Sequences count SEALs too, so they run ahead of {@link #records()}.
     */
    public long lastSequence() {
        return lastSequence;
    }

    /** @return the kind of what {@link #broken()} describes, or null. */
    public JournalProblem brokenKind() {
        return brokenKind;
    }

    /** @return the signed checkpoints the journal was checked against (0 without an anchor). */
    public int checkpointsVerified() {
        return checkpointsVerified;
    }

    /** @return where a writer continues: the position after the last record read. */
    long position() {
        return position;
    }

    /** @return the chain as read (records after the last SEAL in its open batch), or null for no journal. */
    JournalChain chain() {
        return chain;
    }

    byte[] lastHash() {
        return lastHash;
    }
}
