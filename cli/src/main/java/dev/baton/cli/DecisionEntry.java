package dev.baton.cli;

import dev.baton.codec.DecisionDecoder;
import dev.baton.core.CompiledPolicy;
import dev.baton.Reason;
import dev.baton.engine.DecisionRecord;
import dev.baton.engine.Request;
import dev.baton.policy.SourceRef;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntFunction;

/**
 * One journaled decision with every name resolved: for {@code explain}, {@code export} and
 * {@code what-if}, which read a journal once and then look decisions up.
 *
 * @param seq            journal record sequence.
 * @param child          which decision of the record (a fan-out has several).
 * @param children       decisions in the record.
 * @param decisionId     the decision id.
 * @param requestId      the caller's request id.
 * @param op             the operation.
 * @param timestamp      epoch millis taken for the decision.
 * @param policy         the policy version it was decided under.
 * @param outcome        ALLOW, DENY or REVIEW.
 * @param reasonCode     the reason's stable code.
 * @param rule           the deciding rule's dotted name, or null.
 * @param ruleAt         where that rule stands in the policy file ({@link SourceRef#NONE} if none).
 * @param decidingCapability the capability that decided it, or null.
 * @param decidingData   the data class that decided it, or null.
 * @param grantId        the grant created (ALLOW, REVIEW) or acted on, 0 none.
 * @param parentGrantId  its parent grant, 0 none.
 * @param usedGrant      the grant the request used or acted on (delegate, authorize, revoke, review), 0 none.
 * @param expiresAt      expiry (ALLOW) or review deadline (REVIEW), epoch millis.
 * @param depth          depth of the grant.
 * @param principal      the opening principal, the reviewer, or the actor of a revoke or close; or null.
 * @param presenter      the identity presenting the grant, or null.
 * @param subject        the agent receiving a grant, or null.
 * @param purpose        the purpose name, or null.
 * @param capability     the tool call's capability (authorize), or null.
 * @param dataClass      the tool call's data class (authorize), or null.
 * @param requested      requested capabilities and data classes, by name.
 * @param granted        granted capabilities and data classes, by name.
 * @param justification  the justification or break-glass reason, or null.
 * @param inputDigest    hex of the input digest (zeros when none).
 * @param outputDigest   hex of the output digest.
 * @param refusedBefore  reason code of a refusal taken before the core, 0 none.
 * @param viaWarrant     whether warrant bytes were presented.
 * @param approve        for a review: approve (true) or deny.
 * @param ttlMillis      requested break-glass TTL.
 * @param flags          engine grant flags.
 */
record DecisionEntry(long seq, int child, int children, long decisionId, long requestId, Request.Op op,
                     long timestamp, CompiledPolicy policy, String outcome, int reasonCode, String rule,
                     SourceRef ruleAt, String decidingCapability, String decidingData, long grantId,
                     long parentGrantId, long usedGrant, long expiresAt, int depth, String principal,
                     String presenter, String subject, String purpose, String capability, String dataClass,
                     Scopes requested, Scopes granted, String justification, String inputDigest,
                     String outputDigest, int refusedBefore, boolean viaWarrant, boolean approve, long ttlMillis,
                     int flags) {

    /**
     * A scope by name.
     *
     * @param capabilities {@code tool:action} names.
     * @param data         data-class names.
     */
    record Scopes(List<String> capabilities, List<String> data) {
        /** @return e.g. {@code crm.lookup:read; data customer_pii}, or {@code nothing}. */
        @Override
        public String toString() {
            if (capabilities.isEmpty() && data.isEmpty()) {
                return "nothing";
            }
            return (capabilities.isEmpty() ? "no capability" : String.join(", ", capabilities)) + "; data "
                + (data.isEmpty() ? "none" : String.join(", ", data));
        }
    }

    /**
     * Reads child {@code child} of a DECISION record.
     *
     * @param names identity names by id.
     */
    static DecisionEntry of(final long seq, final DecisionRecord record, final int child,
                            final CompiledPolicy policy, final IntFunction<String> names) {
        final int ruleId = record.ruleId(child);
        final DecisionDecoder d = record.child(child);
        final long[] words = new long[64];
        final Scopes requested = scopes(policy, words, d.getRequestedCapabilities(words), d.requestedData());
        final Scopes granted = scopes(policy, words, d.getGrantedCapabilities(words), d.grantedData());
        final HexFormat hex = HexFormat.of();
        final byte[] digest = new byte[32];
        d.getInputDigest(digest, 0);
        final String input = hex.formatHex(digest);
        d.getOutputDigest(digest, 0);
        final String output = hex.formatHex(digest);
        return new DecisionEntry(seq, child, record.children(), d.decisionId(), d.requestId(), record.op(),
            d.timestamp(), policy, d.outcome().name(), d.reasonCode(), ruleId < 0 ? null : policy.ruleName(ruleId),
            policy.ruleSource(ruleId), d.decidingCapability() < 0 ? null : policy.capabilityName(d.decidingCapability()),
            d.decidingDataClass() < 0 ? null : policy.dataClassName(d.decidingDataClass()), d.grantId(),
            d.parentGrantId(), record.grantId(), d.expiresAt(), d.depth(), names.apply(record.principal()),
            names.apply(record.presenter()), names.apply(d.subject()),
            record.purpose() < 0 ? null : policy.purposeName(record.purpose()),
            record.capability() < 0 ? null : policy.capabilityName(record.capability()),
            record.dataClass() < 0 ? null : policy.dataClassName(record.dataClass()), requested, granted,
            d.justificationLength() == 0 ? null : d.justification(), input, output, record.refusedBefore(),
            record.viaWarrant(), record.approve(), record.ttlMillis(), d.flags());
    }

    static Scopes scopes(final CompiledPolicy policy, final long[] words, final int count, final long data) {
        final List<String> caps = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            long bits = words[w];
            while (bits != 0) {
                caps.add(policy.capabilityName(w * 64 + Long.numberOfTrailingZeros(bits)));
                bits &= bits - 1;
            }
        }
        final List<String> classes = new ArrayList<>();
        long bits = data;
        while (bits != 0) {
            classes.add(policy.dataClassName(Long.numberOfTrailingZeros(bits)));
            bits &= bits - 1;
        }
        return new Scopes(List.copyOf(caps), List.copyOf(classes));
    }

    /** @return the reason's name ({@code JUSTIFICATION_REQUIRED}), or {@code REASON(n)} if unknown. */
    String reason() {
        return reasonName(reasonCode);
    }

    static String reasonName(final int code) {
        final Reason r = Reason.fromCode(code);
        return r != null ? r.name() : "REASON(" + code + ")";
    }

    /** @return the reason's text, or an empty string. */
    String reasonText() {
        final Reason r = Reason.fromCode(reasonCode);
        return r != null ? r.text() : "";
    }

    /** @return whether this decision created a grant (ALLOW or REVIEW of open, delegate, fan-out, break-glass). */
    boolean createsGrant() {
        return grantId != 0 && !"DENY".equals(outcome) && (op == Request.Op.OPEN || op == Request.Op.DELEGATE
            || op == Request.Op.FAN_OUT || op == Request.Op.BREAK_GLASS);
    }

    /** @return the operation in lower case, as the policy language and the export name it. */
    String opName() {
        return op == null ? "unknown" : op.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** @return e.g. {@code tiers.sensitive (refund-dispute.yaml:156:3)}, or null when no rule decided. */
    String ruleWithLine() {
        return rule == null ? null : rule + " (" + ruleAt + ")";
    }

    /** @return the policy's label and the 16 hex digits of its version id. */
    String policyName() {
        return policy.label() + " (" + String.format("%016x", policy.versionId()) + ")";
    }
}
