package dev.baton.audit;

import dev.baton.engine.Request;

/**
 * The JSON object {@code baton export} writes for one decision (field list in docs/cli.md): the record's
 * place, the {@code input} the request gave and the {@code result}.
 * <p>
 * <b>Note:</b> stateless.
 */
final class DecisionJson {
    private DecisionJson() {
    }

    /**
     * Writes {@code e} into {@code json} and returns the line. An export line ({@code hash} given) has
     * the record's sequence and hash; without, the object describes the decision alone.
     */
    static String write(final JsonWriter json, final DecisionEntry e, final byte[] hash) {
        json.field("type", "DECISION").field("journal_decision_id", e.decisionId()).field("request_id", e.requestId());
        if (hash != null) {
            json.field("record_seq", e.seq());
        }
        if (e.children() > 1) {
            json.field("child", e.child()).field("children", e.children());
        }
        json.field("timestamp", json.instant(e.timestamp()))
            .field("policy_version", json.version(e.policy().versionId()))
            .field("policy_label", e.policy().label())
            .field("op", e.opName());
        input(json.object("input"), e);
        json.end();
        result(json.object("result"), e);
        json.end();
        return hash == null ? json.line() : json.hexField("record_hash", hash).line();
    }

    /** The request: identities, purpose, grant, what was asked for, justification and digests. */
    private static void input(final JsonWriter json, final DecisionEntry e) {
        json.field("principal", e.principal())
            .field("presenter", e.presenter())
            .field("purpose", e.purpose());
        if (e.usedGrant() != 0 && e.op() != Request.Op.OPEN && e.op() != Request.Op.BREAK_GLASS) {
            json.field("grant_id", e.usedGrant());
        }
        if (e.subject() != null) {
            json.field("agent", e.subject());
        }
        if (e.op() == Request.Op.AUTHORIZE) {
            json.field("capability", e.capability()).field("data_class", e.dataClass());
        } else if (e.op() != Request.Op.REVIEW && e.op() != Request.Op.REVOKE && e.op() != Request.Op.CLOSE) {
            json.object("requested").field("capabilities", e.requested().capabilities())
                .field("data", e.requested().data()).end();
        }
        if (e.op() == Request.Op.REVIEW) {
            json.field("approve", e.approve());
        }
        if (e.op() == Request.Op.BREAK_GLASS) {
            json.field("ttl_ms", e.ttlMillis());
        }
        json.field("justification", e.justification()).field("via_warrant", e.viaWarrant());
        if (e.arguments() != null) {
            json.field("arguments", e.arguments());
        }
        if (e.budgets() != null) {
            json.field("budgets", e.budgets());
        }
        if (e.constraints() != null) {
            json.field("constraints", String.join("; ", e.constraints()));
        }
        if (e.hasInputDigest()) {
            json.field("input_digest", e.inputDigest());
        }
        if (e.hasOutputDigest()) {
            json.field("output_digest", e.outputDigest());
        }
    }

    /** The decision: outcome, reason, the rule and its policy line, the grant created or acted on. */
    private static void result(final JsonWriter json, final DecisionEntry e) {
        json.field("outcome", e.outcome())
            .field("reason", e.reason())
            .field("rule", e.rule());
        if (e.rule() != null) {
            json.field("file", json.fileName(e.ruleAt().file())).field("line", e.ruleAt().line())
                .field("column", e.ruleAt().column());
        }
        if (e.decidingCapability() != null) {
            json.field("capability", e.decidingCapability());
        }
        if (e.decidingData() != null) {
            json.field("data_class", e.decidingData());
        }
        if (e.refusedBefore() != 0) {
            json.field("refused_before_policy", true);
        }
        if (e.grantId() != 0) {
            json.field("grant_id", e.grantId());
        }
        if (e.parentGrantId() != 0) {
            json.field("parent_grant_id", e.parentGrantId());
        }
        if (e.expiresAt() != 0) {
            json.field("expires_at", DecisionEntry.instant(e.expiresAt()));
        }
        if ("ALLOW".equals(e.outcome()) && e.createsGrant()) {
            json.field("depth", e.depth());
            json.object("granted").field("capabilities", e.granted().capabilities())
                .field("data", e.granted().data()).end();
        }
    }
}
