package dev.baton.core;

import dev.baton.Outcome;
import dev.baton.Reason;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The first refusing step is a decision's reason, but {@link DecisionCore#denials} (a delegation) and
 * {@link DecisionCore#callDenials} (a tool call) list every step that refuses it: a {@code NEVER_LEAVE}
 * behind an agent-ceiling denial is no longer hidden.
 */
class EveryDenialTest {
    @Test
    void shouldShowTheNeverLeaveBehindTheCeilingDenial() {
        final CompiledPolicy policy = TestPolicies.example("refunds-constrained.yaml");
        final DecisionCore core = new DecisionCore(policy, new ManualClock(1_790_000_000_000L));
        final DecisionSlot d = new DecisionSlot();
        final int support = core.identity("spiffe://acme.example/agent/support");
        final int partner = core.identity("spiffe://partner.example/mcp/summariser");
        final ScopeBits root = new ScopeBits(policy).capability("ledger.refund", "refund")
            .capability("doc.summarize", "summarize").data("financial").data("public");
        core.open(core.identity("user:ana@acme.example"), policy.purpose("refund"), support, root, d);
        assertEquals(Outcome.ALLOW, d.outcome(), () -> d.describe(policy));
        final long grant = d.grantId();
        final ScopeBits asked = new ScopeBits(policy).capability("ledger.refund", "refund").data("financial");
        core.delegate(grant, support, partner, asked, d);
        assertEquals(Reason.AGENT_CEILING, d.reason(), "the first refusing step is the decision's reason");
        final DecisionSlot[] all = new DecisionSlot[8];
        for (int i = 0; i < all.length; i++) {
            all[i] = new DecisionSlot();
        }
        assertEquals(3, core.denials(grant, support, partner, asked, all));
        assertEquals(Reason.AGENT_CEILING, all[0].reason());
        assertEquals("agents.partner.ceiling", policy.ruleName(all[0].rule()));
        assertEquals(Reason.CONSTRAINT_NOT_ATTENUATED, all[1].reason(), "support's refund range is not the partner's");
        assertEquals(Reason.NEVER_LEAVE, all[2].reason(), "the refusal the first one hid");
        assertEquals("never_leave", policy.ruleName(all[2].rule()).substring(0, "never_leave".length()));
    }

    @Test
    void shouldShowTheArgumentConstraintBehindAnUngrantedDataClass() {
        final CompiledPolicy policy = TestPolicies.example("refunds-constrained.yaml");
        final DecisionCore core = new DecisionCore(policy, new ManualClock(1_790_000_000_000L));
        final DecisionSlot d = new DecisionSlot();
        final int support = core.identity("spiffe://acme.example/agent/support");
        core.open(core.identity("user:ana@acme.example"), policy.purpose("refund"), support,
            new ScopeBits(policy).capability("ledger.refund", "refund").data("financial"), d);
        final long grant = d.grantId();
        final dev.baton.ToolArguments args = new dev.baton.ToolArguments()
            .decimal(policy.api().argument("ledger.refund", "amount"), 25_000, 2)
            .string(policy.api().argument("ledger.refund", "currency"), "EUR")
            .string(policy.api().argument("ledger.refund", "order"), "ord-12345");
        final int refund = policy.capability("ledger.refund", "refund");
        final int pub = policy.dataClass("public");
        core.authorize(grant, support, refund, pub, null, args, d);
        assertEquals(Reason.DATA_NOT_GRANTED, d.reason());
        final DecisionSlot[] all = new DecisionSlot[12];
        for (int i = 0; i < all.length; i++) {
            all[i] = new DecisionSlot();
        }
        assertEquals(2, core.callDenials(grant, support, refund, pub, null, args, all));
        assertEquals(Reason.DATA_NOT_GRANTED, all[0].reason());
        assertEquals(Reason.ARGUMENT_CONSTRAINT, all[1].reason(), "250.00 is over support's range as well");
        assertEquals(0, core.callDenials(grant, support, refund, policy.dataClass("financial"), null,
            args.clear().decimal(policy.api().argument("ledger.refund", "amount"), 100, 2)
                .string(policy.api().argument("ledger.refund", "currency"), "EUR")
                .string(policy.api().argument("ledger.refund", "order"), "ord-12345"), all), "a call every check passes");
    }
}
