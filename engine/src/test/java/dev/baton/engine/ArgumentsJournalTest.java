package dev.baton.engine;

import dev.baton.Agent;
import dev.baton.Argument;
import dev.baton.Capability;
import dev.baton.DataClass;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.GrantRef;
import dev.baton.Outcome;
import dev.baton.Policy;
import dev.baton.Principal;
import dev.baton.Reason;
import dev.baton.ToolArguments;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.PolicyCompiler;
import dev.baton.policy.PolicyParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;


/**
 * Tool-call arguments through the journaled engine: a constrained call is allowed when its arguments meet
 * the constraints and refused naming the constraint when not; the arguments are journaled (an ARGUMENTS
 * record before the DECISION) so replay re-checks every one exactly, and what-if under a narrower policy
 * changes exactly the calls the narrower constraint refuses.
 */
class ArgumentsJournalTest {
    private static final String SUPPORT = "spiffe://acme.example/agent/support";

    private static Policy policy() throws Exception {
        return Policy.load(Path.of(ArgumentsJournalTest.class.getResource("/policies/refunds.yaml").toURI()));
    }

    /** Runs a few calls; returns the outcomes live, in order. */
    private static List<String> runCalls(final Path dir) throws Exception {
        final Policy policy = policy();
        final List<String> live = new ArrayList<>();
        try (JournaledEngine engine = JournaledEngine.start(EngineConfig.of(policy, dir).fsync(FsyncMode.NONE, 0));
             DecisionSession s = engine.session()) {
            final Principal ana = engine.principal("user:ana@acme.example");
            final Agent support = engine.agent(SUPPORT);
            final Capability refund = policy.capability("ledger.refund", "refund");
            final Capability send = policy.capability("mail.send", "send");
            final DataClass financial = policy.dataClass("financial");
            final Argument amount = policy.argument("ledger.refund", "amount");
            final Argument order = policy.argument("ledger.refund", "order");
            final Argument to = policy.argument("mail.send", "to");
            final Decision root = s.open(ana, policy.purpose("refunds"), support,
                policy.scope().capability(refund).capability(send).data(financial).build());
            assertEquals(Outcome.ALLOW, root.outcome(), root::toString);
            final GrantRef grant = new GrantRef().id(root.grantId());
            final ToolArguments args = new ToolArguments();

            Decision d = s.authorize(grant, support, refund, financial, null, null,
                args.clear().decimal(amount, 15_000, 2).string(order, "ord-12345"));
            assertEquals(Outcome.ALLOW, d.outcome(), "a constrained call within its constraints is allowed: " + d);
            live.add(d.outcome() + " " + d.reason());

            d = s.authorize(grant, support, refund, financial, null, null,
                args.clear().decimal(amount, 20_001, 2).string(order, "ord-12345"));
            assertEquals(Reason.ARGUMENT_CONSTRAINT, d.reason(), d::toString);
            assertEquals("agents.support.ceiling.constraints.ledger.refund.amount", d.rule(), d::toString);
            live.add(d.outcome() + " " + d.reason());

            d = s.authorize(grant, support, refund, financial, null, null,
                args.clear().decimal(amount, 1_001, 3).string(order, "ord-12345"));
            assertEquals(Reason.ARGUMENT_INVALID, d.reason(), "finer than the declared scale: " + d);
            live.add(d.outcome() + " " + d.reason());

            d = s.authorize(grant, support, refund, financial, null, null);
            assertEquals(Reason.ARGUMENT_INVALID, d.reason(), "a constrained call without arguments: " + d);
            live.add(d.outcome() + " " + d.reason());

            d = s.authorize(grant, support, send, financial, null, null, args.clear().string(to, "ana@customer.example"));
            assertEquals(Outcome.ALLOW, d.outcome(), d::toString);
            live.add(d.outcome() + " " + d.reason());

            d = s.authorize(grant, support, send, financial, null, null, args.clear().string(to, "ana@evil.example"));
            assertEquals(Reason.ARGUMENT_CONSTRAINT, d.reason(), d::toString);
            live.add(d.outcome() + " " + d.reason());

            d = s.authorize(grant, support, refund, financial, null, null,
                args.clear().integer(amount, 90).string(order, "ord-0042"));
            assertEquals(Outcome.ALLOW, d.outcome(), "90 at scale 0 is 90.00: " + d);
            live.add(d.outcome() + " " + d.reason());
        }
        return live;
    }

    @Test
    void shouldAllowAndDenyConstrainedCallsOnTheJournaledEngineAndReplayThemExactly(@TempDir final Path dir)
        throws Exception {
        final List<String> live = runCalls(dir);
        final List<String> replayed = new ArrayList<>();
        final JournalReplay replay = new JournalReplay(null, 64, 1 << 20, 60_000, (record, i, d, p, same) -> {
            if (record.op() == Request.Op.AUTHORIZE) {
                replayed.add(d.outcome() + " " + d.reason());
            }
        }).replay(dir);
        assertNull(replay.problem(), replay.problem());
        assertEquals(0, replay.mismatches(), replay.firstMismatch());
        assertEquals(live, replayed, "every call replays to its live outcome and reason");
    }

    @Test
    void shouldShowWhatANarrowerConstraintWouldHaveRefused(@TempDir final Path dir) throws Exception {
        runCalls(dir);
        final String text = Files.readString(Path.of(ArgumentsJournalTest.class.getResource("/policies/refunds.yaml")
            .toURI()), StandardCharsets.UTF_8).replace("amount: {range: [\"0.01\", \"200.00\"]}",
            "amount: {range: [\"0.01\", \"100.00\"]}");
        final CompiledPolicy narrower = PolicyCompiler.compile(PolicyParser.parse("narrower.yaml", text));
        final List<String> changes = new ArrayList<>();
        final JournalWhatIf whatIf = new JournalWhatIf(narrower, 64, 1 << 20, 60_000,
            (record, i, recorded, d, next, followOn) -> {
                if (!record.child(i).outcome().name().equals(d.outcome().name())) {
                    changes.add(record.child(i).outcome() + " -> " + d.outcome() + " " + d.reason());
                }
            });
        final JournalReplay replay = whatIf.run(dir, Long.MAX_VALUE);
        assertEquals(0, replay.mismatches(), replay.firstMismatch());
        assertEquals(List.of("ALLOW -> DENY ARGUMENT_CONSTRAINT"), changes,
            "only the 150.00 refund is over the narrower range; 90.00 and the mail stay allowed");
    }

    @Test
    void shouldJournalTheArgumentsBeforeTheirDecision(@TempDir final Path dir) throws Exception {
        runCalls(dir);
        final List<String> types = new ArrayList<>();
        try (JournalReader reader = new JournalReader(dir)) {
            reader.read((seq, type, body, offset, length) -> {
                if (type == RecordType.ARGUMENTS || type == RecordType.DECISION) {
                    types.add(RecordType.name(type));
                }
                return true;
            }, Long.MAX_VALUE);
        }
        // open; then each authorize with arguments is ARGUMENTS + DECISION, the one without is DECISION alone
        assertEquals(List.of("DECISION", "ARGUMENTS", "DECISION", "ARGUMENTS", "DECISION", "ARGUMENTS", "DECISION",
            "DECISION", "ARGUMENTS", "DECISION", "ARGUMENTS", "DECISION", "ARGUMENTS", "DECISION"), types);
    }
}
