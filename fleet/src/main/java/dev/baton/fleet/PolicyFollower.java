package dev.baton.fleet;

import dev.baton.core.CompiledPolicy;
import dev.baton.core.PolicyCompiler;
import dev.baton.engine.JournaledEngine;
import dev.baton.policy.PolicyException;
import dev.baton.policy.PolicyParser;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Keeps one engine on the fleet's policy: reads the compacted policies topic from its start and, for
 * the latest policy of each poll, compiles its text and swaps the engine to it
 * ({@link JournaledEngine#swapPolicy(CompiledPolicy)}: atomic between two decisions, journaled as the
 * engine's POLICY and SWAP records, so replay needs nothing from Kafka). A policy already in force
 * (same version id: after a restart) is not swapped again. A policy that does not compile is not
 * applied: the engine keeps the policy it has, and {@link #lastError()} names the error.
 * <p>
 * <b>Note:</b> thread-safe to start, read and close; its thread swaps. Allocates (policies, records).
 */
public final class PolicyFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyFollower.class);
    private final FleetConfig config;
    private final JournaledEngine engine;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long swaps;
    private volatile String lastError;

    private PolicyFollower(final FleetConfig config, final JournaledEngine engine) {
        this.config = config;
        this.engine = engine;
        this.consumer = new KafkaConsumer<>(KafkaClients.consumer(config, "baton-policy-follower-" + config.engineId()));
        this.thread = new Thread(this::run, "baton-policy-follower-" + config.engineId());
        thread.setDaemon(true);
    }

    /**
     * @param config the fleet and this engine (the topics must exist).
     * @param engine the engine to keep on the fleet's policy.
     * @return the running follower.
     */
    public static PolicyFollower start(final FleetConfig config, final JournaledEngine engine) {
        final PolicyFollower f = new PolicyFollower(config, engine);
        f.thread.start();
        return f;
    }

    /** @return swaps this follower made. */
    public long swaps() {
        return swaps;
    }

    /** @return why the last policy read was not applied (or the brokers' last error), or null. */
    public String lastError() {
        return lastError;
    }

    private void run() {
        List<TopicPartition> partitions = null;
        while (running) {
            try {
                if (partitions == null) {
                    partitions = KafkaClients.partitions(consumer, config.policiesTopic());
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                }
                byte[] latest = null;
                for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.value() != null) {
                        latest = r.value();
                    }
                }
                if (latest != null) {
                    apply(latest);
                }
            } catch (final WakeupException e) {
                break;
            } catch (final KafkaException e) {
                failed(e.toString());
            }
        }
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
    }

    private void apply(final byte[] value) {
        final CompiledPolicy next;
        try {
            final PolicyMessage m = PolicyMessage.decode(value);
            next = PolicyCompiler.compile(PolicyParser.parse(m.file, m.text));
        } catch (final PolicyException | IllegalArgumentException e) {
            failed("policy from " + config.policiesTopic() + " not applied: " + e.getMessage());
            return;
        }
        if (next.versionId() == engine.compiledPolicy().versionId()) {
            return;
        }
        try {
            engine.swapPolicy(next);
        } catch (final IllegalStateException closed) { // the engine closed or stopped: nothing left to follow
            lastError = closed.getMessage();
            running = false;
            return;
        }
        swaps++;
        lastError = null;
    }

    /** Records an error; a WARN line when it differs from the last one (a broker down repeats it each poll). */
    private void failed(final String why) {
        if (!why.equals(lastError)) {
            LOG.warn("policy follower of fleet topic {}: {}; the engine keeps its policy", config.policiesTopic(), why);
        }
        lastError = why;
    }

    /** Stops following (the engine keeps the policy it has). */
    @Override
    public void close() {
        running = false;
        KafkaClients.stop(consumer, thread);
    }
}
