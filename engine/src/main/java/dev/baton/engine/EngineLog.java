package dev.baton.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the journaled engine tells an operator through SLF4J (logger {@code dev.baton.engine.JournaledEngine}):
 * INFO for start (journal, records replayed, policy version, fsync mode), stop, policy swaps and submissions
 * refused BUSY (at most one line per {@link #BUSY_INTERVAL_SECONDS} per engine, with the count: INFO, not
 * WARN, because a producer that spins on {@code tryDecide} uses BUSY as back-pressure); WARN for records
 * sealed VOID at restart; ERROR when the engine stops itself or refuses its
 * journal. Nothing per decision. Never a key: the messages carry paths, counts, versions and reasons.
 * <p>
 * <b>Note:</b> thread-safe. {@link #refusedBusy()} allocates only when it writes its line; the other
 * methods run off the hot path and allocate.
 */
final class EngineLog {
    /** The engine's logger. */
    static final Logger LOG = LoggerFactory.getLogger(JournaledEngine.class);
    /** The shortest time between two lines about BUSY refusals. */
    static final long BUSY_INTERVAL_SECONDS = 10;
    private static final long BUSY_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(BUSY_INTERVAL_SECONDS);

    private final String journal;
    private final int ringSize;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong nextLine = new AtomicLong(System.nanoTime());
    private long reported;
    private long began;

    EngineLog(final String journal, final int ringSize) {
        this.journal = journal;
        this.ringSize = ringSize;
    }

    /** @return submissions refused BUSY since start. */
    long busyRefusals() {
        return refused.get();
    }

    /** A submission was refused BUSY: counts it, and writes an INFO line if none was written lately. */
    void refusedBusy() {
        refused.incrementAndGet();
        final long now = System.nanoTime();
        final long next = nextLine.get();
        if (now - next >= 0 && nextLine.compareAndSet(next, now + BUSY_INTERVAL_NANOS) && LOG.isInfoEnabled()) {
            final long total = refused.get();
            final long since;
            synchronized (this) {
                since = total - reported;
                reported = total;
            }
            LOG.info("Baton engine on journal {}: {} submissions refused BUSY (ring of {} slots full) since the "
                + "last such line; {} in all. Submit more slowly, or give a larger ringSize", journal, since,
                ringSize, total);
        }
    }

    /** {@link EngineRecovery#recover}, timed for the start line; a journal refused is logged, then thrown. */
    EngineRecovery recover(final EngineConfig config) {
        began = System.nanoTime();
        try {
            return EngineRecovery.recover(config);
        } catch (final JournalException e) {
            LOG.error("Baton engine cannot start on journal {}: {}", journal, e.getMessage());
            throw e;
        }
    }

    void started(final EngineRecovery start, final EngineConfig config) {
        final long tookNanos = System.nanoTime() - began;
        if (start.voided > 0) {
            LOG.warn("Baton engine on journal {}: sealed {} records VOID at restart: the engine before stopped "
                + "after appending them and before acknowledging any (they were not replayed)", journal, start.voided);
        }
        LOG.info("Baton engine started on journal {}: {} records replayed in {} ms, policy {} (version {}), fsync {}",
            journal, start.recovered, TimeUnit.NANOSECONDS.toMillis(tookNanos), start.core.policy().label(),
            Long.toHexString(start.core.policy().versionId()), config.fsync);
    }

    void swapped(final long fromVersion, final long toVersion, final String label, final int revoked) {
        LOG.info("Baton engine on journal {}: policy swapped from version {} to {} (version {}); {} grants revoked",
            journal, Long.toHexString(fromVersion), label, Long.toHexString(toVersion), revoked);
    }

    void failed(final String why) {
        LOG.error("Baton engine on journal {} stopped deciding: {}. Restart it to recover from the journal",
            journal, why);
    }

    void stopped(final long bytesWritten) {
        LOG.info("Baton engine stopped on journal {}: {} journal bytes written since start", journal, bytesWritten);
    }
}
