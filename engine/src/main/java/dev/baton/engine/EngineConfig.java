package dev.baton.engine;

import com.lmax.disruptor.PhasedBackoffWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import dev.baton.codec.KeyRing;
import dev.baton.core.CompiledPolicy;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Settings of a {@link JournaledEngine}. Only the policy and the journal directory are required.
 * <p>
 * <b>Note:</b> a mutable builder; the engine copies what it needs at start.
 */
public final class EngineConfig {
    CompiledPolicy policy;
    Path journal;
    RollCycle rollCycle = RollCycles.FAST_DAILY;
    int ringSize = 4096;
    WaitStrategy waitStrategy;
    FsyncMode fsync = FsyncMode.BATCH;
    long fsyncIntervalMillis = 10;
    KeyRing keys;
    InstantSource clock = InstantSource.system();
    int initialGrants = 4096;
    int maxGrants = 1 << 24;
    long retentionMillis = 60_000;
    int maxFanOut = 64;

    /**
     * @param policy  the policy to decide with (on recovery, the engine swaps to it if the journal's
     *                current version differs).
     * @param journal the journal directory (created if absent).
     */
    public EngineConfig(final CompiledPolicy policy, final Path journal) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    /**
     * Settings for an engine deciding with {@code policy} and journaling into {@code journal}.
     *
     * @param policy  a policy from {@link dev.baton.Policy#load}.
     * @param journal the journal directory (created if absent).
     * @return the settings, to refine with the other methods.
     */
    public static EngineConfig of(final dev.baton.Policy policy, final Path journal) {
        return new EngineConfig(dev.baton.core.InMemoryEngine.compiled(policy), journal);
    }

    /**
     * The most children one fan-out of a session may have (default 64, at most 255): each session
     * preallocates room for that many decisions and warrants.
     */
    public EngineConfig maxFanOut(final int maxFanOut) {
        if (maxFanOut < 1 || maxFanOut > 255) {
            throw new IllegalArgumentException("maxFanOut must be 1..255, found " + maxFanOut);
        }
        this.maxFanOut = maxFanOut;
        return this;
    }

    /** Chronicle Queue roll cycle of the journal files (default FAST_DAILY). */
    public EngineConfig rollCycle(final RollCycle rollCycle) {
        this.rollCycle = Objects.requireNonNull(rollCycle);
        return this;
    }

    /** Ring slots, a power of two (default 4096). */
    public EngineConfig ringSize(final int ringSize) {
        if (Integer.bitCount(ringSize) != 1) {
            throw new IllegalArgumentException("ringSize must be a power of two, found " + ringSize);
        }
        this.ringSize = ringSize;
        return this;
    }

    /**
     * How the engine thread waits for work. The default spins 20 µs, yields up to 1 ms, then sleeps in
     * short parks: low latency under load without burning a core when idle (this machine class has
     * two), and, unlike a lock-based strategy, no lock for producers to signal on every publish and no
     * allocation when the engine thread goes idle.
     */
    public EngineConfig waitStrategy(final WaitStrategy waitStrategy) {
        this.waitStrategy = waitStrategy;
        return this;
    }

    /** When appended records are forced to disk (default BATCH). */
    public EngineConfig fsync(final FsyncMode fsync, final long intervalMillis) {
        this.fsync = Objects.requireNonNull(fsync);
        if (intervalMillis < 0) {
            throw new IllegalArgumentException("intervalMillis must be >= 0");
        }
        this.fsyncIntervalMillis = intervalMillis;
        return this;
    }

    /** The key ring that signs and verifies warrants (default none: grant ids only). */
    public EngineConfig keys(final KeyRing keys) {
        this.keys = keys;
        return this;
    }

    /** The wall clock (default the system's). */
    public EngineConfig clock(final InstantSource clock) {
        this.clock = Objects.requireNonNull(clock);
        return this;
    }

    /** Grant registry sizing and dead-grant retention. */
    public EngineConfig grants(final int initialGrants, final int maxGrants, final long retentionMillis) {
        this.initialGrants = initialGrants;
        this.maxGrants = maxGrants;
        this.retentionMillis = retentionMillis;
        return this;
    }

    WaitStrategy waitStrategyOrDefault() {
        return waitStrategy != null ? waitStrategy
            : PhasedBackoffWaitStrategy.withSleep(20, 1000, TimeUnit.MICROSECONDS);
    }
}
