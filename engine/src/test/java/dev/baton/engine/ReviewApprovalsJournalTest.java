package dev.baton.engine;

import dev.baton.Agent;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.GrantRef;
import dev.baton.Outcome;
import dev.baton.Policy;
import dev.baton.Principal;
import dev.baton.Reason;
import dev.baton.Scope;
import dev.baton.core.DecisionCore;
import dev.baton.core.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * M-of-N review on the journaled engine: every approval is a journaled REVIEW decision, so replay rebuilds
 * the count (the second distinct approval makes the grant usable again on replay) and who approved when.
 */
class ReviewApprovalsJournalTest {
    private static final long T0 = 1_800_000_000_000L;

    @Test
    void shouldJournalEveryApprovalAndReplayWhoApprovedAndWhen(@TempDir final Path dir) throws Exception {
        final Policy policy = Policy.load(Path.of(ReviewApprovalsJournalTest.class
            .getResource("/policies/review-approvals.yaml").toURI()));
        final ManualClock clock = new ManualClock(T0);
        final long pending;
        try (JournaledEngine engine = JournaledEngine.start(EngineConfig.of(policy, dir).fsync(FsyncMode.NONE, 0)
            .clock(clock));
             DecisionSession s = engine.session()) {
            final Agent lead = engine.agent("spiffe://acme.example/agent/lead");
            final Agent payer = engine.agent("spiffe://acme.example/agent/payer");
            final Principal ana = engine.principal("user:ana@finance.acme.example");
            final Principal bob = engine.principal("user:bob@finance.acme.example");
            final Scope scope = policy.scope().capability("ledger.refund", "refund").data("financial").build();
            final Decision root = s.open(engine.principal("user:eve@acme.example"), policy.purpose("refunds"), lead, scope);
            final Decision child = s.delegate(new GrantRef().id(root.grantId()), lead, payer, scope);
            assertEquals(Outcome.REVIEW, child.outcome(), child::toString);
            pending = child.grantId();
            final GrantRef ref = new GrantRef().id(pending);
            clock.advance(1_000);
            assertEquals(Reason.APPROVAL_RECORDED, s.review(ref, ana, true).reason());
            clock.advance(1_000);
            assertEquals(Reason.ALREADY_APPROVED, s.review(ref, ana, true).reason());
            clock.advance(1_000);
            final Decision approved = s.review(ref, bob, true);
            assertEquals(Outcome.ALLOW, approved.outcome(), approved::toString);
            final Decision used = s.authorize(ref, payer, policy.capability("ledger.refund", "refund"),
                policy.dataClass("financial"), null, null);
            assertEquals(Outcome.ALLOW, used.outcome(), used::toString);
        }
        final JournalReplay replay = new JournalReplay(null, 64, 1 << 20, 60_000, null).replay(dir);
        assertNull(replay.problem(), replay.problem());
        assertEquals(0, replay.mismatches(), replay.firstMismatch());
        final DecisionCore core = replay.core();
        final int[] who = new int[8];
        final long[] when = new long[8];
        assertEquals(2, core.counters().approvals(pending, who, when));
        assertEquals("user:ana@finance.acme.example", core.identityName(who[0]));
        assertEquals(T0 + 1_000, when[0]);
        assertEquals("user:bob@finance.acme.example", core.identityName(who[1]));
        assertEquals(T0 + 3_000, when[1]);
    }

    @Test
    void shouldJournalTheClassOfEachApprovalAndReplayIt(@TempDir final Path dir) throws Exception {
        final Policy policy = Policy.load(Path.of(ReviewApprovalsJournalTest.class
            .getResource("/policies/review-classes.yaml").toURI()));
        final ManualClock clock = new ManualClock(T0);
        final long pending;
        try (JournaledEngine engine = JournaledEngine.start(EngineConfig.of(policy, dir).fsync(FsyncMode.NONE, 0)
            .clock(clock));
             DecisionSession s = engine.session()) {
            final Agent lead = engine.agent("spiffe://acme.example/agent/lead");
            final Agent payer = engine.agent("spiffe://acme.example/agent/payer");
            final Scope scope = policy.scope().capability("ledger.refund", "refund").data("financial").build();
            final Decision root = s.open(engine.principal("user:eve@acme.example"), policy.purpose("refunds"), lead, scope);
            final Decision child = s.delegate(new GrantRef().id(root.grantId()), lead, payer, scope);
            pending = child.grantId();
            final GrantRef ref = new GrantRef().id(pending);
            clock.advance(1_000);
            assertEquals(Reason.REVIEWER_CLASS_NOT_NAMED,
                s.review(ref, engine.principal("user:lee@leads.acme.example"), true).reason());
            assertEquals(Reason.APPROVAL_RECORDED,
                s.review(ref, engine.principal("user:ana@finance.acme.example"), true).reason());
            clock.advance(1_000);
            final Decision approved = s.review(ref, engine.principal("user:sam@security.acme.example"), true);
            assertEquals(Outcome.ALLOW, approved.outcome(), approved::toString);
            assertEquals("reviewer_classes.security", approved.rule(), approved::toString);
        }
        final JournalReplay replay = new JournalReplay(null, 64, 1 << 20, 60_000, null).replay(dir);
        assertNull(replay.problem(), replay.problem());
        assertEquals(0, replay.mismatches(), replay.firstMismatch());
        final DecisionCore core = replay.core();
        final int[] who = new int[8];
        final long[] when = new long[8];
        final int[] classes = new int[8];
        assertEquals(2, core.counters().approvals(pending, who, when));
        assertEquals(2, core.counters().approvalClasses(pending, classes));
        assertEquals("user:ana@finance.acme.example", core.identityName(who[0]));
        assertEquals("reviewer_classes.finance", core.policy().ruleName(core.counters().reviewerClassRule(classes[0])));
        assertEquals("user:sam@security.acme.example", core.identityName(who[1]));
        assertEquals(T0 + 2_000, when[1]);
        assertEquals("reviewer_classes.security", core.policy().ruleName(core.counters().reviewerClassRule(classes[1])));
    }
}
