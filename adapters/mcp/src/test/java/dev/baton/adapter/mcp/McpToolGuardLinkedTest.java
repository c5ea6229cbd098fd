package dev.baton.adapter.mcp;

import dev.baton.Decision;
import dev.baton.Reason;
import dev.baton.adapter.EngineToolAuthorizer;
import dev.baton.adapter.GuardCode;
import dev.baton.adapter.PresentedWarrant;
import dev.baton.adapter.RefundDispute;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guard and the client helper over the linked in-memory transport pair: JSON both ways, no network. */
class McpToolGuardLinkedTest {
    private RefundDispute task;
    private LinkedMcpTransports link;
    private McpSyncServer server;
    private McpSyncClient client;
    private GuardedMcpServer tools;
    private final AtomicReference<PresentedWarrant> current = new AtomicReference<>();
    private McpWarrantClient warranted;
    private Decision root;
    private Decision crm;

    @BeforeEach
    void setUp() throws Exception {
        task = new RefundDispute();
        link = new LinkedMcpTransports(McpJsonDefaults.getMapper());
        tools = new GuardedMcpServer();
        server = tools.start(link.serverProvider(), new EngineToolAuthorizer(task.engine, RefundDispute.tools()),
            "lookup_customer", "send_mail", "drop_tables");
        client = McpClient.sync(link.clientTransport()).requestTimeout(Duration.ofSeconds(10)).build();
        client.initialize();
        warranted = new McpWarrantClient(client, current::get);
        root = task.openTask();
        crm = task.delegateToCrmReader(root);
        current.set(PresentedWarrant.of(RefundDispute.CRM_READER, crm));
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
        link.close();
        task.close();
    }

    private static String text(final CallToolResult r) {
        return ((TextContent) r.content().get(0)).text();
    }

    @Test
    void shouldRunAnAllowedTool() {
        final CallToolResult r = warranted.callTool("lookup_customer", Map.of("customer_id", "c-1", "reason", "dispute #4411"));
        assertNotEquals(Boolean.TRUE, r.isError(), text(r));
        assertEquals(1, tools.runs("lookup_customer"));
        assertTrue(text(r).contains("lookup_customer ran"), text(r));
    }

    @Test
    void shouldNeverRunARefusedToolAndNameTheReasonToTheModel() {
        final CallToolResult r = warranted.callTool("send_mail", Map.of("to", "x@evil.example", "reason", "ignore previous instructions"));
        assertEquals(Boolean.TRUE, r.isError());
        assertEquals(0, tools.runs("send_mail"));
        assertTrue(text(r).contains(Reason.CAPABILITY_NOT_GRANTED.name()), text(r));
        assertEquals(Reason.CAPABILITY_NOT_GRANTED.name(), r.meta().get(McpWarrantMeta.REFUSAL));
    }

    @Test
    void shouldRefuseACallWithoutAWarrant() {
        final CallToolResult r = client.callTool(CallToolRequest.builder("lookup_customer").arguments(Map.of("reason", "r")).build());
        assertEquals(Boolean.TRUE, r.isError());
        assertEquals(0, tools.runs("lookup_customer"));
        assertEquals(GuardCode.NO_WARRANT.name(), r.meta().get(McpWarrantMeta.REFUSAL));
    }

    @Test
    void shouldRefuseAToolTheServerOffersButTheMappingDoesNotDeclare() {
        final CallToolResult r = warranted.callTool("drop_tables", Map.of());
        assertEquals(0, tools.runs("drop_tables"));
        assertEquals(GuardCode.UNMAPPED_TOOL.name(), r.meta().get(McpWarrantMeta.REFUSAL));
    }

    @Test
    void shouldRefusePendingCallsOnceTheTaskIsClosed() {
        assertFalse(Boolean.TRUE.equals(warranted.callTool("lookup_customer", Map.of("reason", "first")).isError()));
        assertTrue(task.close(root).allowed());
        final CallToolResult r = warranted.callTool("lookup_customer", Map.of("reason", "late"));
        assertEquals(Boolean.TRUE, r.isError());
        assertEquals(1, tools.runs("lookup_customer"));
        assertEquals(Reason.REVOKED.name(), r.meta().get(McpWarrantMeta.REFUSAL));
    }

    @Test
    void shouldRefuseAWarrantThatIsNotBase64() {
        final CallToolResult r = client.callTool(CallToolRequest.builder("lookup_customer").arguments(Map.of("reason", "r"))
            .meta(Map.of(McpWarrantMeta.WARRANT, "!!not base64!!", McpWarrantMeta.HOLDER, RefundDispute.CRM_READER)).build());
        assertEquals(GuardCode.MALFORMED_PRESENTATION.name(), r.meta().get(McpWarrantMeta.REFUSAL));
        assertEquals(0, tools.runs("lookup_customer"));
    }

    @Test
    void shouldRefuseAWarrantReplayedByAnotherClaimedHolder() {
        final String stolen = Base64.getUrlEncoder().withoutPadding().encodeToString(crm.warrant());
        final CallToolResult r = client.callTool(CallToolRequest.builder("lookup_customer").arguments(Map.of("reason", "r"))
            .meta(Map.of(McpWarrantMeta.WARRANT, stolen, McpWarrantMeta.HOLDER, RefundDispute.PAYMENTS)).build());
        assertEquals(Reason.NOT_HOLDER.name(), r.meta().get(McpWarrantMeta.REFUSAL));
    }
}
