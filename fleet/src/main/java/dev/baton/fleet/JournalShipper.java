package dev.baton.fleet;

import dev.baton.engine.JournalScan;
import dev.baton.engine.RecordType;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;

/**
 * Ships one engine's journal to the fleet's journal topic, record for record as stored (journal format
 * 2: each batch of records followed by the SEAL that closes it and links it to the batch before), keyed
 * by the engine's id, in order, exactly once across restarts and crashes of the engine and of the
 * brokers. A record ships only once its SEAL has verified locally, and a transaction always ends with a
 * SEAL, so the topic's committed records always end with a whole batch.
 * <ul>
 *   <li>Order: every record of an engine goes to one partition ({@link FleetTopics#journalPartition}),
 *       sent in sequence order by one idempotent producer (retries cannot reorder or repeat).</li>
 *   <li>Exactly once: the producer is transactional ({@code transactional.id} = fleet and engine id); each
 *       poll's records are one transaction. On start, and after any error, a new producer is
 *       initialised (fencing a predecessor and aborting its open transaction) and the last committed
 *       record of this engine is read back from the topic ({@link ShippedTail}); shipping resumes at the
 *       next sequence, and only if the local journal's record at the read-back sequence is
 *       byte-identical to it (a SEAL: same chain head, so the same journal up to there).</li>
 *   <li>Never blocks deciding: it reads the journal files on its own thread ({@link JournalTail}); the
 *       engine neither knows nor waits. Its progress is {@link #shippedSequence()}, {@link #lag()}
 *       and {@link #lagNanos()}.</li>
 * </ul>
 * <b>Note:</b> thread-safe to start, read and close; its thread ships. Allocates per record (Kafka's).
 */
public final class JournalShipper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalShipper.class);
    private static final int MAX_PER_TRANSACTION = 5_000;
    /** How long closing a failed session's producer waits for its in-flight requests (the request timeout). */
    private static final long CLOSE_MILLIS = 3_000;
    /** 5 ms after records, up to 100 ms when idle (an empty poll scans only what was appended). */
    private final IdleBackoff idle = new IdleBackoff(5, 100);
    private final FleetConfig config;
    private final Path journal;
    private final byte[] key;
    private final byte[] checkpointKey;
    /** The engine's checkpoint anchor, followed to ship its signed checkpoints; null without one. */
    private final AnchorTail anchor;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long shipped = -1;
    private volatile long seen;
    private volatile String lastError;
    private volatile long sessions;
    private final ShippingLag timeLag = new ShippingLag();
    private KafkaProducer<byte[], byte[]> producer;
    private JournalTail tail;
    private TopicPartition partition;
    /** The last record committed to the topic, until the local journal's record at its sequence matched it. */
    private byte[] readBack;
    private int inTransaction;
    /** The first failed send of this session (set by the producer's callback). */
    private volatile Exception sendError;

    private JournalShipper(final FleetConfig config, final Path journal, final Path anchor) {
        this.config = config;
        this.journal = journal;
        this.key = ShippedRecords.key(config.engineId());
        this.checkpointKey = ShippedRecords.checkpointKey(config.engineId());
        this.anchor = anchor == null ? null : new AnchorTail(anchor);
        this.thread = new Thread(this::run, "baton-journal-shipper-" + config.engineId());
        thread.setDaemon(true);
    }

    /**
     * @param config  the fleet and this engine (the topics must exist).
     * @param journal the engine's journal directory.
     * @return the running shipper.
     */
    public static JournalShipper start(final FleetConfig config, final Path journal) {
        return start(config, journal, null);
    }

    /**
     * Ships the journal and, after each SEAL that a signed checkpoint attests, that checkpoint (the anchor
     * file's entry as written, under {@link ShippedRecords#checkpointKey}, in the same transaction as the
     * SEAL or a later one), so an auditor holding the checkpoint public key checks the shipped journal
     * against them ({@link ShippedJournal#verify(java.util.List, byte[], java.util.List, java.security.PublicKey)}).
     *
     * @param config  the fleet and this engine (the topics must exist).
     * @param journal the engine's journal directory.
     * @param anchor  the engine's checkpoint anchor file ({@code EngineConfig.checkpoints}), or null.
     * @return the running shipper.
     */
    public static JournalShipper start(final FleetConfig config, final Path journal, final Path anchor) {
        final JournalShipper s = new JournalShipper(config, journal, anchor);
        s.thread.start();
        return s;
    }

    /** @return the sequence of the last record known shipped (committed), -1 if none. */
    public long shippedSequence() {
        return shipped;
    }

    /** @return records the journal was seen to hold that are not shipped yet. */
    public long lag() {
        return Math.max(0, seen - (shipped + 1));
    }

    /**
     * @return how long the oldest record not shipped yet has been in the local journal (from when this
     *     shipper first saw it), 0 when every record seen is shipped. Allocates nothing.
     */
    public long lagNanos() {
        final long oldest = timeLag.oldestUnshippedSeenNanos();
        return lag() == 0 ? 0 : Math.max(0, System.nanoTime() - oldest);
    }

    /** @return the last error (brokers unreachable, a foreign chain in the topic, a broken journal), or null. */
    public String lastError() {
        return lastError;
    }

    /** @return producer sessions begun (1 + recoveries from errors). */
    public long sessions() {
        return sessions;
    }

    private void run() {
        while (running) {
            try {
                if (producer == null) {
                    begin();
                }
                int n = tail.poll(this::send);
                if (anchor != null && readBack == null) { // checkpoints of SEALs shipped or in this transaction
                    n += anchor.poll(tail.next() - 1, this::sendCheckpoint);
                }
                seen = tail.seen();
                if (inTransaction > 0) {
                    producer.commitTransaction();
                    shipped = tail.next() - 1;
                    inTransaction = 0;
                    if (anchor != null) {
                        anchor.committed();
                    }
                }
                timeLag.update(seen, shipped, System.nanoTime());
                lastError = tail.broken() != null ? tail.broken() : shorter();
                final long sleep = idle.after(n);
                if (sleep > 0) {
                    Thread.sleep(sleep);
                }
            } catch (final InterruptedException e) {
                break;
            } catch (final KafkaException | IllegalStateException e) {
                lastError = e.toString();
                LOG.warn("journal shipper of engine {}: {}; resuming from the topic", config.engineId(), e.toString());
                reset();
                seen = Math.max(seen, JournalScan.of(journal).records()); // keep the lag visible while shipping fails
                timeLag.update(seen, shipped, System.nanoTime());
                pause();
            }
        }
        reset();
    }

    private void begin() {
        sessions++;
        final Properties p = KafkaClients.producer(config, "baton-journal-shipper-" + config.engineId());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.fleet() + "-journal-" + config.engineId());
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "10000");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "8000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144"); // a journal record is ~100-300 bytes: fewer, larger requests
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        sendError = null;
        producer = new KafkaProducer<>(p);
        producer.initTransactions();
        final int partitions = producer.partitionsFor(config.journalTopic()).size();
        partition = new TopicPartition(config.journalTopic(), FleetTopics.journalPartition(config.engineId(), partitions));
        final byte[] last = ShippedTail.lastShipped(config, partition, Duration.ofSeconds(15));
        shipped = last == null ? -1 : ShippedRecords.sequence(last);
        readBack = last;
        tail = JournalTail.wholeRecords(journal, last == null ? 0 : shipped); // from the read-back record, to compare
        if (anchor != null) {
            final String other = anchor.resumeAfter(ShippedTail.lastCheckpoint(config, partition, Duration.ofSeconds(15)));
            if (other != null) {
                throw new IllegalStateException(other);
            }
        }
        LOG.info("journal shipper of engine {}: shipping {} to {} after sequence {} (session {})", config.engineId(),
            journal, partition, shipped, sessions);
    }

    private void sendCheckpoint(final byte[] entry) {
        if (inTransaction++ == 0) {
            producer.beginTransaction();
        }
        producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), checkpointKey, entry), (m, error) -> {
            if (error != null) {
                sendError = error;
            }
        });
    }

    /** @return why shipping waits on a local journal that has not reached the shipped tail, or null. */
    private String shorter() {
        if (readBack == null || tail.seen() > shipped) {
            return null;
        }
        return "the topic holds records of engine " + config.engineId() + " up to sequence " + shipped
            + ", but its local journal has not verified that far: another journal under this engine id, or a lost tail";
    }

    private boolean send(final long sequence, final int type, final UnsafeBuffer record, final int offset, final int length) {
        if (readBack != null) { // the local record at the read-back sequence must be the one shipped
            final byte[] local = new byte[length];
            record.getBytes(offset, local);
            if (sequence != shipped || !Arrays.equals(local, readBack)) {
                throw new IllegalStateException("journal topic " + partition + " holds another journal for engine "
                    + config.engineId() + ": its record " + shipped + " differs from the local journal's record "
                    + sequence);
            }
            readBack = null;
            return true;
        }
        if (inTransaction == 0) {
            producer.beginTransaction();
        }
        final byte[] value = new byte[length];
        record.getBytes(offset, value);
        producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), key, value), (m, error) -> {
            if (error != null) {
                sendError = error;
            }
        });
        final Exception failed = sendError;
        if (failed != null) { // e.g. no metadata within max.block.ms: stop this poll, the session starts over
            throw new KafkaException("shipping record " + sequence + " failed: " + failed, failed);
        }
        return ++inTransaction < MAX_PER_TRANSACTION || type != RecordType.SEAL; // end a transaction at a SEAL
    }

    private void reset() {
        if (producer != null) {
            // Not Duration.ZERO: a produce request still in flight could reach the partition after the next
            // session's init aborted this transaction, and hang the partition's last stable offset (a
            // "hanging transaction"); closing waits for in-flight requests (at most the request timeout).
            producer.close(Duration.ofMillis(CLOSE_MILLIS));
            producer = null;
        }
        if (tail != null) {
            tail.close();
            tail = null;
        }
        inTransaction = 0;
    }

    private void pause() {
        try {
            Thread.sleep(200);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops shipping (what was committed stays; the rest ships on the next start). */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
