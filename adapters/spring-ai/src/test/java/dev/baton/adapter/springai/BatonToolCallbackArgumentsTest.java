package dev.baton.adapter.springai;

import dev.baton.Reason;
import dev.baton.adapter.ConstrainedRefunds;
import dev.baton.adapter.EngineToolAuthorizer;
import dev.baton.adapter.GuardCode;
import dev.baton.adapter.PresentedWarrant;
import dev.baton.adapter.RefusalMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.support.ToolCallbacks;
import org.springframework.ai.tool.ToolCallback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Spring AI tool's JSON input reaches the policy's argument constraints through the declared mapping. */
class BatonToolCallbackArgumentsTest {
    private ConstrainedRefunds refunds;
    private RefundTools tools;
    private ToolCallback refund;
    private ToolContext context;

    @BeforeEach
    void setUp() throws Exception {
        refunds = new ConstrainedRefunds();
        tools = new RefundTools();
        final EngineToolAuthorizer authorizer = new EngineToolAuthorizer(refunds.engine, ConstrainedRefunds.tools());
        refund = BatonToolCallbacks.guard(ToolCallbacks.from(tools), authorizer, RefusalMode.TELL_MODEL)[0];
        final PresentedWarrant support = refunds.openTask();
        context = new ToolContext(BatonToolContext.of(support));
    }

    @AfterEach
    void tearDown() {
        refunds.close();
    }

    @Test
    void shouldRunARefundWithinTheConstraints() {
        final String out = refund.call("{\"amount\":120.50,\"currency\":\"EUR\",\"order_id\":\"ord-12345\"}", context);
        assertEquals(1, tools.refunds.get(), out);
        assertTrue(out.contains("refunded 120.5"), out);
    }

    @Test
    void shouldNeverRunARefundAboveTheRangeAndNameTheArgumentAndConstraintToTheModel() {
        final String out = refund.call("{\"amount\":250.00,\"currency\":\"EUR\",\"order_id\":\"ord-12345\"}", context);
        assertEquals(0, tools.refunds.get());
        assertTrue(out.contains(Reason.ARGUMENT_CONSTRAINT.name()) && out.contains(ConstrainedRefunds.AMOUNT_RULE)
            && out.contains("was not run"), out);
    }

    @Test
    void shouldNeverRunARefundWithAnArgumentOfTheWrongType() {
        final String out = refund.call("{\"amount\":120.50,\"currency\":\"EUR\",\"order_id\":12345}", context);
        assertEquals(0, tools.refunds.get());
        assertTrue(out.contains(GuardCode.ARGUMENT_INVALID.name()) && out.contains("'order_id'"), out);
    }

    @Test
    void shouldNeverRunARefundWithMoreFractionDigitsThanDeclared() {
        final String out = refund.call("{\"amount\":120.505,\"currency\":\"EUR\",\"order_id\":\"ord-12345\"}", context);
        assertEquals(0, tools.refunds.get());
        assertTrue(out.contains(GuardCode.ARGUMENT_INVALID.name()) && out.contains("more than 2 fraction digits"), out);
    }
}
