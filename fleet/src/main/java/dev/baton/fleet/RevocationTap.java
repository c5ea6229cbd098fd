package dev.baton.fleet;

import dev.baton.codec.CodecError;
import dev.baton.codec.DecisionBodyDecoder;
import dev.baton.codec.DecisionDecoder;
import dev.baton.codec.DecisionOutcome;
import dev.baton.codec.Operation;
import dev.baton.engine.RecordType;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.PriorityQueue;

/**
 * Feeds the fleet's revocations from one engine's decisions: it follows the engine's journal
 * ({@link JournalTail}) and publishes every REVOKE and CLOSE the engine allowed, keyed by (this
 * engine's id, the grant's id), with the grant's expiry. Reading the journal rather than hooking the
 * engine thread means only decisions that are durable and sealed are published (a VOID batch's,
 * never applied, are not), in the engine's order, and the
 * engine never waits for Kafka. It starts from the journal's first record: after a restart it publishes
 * again what it may have lost, which the compacted topic absorbs (same key, same value).
 * <p>
 * Once a revoked grant's expiry has passed, the tap publishes its tombstone, so compaction drops it
 * from the topic. Revocations that expired while the tap was not running get no tombstone: the
 * topic's time retention (the fleet's longest grant TTL, {@link FleetTopics}) removes them.
 * <p>
 * Grants revoked by a policy swap (their purpose is gone) are not in the journal one by one; every
 * engine applies the same swap from the policies topic ({@link PolicyFollower}) and so revokes its own.
 * <p>
 * <b>Note:</b> thread-safe to start and close; its thread polls. Allocates per published revocation.
 */
public final class RevocationTap implements AutoCloseable {
    private final int engineId;
    private final RevocationPublisher publisher;
    private final InstantSource clock;
    private final long maxTtlMillis;
    private final JournalTail tail;
    private final DecisionBodyDecoder body = new DecisionBodyDecoder();
    /** 5 ms after records, up to 40 ms when idle: bounds both the latency of a revocation and the re-reads. */
    private final IdleBackoff idle = new IdleBackoff(1, 10);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long published;
    private volatile long tombstones;
    private volatile String lastError;
    /** {expiresAt, grantId} of each revocation published by this tap, soonest expiry first. */
    private final PriorityQueue<long[]> expiring = new PriorityQueue<>((x, y) -> Long.compare(x[0], y[0]));

    private RevocationTap(final FleetConfig config, final Path journal, final RevocationPublisher publisher,
                          final InstantSource clock) {
        this.engineId = config.engineId();
        this.publisher = publisher;
        this.clock = clock;
        this.maxTtlMillis = config.maxGrantTtl().toMillis();
        this.tail = JournalTail.bodies(journal, 0);
        this.thread = new Thread(this::run, "baton-revocation-tap-" + engineId);
        thread.setDaemon(true);
    }

    /**
     * @param config    the fleet and this engine.
     * @param journal   this engine's journal directory.
     * @param publisher where revocations go.
     * @param clock     wall clock (to skip grants already expired).
     * @return the running tap.
     */
    public static RevocationTap start(final FleetConfig config, final Path journal, final RevocationPublisher publisher,
                                      final InstantSource clock) {
        final RevocationTap tap = new RevocationTap(config, journal, publisher, clock);
        tap.thread.start();
        return tap;
    }

    /** @return revocations published since start. */
    public long published() {
        return published;
    }

    /** @return tombstones published since start (revocations of grants that have expired). */
    public long tombstones() {
        return tombstones;
    }

    /** @return why the last poll failed (a broken journal, a send that could not be buffered), or null. */
    public String lastError() {
        return lastError;
    }

    /** @return the next journal sequence the tap will read. */
    public long position() {
        return tail.next();
    }

    private void run() {
        while (running) {
            int n;
            try {
                n = tail.poll(this::onRecord);
                expire(clock.millis());
                lastError = tail.broken();
            } catch (final RuntimeException e) { // e.g. the producer's buffer stayed full: retry that record
                lastError = e.toString();
                n = 0;
            }
            final long sleep = idle.after(n);
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private boolean onRecord(final long sequence, final int type, final UnsafeBuffer buffer, final int offset,
                             final int length) {
        if (type != RecordType.DECISION) {
            return true;
        }
        if (body.wrap(buffer, offset, length, null) != CodecError.OK) {
            return true; // the reader verified its CRC and SEAL: a body this build cannot read is not a revocation it knows
        }
        final Operation op = body.operation();
        if ((op == Operation.REVOKE || op == Operation.CLOSE) && body.childCount() > 0) {
            final DecisionDecoder d = body.child(0);
            if (d.outcome() == DecisionOutcome.ALLOW) {
                final long revokedAt = d.timestamp();
                final long expiresAt = d.expiresAt() > 0 ? d.expiresAt() : revokedAt + maxTtlMillis;
                if (expiresAt > clock.millis()) {
                    publisher.publish(engineId, body.grantId(), expiresAt, revokedAt);
                    expiring.add(new long[] {expiresAt, body.grantId()});
                    published++;
                }
            }
        }
        return true;
    }

    /** Tombstones the revocations whose grant has expired: compaction may then drop them from the topic. */
    private void expire(final long now) {
        while (!expiring.isEmpty() && expiring.peek()[0] <= now) {
            publisher.tombstone(engineId, expiring.poll()[1]);
            tombstones++;
        }
    }

    @Override
    public void close() {
        running = false; // no interrupt: it would close the reader's file channels mid-read
        try {
            thread.join(5_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tail.close();
    }
}
