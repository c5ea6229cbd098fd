package dev.baton.adapter.mcp;

import dev.baton.adapter.GuardCode;
import dev.baton.adapter.PresentedWarrant;
import dev.baton.adapter.ToolCall;
import dev.baton.adapter.ToolCallAuthorizer;
import dev.baton.adapter.ToolVerdict;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Wraps MCP tool handlers so that every call is authorized before the tool runs. The MCP Java SDK has no
 * server-wide interceptor, so each tool's call handler is wrapped: give the server {@link #guard} of each
 * tool specification (or {@link #guardAll}).
 * <p>
 * Per call: the warrant is read from the request's {@code _meta} ({@link McpWarrantMeta}); the tool's name
 * and arguments are mapped to the policy's capability through the authorizer's declared mapping; the
 * authorizer decides. A refused call never reaches the handler: the client gets a result with
 * {@code isError: true} whose text names the reason (what the model sees) and whose {@code _meta} holds
 * {@link McpWarrantMeta#REFUSAL} with the reason's code.
 * <p>
 * <b>Note:</b> immutable and thread-safe; handlers may run on any thread.
 */
public final class McpToolGuard {
    private final ToolCallAuthorizer authorizer;
    private final HolderResolver holders;

    /**
     * @param authorizer decides each call.
     * @param holders    says who presents each call.
     */
    public McpToolGuard(final ToolCallAuthorizer authorizer, final HolderResolver holders) {
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        this.holders = Objects.requireNonNull(holders, "holders");
    }

    /**
     * A guard that trusts the holder claim in the request's {@code _meta}.
     *
     * @param authorizer decides each call.
     */
    public McpToolGuard(final ToolCallAuthorizer authorizer) {
        this(authorizer, HolderResolver.FROM_META);
    }

    /**
     * @param spec a tool and its handler.
     * @return the same tool, its handler run only when the call is authorized.
     */
    public SyncToolSpecification guard(final SyncToolSpecification spec) {
        final BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler = spec.callHandler();
        return new SyncToolSpecification(spec.tool(), (exchange, request) -> {
            final ToolVerdict verdict = authorize(exchange, request);
            return verdict.allowed() ? handler.apply(exchange, request) : refusal(request.name(), verdict);
        });
    }

    /**
     * @param specs tools and their handlers.
     * @return each guarded, in order.
     */
    public List<SyncToolSpecification> guardAll(final List<SyncToolSpecification> specs) {
        return specs.stream().map(this::guard).toList();
    }

    /**
     * Decides one call as the guarded handler would, without running anything.
     *
     * @param exchange the server exchange, or null.
     * @param request  the call.
     * @return the verdict.
     */
    public ToolVerdict authorize(final McpSyncServerExchange exchange, final CallToolRequest request) {
        final PresentedWarrant presented;
        try {
            presented = McpWarrantMeta.read(request.meta(), holders.holder(exchange, request));
        } catch (final IllegalArgumentException e) {
            return ToolVerdict.refused(GuardCode.MALFORMED_PRESENTATION, e.getMessage());
        }
        final Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
        return authorizer.authorize(ToolCall.of(request.name(), arguments, presented));
    }

    /**
     * @param toolName the tool asked for.
     * @param verdict  a refusal.
     * @return the MCP result a refused call returns: an error naming the reason.
     */
    public static CallToolResult refusal(final String toolName, final ToolVerdict verdict) {
        return CallToolResult.builder()
            .isError(true)
            .addTextContent(verdict.modelText(toolName))
            .meta(Map.of(McpWarrantMeta.REFUSAL, verdict.code()))
            .build();
    }
}
