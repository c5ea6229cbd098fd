package dev.baton.fleet;

import dev.baton.core.CompiledPolicy;
import dev.baton.core.PolicyCompiler;
import dev.baton.policy.PolicyException;
import dev.baton.policy.PolicyParser;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * Publishes a policy to the whole fleet, once: its full text goes to the compacted policies topic under
 * the fleet's one key, so the topic keeps the policy in force and every engine's
 * {@link PolicyFollower} swaps to it.
 * <p>
 * <b>Note:</b> thread-safe. Allocates (a producer per call: roll-outs are rare).
 */
public final class PolicyRollout {
    /** The one key of the policies topic. */
    static final byte[] KEY = "policy".getBytes(StandardCharsets.UTF_8);

    private PolicyRollout() {
    }

    /**
     * Reads the policy in force in the fleet, to start an engine on it (an engine started on another
     * policy runs on that one until its {@link PolicyFollower} has swapped it).
     *
     * @param config the fleet (the topics must exist).
     * @return the latest published policy, or empty if none was published.
     * @throws IllegalStateException if the latest published policy does not compile.
     */
    public static Optional<CompiledPolicy> current(final FleetConfig config) {
        final byte[][] latest = new byte[1][];
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
            KafkaClients.consumer(config, "baton-policy-current-" + config.engineId()))) {
            final List<TopicPartition> partitions = KafkaClients.partitions(consumer, config.policiesTopic());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            for (final TopicPartition p : partitions) {
                KafkaClients.readTo(consumer, p, end.get(p), Duration.ofSeconds(30), r -> {
                    if (r.value() != null) {
                        latest[0] = r.value();
                    }
                });
            }
        }
        if (latest[0] == null) {
            return Optional.empty();
        }
        final PolicyMessage m = PolicyMessage.decode(latest[0]);
        try {
            return Optional.of(PolicyCompiler.compile(PolicyParser.parse(m.file, m.text)));
        } catch (final PolicyException e) {
            throw new IllegalStateException("the fleet's policy in " + config.policiesTopic() + " does not compile: "
                + e.getMessage(), e);
        }
    }

    /**
     * Publishes {@code policy} and waits until the brokers have it.
     *
     * @param config the fleet (the topics must exist).
     * @param policy the compiled policy: its text is what travels, every engine compiles it again.
     * @throws IllegalStateException if the brokers did not take it.
     */
    public static void publish(final FleetConfig config, final CompiledPolicy policy) {
        final byte[] value = PolicyMessage.encode(policy.file(), policy.text());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
            KafkaClients.producer(config, "baton-policy-rollout-" + config.engineId()))) {
            producer.send(new ProducerRecord<>(config.policiesTopic(), KEY, value)).get();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing policy " + policy.label(), e);
        } catch (final ExecutionException e) {
            throw new IllegalStateException("cannot publish policy " + policy.label() + ": " + e.getCause(), e.getCause());
        }
    }
}
