package dev.baton.engine;

import dev.baton.core.DecisionSlot;
import dev.baton.Outcome;
import dev.baton.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.baton.engine.EngineFixture.POLICY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Revoke and close through the engine: who asked is checked, journaled, and reproduced on replay. */
class RevocationJournalTest {

    @Test
    void shouldJournalTheRevokingActorAndReplayItsAuthorityCheck(@TempDir final Path dir) {
        final long root;
        final long child;
        final int planner;
        final int payer;
        final int alice;
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(POLICY, dir))) {
            alice = engine.identity("user:alice@acme.example");
            planner = engine.identity("spiffe://acme.example/agent/planner");
            payer = engine.identity("spiffe://acme.example/agent/payer");
            final int reader = engine.identity("spiffe://acme.example/agent/reader/crm");
            final Request r = new Request();
            r.reset(Request.Op.OPEN, 1).principal(alice).purpose(POLICY.purpose("refund-dispute"))
                .child(planner, EngineFixture.rootScope(POLICY));
            root = decide(engine, r, Outcome.ALLOW).grantId();
            r.reset(Request.Op.DELEGATE, 2).grant(root).presenter(planner).child(reader, EngineFixture.readScope(POLICY));
            child = decide(engine, r, Outcome.ALLOW).grantId();
            r.reset(Request.Op.REVOKE, 3).grant(child).actor(payer); // holds nothing in this task
            assertEquals(Reason.NOT_AUTHORIZED_TO_REVOKE, decide(engine, r, Outcome.DENY).reason());
            r.reset(Request.Op.CLOSE, 4).grant(root).actor(payer);
            assertEquals(Reason.NOT_AUTHORIZED_TO_REVOKE, decide(engine, r, Outcome.DENY).reason());
            r.reset(Request.Op.REVOKE, 5).grant(child).actor(planner); // the delegator
            decide(engine, r, Outcome.ALLOW);
            r.reset(Request.Op.CLOSE, 6).grant(root).actor(alice); // the task's principal
            decide(engine, r, Outcome.ALLOW);
        }
        final List<String> revocations = new ArrayList<>();
        final JournalReplay replay = new JournalReplay(null, 64, 1 << 20, 60_000, (record, i, replayed, policy, same) -> {
            if (record.op() == Request.Op.REVOKE || record.op() == Request.Op.CLOSE) {
                revocations.add(record.op() + " grant " + record.grantId() + " by " + record.principal() + ": "
                    + replayed.outcome() + " " + replayed.reason() + (same ? "" : " (MISMATCH)"));
            }
        }).replay(dir);
        assertNull(replay.problem());
        assertEquals(0, replay.mismatches());
        assertEquals(List.of(
            "REVOKE grant " + child + " by " + payer + ": DENY NOT_AUTHORIZED_TO_REVOKE",
            "CLOSE grant " + root + " by " + payer + ": DENY NOT_AUTHORIZED_TO_REVOKE",
            "REVOKE grant " + child + " by " + planner + ": ALLOW ALLOWED",
            "CLOSE grant " + root + " by " + alice + ": ALLOW ALLOWED"), revocations);
        final DecisionSlot d = new DecisionSlot();
        replay.core().authorize(root, planner, POLICY.capability("crm.lookup", "read"), POLICY.dataClass("internal"),
            null, d);
        assertEquals(Reason.REVOKED, d.reason(), "the replayed core knows the task was closed");
    }

    private static DecisionSlot decide(final JournaledEngine engine, final Request r, final Outcome expected) {
        assertEquals(JournaledEngine.Outcome.DONE, engine.decide(r, 5, TimeUnit.SECONDS));
        assertEquals(expected, r.decision().outcome(), () -> r.describe(POLICY));
        return r.decision();
    }
}
