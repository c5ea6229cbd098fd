package dev.baton.adapter.springai;

import dev.baton.Decision;
import dev.baton.DelegationEngine;
import dev.baton.GrantRef;
import dev.baton.Policy;
import dev.baton.Reason;
import dev.baton.Scope;
import dev.baton.adapter.ConstrainedRefunds;
import dev.baton.adapter.PresentedWarrant;
import dev.baton.adapter.RefundDispute;
import dev.baton.DecisionSession;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.support.ToolCallbacks;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One dependency and a few properties: every tool bean is guarded. */
class BatonSpringAiAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(BatonSpringAiAutoConfiguration.class))
        .withBean("crmTools", CrmTools.class)
        .withBean("lookupTool", ToolCallback.class, () -> java.util.Arrays.stream(ToolCallbacks.from(new CrmTools()))
            .filter(c -> c.getToolDefinition().name().equals("lookup_customer")).findFirst().orElseThrow());

    @Test
    void shouldGuardEveryToolCallbackBeanFromProperties() {
        runner.withPropertyValues(
                "baton.adapter.policy=" + RefundDispute.repoRoot().resolve("src/policies/refund-dispute.yaml"),
                "baton.adapter.tools.lookup_customer.capability=crm.lookup:read",
                "baton.adapter.tools.lookup_customer.data=customer_pii",
                "baton.adapter.tools.lookup_customer.justification=reason")
            .run(context -> {
                assertNotNull(context.getStartupFailure() == null ? "ok" : null, String.valueOf(context.getStartupFailure()));
                final ToolCallback tool = context.getBean("lookupTool", ToolCallback.class);
                assertInstanceOf(BatonToolCallback.class, tool);
                final DelegationEngine engine = context.getBean(DelegationEngine.class);
                final PresentedWarrant crm = crmReaderGrant(engine);
                final String ok = tool.call("{\"customer_id\":\"c-2\",\"reason\":\"dispute\"}", new ToolContext(BatonToolContext.of(crm)));
                assertTrue(ok.contains("customer c-2 found"), ok);
                final String refused = tool.call("{\"customer_id\":\"c-2\"}", new ToolContext(BatonToolContext.of(crm)));
                assertTrue(refused.contains(Reason.JUSTIFICATION_REQUIRED.name()), refused);
            });
    }

    @Test
    void shouldCheckTheArgumentsThePropertiesMapAgainstThePolicysConstraints() {
        runner.withPropertyValues(
                "baton.adapter.policy=" + RefundDispute.repoRoot().resolve("src/policies/refunds-constrained.yaml"),
                "baton.adapter.tools.refund.capability=ledger.refund:refund",
                "baton.adapter.tools.refund.data=financial",
                "baton.adapter.tools.refund.arguments.amount=amount",
                "baton.adapter.tools.refund.arguments.currency=currency",
                "baton.adapter.tools.refund.arguments.order_id=order")
            .withBean("refundTool", ToolCallback.class, () -> ToolCallbacks.from(new RefundTools())[0])
            .run(context -> {
                assertNotNull(context.getStartupFailure() == null ? "ok" : null, String.valueOf(context.getStartupFailure()));
                final ToolCallback tool = context.getBean("refundTool", ToolCallback.class);
                final DelegationEngine engine = context.getBean(DelegationEngine.class);
                final ToolContext support = new ToolContext(BatonToolContext.of(supportGrant(engine)));
                final String ok = tool.call("{\"amount\":80,\"currency\":\"EUR\",\"order_id\":\"ord-1234\"}", support);
                assertTrue(ok.contains("refunded 80"), ok);
                final String refused = tool.call("{\"amount\":800,\"currency\":\"EUR\",\"order_id\":\"ord-1234\"}", support);
                assertTrue(refused.contains(Reason.ARGUMENT_CONSTRAINT.name())
                    && refused.contains(ConstrainedRefunds.AMOUNT_RULE), refused);
            });
    }

    private static PresentedWarrant supportGrant(final DelegationEngine engine) {
        final Policy policy = engine.policy();
        final Scope scope = policy.scope().capability("ledger.refund", "refund").data("financial").build();
        try (DecisionSession session = engine.session()) {
            final Decision root = session.open(engine.principal(ConstrainedRefunds.ANA), policy.purpose("refund"),
                engine.agent(ConstrainedRefunds.SUPPORT), scope);
            assertEquals(Reason.ALLOWED, root.reason(), root.describe());
            return PresentedWarrant.of(ConstrainedRefunds.SUPPORT, root);
        }
    }

    @Test
    void shouldGuardTheToolsOfEveryProviderBeanAsMcpClientToolsAre() {
        runner.withPropertyValues(
                "baton.adapter.policy=" + RefundDispute.repoRoot().resolve("src/policies/refund-dispute.yaml"))
            .withBean("remoteTools", ToolCallbackProvider.class, () -> ToolCallbackProvider.from(ToolCallbacks.from(new CrmTools())))
            .run(context -> {
                final ToolCallback[] tools = context.getBean("remoteTools", ToolCallbackProvider.class).getToolCallbacks();
                assertEquals(2, tools.length);
                for (final ToolCallback t : tools) {
                    assertInstanceOf(BatonToolCallback.class, t);
                    assertTrue(t.call("{}").startsWith("Refused by Baton"), "an unmapped tool called without a warrant never runs");
                }
            });
    }

    @Test
    void shouldRefuseToStartWithoutAnythingToDecideWith() {
        runner.run(context -> {
            assertNotNull(context.getStartupFailure(), "tools must never be left unguarded");
            assertTrue(String.valueOf(context.getStartupFailure()).contains("baton.adapter.policy")
                || rootMessage(context.getStartupFailure()).contains("baton.adapter.policy"),
                String.valueOf(context.getStartupFailure()));
        });
    }

    private static String rootMessage(final Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return String.valueOf(c.getMessage());
    }

    private static PresentedWarrant crmReaderGrant(final DelegationEngine engine) {
        final Policy policy = engine.policy();
        final Scope scope = policy.scope().capability("crm.lookup", "read").data("customer_pii").build();
        try (DecisionSession session = engine.session()) {
            final Decision root = session.open(engine.principal(RefundDispute.ALICE), policy.purpose("refund-dispute"),
                engine.agent(RefundDispute.PLANNER), scope);
            final long rootId = root.grantId();
            final Decision child = session.delegate(GrantRef.ofId(rootId), engine.agent(RefundDispute.PLANNER),
                engine.agent(RefundDispute.CRM_READER), scope);
            assertEquals(Reason.ALLOWED, child.reason(), child.describe());
            return PresentedWarrant.of(RefundDispute.CRM_READER, child);
        }
    }
}
