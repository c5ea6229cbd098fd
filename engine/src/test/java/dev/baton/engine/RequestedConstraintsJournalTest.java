package dev.baton.engine;

import dev.baton.Agent;
import dev.baton.Argument;
import dev.baton.Capability;
import dev.baton.DataClass;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.FanOut;
import dev.baton.GrantRef;
import dev.baton.Outcome;
import dev.baton.Policy;
import dev.baton.Reason;
import dev.baton.Scope;
import dev.baton.ToolArguments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requested argument constraints through the journaled engine: the constraints each delegation and fan-out
 * child asked for are journaled (ARGUMENTS constraint lists), so replay grants and refuses exactly as the live
 * engine did, and holds every call to them again, without the caller; a restart from a snapshot restores the
 * same per-grant state (the REQUESTED section) and goes on deciding as before.
 */
class RequestedConstraintsJournalTest {
    private static final String LEAD = "spiffe://acme.example/agent/lead";
    private static final String WORKER = "spiffe://acme.example/agent/worker-";

    @TempDir
    Path tmp;

    private Policy policy() throws Exception {
        return Policy.load(Path.of(RequestedConstraintsJournalTest.class
            .getResource("/policies/requested-constraints.yaml").toURI()));
    }

    private EngineConfig config(final Policy policy) {
        return EngineConfig.of(policy, tmp.resolve("journal")).fsync(FsyncMode.NONE, 0).snapshots(tmp.resolve("snap"));
    }

    /** What the live run decided, in journal order, and the grants it created. */
    private static final class Run {
        final List<String> decisions = new ArrayList<>();
        long child;
        long grandchild;
        long fanned;
    }

    private Run run(final Policy policy) throws Exception {
        final Run run = new Run();
        try (JournaledEngine engine = JournaledEngine.start(config(policy)); DecisionSession s = engine.session()) {
            final Agent lead = engine.agent(LEAD);
            final Agent w1 = engine.agent(WORKER + "1");
            final Agent w2 = engine.agent(WORKER + "2");
            final Capability refund = policy.capability("ledger.refund", "refund");
            final Argument amount = policy.argument("ledger.refund", "amount");
            final Argument order = policy.argument("ledger.refund", "order");
            final Decision root = s.open(engine.principal("user:ana@acme.example"), policy.purpose("refund"), lead,
                policy.scope().capability(refund).data("financial").build());
            run.decisions.add(root.outcome() + " " + root.reason());
            final GrantRef rootRef = new GrantRef().id(root.grantId()); // the session refills its Decision
            final Decision child = s.delegate(rootRef, lead, w1, refunds(policy, "50.00"));
            assertTrue(child.allowed(), child::describe);
            run.decisions.add(child.outcome() + " " + child.reason());
            run.child = child.grantId();
            final Decision wider = s.delegate(new GrantRef().id(run.child), w1, w2, refunds(policy, "60.00"));
            assertEquals(Reason.CONSTRAINT_NOT_ATTENUATED, wider.reason(), wider::describe);
            run.decisions.add(wider.outcome() + " " + wider.reason());
            final Decision grandchild = s.delegate(new GrantRef().id(run.child), w1, w2,
                policy.scope().capability(refund).data("financial").build());
            assertTrue(grandchild.allowed(), "inheriting the parent's requested constraints: " + grandchild.describe());
            run.decisions.add(grandchild.outcome() + " " + grandchild.reason());
            run.grandchild = grandchild.grantId();
            final FanOut out = s.fanOut(rootRef, lead, new Agent[] {w1, w2},
                new Scope[] {refunds(policy, "10.00"), refunds(policy, "2000.00")});
            for (int i = 0; i < out.size(); i++) {
                run.decisions.add(out.child(i).outcome() + " " + out.child(i).reason());
            }
            assertTrue(out.child(0).allowed(), out.child(0)::describe);
            assertEquals(Reason.CONSTRAINT_NOT_ATTENUATED, out.child(1).reason());
            run.fanned = out.child(0).grantId();
            final ToolArguments args = new ToolArguments();
            for (final long[] call : new long[][] {{run.child, 1, 5_000}, {run.child, 1, 5_001},
                {run.grandchild, 2, 5_000}, {run.grandchild, 2, 5_001}, {run.fanned, 1, 1_000}, {run.fanned, 1, 1_001}}) {
                final Decision d = s.authorize(new GrantRef().id(call[0]), engine.agent(WORKER + call[1]), refund,
                    policy.dataClass("financial"), null, null,
                    args.clear().decimal(amount, call[2], 2).string(order, "ord-12345"));
                assertEquals(call[2] % 1_000 == 0 ? Outcome.ALLOW : Outcome.DENY, d.outcome(), d::describe);
                run.decisions.add(d.outcome() + " " + d.reason());
            }
        }
        return run;
    }

    private static Scope refunds(final Policy policy, final String max) {
        return policy.scope().capability("ledger.refund", "refund").data("financial")
            .constrain("ledger.refund", "order", "exact", "ord-12345")
            .constrain("ledger.refund", "amount", "range", "0.00", max).build();
    }

    @Test
    void shouldReplayEveryDecisionUnderRequestedConstraintsExactly() throws Exception {
        final Run run = run(policy());
        final List<String> replayed = new ArrayList<>();
        final JournalReplay replay = new JournalReplay(null, 64, 1 << 20, 60_000,
            (record, i, d, p, same) -> replayed.add(d.outcome() + " " + d.reason())).replay(tmp.resolve("journal"));
        assertNull(replay.problem(), replay.problem());
        assertEquals(0, replay.mismatches(), replay.firstMismatch());
        assertEquals(run.decisions, replayed, "every decision replays to its live outcome and reason");
    }

    @Test
    void shouldAskWhatIfAgainWithTheRecordedRequestedConstraints() throws Exception {
        run(policy());
        final String text = java.nio.file.Files.readString(Path.of(RequestedConstraintsJournalTest.class
            .getResource("/policies/requested-constraints.yaml").toURI()));
        final int worker = text.indexOf("  worker:");
        final String narrower = text.substring(0, worker) + text.substring(worker)
            .replaceFirst("amount: \\{range: \\[\"0.00\", \"1000.00\"]}", "amount: {range: [\"0.00\", \"30.00\"]}");
        final dev.baton.core.CompiledPolicy next = dev.baton.core.PolicyCompiler.compile(
            dev.baton.policy.PolicyParser.parse("narrower.yaml", narrower));
        final List<String> changes = new ArrayList<>();
        final JournalReplay replay = new JournalWhatIf(next, 64, 1 << 20, 60_000,
            (record, i, recorded, d, p, followOn) -> {
                if (!followOn && !record.child(i).outcome().name().equals(d.outcome().name())) {
                    changes.add(record.op() + " " + record.child(i).outcome() + " -> " + d.outcome() + " " + d.reason());
                }
            }).run(tmp.resolve("journal"), Long.MAX_VALUE);
        assertEquals(0, replay.mismatches(), replay.firstMismatch());
        assertEquals(List.of("DELEGATE ALLOW -> DENY CONSTRAINT_NOT_ATTENUATED"), changes,
            "the 50.00 the first child asked for is over the worker's narrower 30.00; the fan-out's 10.00 is not");
    }

    @Test
    void shouldRestartFromASnapshotHoldingGrantsToTheirRequestedConstraints() throws Exception {
        final Policy policy = policy();
        final Run run = run(policy);
        final byte[] expected = SnapshotRecoveryPropertyTest.state(SnapshotRecoveryPropertyTest.replay()
            .replay(tmp.resolve("journal")).core());
        final SnapshotRecovery r = SnapshotRecovery.recover(tmp.resolve("journal"), JournalTrust.none(),
            new SnapshotStore(tmp.resolve("snap")), null, SnapshotRecoveryPropertyTest::replay);
        assertTrue(r.snapshotUsed() != null, "the engine took a snapshot at STOP");
        assertEquals(0, r.replay().mismatches());
        assertArrayEquals(expected, SnapshotRecoveryPropertyTest.state(r.replay().core()),
            "the restored core's state (REQUESTED section included) is the replayed core's");
        try (JournaledEngine engine = JournaledEngine.start(config(policy)); DecisionSession s = engine.session()) {
            final ToolArguments args = new ToolArguments();
            final Capability refund = policy.capability("ledger.refund", "refund");
            final Decision over = s.authorize(new GrantRef().id(run.grandchild), engine.agent(WORKER + "2"), refund,
                policy.dataClass("financial"), null, null, args.clear()
                    .decimal(policy.argument("ledger.refund", "amount"), 5_001, 2)
                    .string(policy.argument("ledger.refund", "order"), "ord-12345"));
            assertEquals(Reason.ARGUMENT_CONSTRAINT, over.reason(), over::describe);
            final Decision wider = s.delegate(new GrantRef().id(run.child), engine.agent(WORKER + "1"),
                engine.agent(WORKER + "3"), refunds(policy, "60.00"));
            assertEquals(Reason.CONSTRAINT_NOT_ATTENUATED, wider.reason(), wider::describe);
        }
    }
}
