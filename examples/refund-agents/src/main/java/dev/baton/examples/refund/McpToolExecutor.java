package dev.baton.examples.refund;

import dev.baton.adapter.mcp.McpWarrantClient;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.internal.Json;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A LangChain4j tool whose body is a call to the MCP tool server, made through {@link McpWarrantClient}: the
 * calling sub-agent's warrant travels in the request's {@code _meta}, and the server decides.
 */
final class McpToolExecutor implements ToolExecutor {
    private final McpWarrantClient client;

    McpToolExecutor(final McpWarrantClient client) {
        this.client = client;
    }

    /** @return the given MCP tools, as LangChain4j tools that call the server. */
    static Map<ToolSpecification, ToolExecutor> tools(final McpWarrantClient client, final List<String> names) {
        final Map<ToolSpecification, ToolExecutor> tools = new LinkedHashMap<>();
        for (final String name : names) {
            tools.put(ToolSpecification.builder().name(name).description(name.replace('_', ' ')).build(),
                new McpToolExecutor(client));
        }
        return tools;
    }

    @Override
    public String execute(final ToolExecutionRequest request, final Object memoryId) {
        return executeWithContext(request, null).resultText();
    }

    @Override
    @SuppressWarnings("unchecked")
    public ToolExecutionResult executeWithContext(final ToolExecutionRequest request, final InvocationContext context) {
        final Map<String, Object> args = Json.fromJson(request.arguments(), Map.class);
        final CallToolResult result = client.callTool(request.name(), args);
        final String text = result.content().stream().filter(TextContent.class::isInstance)
            .map(c -> ((TextContent) c).text()).collect(Collectors.joining("\n"));
        return ToolExecutionResult.builder().isError(Boolean.TRUE.equals(result.isError())).resultText(text).build();
    }
}
