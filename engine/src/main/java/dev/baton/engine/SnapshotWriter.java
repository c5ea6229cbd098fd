package dev.baton.engine;

import dev.baton.core.CompiledPolicy;
import dev.baton.core.CoreSnapshot;
import dev.baton.core.DecisionCore;
import org.agrona.ExpandableArrayBuffer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Takes the engine's snapshots. <b>Copy on the engine thread, write off it:</b> at the end of a batch, once
 * the batch is sealed (so the state is exactly the journal up to that SEAL), and once {@code everyRecords}
 * records or {@code everyMillis} have passed, the engine thread copies the core's state into one reusable
 * buffer: flat array copies of the grant rows and the held identities, no per-grant object. A thread of
 * its own ({@code baton-snapshot}) then digests, macs and writes it ({@link SnapshotStore}: temporary
 * file, force, atomic rename) and prunes old ones. The engine thread never waits for the disk: while a
 * write is in progress, a due snapshot is put off to the next batch. The core is mutable and
 * single-threaded, so a consistent copy can only be taken on its thread; a copy-on-write core would tax
 * every decision, a copy at a batch boundary costs one pass over the state every interval.
 * <p>
 * No snapshot is taken while a shadow candidate is attached (the engine thread does not call
 * {@link #afterBatch}): its second core is not part of a snapshot, so the state at such a SEAL could not be
 * restored; the snapshot before the attachment and the journal after it rebuild it (docs/durability.md).
 * <p>
 * <b>Note:</b> {@link #afterBatch} and {@link #policy} on the engine thread only. Steady state: the buffer
 * is reused (it grows with the state); encoding the policies' texts was done once per version.
 */
final class SnapshotWriter implements AutoCloseable {
    private final SnapshotStore store;
    private final long everyRecords;
    private final long everyNanos;
    private final int keep;
    private final byte[] key;
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1 << 16);
    private final Map<Long, byte[][]> policies = new LinkedHashMap<>();
    private final AtomicBoolean busy = new AtomicBoolean();
    private final ExecutorService thread;
    private final byte[] head = new byte[32];
    private final Runnable writeOut = this::writeOut;
    /** The engine's portable gate, whose foreign chains a snapshot carries, or null. */
    private dev.baton.core.PortableGate gate;
    private long lastRecords;
    private long lastNanos = System.nanoTime();
    private int length;
    private long sealSequence;
    private long lastSeal = -1;
    private volatile long written;
    private volatile String lastError;

    SnapshotWriter(final EngineConfig config, final long recoveredRecords) {
        this.store = new SnapshotStore(config.snapshotDir);
        this.everyRecords = config.snapshotRecords;
        this.everyNanos = config.snapshotMillis * 1_000_000L;
        this.keep = config.snapshotsKept;
        this.key = config.journalKey == null ? null : config.journalKey.clone();
        this.lastRecords = recoveredRecords;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            final Thread t = new Thread(r, "baton-snapshot");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The writer for an engine configured with snapshots, handed every policy version recovered and to
     * the engine thread's handler; null without snapshots.
     */
    static SnapshotWriter attach(final EngineConfig config, final EngineRecovery start, final DecisionHandler handler) {
        if (config.snapshotDir == null) {
            return null;
        }
        final SnapshotWriter w = new SnapshotWriter(config, start.recovered);
        w.gate = start.portable == null ? null : start.portable.gate();
        start.policies.values().forEach(w::policy);
        w.policy(start.core.policy());
        handler.snapshots(w);
        return w;
    }

    /** A policy version journaled (at start, or swapped to): snapshots carry every version's text. */
    void policy(final CompiledPolicy p) {
        policies.computeIfAbsent(p.versionId(), v -> new byte[][] {p.file().getBytes(StandardCharsets.UTF_8),
            p.text().getBytes(StandardCharsets.UTF_8)});
    }

    /**
     * At the end of a sealed batch: copies the state if a snapshot is due and the writer is idle.
     *
     * @param force take one whatever the interval (the engine is stopping).
     * @return whether a snapshot was handed to the writer thread.
     */
    boolean afterBatch(final DecisionCore core, final Journal journal, final long clock, final long decisions,
                       final boolean force) {
        if (journal.unsealed() != 0 || journal.lastSeal() <= lastSeal) {
            return false; // nothing new since the last snapshot, or the state is not at a SEAL
        }
        final long now = System.nanoTime();
        if (!force && journal.applied() - lastRecords < everyRecords && now - lastNanos < everyNanos) {
            return false;
        }
        while (!busy.compareAndSet(false, true)) {
            if (!force) {
                return false; // the last one is still being written: try at a later batch
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000); // stopping: wait for it, then take the last
        }
        journal.getHead(head);
        sealSequence = journal.lastSeal();
        int at = SnapshotFile.beginHeader(buffer, sealSequence);
        at = SnapshotFile.journal(buffer, at, journal, decisions, clock,
            journal.currentFile().getBytes(StandardCharsets.UTF_8), head);
        at = SnapshotFile.policies(buffer, at, policies);
        length = CoreSnapshot.encode(core, buffer, at);
        if (gate != null) {
            length = CoreSnapshot.encodeForeign(gate, buffer, length);
        }
        lastRecords = journal.applied();
        lastNanos = now;
        lastSeal = sealSequence;
        thread.execute(writeOut);
        return true;
    }

    private void writeOut() {
        try {
            final int total = SnapshotFile.seal(buffer, length, key);
            store.write(sealSequence, buffer.byteArray(), total);
            store.prune(keep);
            written++;
        } catch (final RuntimeException e) {
            lastError = "snapshot at SEAL " + sealSequence + " not written: " + e;
        } finally {
            busy.set(false);
        }
    }

    /** @return snapshots written so far (any thread). */
    long written() {
        return written;
    }

    /** @return why the last failed write failed, or null (any thread). */
    String lastError() {
        return lastError;
    }

    /** Waits for a write in progress, then stops the writer thread. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(60, TimeUnit.SECONDS)) {
                lastError = "a snapshot write did not finish within 60 s of close";
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
