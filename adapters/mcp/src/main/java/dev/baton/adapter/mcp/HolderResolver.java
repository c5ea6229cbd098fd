package dev.baton.adapter.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;

/**
 * Says who presents a tool call. The default ({@link #FROM_META}) reads the claim in the request's
 * {@code _meta}; a server whose transport authenticates clients (mTLS, a SPIFFE SVID, an OAuth token) should
 * take the identity from the transport context (what the transport's context extractor put there) instead.
 * <p>
 * <b>Note:</b> implementations are thread-safe.
 */
@FunctionalInterface
public interface HolderResolver {
    /** Trusts the {@link McpWarrantMeta#HOLDER} claim of the request. */
    HolderResolver FROM_META = (context, request) -> null;

    /**
     * @param context the exchange's transport context ({@link McpTransportContext#EMPTY} when there is none).
     * @param request the call.
     * @return the authenticated holder, or null to read the request's {@link McpWarrantMeta#HOLDER} claim.
     */
    String holder(McpTransportContext context, CallToolRequest request);
}
