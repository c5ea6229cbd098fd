package dev.baton.fleet;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A whole fleet's shipped journals, for an auditor: every engine's committed records and signed
 * checkpoints read from the journal topic in one pass over its partitions, and a shipped journal written
 * back as a journal directory ({@link #write}) that the engine's own reader, replay and explain read
 * exactly as the engine's local journal (the records are byte-identical, so the same checks apply).
 * <p>
 * <b>Note:</b> stateless, thread-safe; allocates (a consumer, every record).
 */
public final class FleetJournals {
    /** One engine's shipped journal: its records and its signed checkpoints, in topic order. */
    public static final class Shipped {
        private final List<byte[]> records = new ArrayList<>();
        private final List<byte[]> checkpoints = new ArrayList<>();

        /** @return its journal records, SEALs included (mutable: the reader's own copy). */
        public List<byte[]> records() {
            return records;
        }

        /** @return its checkpoint entries (mutable: the reader's own copy). */
        public List<byte[]> checkpoints() {
            return checkpoints;
        }
    }

    private FleetJournals() {
    }

    /**
     * Reads every engine's committed records and checkpoints from the fleet's journal topic, up to its end
     * as of the call. Records under a key that names no engine are skipped.
     *
     * @param config the fleet (its engine id is not used).
     * @return each engine's shipped journal, by engine id, ascending.
     * @throws org.apache.kafka.common.errors.TimeoutException if the topic is missing or not served within 5 minutes.
     */
    public static Map<Integer, Shipped> read(final FleetConfig config) {
        final Map<Integer, Shipped> engines = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
            KafkaClients.consumer(config, "baton-fleet-audit"))) {
            for (final TopicPartition p : KafkaClients.partitions(consumer, config.journalTopic())) {
                consumer.assign(List.of(p));
                consumer.seekToBeginning(List.of(p));
                final long end = consumer.endOffsets(List.of(p)).get(p);
                KafkaClients.readTo(consumer, p, end, Duration.ofMinutes(5), r -> {
                    final byte[] key = r.key();
                    if (key == null || key.length < 4) {
                        return;
                    }
                    final int engine = ByteBuffer.wrap(key).getInt();
                    if (ShippedRecords.isEngine(key, engine)) {
                        engines.computeIfAbsent(engine, e -> new Shipped()).records.add(r.value());
                    } else if (ShippedRecords.isCheckpoint(key, engine)) {
                        engines.computeIfAbsent(engine, e -> new Shipped()).checkpoints.add(r.value());
                    }
                });
            }
        }
        return engines;
    }

    /**
     * Writes shipped records, in order, as a journal directory (one Chronicle Queue document per record,
     * as the engine writes them), for the engine's reader and the audit tools.
     *
     * @param records an engine's shipped records, in order.
     * @param dir     a directory that does not exist or is empty.
     * @throws IllegalArgumentException if {@code dir} holds files.
     * @throws java.io.UncheckedIOException if it cannot be created.
     */
    public static void write(final List<byte[]> records, final Path dir) {
        try {
            Files.createDirectories(dir);
            try (var files = Files.list(dir)) {
                if (files.findAny().isPresent()) {
                    throw new IllegalArgumentException("not an empty directory: " + dir);
                }
            }
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + dir, e);
        }
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.single(dir.toFile()).rollCycle(RollCycles.FAST_DAILY)
            .build();
             ExcerptAppender appender = q.createAppender()) {
            for (final byte[] r : records) {
                try (DocumentContext dc = appender.writingDocument()) {
                    dc.wire().bytes().write(r);
                }
            }
        }
    }
}
