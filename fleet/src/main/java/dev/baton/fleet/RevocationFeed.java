package dev.baton.fleet;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * One engine's view of the fleet's revocations: a thread reads the whole compacted revocations topic
 * (every partition, no consumer group: every engine needs every record) into a bounded
 * {@link RevocationTable}, applies each new record as it arrives, and drops entries past their grant's
 * expiry.
 * <p>
 * <b>Staleness.</b> The view is <em>fresh as of</em> T when the thread asked the brokers for the
 * topic's end offsets at T and has since read up to them. It asks every {@code staleness / 4}. When the
 * freshest such T is older than the configured bound, {@link #isStale()} is true: foreign warrants must
 * then be denied ({@link ForeignGrantCheck}); nothing else changes, and the view becomes fresh again by
 * itself once the brokers answer and it catches up. Before the first catch-up the view is stale. A full
 * table (more live revocations than the bound) also reads as stale: a revocation it could not keep
 * would otherwise be missed.
 * <p>
 * The {@link Listener} is told of every revocation read that has not expired, in the topic's order (a full
 * table included; repeats too, after a restart): {@link RingRevocations} applies each on the engine's ring,
 * where it is journaled.
 * <p>
 * <b>Note:</b> thread-safe. {@link #isRevoked} and {@link #isStale} allocate nothing; the feed's own
 * thread allocates (Kafka's records).
 */
public final class RevocationFeed implements FeedView, AutoCloseable {
    /**
     * Told of each revocation the feed reads that has not expired, in the topic's order, on the feed's thread
     * (to journal it: {@link RingRevocations}; to count it, ...); also when the table is full, and again
     * when the feed reads the topic again.
     */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param engineId  engine that issued the grant.
         * @param grantId   its id there.
         * @param expiresAt the grant's expiry (epoch ms).
         * @param revokedAt when its engine revoked it (epoch ms).
         */
        void onRevocation(int engineId, long grantId, long expiresAt, long revokedAt);

        /** After the revocations of one poll of the topic were handed over (default: nothing). */
        default void afterBatch() {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(RevocationFeed.class);
    private final FleetConfig config;
    private final InstantSource clock;
    private final Listener listener;
    private final RevocationTable table;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final long boundMillis;
    private volatile boolean running = true;
    private volatile long freshAsOf = Long.MIN_VALUE;
    private volatile boolean full;
    private volatile long applied;
    private volatile long malformed;
    private volatile String lastError;

    private RevocationFeed(final FleetConfig config, final InstantSource clock, final Listener listener) {
        this.config = config;
        this.clock = clock;
        this.listener = listener;
        this.boundMillis = config.staleness().toMillis();
        this.table = new RevocationTable(config.maxRevocations());
        this.consumer = new KafkaConsumer<>(KafkaClients.consumer(config, "baton-revocations-" + config.engineId()));
        this.thread = new Thread(this::run, "baton-revocation-feed-" + config.engineId());
        thread.setDaemon(true);
    }

    /**
     * Starts reading the fleet's revocations (the topics must exist: {@link FleetTopics#create}).
     *
     * @param config   the fleet and this engine.
     * @param clock    wall clock for expiries and staleness.
     * @param listener told of each applied revocation, or null.
     * @return the running feed; stale until it has caught up once.
     */
    public static RevocationFeed start(final FleetConfig config, final InstantSource clock, final Listener listener) {
        final RevocationFeed feed = new RevocationFeed(config, clock, listener);
        feed.thread.start();
        return feed;
    }

    @Override // dev.baton.verifier.RevocationSource
    public boolean isRevoked(final int engineId, final long grantId) {
        return table.contains(engineId, grantId);
    }

    /** Also stale before the first catch-up and while the table is full. */
    @Override
    public boolean isStale() {
        final long fresh = freshAsOf;
        return full || fresh == Long.MIN_VALUE || clock.millis() - fresh > boundMillis;
    }

    /** @return how old the view is, in ms; {@code Long.MAX_VALUE} before the first catch-up. */
    public long viewAgeMillis() {
        final long fresh = freshAsOf;
        return fresh == Long.MIN_VALUE ? Long.MAX_VALUE : Math.max(0, clock.millis() - fresh);
    }

    /** @return revocations kept now (live grants revoked fleet-wide). */
    public int size() {
        return table.size();
    }

    /** @return revocation records applied since start. */
    public long applied() {
        return applied;
    }

    /** @return records of the topic that were not a revocation this build reads (skipped, counted). */
    public long malformed() {
        return malformed;
    }

    /** @return the last error talking to the brokers, or null. */
    public String lastError() {
        return lastError;
    }

    private void run() {
        final FreshnessProbe probe = new FreshnessProbe(consumer, clock, Math.max(50, boundMillis / 4));
        List<TopicPartition> partitions = null;
        while (running) {
            try {
                if (partitions == null) {
                    partitions = KafkaClients.partitions(consumer, config.revocationsTopic());
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                }
                final ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(50));
                for (final ConsumerRecord<byte[], byte[]> r : records) {
                    apply(r.key(), r.value());
                }
                if (listener != null && !records.isEmpty()) {
                    listener.afterBatch();
                }
                table.purgeExpired(clock.millis());
                full = table.size() >= table.capacity();
                final long fresh = probe.poll(partitions);
                if (fresh > freshAsOf) {
                    freshAsOf = fresh;
                }
                lastError = null;
            } catch (final WakeupException e) {
                break;
            } catch (final KafkaException e) {
                lastError = e.toString();
                LOG.warn("revocation feed: {}", e.toString());
                sleep(100);
            }
        }
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
    }

    private void apply(final byte[] key, final byte[] value) {
        if (!RevocationRecord.isKey(key)) {
            malformed++;
            return;
        }
        final int engineId = RevocationRecord.engineId(key);
        final long grantId = RevocationRecord.grantId(key);
        if (value == null) {
            table.remove(engineId, grantId);
            return;
        }
        long expiresAt = RevocationRecord.expiresAt(value);
        final long revokedAt;
        if (expiresAt < 0) { // fail closed: the grant is revoked; for as long as any grant can live
            malformed++;
            revokedAt = clock.millis();
            expiresAt = revokedAt + config.maxGrantTtl().toMillis();
        } else {
            revokedAt = RevocationRecord.revokedAt(value);
        }
        if (expiresAt <= clock.millis()) {
            return; // expired already: nothing to deny
        }
        if (table.put(engineId, grantId, expiresAt)) {
            applied++;
        } else {
            full = true; // stale until expiries free room; the listener (the engine's journaled set) still keeps it
        }
        if (listener != null) {
            listener.onRevocation(engineId, grantId, expiresAt, revokedAt);
        }
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the feed's thread and closes its consumer. */
    @Override
    public void close() {
        running = false;
        KafkaClients.stop(consumer, thread);
    }

    /** Asks for end offsets now and then; answers the time of the last answer the consumer has read up to. */
    private static final class FreshnessProbe {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final InstantSource clock;
        private final long everyMillis;
        private long askedAt = Long.MIN_VALUE;
        private Map<TopicPartition, Long> targets;
        private long targetsAt = Long.MIN_VALUE;

        FreshnessProbe(final KafkaConsumer<byte[], byte[]> consumer, final InstantSource clock, final long everyMillis) {
            this.consumer = consumer;
            this.clock = clock;
            this.everyMillis = everyMillis;
        }

        /** @return the time the view is fresh as of, or {@code Long.MIN_VALUE} if not known yet. */
        long poll(final List<TopicPartition> partitions) {
            final long now = clock.millis();
            if (targets == null && (askedAt == Long.MIN_VALUE || now - askedAt >= everyMillis)) {
                askedAt = now;
                targets = consumer.endOffsets(partitions, Duration.ofMillis(everyMillis)); // throws if unreachable
                targetsAt = now;
            }
            if (targets == null) {
                return Long.MIN_VALUE;
            }
            for (final Map.Entry<TopicPartition, Long> t : targets.entrySet()) {
                if (consumer.position(t.getKey(), Duration.ofMillis(everyMillis)) < t.getValue()) {
                    return Long.MIN_VALUE;
                }
            }
            targets = null;
            return targetsAt;
        }
    }
}
