package dev.baton.engine;

import dev.baton.codec.ShadowBodyEncoder;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.CoreSettings;
import dev.baton.core.DecisionCore;
import dev.baton.core.ManualClock;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.time.InstantSource;

/**
 * The live engine's side of shadow mode: attaches and detaches the candidate policy on the engine
 * thread, journaling each change (the candidate's POLICY records, then a SHADOW record), and appends each
 * disagreement its {@link ShadowDecider} finds as a SHADOW_DECISION record, right after the DECISION
 * record of the request.
 * <p>
 * <b>Note:</b> attaches and journals on the engine thread only; {@link #candidate()} may be read from any
 * thread. Attaching allocates (a core for the candidate); journaling a disagreement allocates nothing.
 */
final class ShadowMode implements ShadowDecider.Sink {
    private final Journal journal;
    private final DecisionCore core;
    private final ManualClock clock;
    private final InstantSource wallClock;
    private final CoreSettings settings;
    private volatile CompiledPolicy candidate;

    /**
     * @param settings  the live core's registry settings, which the candidate's core takes too.
     * @param recovered the shadow the journal ends with, or null.
     */
    ShadowMode(final Journal journal, final DecisionCore core, final ManualClock clock, final InstantSource wallClock,
               final CoreSettings settings, final ShadowDecider recovered) {
        this.journal = journal;
        this.core = core;
        this.clock = clock;
        this.wallClock = wallClock;
        this.settings = settings;
        this.candidate = recovered == null ? null : recovered.candidate();
    }

    /** Creates the engine's shadow mode, with the shadow the journal ends with, and gives both to {@code handler}. */
    static ShadowMode install(final DecisionHandler handler, final EngineRecovery start, final InstantSource wallClock) {
        final ShadowMode mode = new ShadowMode(start.journal, start.core, start.clock, wallClock, start.settings,
            start.shadow);
        handler.shadowMode(mode, start.shadow);
        return mode;
    }

    /** @return whether {@code p}'s version is the candidate attached now; any thread. */
    boolean attached(final CompiledPolicy p) {
        final CompiledPolicy c = candidate;
        return c != null && c.versionId() == p.versionId();
    }

    /** @return the candidate attached now, or null; any thread. */
    CompiledPolicy candidate() {
        return candidate;
    }

    /**
     * Attaches {@code next} (replacing {@code current}), or detaches {@code current} when {@code next} is
     * null, and journals it.
     *
     * @return the shadow in force now, or null.
     */
    ShadowDecider attach(final CompiledPolicy next, final ShadowDecider current, final MutableDirectBuffer scratch) {
        final long now = wallClock.millis();
        this.candidate = next;
        if (next == null) {
            if (current != null) {
                journal.append(RecordType.SHADOW, scratch, 0,
                    new ShadowBodyEncoder().wrap(scratch, 0).candidateVersion(current.candidate().versionId()).epochMillis(now)
                        .attached(false).encodedLength());
            }
            return null;
        }
        PolicyRecords.appendPolicy(journal, next, scratch);
        journal.append(RecordType.SHADOW, scratch, 0, new ShadowBodyEncoder().wrap(scratch, 0)
            .candidateVersion(next.versionId()).epochMillis(now).attached(true).encodedLength());
        return new ShadowDecider(core, next, clock, settings, this);
    }

    @Override
    public void disagreement(final DirectBuffer body, final int length) {
        journal.append(RecordType.SHADOW_DECISION, body, 0, length);
    }
}
