package dev.baton.adapter.mcp;

import dev.baton.Decision;
import dev.baton.Reason;
import dev.baton.adapter.PresentedWarrant;
import dev.baton.adapter.RefundDispute;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guard in a child JVM, spoken to over stdio as an MCP host would: the warrant crosses a process. */
class McpToolGuardStdioTest {
    @Test
    void shouldAuthorizeCallsToAToolServerInAChildJvm() throws Exception {
        final Decision crm;
        try (RefundDispute parent = new RefundDispute()) {
            crm = parent.delegateToCrmReader(parent.openTask()); // the same steps the child takes
        }
        final McpSyncClient client = McpClient.sync(new StdioClientTransport(childJvm(), McpJsonDefaults.getMapper()))
            .requestTimeout(Duration.ofSeconds(30)).initializationTimeout(Duration.ofSeconds(30)).build();
        try {
            client.initialize();
            final McpWarrantClient warranted = new McpWarrantClient(client,
                () -> PresentedWarrant.of(RefundDispute.CRM_READER, crm));

            final CallToolResult allowed = warranted.callTool("lookup_customer", Map.of("customer_id", "c-9", "reason", "dispute"));
            assertNotEquals(Boolean.TRUE, allowed.isError(), text(allowed));
            assertTrue(text(allowed).startsWith("lookup_customer ran"), text(allowed));

            final CallToolResult refused = warranted.callTool("send_mail", Map.of("reason", "exfiltrate"));
            assertEquals(Boolean.TRUE, refused.isError());
            assertEquals(Reason.CAPABILITY_NOT_GRANTED.name(), refused.meta().get(McpWarrantMeta.REFUSAL));
            assertTrue(text(refused).contains("was not run"), text(refused));

            final byte[] tampered = crm.warrant();
            tampered[tampered.length / 2] ^= 0x20;
            final CallToolResult forged = new McpWarrantClient(client, () -> PresentedWarrant.of(RefundDispute.CRM_READER, tampered))
                .callTool("lookup_customer", Map.of("reason", "dispute"));
            assertEquals(Boolean.TRUE, forged.isError(), text(forged));
        } finally {
            client.closeGracefully();
        }
    }

    private static String text(final CallToolResult r) {
        return ((TextContent) r.content().get(0)).text();
    }

    private static ServerParameters childJvm() {
        final List<String> args = new ArrayList<>();
        for (final String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-") || a.startsWith("--enable-native-access") || a.startsWith("--sun-misc")) {
                args.add(a); // the Agrona export the key ring's buffers need, as the parent was given
            }
        }
        args.add("-Xmx64m");
        args.add("-XX:TieredStopAtLevel=1");
        args.add("-Dbaton.repo.root=" + RefundDispute.repoRoot());
        args.add("-cp");
        args.add(System.getProperty("java.class.path"));
        args.add(StdioToolServerMain.class.getName());
        return ServerParameters.builder(Path.of(System.getProperty("java.home"), "bin", "java").toString()).args(args).build();
    }
}
