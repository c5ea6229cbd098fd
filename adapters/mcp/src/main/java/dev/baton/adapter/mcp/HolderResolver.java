package dev.baton.adapter.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;

/**
 * Says who presents a tool call. The default ({@link #FROM_META}) reads the claim in the request's
 * {@code _meta}; a server whose transport authenticates clients (mTLS, a SPIFFE SVID, an OAuth token) should
 * take the identity from there ({@code exchange.transportContext()}) instead.
 * <p>
 * <b>Note:</b> implementations are thread-safe.
 */
@FunctionalInterface
public interface HolderResolver {
    /** Trusts the {@link McpWarrantMeta#HOLDER} claim of the request. */
    HolderResolver FROM_META = (exchange, request) -> null;

    /**
     * @param exchange the server exchange (null for stateless servers).
     * @param request  the call.
     * @return the authenticated holder, or null to read the request's {@link McpWarrantMeta#HOLDER} claim.
     */
    String holder(McpSyncServerExchange exchange, CallToolRequest request);
}
