package dev.baton.audit;

import dev.baton.Reason;
import dev.baton.codec.DecisionDecoder;
import dev.baton.core.CompiledPolicy;
import dev.baton.engine.DecisionRecord;
import dev.baton.engine.Request;
import dev.baton.policy.SourceRef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * One journaled decision with every name resolved (identities, purpose, capabilities, data classes,
 * rule and its policy file line): what {@code explain}, {@code export} and {@code what-if} look up after
 * reading a journal once ({@link AuditLog#entries()}).
 * <p>
 * <b>Note:</b> immutable and thread-safe once built. Building one decodes the record into strings and
 * lists: an audit-time cost, never on the decision hot path.
 */
public final class DecisionEntry {
    private static final int SCOPE_WORDS = 64;
    private static final int DIGEST_BYTES = 32;
    private static final String[] OP_NAMES = opNames();

    /**
     * A scope by name.
     *
     * @param capabilities {@code tool:action} names.
     * @param data         data-class names.
     */
    public record Scopes(List<String> capabilities, List<String> data) {
        /**
         * Names the bits of a scope.
         *
         * @param policy the policy whose layout the bits follow.
         * @param words  capability bitset words.
         * @param count  words in use.
         * @param data   data-class bitset.
         * @return the scope by name.
         */
        public static Scopes of(final CompiledPolicy policy, final long[] words, final int count, final long data) {
            if (data == 0 && none(words, count)) {
                return NONE; // an authorize, revoke or close asks for no scope: most decisions
            }
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

        private static final Scopes NONE = new Scopes(List.of(), List.of());

        private static boolean none(final long[] words, final int count) {
            for (int w = 0; w < count; w++) {
                if (words[w] != 0) {
                    return false;
                }
            }
            return true;
        }

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

    private final long seq;
    private final int child;
    private final int children;
    private final long decisionId;
    private final long requestId;
    private final Request.Op op;
    private final long timestamp;
    private final CompiledPolicy policy;
    private final String outcome;
    private final int reasonCode;
    private final String rule;
    private final SourceRef ruleAt;
    private final String decidingCapability;
    private final String decidingData;
    private final long grantId;
    private final long parentGrantId;
    private final long usedGrant;
    private final long expiresAt;
    private final int depth;
    private final String principal;
    private final String presenter;
    private final String subject;
    private final String purpose;
    private final String capability;
    private final String dataClass;
    private final Scopes requested;
    private final Scopes granted;
    private final String justification;
    /** The digests' bytes; their hex is made when asked for (an export skips all-zero ones). */
    private final byte[] inputDigest = new byte[DIGEST_BYTES];
    private final byte[] outputDigest = new byte[DIGEST_BYTES];
    private final int refusedBefore;
    private final boolean viaWarrant;
    private final boolean approve;
    private final long ttlMillis;
    private final int flags;
    /** The call's arguments and the budgets of the grant it concerns, after it; set by the audit log, or null. */
    private String arguments;
    private String budgets;
    private java.util.List<String> constraints;
    private List<String> denials = List.of();

    /**
     * Reads decision {@code child} of a DECISION record.
     *
     * @param seq    the record's journal sequence.
     * @param record the record, positioned.
     * @param child  which decision of the record (a fan-out has several).
     * @param policy the policy version it was decided under.
     * @param names  identity names by id (null for an unknown id).
     */
    DecisionEntry(final long seq, final DecisionRecord record, final int child, final CompiledPolicy policy,
                  final IntFunction<String> names) {
        this(seq, record, child, policy, names, new long[SCOPE_WORDS]);
    }

    /** As the constructor above, reading the scopes' bits through {@code words} (at least 64 long). */
    DecisionEntry(final long seq, final DecisionRecord record, final int child, final CompiledPolicy policy,
                  final IntFunction<String> names, final long[] words) {
        final DecisionDecoder d = record.child(child);
        final int ruleId = record.ruleId(child);
        this.seq = seq;
        this.child = child;
        this.children = record.children();
        this.decisionId = d.decisionId();
        this.requestId = d.requestId();
        this.op = record.op();
        this.timestamp = d.timestamp();
        this.policy = policy;
        this.outcome = d.outcome().name();
        this.reasonCode = d.reasonCode();
        this.rule = ruleId < 0 ? null : policy.ruleName(ruleId);
        this.ruleAt = policy.ruleSource(ruleId);
        this.decidingCapability = d.decidingCapability() < 0 ? null : policy.capabilityName(d.decidingCapability());
        this.decidingData = d.decidingDataClass() < 0 ? null : policy.dataClassName(d.decidingDataClass());
        this.grantId = d.grantId();
        this.parentGrantId = d.parentGrantId();
        this.usedGrant = record.grantId();
        this.expiresAt = d.expiresAt();
        this.depth = d.depth();
        this.principal = names.apply(record.principal());
        this.presenter = names.apply(record.presenter());
        this.subject = names.apply(d.subject());
        this.purpose = record.purpose() < 0 ? null : policy.purposeName(record.purpose());
        this.capability = record.capability() < 0 ? null : policy.capabilityName(record.capability());
        this.dataClass = record.dataClass() < 0 ? null : policy.dataClassName(record.dataClass());
        this.requested = Scopes.of(policy, words, d.getRequestedCapabilities(words), d.requestedData());
        this.granted = Scopes.of(policy, words, d.getGrantedCapabilities(words), d.grantedData());
        this.justification = d.justificationLength() == 0 ? null : d.justification();
        d.getInputDigest(inputDigest, 0);
        d.getOutputDigest(outputDigest, 0);
        this.refusedBefore = record.refusedBefore();
        this.viaWarrant = record.viaWarrant();
        this.approve = record.approve();
        this.ttlMillis = record.ttlMillis();
        this.flags = d.flags();
    }

    /** Sets what the replay saw beside the DECISION record: the call's arguments and the grant's budgets. */
    void context(final String callArguments, final String grantBudgets) {
        this.arguments = callArguments;
        this.budgets = grantBudgets;
    }

    /**
     * Sets the argument constraints of the grant this decision created or used, right after it (requested ones
     * marked {@code (requested)}), one each; null for none.
     */
    void constraints(final java.util.List<String> grantConstraints) {
        this.constraints = grantConstraints;
    }

    /**
     * @return the argument constraints of the grant this decision created or used, right after it, each as
     *     {@code ledger.refund.amount range [0.00, 50.00] (requested)}; null when it has none or the log was not
     *     replayed.
     */
    public java.util.List<String> constraints() {
        return constraints;
    }

    /** Sets every step that refused this delegation or call (replayed), each as {@code REASON, rule R at file:line:col}. */
    void denials(final List<String> steps) {
        this.denials = List.copyOf(steps);
    }

    /**
     * @return every step that refused this delegation or tool call, in step order (the first is its reason),
     *     each as {@code REASON, rule R at file:line:col}; empty when not such a refusal or not replayed.
     */
    public List<String> denials() {
        return denials;
    }

    /** @return the call's typed arguments as recorded ({@code amount=150.00, order="ord-1"}), or null. */
    public String arguments() {
        return arguments;
    }

    /**
     * @return the budgets of the grant this decision created or used, right after it
     *     ({@code refund-total: 650.00 left of 1000.00, spent 150.00, set aside 200.00}), or null.
     */
    public String budgets() {
        return budgets;
    }

    /** @return whether the request carried an input digest (not all zero). */
    boolean hasInputDigest() {
        return !allZero(inputDigest);
    }

    /** @return whether the request carried an output digest (not all zero). */
    boolean hasOutputDigest() {
        return !allZero(outputDigest);
    }

    private static boolean allZero(final byte[] bytes) {
        for (final byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** @return the journal record's sequence (-1 when read outside a journal pass, as by what-if). */
    public long seq() {
        return seq;
    }

    /** @return which decision of the record this is (a fan-out has several). */
    public int child() {
        return child;
    }

    /** @return decisions in the record. */
    public int children() {
        return children;
    }

    /** @return the decision id. */
    public long decisionId() {
        return decisionId;
    }

    /** @return the caller's request id. */
    public long requestId() {
        return requestId;
    }

    /** @return the operation (null if this build does not know it). */
    Request.Op op() {
        return op;
    }

    /** @return epoch millis taken for the decision. */
    public long timestamp() {
        return timestamp;
    }

    /** @return the policy version it was decided under. */
    public CompiledPolicy policy() {
        return policy;
    }

    /** @return {@code ALLOW}, {@code DENY} or {@code REVIEW}. */
    public String outcome() {
        return outcome;
    }

    /** @return the reason's stable code ({@link Reason#code()}). */
    public int reasonCode() {
        return reasonCode;
    }

    /** @return the deciding rule's dotted name, or null. */
    public String rule() {
        return rule;
    }

    /** @return where the deciding rule stands in the policy file ({@link SourceRef#NONE} if none). */
    public SourceRef ruleAt() {
        return ruleAt;
    }

    /** @return the capability that decided it, or null. */
    public String decidingCapability() {
        return decidingCapability;
    }

    /** @return the data class that decided it, or null. */
    public String decidingData() {
        return decidingData;
    }

    /** @return the grant created (ALLOW, REVIEW) or acted on, 0 for none. */
    public long grantId() {
        return grantId;
    }

    /** @return the parent of the created grant, 0 for none. */
    public long parentGrantId() {
        return parentGrantId;
    }

    /** @return the grant the request used or acted on (delegate, authorize, revoke, review), 0 for none. */
    public long usedGrant() {
        return usedGrant;
    }

    /** @return expiry (ALLOW) or review deadline (REVIEW), epoch millis; 0 for none. */
    public long expiresAt() {
        return expiresAt;
    }

    /** @return depth of the grant. */
    public int depth() {
        return depth;
    }

    /** @return the opening principal, the reviewer, or the actor of a revoke or close; or null. */
    public String principal() {
        return principal;
    }

    /** @return the identity presenting the grant, or null. */
    public String presenter() {
        return presenter;
    }

    /** @return the agent receiving a grant, or null. */
    public String subject() {
        return subject;
    }

    /** @return the purpose's name, or null. */
    public String purpose() {
        return purpose;
    }

    /** @return the tool call's capability (authorize), or null. */
    public String capability() {
        return capability;
    }

    /** @return the tool call's data class (authorize), or null. */
    public String dataClass() {
        return dataClass;
    }

    /** @return the requested capabilities and data classes, by name. */
    public Scopes requested() {
        return requested;
    }

    /** @return the granted capabilities and data classes, by name. */
    public Scopes granted() {
        return granted;
    }

    /** @return the justification or break-glass reason, or null. */
    public String justification() {
        return justification;
    }

    /** @return the input digest in hex (zeros when none was given). */
    public String inputDigest() {
        return HexFormat.of().formatHex(inputDigest);
    }

    /** @return the output digest in hex (zeros when none was given). */
    public String outputDigest() {
        return HexFormat.of().formatHex(outputDigest);
    }

    /** @return the reason code of a refusal taken before the policy was consulted, 0 for none. */
    public int refusedBefore() {
        return refusedBefore;
    }

    /** @return whether warrant bytes were presented. */
    public boolean viaWarrant() {
        return viaWarrant;
    }

    /** @return for a review: approve (true) or deny. */
    public boolean approve() {
        return approve;
    }

    /** @return the requested break-glass TTL, millis. */
    public long ttlMillis() {
        return ttlMillis;
    }

    /** @return the engine's grant flags. */
    public int flags() {
        return flags;
    }

    /** @return the reason's name ({@code JUSTIFICATION_REQUIRED}), or {@code REASON(n)} if unknown. */
    public String reason() {
        final Reason r = Reason.fromCode(reasonCode);
        return r != null ? r.name() : "REASON(" + reasonCode + ")";
    }

    /** @return the reason's text, or an empty string. */
    public String reasonText() {
        final Reason r = Reason.fromCode(reasonCode);
        return r != null ? r.text() : "";
    }

    /** @return whether this decision created a grant (ALLOW or REVIEW of open, delegate, fan-out, break-glass). */
    public boolean createsGrant() {
        return grantId != 0 && !"DENY".equals(outcome) && (op == Request.Op.OPEN || op == Request.Op.DELEGATE
            || op == Request.Op.FAN_OUT || op == Request.Op.BREAK_GLASS);
    }

    /** @return the operation in lower case, as the policy language and the export name it ({@code fan-out}). */
    public String opName() {
        return op == null ? "unknown" : OP_NAMES[op.ordinal()];
    }

    private static String[] opNames() {
        final Request.Op[] ops = Request.Op.values();
        final String[] names = new String[ops.length];
        for (final Request.Op op : ops) {
            names[op.ordinal()] = op.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        return names;
    }

    /** @return e.g. {@code tiers.sensitive (refund-dispute.yaml:156:3)}, or null when no rule decided. */
    public String ruleWithLine() {
        return rule == null ? null : rule + " (" + ruleAt + ")";
    }

    /** @return the policy's label and the 16 hex digits of its version id. */
    public String policyName() {
        return policy.label() + " (" + version(policy.versionId()) + ")";
    }

    /**
     * @param versionId a policy version id.
     * @return its 16 hex digits, as the journal tools print it.
     */
    public static String version(final long versionId) {
        final String hex = Long.toHexString(versionId);
        return hex.length() == 16 ? hex : "0".repeat(16 - hex.length()) + hex;
    }

    /**
     * @param epochMillis an instant.
     * @return it as ISO-8601 UTC, e.g. {@code 2027-01-15T08:00:00Z}.
     */
    public static String instant(final long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
