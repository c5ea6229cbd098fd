package dev.baton.fleet;

import dev.baton.codec.CodecError;
import dev.baton.codec.ErrorDetail;
import dev.baton.codec.JournalHasher;
import dev.baton.codec.JournalRecordDecoder;
import dev.baton.codec.JournalRecordLayout;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An auditor's view of one engine's shipped journal: its committed records read from the journal
 * topic, and the check that they form the engine's chain exactly: sequences 0, 1, 2, ... with no gap
 * and no repeat, each record's hash intact and linked to the one before, by the journal's own rules.
 * <p>
 * <b>Note:</b> stateless, thread-safe; allocates (a consumer, the records).
 */
public final class ShippedJournal {
    private ShippedJournal() {
    }

    /**
     * Reads every committed record of an engine, in topic order, up to the topic's end as of the call.
     *
     * @param config   the fleet.
     * @param engineId the engine.
     * @return its shipped records.
     * @throws org.apache.kafka.common.errors.TimeoutException if the brokers do not serve them within 5 minutes.
     */
    public static List<byte[]> read(final FleetConfig config, final int engineId) {
        final List<byte[]> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
            KafkaClients.consumer(config, "baton-shipped-journal-" + engineId))) {
            final int partitions = KafkaClients.partitions(consumer, config.journalTopic()).size();
            final TopicPartition p = new TopicPartition(config.journalTopic(),
                FleetTopics.journalPartition(engineId, partitions));
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            final long end = consumer.endOffsets(List.of(p)).get(p);
            KafkaClients.readTo(consumer, p, end, Duration.ofMinutes(5), r -> {
                if (ShippedRecords.isEngine(r.key(), engineId)) {
                    records.add(r.value());
                }
            });
        }
        return records;
    }

    /**
     * @param records an engine's shipped records, in topic order.
     * @return what is wrong with the first record that breaks the chain, or null if the chain holds.
     */
    public static String verify(final List<byte[]> records) {
        final JournalRecordDecoder decoder = new JournalRecordDecoder();
        final JournalHasher hasher = new JournalHasher();
        final ErrorDetail detail = new ErrorDetail();
        final byte[] previous = new byte[JournalRecordLayout.RECORD_HASH_LENGTH];
        final byte[] link = new byte[JournalRecordLayout.RECORD_HASH_LENGTH];
        for (int i = 0; i < records.size(); i++) {
            final byte[] r = records.get(i);
            if (decoder.wrap(new UnsafeBuffer(r), 0, r.length, detail) != CodecError.OK) {
                return "shipped record " + i + ": malformed: " + detail.message();
            }
            if (hasher.verify(decoder, detail) != CodecError.OK) {
                return "shipped record " + i + " (sequence " + decoder.sequence() + "): its hash does not match its content";
            }
            if (decoder.sequence() != i) {
                return "shipped record " + i + ": sequence " + decoder.sequence() + " where " + i
                    + " was expected: a record is missing or shipped twice";
            }
            decoder.getPreviousHash(link, 0);
            if (!Arrays.equals(previous, link)) {
                return "shipped record " + i + ": it does not link to the record before it";
            }
            decoder.getRecordHash(previous, 0);
        }
        return null;
    }
}
