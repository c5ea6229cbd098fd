package dev.baton.engine;

import dev.baton.codec.ShadowBodyCodec;
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
 * <b>Note:</b> runs on the engine thread only. Attaching allocates (a core for the candidate); journaling
 * a disagreement allocates nothing.
 */
final class ShadowMode implements ShadowDecider.Sink {
    private final Journal journal;
    private final DecisionCore core;
    private final ManualClock clock;
    private final InstantSource wallClock;
    private final CoreSettings settings;

    /**
     * @param settings the live core's registry settings, which the candidate's core takes too.
     */
    ShadowMode(final Journal journal, final DecisionCore core, final ManualClock clock, final InstantSource wallClock,
               final CoreSettings settings) {
        this.journal = journal;
        this.core = core;
        this.clock = clock;
        this.wallClock = wallClock;
        this.settings = settings;
    }

    /**
     * Attaches {@code candidate} (replacing {@code current}), or detaches {@code current} when
     * {@code candidate} is null, and journals it.
     *
     * @return the shadow in force now, or null.
     */
    ShadowDecider attach(final CompiledPolicy candidate, final ShadowDecider current, final MutableDirectBuffer scratch) {
        final long now = wallClock.millis();
        if (candidate == null) {
            if (current != null) {
                journal.append(RecordType.SHADOW, scratch, 0,
                    ShadowBodyCodec.encode(scratch, 0, current.candidate().versionId(), now, false));
            }
            return null;
        }
        PolicyRecords.appendPolicy(journal, candidate, scratch);
        journal.append(RecordType.SHADOW, scratch, 0, ShadowBodyCodec.encode(scratch, 0, candidate.versionId(), now, true));
        return new ShadowDecider(core, candidate, clock, settings, this);
    }

    @Override
    public void disagreement(final DirectBuffer body, final int length) {
        journal.append(RecordType.SHADOW_DECISION, body, 0, length);
    }
}
