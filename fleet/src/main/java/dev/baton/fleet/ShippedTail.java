package dev.baton.fleet;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/**
 * Finds the last record (or signed checkpoint) an engine shipped: reads its journal partition backwards
 * in growing windows, committed records only, until one of that engine turns up.
 * <p>
 * Call it after the engine's transactional producer was initialised (that aborts any transaction a
 * crashed predecessor left open). It first waits until the partition's last stable offset reaches its
 * high watermark as of the call, so no committed record of this engine can still be hidden behind
 * another engine's open transaction.
 * <p>
 * <b>Note:</b> not thread-safe; allocates (a consumer and an admin client per call).
 */
final class ShippedTail {
    private ShippedTail() {
    }

    /** @return the last shipped record of {@code engineId}, or null if it shipped none. */
    static byte[] lastShipped(final FleetConfig config, final TopicPartition partition, final Duration wait) {
        return last(config, partition, wait, key -> ShippedRecords.isEngine(key, config.engineId()));
    }

    /** @return the last shipped checkpoint of {@code engineId}, or null if it shipped none. */
    static byte[] lastCheckpoint(final FleetConfig config, final TopicPartition partition, final Duration wait) {
        return last(config, partition, wait, key -> ShippedRecords.isCheckpoint(key, config.engineId()));
    }

    private static byte[] last(final FleetConfig config, final TopicPartition partition, final Duration wait,
                               final Predicate<byte[]> keys) {
        final long highWatermark = offset(config, partition, IsolationLevel.READ_UNCOMMITTED);
        final long deadline = System.nanoTime() + wait.toNanos();
        long stable;
        while ((stable = offset(config, partition, IsolationLevel.READ_COMMITTED)) < highWatermark) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("journal partition " + partition + ": the last stable offset " + stable
                    + " stayed below the high watermark " + highWatermark + " (an open transaction of another engine)");
            }
            sleep();
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
            KafkaClients.consumer(config, "baton-shipper-readback-" + config.engineId()))) {
            consumer.assign(List.of(partition));
            final long begin = consumer.beginningOffsets(List.of(partition)).get(partition);
            long windowEnd = stable;
            long window = 256;
            while (windowEnd > begin) {
                final long from = Math.max(begin, windowEnd - window);
                final byte[] found = lastIn(consumer, partition, from, windowEnd, keys);
                if (found != null) {
                    return found;
                }
                windowEnd = from;
                window = Math.min(window * 4, 1 << 20);
            }
            return null;
        }
    }

    private static byte[] lastIn(final KafkaConsumer<byte[], byte[]> consumer, final TopicPartition partition,
                                 final long from, final long to, final Predicate<byte[]> keys) {
        consumer.seek(partition, from);
        final byte[][] last = new byte[1][];
        KafkaClients.readTo(consumer, partition, to, Duration.ofSeconds(30), r -> {
            if (keys.test(r.key())) {
                last[0] = r.value();
            }
        });
        return last[0];
    }

    private static long offset(final FleetConfig config, final TopicPartition partition, final IsolationLevel level) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap()))) {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest()), new ListOffsetsOptions(level))
                .partitionResult(partition).get().offset();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted", e);
        } catch (final ExecutionException e) {
            throw new TimeoutException("cannot read the end of " + partition + ": " + e.getCause(), e.getCause());
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
