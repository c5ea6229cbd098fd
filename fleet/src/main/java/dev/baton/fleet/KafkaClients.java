package dev.baton.fleet;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The Kafka client settings the fleet uses: byte-array keys and values, idempotent producers with
 * {@code acks=all}, consumers without a group that read only committed records.
 * <p>
 * <b>Note:</b> stateless, thread-safe; allocates the settings.
 */
final class KafkaClients {
    private KafkaClients() {
    }

    /**
     * Wakes a follower's consumer out of its poll and waits up to 5 s for its thread to end (the
     * caller has cleared its running flag first).
     */
    static void stop(final KafkaConsumer<?, ?> consumer, final Thread thread) {
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Properties producer(final FleetConfig config, final String clientId) {
        final Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        return p;
    }

    static Properties consumer(final FleetConfig config, final String clientId) {
        final Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        return p;
    }

    /**
     * Polls until the consumer's position in {@code partition} reaches {@code end}, handing each record
     * below {@code end} to {@code sink}.
     *
     * @throws TimeoutException if the position does not reach {@code end} within {@code timeout}.
     */
    static void readTo(final KafkaConsumer<byte[], byte[]> consumer, final TopicPartition partition, final long end,
                       final Duration timeout, final java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (consumer.position(partition, timeout) < end) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("reading " + partition + " up to offset " + end + " took longer than " + timeout);
            }
            for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200)).records(partition)) {
                if (r.offset() < end) {
                    sink.accept(r);
                }
            }
        }
    }

    /** @return every partition of {@code topic}, sorted. */
    static List<TopicPartition> partitions(final KafkaConsumer<?, ?> consumer, final String topic) {
        final List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        if (infos == null || infos.isEmpty()) {
            throw new TimeoutException("topic " + topic + " not found: create the fleet's topics first (FleetTopics.create)");
        }
        final List<TopicPartition> partitions = new ArrayList<>();
        for (final PartitionInfo info : infos) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        partitions.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
        return partitions;
    }
}
