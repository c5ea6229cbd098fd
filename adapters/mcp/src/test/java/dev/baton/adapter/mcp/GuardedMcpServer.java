package dev.baton.adapter.mcp;

import dev.baton.adapter.ToolCallAuthorizer;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpServerTransportProvider;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A test MCP server whose tools count their runs, every handler behind an {@link McpToolGuard}. */
final class GuardedMcpServer {
    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    McpSyncServer start(final McpServerTransportProvider transport, final ToolCallAuthorizer authorizer,
                        final String... toolNames) {
        final McpToolGuard guard = new McpToolGuard(authorizer);
        final List<SyncToolSpecification> tools = java.util.Arrays.stream(toolNames).map(this::tool).toList();
        return McpServer.sync(transport).serverInfo("partner-tools", "1.0")
            .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
            .tools(guard.guardAll(tools)).build();
    }

    SyncToolSpecification tool(final String name) {
        runs.put(name, new AtomicInteger());
        final McpSchema.Tool tool = McpSchema.Tool.builder().name(name).description("test tool " + name)
            .inputSchema(McpJsonDefaults.getMapper(), "{\"type\":\"object\"}").build();
        return new SyncToolSpecification(tool, (exchange, request) -> {
            runs.get(name).incrementAndGet();
            return CallToolResult.builder().addTextContent(name + " ran with " + request.arguments()).build();
        });
    }

    int runs(final String name) {
        return runs.get(name).get();
    }
}
