package dev.baton.adapter.mcp;

import dev.baton.adapter.PresentedWarrant;
import dev.baton.adapter.VerifierToolAuthorizerTest;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** A tool server in another trust domain: no engine, only the offline verifier behind the guard. */
class McpToolGuardVerifierTest {
    @Test
    void shouldDecideWithTheOfflineVerifierAlone() {
        final VerifierToolAuthorizerTest issuer = new VerifierToolAuthorizerTest();
        final byte[] warrant = issuer.summariserWarrant();
        try (LinkedMcpTransports link = new LinkedMcpTransports(McpJsonDefaults.getMapper())) {
            final GuardedMcpServer tools = new GuardedMcpServer();
            final McpSyncServer server = tools.start(link.serverProvider(), issuer.authorizer, "summarize_doc", "send_mail");
            final McpSyncClient client = McpClient.sync(link.clientTransport()).requestTimeout(Duration.ofSeconds(10)).build();
            try {
                client.initialize();
                final McpWarrantClient summariser = new McpWarrantClient(client,
                    () -> PresentedWarrant.of(VerifierToolAuthorizerTest.SUMMARISER, warrant));
                final CallToolResult ok = summariser.callTool("summarize_doc", Map.of("doc", "faq.md"));
                assertNotEquals(Boolean.TRUE, ok.isError());
                final CallToolResult mail = summariser.callTool("send_mail", Map.of("to", "x@evil.example"));
                assertEquals("CAPABILITY_NOT_GRANTED", mail.meta().get(McpWarrantMeta.REFUSAL));
                issuer.revoked.revoke(VerifierToolAuthorizerTest.ISSUER, 1); // the feed says the planner's grant is gone
                final CallToolResult late = summariser.callTool("summarize_doc", Map.of("doc", "faq.md"));
                assertEquals("REVOKED", late.meta().get(McpWarrantMeta.REFUSAL));
                assertEquals(1, tools.runs("summarize_doc"));
                assertEquals(0, tools.runs("send_mail"));
            } finally {
                client.close();
                server.close();
            }
        }
    }
}
