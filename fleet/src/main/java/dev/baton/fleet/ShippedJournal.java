package dev.baton.fleet;

import dev.baton.codec.CodecError;
import dev.baton.codec.ErrorDetail;
import dev.baton.codec.JournalChain;
import dev.baton.codec.JournalHasher;
import dev.baton.codec.JournalRecordDecoder;
import dev.baton.codec.SealBodyDecoder;
import dev.baton.codec.SealBodyLayout;
import dev.baton.engine.CheckpointLog;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * An auditor's view of one engine's shipped journal: its committed records read from the journal
 * topic, SEALs included, and the check that they are the engine's journal exactly: sequences 0, 1, 2,
 * ... with no gap and no repeat, each record's CRC intact, and the SEAL chain holding (each SEAL's
 * head over the batch it closes and the head before; its mac too, given the journal key; and, given the
 * checkpoint public key, every shipped signed checkpoint).
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
        return read(config, engineId, key -> ShippedRecords.isEngine(key, engineId));
    }

    /**
     * Reads every committed signed checkpoint of an engine (its anchor's entries, shipped after the SEALs
     * they attest), in topic order.
     *
     * @param config   the fleet.
     * @param engineId the engine.
     * @return its shipped checkpoint entries ({@code CheckpointLog.ENTRY_LENGTH} bytes each).
     * @throws org.apache.kafka.common.errors.TimeoutException if the brokers do not serve them within 5 minutes.
     */
    public static List<byte[]> readCheckpoints(final FleetConfig config, final int engineId) {
        return read(config, engineId, key -> ShippedRecords.isCheckpoint(key, engineId));
    }

    private static List<byte[]> read(final FleetConfig config, final int engineId, final Predicate<byte[]> keys) {
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
                if (keys.test(r.key())) {
                    records.add(r.value());
                }
            });
        }
        return records;
    }

    /**
     * Verifies what anyone can: see {@link #verify(List, byte[])} with no key.
     *
     * @param records an engine's shipped records, in topic order.
     * @return what is wrong with the first record that breaks the journal, or null if it holds.
     */
    public static String verify(final List<byte[]> records) {
        return verify(records, null);
    }

    /**
     * Checks an engine's shipped journal by the journal's own rules: each record well formed with an
     * intact CRC; sequences 0, 1, 2, ... with no gap and no repeat; every SEAL closing the records
     * shipped since the one before, their bytes hashing to its head (which chains each batch to the
     * one before); with the journal key, every SEAL's mac; and the journal ending with a SEAL (the
     * shipper commits whole batches only). Signed checkpoints: {@link #verify(List, byte[], List, PublicKey)}.
     *
     * @param records    an engine's shipped records, in topic order.
     * @param journalKey the engine's journal key (at least 32 bytes), or null to check heads only.
     * @return what is wrong with the first record that breaks the journal, or null if it holds.
     */
    public static String verify(final List<byte[]> records, final byte[] journalKey) {
        return verify(records, journalKey, List.of(), null);
    }

    /**
     * Checks an engine's shipped journal as {@link #verify(List, byte[])} does, and against its shipped
     * signed checkpoints: every checkpoint must verify under the engine's checkpoint public key, with
     * growing SEAL sequences, and the shipped journal must have a SEAL at each checkpoint's sequence
     * closing the signed head, up to the last checkpoint. An auditor holding only the public key (no
     * journal key) thus finds a journal rewritten up to a checkpoint, or cut before one.
     *
     * @param records       an engine's shipped records, in topic order.
     * @param journalKey    the engine's journal key, or null to check heads (and checkpoints) only.
     * @param checkpoints   its shipped checkpoint entries, in topic order ({@link #readCheckpoints}).
     * @param checkpointKey the engine's checkpoint public key (Ed25519), or null to check no checkpoint.
     * @return what is wrong first, or null if the journal and every checkpoint hold.
     */
    public static String verify(final List<byte[]> records, final byte[] journalKey, final List<byte[]> checkpoints,
                                final PublicKey checkpointKey) {
        final CheckpointLog log = checkpointKey == null ? null
            : CheckpointLog.verify(checkpoints, checkpointKey, "the shipped checkpoints");
        if (log != null && log.problem() != null) {
            return log.problem();
        }
        final JournalRecordDecoder decoder = new JournalRecordDecoder();
        final SealBodyDecoder seal = new SealBodyDecoder();
        final JournalHasher hasher = new JournalHasher();
        final JournalChain chain = new JournalChain(journalKey);
        final ErrorDetail detail = new ErrorDetail();
        final ShippedCheckpoints matcher = log == null ? null : new ShippedCheckpoints(log);
        for (int i = 0; i < records.size(); i++) {
            final byte[] r = records.get(i);
            final UnsafeBuffer buffer = new UnsafeBuffer(r);
            if (decoder.wrap(buffer, 0, r.length, detail) != CodecError.OK) {
                return "shipped record " + i + ": malformed: " + detail.message();
            }
            if (hasher.verify(decoder, detail) != CodecError.OK) {
                return "shipped record " + i + " (sequence " + decoder.sequence() + "): its CRC does not match its content";
            }
            if (decoder.sequence() != i) {
                return "shipped record " + i + ": sequence " + decoder.sequence() + " where " + i
                    + " was expected: a record is missing or shipped twice";
            }
            if (decoder.recordType() != SealBodyLayout.RECORD_TYPE) {
                chain.add(buffer, 0, r.length);
                continue;
            }
            if (seal.wrap(buffer, decoder.bodyOffset(), decoder.bodyLength(), detail) != CodecError.OK) {
                return "shipped record " + i + ": a malformed SEAL: " + detail.message();
            }
            final JournalChain.Verdict verdict = chain.verify(seal, i);
            if (verdict != JournalChain.Verdict.OK) {
                return "shipped record " + i + ": the SEAL over the " + seal.recordCount() + " records before it: "
                    + sealProblem(verdict);
            }
            final String signed = matcher == null ? null : matcher.atSeal(i, chain);
            if (signed != null) {
                return signed;
            }
        }
        if (chain.pendingRecords() > 0) {
            final long first = records.size() - chain.pendingRecords();
            return "shipped record " + first + ": it and the " + (chain.pendingRecords() - 1)
                + " after it are closed by no SEAL: the shipped journal ends inside a batch";
        }
        return matcher == null ? null : matcher.beyond(records.size());
    }

    private static String sealProblem(final JournalChain.Verdict verdict) {
        switch (verdict) {
            case WRONG_COUNT:
                return "it seals another number of records: a record is missing, inserted or the SEAL rewritten";
            case WRONG_HEAD:
                return "the records do not hash to its head: a record was changed, or the batch does not follow"
                    + " the one before (another chain)";
            case BAD_MAC:
                return "its mac does not verify under the journal key: rewritten without the key";
            case NOT_KEYED:
                return "it carries no mac, but a journal key was given: written without the key";
            default:
                return verdict.name();
        }
    }
}
