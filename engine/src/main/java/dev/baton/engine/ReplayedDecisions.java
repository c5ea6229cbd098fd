package dev.baton.engine;

import dev.baton.codec.DecisionDecoder;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionCore;
import dev.baton.core.DecisionSlot;
import dev.baton.core.ScopeBits;

/**
 * The DECISION records of a {@link JournalReplay}: loads each recorded request as the engine was given it,
 * re-executes it on the rebuilt core, and compares every decision with the recorded one (counting
 * mismatches, telling the replay's listener).
 * <p>
 * <b>Note:</b> not thread-safe (the replay's thread); allocates a child's scope set the first time a child
 * slot is used under a policy.
 */
final class ReplayedDecisions {
    /** The DECISION record being replayed. */
    final DecisionRecord record = new DecisionRecord();
    /** The request last replayed. */
    final Request request = new Request(255);
    /** Decisions re-executed. */
    long decisions;
    /** Decisions whose re-execution differs from the journal. */
    long mismatches;
    /** The first mismatch, described, or null. */
    String firstMismatch;
    private final JournalReplay.Listener listener;
    private final ScopeBits[] scopes = new ScopeBits[255];
    private final long[] words = new long[64];

    /** @param listener told of each decision, or null. */
    ReplayedDecisions(final JournalReplay.Listener listener) {
        this.listener = listener;
    }

    /** Forgets the children's scope sets: they belong to the policy swapped out. */
    void policySwapped() {
        for (int i = 0; i < scopes.length; i++) {
            scopes[i] = null;
        }
    }

    /** Re-executes the loaded request on {@code core} at {@code timestamp}, as the engine did (or refused it). */
    void execute(final DecisionCore core, final long timestamp) {
        if (record.refusedBefore() != 0) {
            RequestExecutor.refuse(core, request, record.refusedBefore(), timestamp);
        } else {
            RequestExecutor.execute(core, request, timestamp);
        }
    }

    /** Compares every child's replayed decision with the recorded one. */
    void compareAll(final long sequence, final CompiledPolicy policy) {
        for (int i = 0; i < record.children(); i++) {
            compare(sequence, i, policy);
        }
    }

    /**
     * Fills {@link #request} from {@link #record} with the recorded request, as the engine was given it.
     *
     * @return the recorded timestamp the request was decided at.
     */
    long load(final CompiledPolicy policy) {
        final DecisionRecord recorded = record;
        final Request.Op op = recorded.op();
        final Request r = request.reset(op, recorded.requestId()).principal(recorded.principal())
            .presenter(recorded.presenter()).purpose(recorded.purpose()).rule(recorded.rule())
            .grant(recorded.grantId()).ttl(recorded.ttlMillis()).approve(recorded.approve())
            .call(recorded.capability(), recorded.dataClass());
        final DecisionDecoder first = recorded.child(0);
        final long timestamp = first.timestamp();
        r.text(first.justificationLength() == 0 ? null : first.justification());
        first.getInputDigest(r.inputDigest, 0);
        first.getOutputDigest(r.outputDigest, 0);
        r.hasInputDigest = true;
        r.hasOutputDigest = true;
        if (op.takesChildren()) {
            for (int i = 0; i < recorded.children(); i++) {
                final DecisionDecoder c = recorded.child(i);
                final int n = c.getRequestedCapabilities(words);
                if (scopes[i] == null) {
                    scopes[i] = new ScopeBits(policy);
                }
                r.child(c.subject(), scopes[i].load(words, n, c.requestedData()));
            }
        }
        return timestamp;
    }

    /** Compares child {@code i}'s replayed decision with the recorded one, and tells the listener. */
    private void compare(final long sequence, final int i, final CompiledPolicy policy) {
        final DecisionSlot d = request.decision(i);
        final int rule = record.ruleId(i);
        final DecisionDecoder c = record.child(i);
        final boolean same = c.outcome().name().equals(d.outcome().name())
            && c.reasonCode() == d.reason().code() && rule == d.rule() && c.grantId() == d.grantId()
            && c.expiresAt() == d.expiry() && c.decidingCapability() == d.capability()
            && c.decidingDataClass() == d.dataClass() && c.timestamp() == d.timestamp()
            && c.policyVersion() == d.policyVersion();
        decisions++;
        if (!same) {
            mismatches++;
            if (firstMismatch == null) {
                firstMismatch = "record " + sequence + " decision " + i + ": journaled " + c.outcome() + " "
                    + dev.baton.Reason.fromCode(c.reasonCode()) + " grant " + c.grantId() + ", replayed "
                    + d.describe(policy);
            }
        }
        if (listener != null) {
            listener.onDecision(record, i, d, policy, same);
        }
    }
}
