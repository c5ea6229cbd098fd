package dev.baton.adapter;

import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.DelegationEngine;
import dev.baton.Policy;
import dev.baton.Scope;
import dev.baton.codec.KeyRing;
import dev.baton.core.ManualClock;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Test fixture shared by the adapters' tests of argument constraints: an in-memory engine on
 * src/policies/refunds-constrained.yaml (support refunds 0.01..200.00 EUR for orders {@code ord-NNNN}), a
 * refund task opened for the support agent, and the mapping of a framework's {@code refund} tool.
 */
public final class ConstrainedRefunds implements AutoCloseable {
    public static final String ANA = "user:ana@acme.example";
    public static final String SUPPORT = "spiffe://acme.example/agent/support";
    /** The rule that bounds support's refund amounts, as a refusal names it. */
    public static final String AMOUNT_RULE = "agents.support.ceiling.constraints.ledger.refund.amount";

    public final Policy policy;
    public final DelegationEngine engine;
    public final DecisionSession session;

    public ConstrainedRefunds() throws Exception {
        policy = Policy.load(RefundDispute.repoRoot().resolve("src/policies/refunds-constrained.yaml"));
        final byte[] secret = Arrays.copyOf("adapter-tests-secret-not-for-production".getBytes(StandardCharsets.UTF_8), 32);
        engine = DelegationEngine.inMemory(policy, new ManualClock(1_800_000_000_000L), new KeyRing(0, 1, secret));
        session = engine.session();
    }

    /** The framework's {@code refund(amount, currency, order_id, reason)} tool, its arguments declared. */
    public static ToolMapping tools() {
        return ToolMapping.builder()
            .tool("refund", ToolBinding.capability("ledger.refund", "refund").data("financial")
                .argument("amount", "amount").argument("currency", "currency").argument("order_id", "order"))
            .build();
    }

    /** @return a refund the policy allows support, as a framework decodes it. */
    public static Map<String, Object> inRange() {
        return Map.of("amount", 120.50, "currency", "EUR", "order_id", "ord-12345");
    }

    /** @return a refund above support's 200.00 ceiling. */
    public static Map<String, Object> outOfRange() {
        return Map.of("amount", 250.00, "currency", "EUR", "order_id", "ord-12345");
    }

    /** Opens a refund task for the support agent; the warrant it presents. */
    public PresentedWarrant openTask() {
        final Scope scope = policy.scope().capability("ledger.refund", "refund").data("financial").build();
        final Decision root = session.open(engine.principal(ANA), policy.purpose("refund"), engine.agent(SUPPORT), scope)
            .copy();
        if (!root.allowed()) {
            throw new IllegalStateException(root.describe());
        }
        return PresentedWarrant.of(SUPPORT, root);
    }

    @Override
    public void close() {
        session.close();
        engine.close();
    }
}
