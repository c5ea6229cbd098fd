package dev.baton.adapter.mcp;

import dev.baton.Reason;
import dev.baton.adapter.ConstrainedRefunds;
import dev.baton.adapter.EngineToolAuthorizer;
import dev.baton.adapter.GuardCode;
import dev.baton.adapter.PresentedWarrant;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MCP call's {@code arguments}, as JSON over the linked transport, reach the policy's argument
 * constraints (refunds-constrained.yaml: support refunds up to 200.00 EUR) through the declared mapping.
 */
class McpToolGuardArgumentsTest {
    private ConstrainedRefunds refunds;
    private LinkedMcpTransports link;
    private McpSyncServer server;
    private McpSyncClient client;
    private GuardedMcpServer tools;
    private McpWarrantClient warranted;

    @BeforeEach
    void setUp() throws Exception {
        refunds = new ConstrainedRefunds();
        link = new LinkedMcpTransports(McpJsonDefaults.getMapper());
        tools = new GuardedMcpServer();
        server = tools.start(link.serverProvider(), new EngineToolAuthorizer(refunds.engine, ConstrainedRefunds.tools()),
            "refund");
        client = McpClient.sync(link.clientTransport()).requestTimeout(Duration.ofSeconds(10)).build();
        client.initialize();
        final PresentedWarrant support = refunds.openTask();
        warranted = new McpWarrantClient(client, () -> support);
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
        link.close();
        refunds.close();
    }

    private static String text(final CallToolResult r) {
        return ((TextContent) r.content().get(0)).text();
    }

    @Test
    void shouldRunARefundWithinTheConstraints() {
        final CallToolResult r = warranted.callTool("refund", ConstrainedRefunds.inRange());
        assertNotEquals(Boolean.TRUE, r.isError(), text(r));
        assertEquals(1, tools.runs("refund"));
    }

    @Test
    void shouldNeverRunARefundAboveTheRangeAndNameTheArgumentAndConstraintToTheModel() {
        final CallToolResult r = warranted.callTool("refund", ConstrainedRefunds.outOfRange());
        assertEquals(Boolean.TRUE, r.isError());
        assertEquals(0, tools.runs("refund"));
        assertEquals(Reason.ARGUMENT_CONSTRAINT.name(), r.meta().get(McpWarrantMeta.REFUSAL));
        assertTrue(text(r).contains(Reason.ARGUMENT_CONSTRAINT.name()) && text(r).contains(ConstrainedRefunds.AMOUNT_RULE)
            && text(r).contains("refunds-constrained.yaml:"), text(r));
    }

    @Test
    void shouldNeverRunARefundThatLacksADeclaredArgument() {
        final Map<String, Object> args = new HashMap<>(ConstrainedRefunds.inRange());
        args.remove("order_id");
        final CallToolResult r = warranted.callTool("refund", args);
        assertEquals(0, tools.runs("refund"));
        assertEquals(GuardCode.ARGUMENT_INVALID.name(), r.meta().get(McpWarrantMeta.REFUSAL));
        assertTrue(text(r).contains("'order_id'") && text(r).contains("missing"), text(r));
    }

    @Test
    void shouldNeverRunARefundWhoseAmountIsAString() {
        final Map<String, Object> args = new HashMap<>(ConstrainedRefunds.inRange());
        args.put("amount", "120.50");
        final CallToolResult r = warranted.callTool("refund", args);
        assertEquals(0, tools.runs("refund"));
        assertEquals(GuardCode.ARGUMENT_INVALID.name(), r.meta().get(McpWarrantMeta.REFUSAL));
        assertTrue(text(r).contains("'amount'") && text(r).contains("decimal(2)"), text(r));
    }
}
