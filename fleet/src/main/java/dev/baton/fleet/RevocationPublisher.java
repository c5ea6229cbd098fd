package dev.baton.fleet;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes revocations to the fleet's compacted revocations topic, keyed by (engine id, grant id),
 * each carrying the grant's expiry; and tombstones for grants past their expiry. An idempotent producer
 * with {@code acks=all}: a retried send is written once, and a send is acknowledged only once every
 * in-sync replica has it; it retries without a deadline, so a broker outage delays a revocation but
 * never drops it. Sends are asynchronous: {@link #publish} waits for the brokers only when the
 * producer's buffer is full (Kafka's {@code max.block.ms}, then it throws); a failure is counted and
 * kept in {@link #lastError()}.
 * <p>
 * <b>Note:</b> thread-safe (Kafka's producer is). Allocates per send (key, value, record).
 */
public final class RevocationPublisher implements AutoCloseable {
    private final FleetConfig config;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile String lastError;

    /** @param config the fleet (the topics must exist). */
    public RevocationPublisher(final FleetConfig config) {
        this.config = config;
        final java.util.Properties p = KafkaClients.producer(config, "baton-revocation-publisher-" + config.engineId());
        // A revocation is never given up: it waits in the producer until the brokers take it.
        p.put(org.apache.kafka.clients.producer.ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Integer.MAX_VALUE));
        this.producer = new KafkaProducer<>(p);
    }

    /**
     * Publishes one revocation.
     *
     * @param engineId  engine that issued the grant.
     * @param grantId   its id there.
     * @param expiresAt the grant's expiry (epoch ms): engines keep the revocation until then.
     * @param revokedAt when it was revoked (epoch ms).
     */
    public void publish(final int engineId, final long grantId, final long expiresAt, final long revokedAt) {
        send(new ProducerRecord<>(config.revocationsTopic(), RevocationRecord.key(engineId, grantId),
            RevocationRecord.value(expiresAt, revokedAt)));
    }

    /** Publishes a tombstone: the grant has expired, compaction may drop its revocation. */
    public void tombstone(final int engineId, final long grantId) {
        send(new ProducerRecord<>(config.revocationsTopic(), RevocationRecord.key(engineId, grantId), null));
    }

    private void send(final ProducerRecord<byte[], byte[]> record) {
        producer.send(record, (metadata, error) -> {
            if (error == null) {
                acknowledged.incrementAndGet();
            } else {
                failed.incrementAndGet();
                lastError = error.toString();
            }
        });
    }

    /** Waits until every send so far is acknowledged or failed. */
    public void flush() {
        producer.flush();
    }

    /** @return sends the brokers acknowledged. */
    public long acknowledged() {
        return acknowledged.get();
    }

    /** @return sends that failed after the producer's retries. */
    public long failed() {
        return failed.get();
    }

    /** @return the last send's error, or null. */
    public String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        producer.close();
    }
}
