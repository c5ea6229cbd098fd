package dev.baton.audit;

import dev.baton.Reason;
import dev.baton.codec.CodecError;
import dev.baton.codec.DecisionDecoder;
import dev.baton.codec.DecisionOutcome;
import dev.baton.codec.ShadowBodyDecoder;
import dev.baton.codec.ShadowDecisionBodyDecoder;
import dev.baton.core.CompiledPolicy;
import dev.baton.engine.DecisionRecord;
import dev.baton.engine.JournalReader;
import dev.baton.engine.JournalTrust;
import dev.baton.engine.RecordType;
import dev.baton.engine.Request;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the shadow-mode records of a journal say: when candidate policies were attached and detached,
 * how many live decisions each was compared on, how many it agreed on (by live reason) and which it
 * disagreed on (by change, and the first few explained). Read from the journal's SHADOW and
 * SHADOW_DECISION records alone: nothing is re-run (replay checks them: {@code baton replay}).
 * <pre>{@code
 * ShadowReport s = ShadowReport.read(AuditLog.read(dir, trust, true, ProgressListener.NONE), 10);
 * s.disagreementsByChange().forEach((change, count) -> ...);
 * }</pre>
 * A decision was compared when a candidate was attached, the engine did not refuse its request before
 * any policy ran (a refused warrant, a stale layout), and the request opened a task or named a grant
 * created since the attach (the candidate never saw the grants created before it).
 * <p>
 * <b>Note:</b> not thread-safe while being read; its results do not change afterwards. Allocates.
 */
public final class ShadowReport {
    /**
     * One decision the candidate disagreed on.
     *
     * @param live      the live decision, as the journal holds it.
     * @param candidate the candidate policy (null if its text is not in the clean prefix).
     * @param shadow    the candidate's decision, described (outcome, reason, rule and its policy line).
     * @param change    the change, e.g. {@code ALLOW ALLOWED -> DENY AGENT_CEILING}.
     * @param outcome   the candidate's outcome.
     * @param reason    the candidate's reason.
     * @param rule      the candidate's deciding rule with its policy line, or null.
     */
    public record Disagreement(DecisionEntry live, CompiledPolicy candidate, String shadow, String change,
                               String outcome, String reason, String rule) {
    }

    private final AuditLog log;
    private final int limit;
    private final List<String> attachments = new ArrayList<>();
    private final Map<String, Long> agreements = new TreeMap<>();
    private final Map<String, Long> disagreements = new TreeMap<>();
    private final Map<Long, Disagreement> byDecision = new HashMap<>();
    private final List<Long> firstIds = new ArrayList<>();
    private final Map<Long, String[]> pending = new HashMap<>();
    private final Map<Long, Long> pendingCandidate = new HashMap<>();
    private final DecisionRecord record = new DecisionRecord();
    private final ShadowBodyDecoder shadowBody = new ShadowBodyDecoder();
    private final ShadowDecisionBodyDecoder decisionBody = new ShadowDecisionBodyDecoder();
    private long attached;
    private long watermark = Long.MAX_VALUE;
    private long compared;
    private long notCompared;
    private long disagreementCount;

    private ShadowReport(final AuditLog log, final int limit) {
        this.log = log;
        this.limit = limit;
    }

    /**
     * Reads the shadow records of the journal {@code log} was read from, up to the end of its clean prefix.
     *
     * @param log   the journal, read with its entries kept ({@link AuditLog#read(Path, JournalTrust, boolean,
     *              ProgressListener)} with {@code keepEntries}).
     * @param limit how many disagreements to keep as {@link #examples()}.
     * @return the report.
     * @throws java.io.UncheckedIOException if a journal file cannot be read.
     */
    public static ShadowReport read(final AuditLog log, final int limit) {
        final ShadowReport r = new ShadowReport(log, limit);
        try (JournalReader reader = new JournalReader(log.dir(), JournalTrust.none())) {
            reader.read(r::onRecord, log.records());
        }
        r.resolve();
        return r;
    }

    private boolean onRecord(final long sequence, final int type, final org.agrona.concurrent.UnsafeBuffer body,
                             final int offset, final int length) {
        if (type == RecordType.SHADOW && shadowBody.wrap(body, offset, length, null) == CodecError.OK) {
            attached = shadowBody.attached() ? shadowBody.candidateVersion() : 0;
            watermark = Long.MAX_VALUE;
            final CompiledPolicy p = log.policies().get(shadowBody.candidateVersion());
            attachments.add((shadowBody.attached() ? "attached " : "detached ") + (p == null ? "?" : p.label()) + " ("
                + DecisionEntry.version(shadowBody.candidateVersion()) + ") at "
                + DecisionEntry.instant(shadowBody.epochMillis()));
        } else if (type == RecordType.DECISION && attached != 0 && record.wrap(body, offset, length)) {
            decision();
        } else if (type == RecordType.SHADOW_DECISION && decisionBody.wrap(body, offset, length, null) == CodecError.OK) {
            disagreement();
        }
        return true;
    }

    /** Counts a DECISION record's decisions as compared (agreeing until a SHADOW_DECISION says otherwise). */
    private void decision() {
        final Request.Op op = record.op();
        final boolean root = op == Request.Op.OPEN || op == Request.Op.BREAK_GLASS;
        final boolean seen = record.refusedBefore() == 0 && (root || record.grantId() >= watermark);
        for (int i = 0; i < record.children(); i++) {
            final DecisionDecoder c = record.child(i);
            if (seen) {
                compared++;
                agreements.merge(Reason.fromCode(c.reasonCode()).name(), 1L, Long::sum);
            } else {
                notCompared++;
            }
            if (op.takesChildren() && record.refusedBefore() == 0 && c.outcome() != DecisionOutcome.DENY
                && c.grantId() != 0) {
                watermark = Math.min(watermark, c.grantId());
            }
        }
    }

    private void disagreement() {
        final ShadowDecisionBodyDecoder d = decisionBody;
        final String liveReason = Reason.fromCode(d.liveReason()).name();
        agreements.computeIfPresent(liveReason, (k, v) -> v <= 1 ? null : v - 1);
        final String change = d.liveOutcome() + " " + liveReason + " -> " + d.shadowOutcome() + " "
            + Reason.fromCode(d.shadowReason()).name();
        disagreements.merge(change, 1L, Long::sum);
        disagreementCount++;
        final CompiledPolicy candidate = log.policies().get(d.candidateVersion());
        final String rule = candidate != null && d.shadowRule() >= 0 && d.shadowRule() < candidate.ruleCount()
            ? candidate.ruleName(d.shadowRule()) + " (" + candidate.ruleSource(d.shadowRule()) + ")" : null;
        final String outcome = d.shadowOutcome().name();
        final String reason = Reason.fromCode(d.shadowReason()).name();
        pending.put(d.decisionId(), new String[] {outcome + " " + reason + (rule == null ? "" : ", rule " + rule), change,
            outcome, reason, rule});
        pendingCandidate.put(d.decisionId(), d.candidateVersion());
        if (firstIds.size() < limit) {
            firstIds.add(d.decisionId());
        }
    }

    /** Joins each disagreement to its live decision's entry. */
    private void resolve() {
        for (final DecisionEntry e : log.entries()) {
            final String[] p = pending.get(e.decisionId());
            if (p != null) {
                byDecision.put(e.decisionId(), new Disagreement(e,
                    log.policies().get(pendingCandidate.get(e.decisionId())), p[0], p[1], p[2], p[3], p[4]));
            }
        }
    }

    /** @return each attach and detach, described, in journal order. */
    public List<String> attachments() {
        return Collections.unmodifiableList(attachments);
    }

    /** @return live decisions a candidate was compared on. */
    public long compared() {
        return compared;
    }

    /** @return live decisions taken while a candidate was attached that it was not compared on. */
    public long notCompared() {
        return notCompared;
    }

    /** @return decisions the candidate disagreed on. */
    public long disagreementCount() {
        return disagreementCount;
    }

    /** @return decisions the candidate agreed on, by the (shared) reason, sorted. */
    public Map<String, Long> agreementsByReason() {
        return Collections.unmodifiableMap(agreements);
    }

    /** @return disagreements by change ({@code LIVE_OUTCOME LIVE_REASON -> SHADOW_OUTCOME SHADOW_REASON}), sorted. */
    public Map<String, Long> disagreementsByChange() {
        return Collections.unmodifiableMap(disagreements);
    }

    /** @return the first disagreements (at most the limit given), in journal order. */
    public List<Disagreement> examples() {
        final List<Disagreement> out = new ArrayList<>();
        for (final Long id : firstIds) {
            final Disagreement d = byDecision.get(id);
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    /** @return the disagreement on decision {@code decisionId}, or null if the candidate agreed or none was attached. */
    public Disagreement disagreement(final long decisionId) {
        return byDecision.get(decisionId);
    }

    /**
     * @param d one of {@link #examples()}.
     * @return it explained in three lines: the request (who, what), the live decision with its rule, the candidate's.
     */
    public static String explain(final Disagreement d) {
        final DecisionEntry e = d.live();
        return String.format("  decision %d (request %d) at %s: %s %s by %s%n", e.decisionId(), e.requestId(),
            DecisionEntry.instant(e.timestamp()), e.opName(), ExplainText.what(e), ExplainText.actor(e))
            + String.format("      live    %s %s%s%n", e.outcome(), e.reason(),
                e.rule() == null ? "" : ", rule " + e.ruleWithLine())
            + String.format("      shadow  %s under %s%n", d.shadow(), d.candidate() == null ? "?" : d.candidate().label());
    }
}
