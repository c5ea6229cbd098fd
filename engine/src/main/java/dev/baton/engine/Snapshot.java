package dev.baton.engine;

import dev.baton.codec.KeyRing;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.CoreSettings;
import dev.baton.core.CoreSnapshot;
import dev.baton.core.DecisionCore;
import dev.baton.core.ManualClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.Map;

/**
 * A snapshot read and verified ({@link SnapshotFile#read}): where in the journal it was taken (the SEAL,
 * its file, byte offset and Chronicle index, its head), the replay counts at that point, the policy
 * versions journaled so far, and the core's sections, rebuilt on demand ({@link #restore}).
 * <p>
 * <b>Note:</b> not thread-safe; holds the file's bytes until the core is rebuilt.
 */
final class Snapshot {
    final CoreSnapshot.Restorer restorer = new CoreSnapshot.Restorer();
    private final UnsafeBuffer bytes;
    final boolean keyed;
    Path path;
    long sealSequence;
    long index;
    long position;
    String file;
    byte[] head;
    long records;
    long decisions;
    long lastSequence;
    long clock;
    boolean stopped;
    Map<Long, CompiledPolicy> policies;
    long retentionMillis;
    int maxGrants;
    int initialGrants;

    Snapshot(final UnsafeBuffer bytes, final boolean keyed) {
        this.bytes = bytes;
        this.keyed = keyed;
    }

    /** @return where a reader continues the journal: right after this snapshot's SEAL. */
    JournalStart start() {
        return JournalStart.atSeal(sealSequence, head, file, position, index);
    }

    /**
     * Rebuilds the core as it was when the snapshot was taken.
     *
     * @param clock the clock it reads (set to the snapshot's time).
     * @param keys  the key ring for warrants, or null.
     * @throws IllegalStateException naming the section and field if the state is malformed.
     */
    DecisionCore restore(final ManualClock clock, final KeyRing keys) {
        clock.set(this.clock);
        final DecisionCore core = restorer.restore(bytes, policies::get, clock, keys);
        final CoreSettings settings = restorer.settings(bytes, keys);
        retentionMillis = settings.retentionMillis();
        maxGrants = settings.maxGrants();
        initialGrants = settings.initialGrants();
        return core;
    }

    /**
     * Restores the foreign chains of the snapshot's engine (FOREIGN section) into the gate of the core
     * {@link #restore} rebuilt; a snapshot without that section leaves the gate as it is.
     *
     * @throws IllegalStateException if the section is malformed, or present while there is no gate.
     */
    void restoreForeign(final dev.baton.core.PortableGate gate) {
        if (gate == null && restorer.hasForeign()) {
            throw new IllegalStateException("the snapshot holds foreign chains (FOREIGN section) and the engine has no"
                + " portable gate to restore them into");
        }
        if (gate != null) {
            restorer.restoreForeign(bytes, gate);
        }
    }

    @Override
    public String toString() {
        return (path == null ? "snapshot" : path.getFileName().toString()) + " (SEAL " + sealSequence + ", "
            + records + " records)";
    }
}
