package dev.baton.engine;

import dev.baton.Outcome;
import dev.baton.codec.DecisionBodyDecoder;
import dev.baton.codec.DecisionDecoder;
import dev.baton.codec.DecisionOutcome;
import dev.baton.codec.CodecError;
import dev.baton.codec.ErrorDetail;
import dev.baton.codec.JournalRecordLayout;
import dev.baton.codec.Operation;
import dev.baton.codec.PackedDecisionBodyEncoder;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionSlot;
import dev.baton.core.ScopeBits;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A DECISION journal record: a {@link Request} and its decisions written as the codec's DECISION body
 * ({@code dev.baton.codec.DecisionBodyLayout}, drawn there and in docs/wire-format.md) in its compact form
 * ({@code dev.baton.codec.CompactDecisionLayout}), and read back, expanded,
 * for replay and audit with the request's own vocabulary ({@link Request.Op}).
 * <p>
 * Each child's decision carries the child's agent ({@code subject}), requested scope, text
 * (justification or break-glass reason), digests, outcome, reason, grant, expiry and timestamp.
 * <p>
 * <b>Note:</b> not thread-safe; allocation-free after construction (but for an encoder and its work array on
 * the first encode into a buffer, a path for tests and tools).
 */
public final class DecisionRecord {
    private final DecisionBodyDecoder decoder = new DecisionBodyDecoder();
    private final long[] words = new long[64];
    /** For {@link #encode(Request, int, long, CompiledPolicy, MutableDirectBuffer, int)} only: made on first use. */
    private PackedDecisionBodyEncoder plain;
    private byte[] plainOut;
    private final ErrorDetail detail = new ErrorDetail();

    /**
     * Encodes a decided request in the journal's compact form: a DECISION body whose children are compact
     * decisions ({@code CompactDecisionLayout}), which the journal stores under {@code FLAG_COMPACT} and every
     * reader expands back to the DECISION body before decoding it. (The journal takes the same body packed
     * as it is encoded: {@link #encode(Request, int, long, CompiledPolicy, PackedDecisionBodyEncoder)}.)
     * <p>
     * Allocates an encoder and a body-sized work array on first use (the engine thread never calls it).
     *
     * @param refusedBefore   the reason code of a refusal taken before the core ran, or 0.
     * @param firstDecisionId the id of the request's first decision (the others follow).
     * @param policy          the policy in force: its version is recorded, and it names the rules' lines.
     * @return bytes written.
     */
    int encode(final Request r, final int refusedBefore, final long firstDecisionId, final CompiledPolicy policy,
               final MutableDirectBuffer dst, final int at) {
        if (plain == null) {
            plain = new PackedDecisionBodyEncoder();
            plainOut = new byte[JournalRecordLayout.MAX_BODY_LENGTH + 16];
        }
        encode(r, refusedBefore, firstDecisionId, policy, plain.begin(plainOut, 0, false));
        plain.end();
        final int length = plain.length();
        plain.copyBody(plainOut, 0);
        dst.putBytes(at, plainOut, 0, length);
        return length;
    }

    /**
     * Gives a decided request's DECISION body, in the compact form, to an encoder that packs it as it goes
     * (the journal's: {@code Journal#beginDecision}); the caller ends it.
     *
     * @param refusedBefore   the reason code of a refusal taken before the core ran, or 0.
     * @param firstDecisionId the id of the request's first decision (the others follow).
     * @param policy          the policy in force: its version is recorded, and it names the rules' lines.
     * @param body            begun, and given nothing yet.
     */
    void encode(final Request r, final int refusedBefore, final long firstDecisionId, final CompiledPolicy policy,
                final PackedDecisionBodyEncoder body) {
        body.operation(operation(r.op)).approve(r.approve).viaWarrant(r.warrantIn != null)
            .refusedBefore(refusedBefore).principal(r.principal).presenter(r.presenter).purpose(r.purpose)
            .rule(r.rule).capability(r.capability).dataClass(r.dataClass).requestId(r.requestId)
            .grantId(r.grantId).ttlMillis(r.ttlMillis).children(r.children());
        for (int i = 0; i < r.children(); i++) {
            child(r, i, firstDecisionId + i, policy, body);
        }
    }

    private void child(final Request r, final int i, final long decisionId, final CompiledPolicy policy,
                       final PackedDecisionBodyEncoder body) {
        final DecisionSlot d = r.decisions[i];
        // The operation, request id, holder (the presenter) and purpose are the body's: the compact form leaves them out.
        body.child(d.rule())
            .outcome(d.outcome() == Outcome.ALLOW ? DecisionOutcome.ALLOW
                : d.outcome() == Outcome.REVIEW ? DecisionOutcome.REVIEW : DecisionOutcome.DENY)
            .depth(d.depth())
            .reasonCode(d.reason().code())
            .flags(d.flags())
            .decisionId(decisionId)
            .timestamp(d.timestamp())
            .policyVersion(policy.versionId())
            .childGrantId(d.grantId())
            .parentGrantId(d.parentGrantId())
            .expiresAt(d.expiry())
            .ruleLine(d.rule() < 0 ? 0 : policy.ruleSource(d.rule()).line())
            .decidingCapability(d.capability())
            .decidingDataClass(d.dataClass())
            .subject(i < r.children ? r.agents[i] : -1);
        final ScopeBits scope = i < r.children ? r.scopes[i] : null;
        if (scope != null) {
            // The encoder reads them when it writes the child: when the next one starts (above, before they
            // are overwritten here) or at the end.
            final int w = scope.words();
            for (int k = 0; k < w; k++) {
                words[k] = scope.capabilityWord(k);
            }
            final long data = scope.dataBits();
            final boolean allowed = d.outcome() == Outcome.ALLOW;
            body.scope(allowed ? data : 0, data, words, allowed ? w : 0, words, w);
        }
        if (r.hasInputDigest) {
            body.inputDigest(r.inputDigest, 0);
        }
        if (r.hasOutputDigest) {
            body.outputDigest(r.outputDigest, 0);
        }
        body.justification(r.text == null ? "" : r.text);
    }

    // ------------------------------------------------------------------------------------ decoding

    /** Wraps a record body; returns false (with {@link #error()}) if it is malformed. */
    public boolean wrap(final DirectBuffer src, final int at, final int len) {
        return decoder.wrap(src, at, len, detail) == CodecError.OK;
    }

    /** @return what was wrong with the last body that failed to wrap. */
    public ErrorDetail error() {
        return detail;
    }

    /** @return the request's operation, or null for one this build does not know. */
    public Request.Op op() {
        switch (decoder.operation()) {
            case OPEN: return Request.Op.OPEN;
            case DELEGATE: return Request.Op.DELEGATE;
            case FAN_OUT_CHILD: return Request.Op.FAN_OUT;
            case AUTHORIZE: return Request.Op.AUTHORIZE;
            case REVOKE: return Request.Op.REVOKE;
            case CLOSE: return Request.Op.CLOSE;
            case REVIEW: return Request.Op.REVIEW;
            case BREAK_GLASS: return Request.Op.BREAK_GLASS;
            case COMPLETE: return Request.Op.COMPLETE;
            default: return null;
        }
    }

    /** @return whether a review approved. */
    public boolean approve() {
        return decoder.approve();
    }

    /** @return whether the grant was presented as warrant bytes. */
    public boolean viaWarrant() {
        return decoder.viaWarrant();
    }

    /** @return the reason code of a refusal taken before the core ran, or 0. */
    public int refusedBefore() {
        return decoder.refusedBefore();
    }

    /** @return the opener, reviewer, or actor of a revoke or close. */
    public int principal() {
        return decoder.principal();
    }

    /** @return the identity presenting the grant. */
    public int presenter() {
        return decoder.presenter();
    }

    /** @return the purpose index of an open or break-glass. */
    public int purpose() {
        return decoder.purpose();
    }

    /** @return the break-glass rule index. */
    public int rule() {
        return decoder.rule();
    }

    /** @return the capability index of an authorize. */
    public int capability() {
        return decoder.capability();
    }

    /** @return the data-class index of an authorize. */
    public int dataClass() {
        return decoder.dataClass();
    }

    /** @return the number of decisions. */
    public int children() {
        return decoder.childCount();
    }

    /** @return the caller's request id. */
    public long requestId() {
        return decoder.requestId();
    }

    /** @return the grant used or acted on. */
    public long grantId() {
        return decoder.grantId();
    }

    /** @return the requested life of a break-glass grant. */
    public long ttlMillis() {
        return decoder.ttlMillis();
    }

    /** Positions on child {@code i} and returns its decision decoder (valid until the next call). */
    public DecisionDecoder child(final int i) {
        return decoder.child(i);
    }

    /** @return the deciding rule id of child {@code i}, or -1. */
    public int ruleId(final int i) {
        return decoder.ruleId(i);
    }

    /** @return the body's length. */
    public int length() {
        return decoder.encodedLength();
    }

    static Operation operation(final Request.Op op) {
        switch (op) {
            case OPEN: return Operation.OPEN;
            case DELEGATE: return Operation.DELEGATE;
            case FAN_OUT: return Operation.FAN_OUT_CHILD;
            case AUTHORIZE: return Operation.AUTHORIZE;
            case REVOKE: return Operation.REVOKE;
            case CLOSE: return Operation.CLOSE;
            case REVIEW: return Operation.REVIEW;
            case COMPLETE: return Operation.COMPLETE;
            default: return Operation.BREAK_GLASS;
        }
    }
}
