package dev.baton.fleet;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * One Kafka broker inside this JVM for the demo and the tests: KRaft, broker and controller in one
 * node, every listener bound to 127.0.0.1 (never the wildcard address), replication factor 1. It keeps
 * its log directory and ports across {@link #stop()} and {@link #start()}, so clients reconnect to the
 * same address and find their records again, as after a real broker's restart.
 * <p>
 * Uses the broker's internal API ({@code KafkaRaftServer} of {@code kafka_2.13}, an optional dependency
 * of this module): an application talking to a real cluster needs none of it.
 * <p>
 * <b>Note:</b> not thread-safe (start and stop from one thread). Allocates (a broker).
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private final String clusterId = Uuid.randomUuid().toString();
    private KafkaRaftServer server;
    private boolean formatted;

    private EmbeddedBroker(final Path logDir, final int port, final int controllerPort) {
        this.logDir = logDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /**
     * Formats a new log directory and starts the broker on two free loopback ports.
     *
     * @param logDir an empty or missing directory, kept across restarts.
     * @return the running broker.
     */
    public static EmbeddedBroker start(final Path logDir) {
        final EmbeddedBroker broker = new EmbeddedBroker(logDir, freePort(), freePort());
        broker.start();
        return broker;
    }

    /** @return {@code 127.0.0.1:port}, for {@code bootstrap.servers}. */
    public String bootstrap() {
        return HOST + ":" + port;
    }

    /** Starts the broker again after {@link #stop()} (same directory, same ports); nothing if running. */
    public void start() {
        if (server != null) {
            return;
        }
        final KafkaConfig config = KafkaConfig.fromProps(properties(), false);
        if (!formatted) {
            format();
            formatted = true;
        }
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
    }

    /** Stops the broker (its records stay in the log directory); nothing if stopped. */
    public void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private Properties properties() {
        final Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("unstable.api.versions.enable", "false");
        p.put("unstable.feature.versions.enable", "false");
        p.put("auto.create.topics.enable", "false");
        p.put("log.cleaner.backoff.ms", "1000");
        return p;
    }

    private void format() {
        try {
            Files.createDirectories(logDir);
            new Formatter()
                .setPrintStream(new PrintStream(PrintStream.nullOutputStream(), false, java.nio.charset.StandardCharsets.UTF_8))
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setNodeId(1)
                .setClusterId(clusterId)
                .setDirectories(List.of(logDir.toAbsolutePath().toString()))
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setUnstableFeatureVersionsEnabled(false)
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(logDir.toAbsolutePath().toString())
                .run();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot format the embedded broker's log directory " + logDir, e);
        } catch (final Exception e) {
            throw new IllegalStateException("cannot format the embedded broker's log directory " + logDir + ": " + e, e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }
}
