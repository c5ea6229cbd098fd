package dev.baton.adapter.mcp;

import dev.baton.adapter.PresentedWarrant;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The client side: attaches the current warrant to each outgoing tool call, under the keys of
 * {@link McpWarrantMeta}. The warrant comes from a supplier, so an agent framework can hand over whichever
 * warrant the calling sub-agent holds at the moment of the call.
 * <p>
 * <b>Note:</b> thread-safe when the wrapped client and the supplier are; each call allocates its request.
 */
public final class McpWarrantClient {
    private final McpSyncClient client;
    private final Supplier<PresentedWarrant> current;

    /**
     * @param client  an initialized MCP client.
     * @param current the warrant to present with each call; it may return null to present none.
     */
    public McpWarrantClient(final McpSyncClient client, final Supplier<PresentedWarrant> current) {
        this.client = Objects.requireNonNull(client, "client");
        this.current = Objects.requireNonNull(current, "current");
    }

    /**
     * @param toolName  the tool.
     * @param arguments its arguments.
     * @return the server's result (for a refusal: {@code isError} and a text naming the reason).
     */
    public CallToolResult callTool(final String toolName, final Map<String, Object> arguments) {
        return callTool(CallToolRequest.builder(toolName).arguments(arguments).build());
    }

    /**
     * @param request the call; its own {@code _meta} is kept.
     * @return the server's result.
     */
    public CallToolResult callTool(final CallToolRequest request) {
        final PresentedWarrant presented = current.get();
        return client.callTool(presented == null ? request : withWarrant(request, presented));
    }

    /**
     * @param request   a call.
     * @param presented the warrant (by bytes) to present with it.
     * @return a copy of the call carrying the warrant in its {@code _meta}.
     */
    public static CallToolRequest withWarrant(final CallToolRequest request, final PresentedWarrant presented) {
        return CallToolRequest.builder(request.name()).arguments(request.arguments())
            .meta(McpWarrantMeta.write(request.meta(), presented)).build();
    }

    /** @return the wrapped client. */
    public McpSyncClient client() {
        return client;
    }
}
