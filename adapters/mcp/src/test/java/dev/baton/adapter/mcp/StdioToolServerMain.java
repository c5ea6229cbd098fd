package dev.baton.adapter.mcp;

import dev.baton.Decision;
import dev.baton.adapter.EngineToolAuthorizer;
import dev.baton.adapter.RefundDispute;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;

/**
 * The child JVM of {@link McpToolGuardStdioTest}: a guarded MCP tool server on stdin/stdout. It builds the
 * same engine as the parent and takes the same steps (open, delegate), so its grants and warrants are the
 * parent's bit for bit: decisions are a pure function of policy, state, request and time. Nothing else may
 * write to stdout, which carries the protocol.
 */
public final class StdioToolServerMain {
    private StdioToolServerMain() {
    }

    public static void main(final String[] args) throws Exception {
        final RefundDispute task = new RefundDispute();
        final Decision root = task.openTask();
        task.delegateToCrmReader(root);
        final GuardedMcpServer tools = new GuardedMcpServer();
        final McpSyncServer server = tools.start(new StdioServerTransportProvider(McpJsonDefaults.getMapper()),
            new EngineToolAuthorizer(task.engine, RefundDispute.tools()), "lookup_customer", "send_mail");
        // The parent ends this process when its client closes; a forgotten child ends itself.
        Thread.sleep(Long.parseLong(args.length > 0 ? args[0] : "60000"));
        server.close();
        task.close();
    }
}
