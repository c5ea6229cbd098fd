package dev.baton.engine;

import dev.baton.Outcome;
import dev.baton.Reason;
import dev.baton.codec.CodecError;
import dev.baton.codec.DecisionOutcome;
import dev.baton.codec.ShadowBodyDecoder;
import dev.baton.codec.ShadowDecisionBodyDecoder;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.ScopeBits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.baton.engine.EngineFixture.POLICY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shadow mode: a candidate policy decides every request beside the live one; only the live decision
 * counts, each disagreement is journaled as a SHADOW_DECISION record, and replay (and a restart)
 * reproduces them.
 */
class ShadowModeTest {
    private static final CompiledPolicy NARROWED = EngineFixture.load("rules-narrowed.yaml");
    private static final CompiledPolicy WIDENED = EngineFixture.load("rules-widened.yaml");
    private static final String ALICE = "user:alice@acme.example";
    private static final String PLANNER = "spiffe://acme.example/agent/planner";
    private static final String READER = "spiffe://acme.example/agent/reader/crm";

    /** One SHADOW_DECISION record, as read back. */
    private record Disagreement(long decisionId, int child, DecisionOutcome live, Reason liveReason, String liveRule,
                                DecisionOutcome shadow, Reason shadowReason, String shadowRule, long candidate) {
    }

    /** The journal's shadow records: attaches/detaches (true/false) and disagreements. */
    private static final class ShadowRecords {
        final List<Boolean> attaches = new ArrayList<>();
        final List<Disagreement> disagreements = new ArrayList<>();
    }

    @Test
    void shouldJournalWhatANarrowingCandidateRefusesWhileTheLiveDecisionsStand(@TempDir final Path dir) {
        final long[] grants;
        try (JournaledEngine engine = start(dir)) {
            engine.attachShadow(NARROWED.api());
            assertSame(NARROWED, engine.shadowPolicy(), "the very compiled policy given");
            grants = openAndRead(engine, EngineFixture.readScope(POLICY));
        }
        assertTrue(grants[0] != 0 && grants[1] != 0, "the live decisions stand: the task and its read were allowed");
        final ShadowRecords read = read(dir, POLICY, NARROWED);
        assertEquals(List.of(true), read.attaches);
        assertEquals(2, read.disagreements.size(), "the delegation, then the call on the grant the candidate refused");
        final Disagreement delegation = read.disagreements.get(0);
        assertEquals(DecisionOutcome.ALLOW, delegation.live());
        assertEquals(DecisionOutcome.DENY, delegation.shadow());
        assertEquals(Reason.AGENT_CEILING, delegation.shadowReason());
        assertEquals("agents.reader.ceiling", delegation.shadowRule());
        assertEquals(NARROWED.versionId(), delegation.candidate());
        final Disagreement call = read.disagreements.get(1);
        assertEquals(Reason.ALLOWED, call.liveReason());
        assertEquals(Reason.UNKNOWN_GRANT, call.shadowReason(), "a follow-on: the candidate never created the grant");
        assertEquals(delegation.decisionId() + 1, call.decisionId());
    }

    @Test
    void shouldJournalWhatAWideningCandidateAllowsAcrossACapabilityLayoutChange(@TempDir final Path dir) {
        final ScopeBits financial = new ScopeBits(POLICY).capability("crm.lookup", "read").data("financial");
        try (JournaledEngine engine = start(dir)) {
            engine.attachShadow(WIDENED.api());
            final long[] grants = openAndRead(engine, financial);
            assertEquals(0, grants[1], "live: the reader's ceiling has no financial data");
        }
        final ShadowRecords read = read(dir, POLICY, WIDENED);
        assertEquals(1, read.disagreements.size());
        final Disagreement d = read.disagreements.get(0);
        assertEquals(DecisionOutcome.DENY, d.live());
        assertEquals(Reason.AGENT_CEILING, d.liveReason());
        assertEquals("agents.reader.ceiling", d.liveRule());
        assertEquals(DecisionOutcome.ALLOW, d.shadow());
        assertEquals(Reason.ALLOWED, d.shadowReason());
        assertNull(d.shadowRule());
    }

    @Test
    void shouldReproduceTheShadowRecordsOnReplayAndKeepTheCandidateAcrossARestart(@TempDir final Path dir) {
        try (JournaledEngine engine = start(dir)) {
            engine.attachShadow(NARROWED.api());
            openAndRead(engine, EngineFixture.readScope(POLICY));
        }
        final JournalReplay replay = new JournalReplay(null, 64, 1 << 16, 60_000, null).replay(dir);
        assertNull(replay.problem());
        assertEquals(0, replay.mismatches(), String.valueOf(replay.firstMismatch()));
        assertEquals(0, replay.shadowMismatches(), String.valueOf(replay.firstShadowMismatch()));
        assertEquals(2, replay.shadowDisagreements());
        try (JournaledEngine engine = start(dir)) {
            assertEquals(NARROWED.versionId(), engine.shadowPolicy().versionId(), "recovered from the journal");
            openAndRead(engine, EngineFixture.readScope(POLICY));
            engine.detachShadow();
            assertNull(engine.shadowPolicy());
            openAndRead(engine, EngineFixture.readScope(POLICY));
        }
        final ShadowRecords read = read(dir, POLICY, NARROWED);
        assertEquals(List.of(true, false), read.attaches);
        assertEquals(4, read.disagreements.size(), "two before the restart, two after, none once detached");
        final JournalReplay again = new JournalReplay(null, 64, 1 << 16, 60_000, null).replay(dir);
        assertEquals(0, again.mismatches(), String.valueOf(again.firstMismatch()));
        assertEquals(4, again.shadowDisagreements());
    }

    @Test
    void shouldReportAShadowRecordThatReplayDoesNotReproduce(@TempDir final Path dir) {
        final Path written = dir.resolve("written");
        try (JournaledEngine engine = start(written)) {
            engine.attachShadow(NARROWED.api());
            openAndRead(engine, EngineFixture.readScope(POLICY));
        }
        final List<byte[]> records = JournalForgery.records(written);
        final int first = JournalForgery.indexOf(records, RecordType.SHADOW_DECISION, 0);
        // Altered: the candidate's reason says something else.
        final List<byte[]> altered = new ArrayList<>(records);
        altered.set(first, JournalForgery.changeBody(records.get(first),
            dev.baton.codec.ShadowDecisionBodyLayout.SHADOW_REASON_OFFSET));
        final JournalReplay a = replayOf(dir.resolve("altered"), JournalForgery.reseal(altered, null));
        assertEquals(0, a.mismatches(), "every live decision replays");
        assertEquals(1, a.shadowMismatches());
        assertTrue(a.firstShadowMismatch().contains("shadow mode: record " + first
            + ": the SHADOW_DECISION differs from the disagreement replay found"), a.firstShadowMismatch());
        // Dropped: the journal hides a disagreement.
        final List<byte[]> dropped = new ArrayList<>(records);
        dropped.remove(first);
        final JournalReplay d = replayOf(dir.resolve("dropped"), JournalForgery.reseal(dropped, null));
        assertEquals(1, d.shadowMismatches());
        assertTrue(d.firstShadowMismatch().contains("1 disagreement(s) of the replayed candidate not journaled"),
            d.firstShadowMismatch());
        final JournalException refused = org.junit.jupiter.api.Assertions.assertThrows(JournalException.class,
            () -> start(dir.resolve("dropped")).close());
        assertTrue(refused.getMessage().contains("does not reproduce its shadow-mode records"), refused.getMessage());
    }

    private static JournalReplay replayOf(final Path dir, final List<byte[]> records) {
        JournalForgery.write(dir, records);
        final JournalReplay replay = new JournalReplay(null, 64, 1 << 16, 60_000, null).replay(dir);
        assertNull(replay.broken(), "the forger resealed it: only replay can tell");
        return replay;
    }

    @Test
    void shouldNotCompareRequestsOnGrantsCreatedBeforeTheAttach(@TempDir final Path dir) {
        try (JournaledEngine engine = start(dir)) {
            final long[] before = openAndRead(engine, EngineFixture.readScope(POLICY));
            engine.attachShadow(NARROWED.api());
            final Request r = new Request();
            decide(engine, r.reset(Request.Op.AUTHORIZE, 99).grant(before[1]).presenter(engine.identity(READER))
                .call(POLICY.capability("crm.lookup", "read"), POLICY.dataClass("internal")));
            assertEquals(Outcome.ALLOW, r.decision().outcome());
        }
        assertTrue(read(dir, POLICY, NARROWED).disagreements.isEmpty(), "the candidate never saw that task");
    }

    @Test
    void shouldJournalNothingForACandidateThatAgrees(@TempDir final Path dir) {
        try (JournaledEngine engine = start(dir)) {
            engine.attachShadow(POLICY.api());
            openAndRead(engine, EngineFixture.readScope(POLICY));
        }
        final ShadowRecords read = read(dir, POLICY, POLICY);
        assertEquals(List.of(true), read.attaches);
        assertTrue(read.disagreements.isEmpty());
    }

    private static JournaledEngine start(final Path dir) {
        return JournaledEngine.start(new EngineConfig(POLICY, dir).fsync(FsyncMode.NONE, 0));
    }

    /** Opens a task at the planner, delegates {@code scope} to the reader, and calls crm.lookup:read on internal. */
    private static long[] openAndRead(final JournaledEngine engine, final ScopeBits scope) {
        final int alice = engine.identity(ALICE);
        final int planner = engine.identity(PLANNER);
        final int reader = engine.identity(READER);
        final Request r = new Request();
        decide(engine, r.reset(Request.Op.OPEN, 1).principal(alice).purpose(POLICY.purpose("refund-dispute"))
            .child(planner, EngineFixture.rootScope(POLICY).data("financial")));
        final long root = r.decision().grantId();
        decide(engine, r.reset(Request.Op.DELEGATE, 2).grant(root).presenter(planner).child(reader, scope));
        final long child = r.decision().allowed() ? r.decision().grantId() : 0;
        if (child != 0) {
            decide(engine, r.reset(Request.Op.AUTHORIZE, 3).grant(child).presenter(reader)
                .call(POLICY.capability("crm.lookup", "read"), POLICY.dataClass("internal")));
            assertEquals(Outcome.ALLOW, r.decision().outcome(), "the live call stands");
        }
        return new long[] {root, child};
    }

    private static void decide(final JournaledEngine engine, final Request r) {
        assertEquals(JournaledEngine.Outcome.DONE, engine.decide(r, 10, java.util.concurrent.TimeUnit.SECONDS));
        assertNull(r.failure());
    }

    private static ShadowRecords read(final Path dir, final CompiledPolicy live, final CompiledPolicy candidate) {
        final ShadowRecords out = new ShadowRecords();
        final ShadowBodyDecoder shadow = new ShadowBodyDecoder();
        final ShadowDecisionBodyDecoder decision = new ShadowDecisionBodyDecoder();
        try (JournalReader reader = new JournalReader(dir)) {
            reader.read((seq, type, body, offset, length) -> {
                if (type == RecordType.SHADOW) {
                    assertEquals(CodecError.OK, shadow.wrap(body, offset, length, null));
                    out.attaches.add(shadow.attached());
                } else if (type == RecordType.SHADOW_DECISION) {
                    assertEquals(CodecError.OK, decision.wrap(body, offset, length, null));
                    out.disagreements.add(new Disagreement(decision.decisionId(), decision.child(), decision.liveOutcome(),
                        Reason.fromCode(decision.liveReason()), rule(live, decision.liveRule()), decision.shadowOutcome(),
                        Reason.fromCode(decision.shadowReason()), rule(candidate, decision.shadowRule()),
                        decision.candidateVersion()));
                }
                return true;
            });
        }
        return out;
    }

    private static String rule(final CompiledPolicy p, final int rule) {
        return rule < 0 ? null : p.ruleName(rule);
    }
}
