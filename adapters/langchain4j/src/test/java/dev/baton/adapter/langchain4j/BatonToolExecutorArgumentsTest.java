package dev.baton.adapter.langchain4j;

import dev.baton.Reason;
import dev.baton.adapter.ConstrainedRefunds;
import dev.baton.adapter.EngineToolAuthorizer;
import dev.baton.adapter.GuardCode;
import dev.baton.adapter.PresentedWarrant;
import dev.baton.adapter.RefusalMode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.service.tool.ToolExecutionResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A LangChain4j tool call's JSON arguments reach the policy's argument constraints through the declared mapping. */
class BatonToolExecutorArgumentsTest {
    private ConstrainedRefunds refunds;
    private final AtomicInteger runs = new AtomicInteger();
    private BatonToolExecutor executor;

    @BeforeEach
    void setUp() throws Exception {
        refunds = new ConstrainedRefunds();
        final PresentedWarrant support = refunds.openTask();
        executor = new BatonToolExecutor((request, memoryId) -> "refunded " + runs.incrementAndGet(),
            new EngineToolAuthorizer(refunds.engine, ConstrainedRefunds.tools()), () -> support, RefusalMode.TELL_MODEL);
    }

    @AfterEach
    void tearDown() {
        refunds.close();
    }

    private ToolExecutionResult refund(final String json) {
        return executor.executeWithContext(ToolExecutionRequest.builder().id("1").name("refund").arguments(json).build(), null);
    }

    @Test
    void shouldRunARefundWithinTheConstraints() {
        final ToolExecutionResult r = refund("{\"amount\":199.99,\"currency\":\"EUR\",\"order_id\":\"ord-12345\"}");
        assertFalse(r.isError(), r.resultText());
        assertEquals(1, runs.get());
    }

    @Test
    void shouldNeverRunARefundAboveTheRangeAndNameTheArgumentAndConstraintToTheModel() {
        final ToolExecutionResult r = refund("{\"amount\":200.01,\"currency\":\"EUR\",\"order_id\":\"ord-12345\"}");
        assertTrue(r.isError());
        assertEquals(0, runs.get());
        assertTrue(r.resultText().contains(Reason.ARGUMENT_CONSTRAINT.name())
            && r.resultText().contains(ConstrainedRefunds.AMOUNT_RULE), r.resultText());
    }

    @Test
    void shouldNeverRunARefundThatLacksADeclaredArgument() {
        final ToolExecutionResult r = refund("{\"amount\":20,\"order_id\":\"ord-12345\"}");
        assertEquals(0, runs.get());
        assertTrue(r.resultText().contains(GuardCode.ARGUMENT_INVALID.name()) && r.resultText().contains("'currency'"),
            r.resultText());
    }

    @Test
    void shouldNeverRunARefundWhoseArgumentsAreNotJson() {
        final ToolExecutionResult r = refund("amount=20");
        assertEquals(0, runs.get());
        assertTrue(r.resultText().contains(GuardCode.ARGUMENT_INVALID.name()), r.resultText());
    }
}
