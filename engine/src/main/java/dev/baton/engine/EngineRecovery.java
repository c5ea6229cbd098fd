package dev.baton.engine;

import dev.baton.codec.SealBodyLayout;
import dev.baton.codec.StartBodyEncoder;
import dev.baton.core.CoreSettings;
import dev.baton.core.DecisionCore;
import dev.baton.core.ManualClock;
import dev.baton.core.PortableGate;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * What a {@link JournaledEngine} does before it takes a request: replays (and verifies) the journal in
 * its directory, refusing one that does not verify or does not reproduce its decisions, opens it for
 * appending after the last record, writes a START record, and journals the configured policy if the
 * journal is new or ran another version. A fresh journal's START records the configured registry
 * settings; a restart keeps the settings of the journal's first START (replay must reproduce it).
 * <p>
 * <b>Note:</b> runs once, on the starting thread; allocates.
 */
final class EngineRecovery {
    /** The journal, open for appending. */
    final Journal journal;
    /** The decision core: rebuilt from the journal, or new. */
    final DecisionCore core;
    /** The clock the core reads; the engine thread sets it to each request's time. */
    final ManualClock clock;
    /** Records replayed. */
    final long recovered;
    /** Decisions replayed: the next decision id. */
    final long decisions;
    /** The engine's portable warrants (their gate holds the foreign grants replayed), or null. */
    final PortableWarrants portable;
    /** The registry settings of the core (a shadow core takes them too). */
    final CoreSettings settings;
    /** The shadow attached at the end of the journal, or null. */
    final ShadowDecider shadow;
    /** Records found after the journal's last SEAL and sealed VOID (never acknowledged). */
    final long voided;
    /** How recovery went with snapshots, or null without them. */
    final SnapshotRecovery snapshots;
    /** The policy versions journaled so far, by version id. */
    final java.util.Map<Long, dev.baton.core.CompiledPolicy> policies;

    private EngineRecovery(final EngineConfig config, final JournalReplay replay, final SnapshotRecovery snapshots,
                           final JournalLock lock) {
        this.recovered = replay.records();
        this.decisions = replay.decisions();
        this.snapshots = snapshots;
        this.policies = replay.policies();
        this.journal = new Journal(config, lock);
        if (replay.chain() != null) {
            journal.resume(replay.position(), replay.chain());
            voided = journal.unsealed();
            journal.resumeCounts(replay.records(), replay.lastSequence(), replay.stoppedCleanly());
            // Records after the last SEAL were never acknowledged, and replay did not apply them: say so.
            journal.seal(SealBodyLayout.FLAG_VOID);
        } else {
            voided = 0;
        }
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[PolicyRecords.SCRATCH_LENGTH]);
        final boolean fresh = replay.core() == null;
        settings = fresh ? new CoreSettings(null, config.initialGrants, config.maxGrants, config.retentionMillis)
            : new CoreSettings(null, replay.initialGrants(), replay.maxGrants(), replay.retentionMillis());
        shadow = fresh ? null : replay.shadow();
        final int length = new StartBodyEncoder().wrap(scratch, 0).epochMillis(config.clock.millis())
            .recovered(recovered)
            .retentionMillis(fresh ? config.retentionMillis : replay.retentionMillis())
            .maxGrants(fresh ? config.maxGrants : replay.maxGrants())
            .initialGrants(fresh ? config.initialGrants : replay.initialGrants())
            .encodedLength();
        journal.append(RecordType.START, scratch, 0, length);
        if (fresh) {
            clock = new ManualClock(0);
            core = new DecisionCore(config.policy, clock, new CoreSettings(config.keys, config.initialGrants,
                config.maxGrants, config.retentionMillis));
            final PortableGate gate = config.portableGate(core);
            portable = gate == null ? null : new PortableWarrants(gate, config.keys != null);
            PolicyRecords.appendPolicyAndSwap(journal, config.policy, scratch);
        } else {
            clock = replay.clock();
            core = replay.core();
            portable = config.warrantKeys == null ? null : new PortableWarrants(replay.gate(), config.keys != null);
            if (core.policy().versionId() != config.policy.versionId()) {
                core.swap(config.policy);
                PolicyRecords.appendPolicyAndSwap(journal, config.policy, scratch);
                if (shadow != null) {
                    shadow.liveSwapped();
                }
            }
        }
        journal.force();
    }

    /**
     * @return the recovered state, the journal open (holding its {@link JournalLock}) and its START appended.
     * @throws JournalException if another engine writes the journal, or it does not verify or does not replay to
     *     what it recorded.
     */
    static EngineRecovery recover(final EngineConfig config) {
        try {
            Files.createDirectories(config.journal);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot create journal directory " + config.journal, e);
        }
        // Locked before it is read: a second writer would append after the records this replay reads.
        final JournalLock lock = JournalLock.acquire(config.journal);
        try {
            return recover(config, lock);
        } catch (final RuntimeException | Error e) {
            lock.close(); // a journal that opened owns the lock and was closed with it; closing twice is harmless
            throw e;
        }
    }

    private static EngineRecovery recover(final EngineConfig config, final JournalLock lock) {
        final JournalTrust trust = config.trust();
        final SnapshotRecovery snapshots = config.snapshotDir == null ? null
            : SnapshotRecovery.recover(config.journal, trust, new SnapshotStore(config.snapshotDir), config.journalKey,
                () -> replayer(config));
        final JournalReplay replay = snapshots != null ? snapshots.replay()
            : replayer(config).replay(config.journal, trust, Long.MAX_VALUE);
        if (replay.broken() != null || replay.problem() != null) {
            throw new JournalException("refusing to start on a journal that does not verify: "
                + (replay.broken() != null ? replay.broken() : replay.problem()));
        }
        if (replay.cut() != null) {
            throw new JournalException("refusing to start on a journal that ends inside a record: " + replay.cut());
        }
        if (replay.mismatches() != 0) {
            throw new JournalException("refusing to start: replaying the journal does not reproduce "
                + replay.mismatches() + " decisions; first: " + replay.firstMismatch());
        }
        if (replay.shadowMismatches() != 0) {
            throw new JournalException("refusing to start: replaying the journal does not reproduce its shadow-mode "
                + "records; first: " + replay.firstShadowMismatch());
        }
        return new EngineRecovery(config, replay, snapshots, lock);
    }

    /** @return a replay of the engine's journal, its portable gate keeping the foreign grants it mirrors. */
    private static JournalReplay replayer(final EngineConfig config) {
        return new JournalReplay(config.keys, config.initialGrants, config.maxGrants, config.retentionMillis, null)
            .portable(c -> {
                final PortableGate live = config.portableGate(c);
                return live != null ? live : PortableGate.forReplay(c, 0);
            });
    }
}
