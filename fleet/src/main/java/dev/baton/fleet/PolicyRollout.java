package dev.baton.fleet;

import dev.baton.core.CompiledPolicy;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
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
