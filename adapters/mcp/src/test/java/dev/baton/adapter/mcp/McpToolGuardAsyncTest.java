package dev.baton.adapter.mcp;

import dev.baton.Decision;
import dev.baton.Reason;
import dev.baton.adapter.EngineToolAuthorizer;
import dev.baton.adapter.PresentedWarrant;
import dev.baton.adapter.RefundDispute;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The asynchronous handler form: the handler's Mono is subscribed only after an ALLOW. */
class McpToolGuardAsyncTest {
    @Test
    void shouldSubscribeTheAsyncHandlerOnlyWhenAllowed() throws Exception {
        try (RefundDispute task = new RefundDispute(); LinkedMcpTransports link = new LinkedMcpTransports(McpJsonDefaults.getMapper())) {
            final AtomicInteger runs = new AtomicInteger();
            final McpToolGuard guard = new McpToolGuard(new EngineToolAuthorizer(task.engine, RefundDispute.tools()));
            final McpAsyncServer server = McpServer.async(link.serverProvider()).serverInfo("async-tools", "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(guard.guard(spec("lookup_customer", runs)), guard.guard(spec("send_mail", runs))).build();
            final McpSyncClient client = McpClient.sync(link.clientTransport()).requestTimeout(Duration.ofSeconds(10)).build();
            try {
                client.initialize();
                final Decision crm = task.delegateToCrmReader(task.openTask());
                final McpWarrantClient warranted = new McpWarrantClient(client, () -> PresentedWarrant.of(RefundDispute.CRM_READER, crm));
                final CallToolResult ok = warranted.callTool("lookup_customer", Map.of("reason", "dispute"));
                assertNotEquals(Boolean.TRUE, ok.isError());
                assertEquals(1, runs.get());
                final CallToolResult refused = warranted.callTool("send_mail", Map.of("reason", "exfiltrate"));
                assertEquals(Reason.CAPABILITY_NOT_GRANTED.name(), refused.meta().get(McpWarrantMeta.REFUSAL));
                assertEquals(1, runs.get(), "the refused handler's Mono was never subscribed");
            } finally {
                client.close();
                server.close();
            }
        }
    }

    private static AsyncToolSpecification spec(final String name, final AtomicInteger runs) {
        final McpSchema.Tool tool = McpSchema.Tool.builder(name, McpJsonDefaults.getMapper(), "{\"type\":\"object\"}").build();
        return new AsyncToolSpecification(tool, (exchange, request) -> Mono.fromCallable(() -> {
            runs.incrementAndGet();
            return CallToolResult.builder().addTextContent(name + " ran").build();
        }));
    }
}
