package dev.baton.adapter.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A client transport and a server transport provider linked in memory, for tests and examples: the MCP Java
 * SDK ships none. Each message is written to JSON and read back on the other side, as on a real wire, so
 * {@code _meta} and arguments arrive as a remote peer would see them. Each direction delivers in order on its
 * own thread.
 * <p>
 * <b>Note:</b> one client per pair; thread-safe for the SDK's use. Every message allocates (JSON text).
 */
public final class LinkedMcpTransports implements AutoCloseable {
    private final McpJsonMapper json;
    private final Scheduler toServer = Schedulers.newSingle("mcp-linked-to-server");
    private final Scheduler toClient = Schedulers.newSingle("mcp-linked-to-client");
    private final ServerSide server = new ServerSide();
    private final ClientSide client = new ClientSide();
    private volatile McpServerSession session;
    private volatile Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> clientHandler;

    /** @param json the mapper both sides write and read JSON with. */
    public LinkedMcpTransports(final McpJsonMapper json) {
        this.json = Objects.requireNonNull(json, "json");
    }

    /** @return the provider to build an {@code McpServer} on. */
    public McpServerTransportProvider serverProvider() {
        return server;
    }

    /** @return the transport to build an {@code McpClient} on. */
    public McpClientTransport clientTransport() {
        return client;
    }

    @Override
    public void close() {
        toServer.dispose();
        toClient.dispose();
    }

    private JSONRPCMessage overTheWire(final JSONRPCMessage message) {
        try {
            return McpSchema.deserializeJsonRpcMessage(json, json.writeValueAsString(message));
        } catch (final IOException e) {
            throw new UncheckedIOException("message did not survive JSON: " + message, e);
        }
    }

    private final class ServerSide implements McpServerTransportProvider {
        private final McpServerTransport transport = new McpServerTransport() {
            @Override
            public Mono<Void> sendMessage(final JSONRPCMessage message) {
                final JSONRPCMessage copy = overTheWire(message);
                return Mono.<Void>fromRunnable(() -> {
                    final Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler = clientHandler;
                    if (handler != null) {
                        handler.apply(Mono.just(copy)).subscribe();
                    }
                }).subscribeOn(toClient);
            }

            @Override
            public <T> T unmarshalFrom(final Object data, final TypeRef<T> type) {
                return json.convertValue(data, type);
            }

            @Override
            public Mono<Void> closeGracefully() {
                return Mono.empty();
            }
        };

        @Override
        public void setSessionFactory(final McpServerSession.Factory factory) {
            session = factory.create(transport);
        }

        @Override
        public Mono<Void> notifyClients(final String method, final Object params) {
            final McpServerSession s = session;
            return s == null ? Mono.empty() : s.sendNotification(method, params);
        }

        @Override
        public Mono<Void> closeGracefully() {
            final McpServerSession s = session;
            return s == null ? Mono.empty() : s.closeGracefully();
        }
    }

    private final class ClientSide implements McpClientTransport {
        @Override
        public Mono<Void> connect(final Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
            clientHandler = handler;
            return Mono.empty();
        }

        @Override
        public void setExceptionHandler(final Consumer<Throwable> handler) {
            // Nothing fails in transit in memory; a message that cannot be written to JSON throws at the sender.
        }

        @Override
        public Mono<Void> sendMessage(final JSONRPCMessage message) {
            final JSONRPCMessage copy = overTheWire(message);
            return Mono.<Void>fromRunnable(() -> {
                final McpServerSession s = session;
                if (s == null) {
                    throw new IllegalStateException("no MCP server is built on this transport pair");
                }
                s.handle(copy).subscribe();
            }).subscribeOn(toServer);
        }

        @Override
        public <T> T unmarshalFrom(final Object data, final TypeRef<T> type) {
            return json.convertValue(data, type);
        }

        @Override
        public Mono<Void> closeGracefully() {
            clientHandler = null;
            return Mono.empty();
        }
    }
}
