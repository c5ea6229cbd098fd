package dev.baton.engine;

import dev.baton.core.ManualClock;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import dev.baton.codec.DecisionBodyLayout;
import dev.baton.codec.DecisionLayout;
import dev.baton.codec.StopBodyEncoder;
import dev.baton.core.DecisionCore;
import org.agrona.concurrent.UnsafeBuffer;

import java.time.InstantSource;

/**
 * The engine thread: for each slot, verify and decide (the core), encode the journal record and append
 * it; at the end of each batch, force the journal as configured and only then complete the batch's
 * requests. One thread does all stages: on two cores, handing each event to a second thread costs more
 * than the stages themselves (measured with a two-stage prototype: docs/performance.md, "Two engine stages
 * on two cores"), and "complete only after append" holds by construction. Completing
 * runs no request listener here: the {@link Completer} hands requests with a listener or future to its
 * thread. The one user code that runs here is the engine's {@link DecisionListener}, if configured.
 * <p>
 * <b>Note:</b> runs on the engine thread only. Allocation-free for requests in steady state.
 */
final class DecisionHandler implements EventHandler<RingSlot> {
    /**
     * Requests decided on one reading of the wall clock, at most. A batch's first request always reads it,
     * and every request of a ring batch was published before the batch began: so a decision's time is never
     * before its request was submitted, and is at most this many requests' work old (a few microseconds at
     * full rate, against a clock counted in milliseconds). The clock read was 6 % of the engine thread's
     * time when each request read it (docs/performance.md).
     */
    static final int REQUESTS_PER_CLOCK_READ = 16;
    private final DecisionCore core;
    private final ManualClock clock;
    private final InstantSource wallClock;
    private final Journal journal;
    private final DecisionRecord record = new DecisionRecord();
    private final ArgumentsRecord arguments = new ArgumentsRecord();
    private final DecisionEvent event = new DecisionEvent();
    private final StopBodyEncoder stop = new StopBodyEncoder();
    private final UnsafeBuffer scratch;
    private final JournaledEngine engine;
    private final Completer completer;
    private PortableWarrants portable;
    private RingBuffer<RingSlot> ring;
    private DecisionListener listener;
    /** The candidate policy decided beside the live one, or null: with none, shadow mode costs a null check. */
    private ShadowDecider shadow;
    private ShadowMode shadowMode;
    private SnapshotWriter snapshots;
    private boolean stopping;
    private long batchStart = -1;
    /** Requests decided on {@link #now} so far; {@link #REQUESTS_PER_CLOCK_READ} forces a new reading. */
    private int onThisReading = REQUESTS_PER_CLOCK_READ;
    private long now;
    private long decisionIds;
    private volatile String failure;

    DecisionHandler(final JournaledEngine engine, final DecisionCore core, final ManualClock clock,
                    final InstantSource wallClock, final Journal journal, final long firstDecisionId,
                    final Completer completer) {
        this.engine = engine;
        this.completer = completer;
        this.core = core;
        this.clock = clock;
        this.wallClock = wallClock;
        this.journal = journal;
        this.decisionIds = firstDecisionId;
        // Any body fits: a DECISION body is checked at submission against the largest journal body.
        this.scratch = new UnsafeBuffer(new byte[PolicyRecords.SCRATCH_LENGTH + DecisionLayout.MAX_LENGTH
            + DecisionBodyLayout.CHILD_HEADER_LENGTH]);
    }

    void ring(final RingBuffer<RingSlot> ring) {
        this.ring = ring;
    }

    /** Sets the engine's portable warrants (journaled into this handler's journal), or none; before start. */
    void portable(final PortableWarrants warrants) {
        this.portable = warrants;
        if (warrants != null) {
            warrants.journal(journal);
        }
    }

    /** Sets the decision listener, or none; before the engine thread starts. */
    void listener(final DecisionListener listener) {
        this.listener = listener;
    }

    /** Sets what shadow mode needs, and the shadow recovered from the journal (or null); before the thread starts. */
    void shadowMode(final ShadowMode mode, final ShadowDecider recovered) {
        this.shadowMode = mode;
        this.shadow = recovered;
        if (recovered != null) {
            recovered.sink(mode);
        }
    }

    /** Sets the snapshot writer, or none; before the engine thread starts. */
    void snapshots(final SnapshotWriter writer) {
        this.snapshots = writer;
    }

    String failure() {
        return failure;
    }

    @Override
    public void onStart() {
        journal.ownedByCurrentThread();
        journal.startPretoucher();
    }

    @Override
    public void onEvent(final RingSlot slot, final long sequence, final boolean endOfBatch) {
        if (batchStart < 0) {
            batchStart = sequence;
        }
        if (failure == null) {
            try {
                if (slot.request != null) {
                    decide(slot.request);
                } else if (slot.foreign != null) {
                    final long now = wallClock.millis();
                    clock.set(now);
                    portable.revokeForeign(slot.foreign);
                } else {
                    control(slot.control);
                }
            } catch (final RuntimeException | Error e) {
                // Fail closed: nothing decided from now on is acknowledged; a restart recovers from the journal.
                failure = "engine stopped after an internal error: " + e;
                stopWritingOnError(e);
                engine.failed(failure);
            }
        }
        if (endOfBatch) {
            endBatch(sequence);
        }
    }

    /**
     * After an Error the journal writes nothing more, not even on close. A full disk faults a write into the
     * mapped file, and the JVM reports the SIGBUS as an InternalError, asynchronously: it may surface after the
     * write that caused it, so the journal cannot tell which of its writes failed.
     */
    private void stopWritingOnError(final Throwable e) {
        if (e instanceof Error) {
            journal.stopWriting(e.toString());
        }
    }

    /** Forces the journal as configured, then completes the batch's slots (telling the listener first). */
    private void endBatch(final long sequence) {
        final DecisionListener l = listener;
        final long syncStart = l != null ? System.nanoTime() : 0;
        final long forces = journal.syncs();
        if (failure == null) {
            try {
                journal.endOfBatch();
            } catch (final RuntimeException | Error e) {
                // An Error too (stopWritingOnError): fail closed rather than let the engine thread die with the
                // batch's callers waiting.
                failure = "engine stopped: the journal could not be written or forced to disk: " + e;
                stopWritingOnError(e);
                engine.failed(failure);
            }
        }
        if (snapshots != null && failure == null && shadow == null) { // none while a candidate is attached
            snapshots.afterBatch(core, journal, clock.millis(), decisionIds, stopping);
        }
        final long synced = l != null ? System.nanoTime() : 0;
        for (long s = batchStart; s <= sequence; s++) {
            complete(ring.get(s), synced);
        }
        completer.endOfBatch();
        if (l != null) {
            final int slots = (int) (sequence - batchStart + 1);
            try {
                l.onBatch(slots, synced - syncStart);
                if (journal.syncs() != forces) {
                    l.onJournalForced(journal.lastSyncTookNanos());
                }
            } catch (final Throwable t) {
                report(t);
            }
        }
        batchStart = -1;
        onThisReading = REQUESTS_PER_CLOCK_READ; // the next batch reads the clock afresh
    }

    /** The wall clock's millisecond for the next request: read afresh every {@link #REQUESTS_PER_CLOCK_READ}. */
    private long now() {
        if (onThisReading >= REQUESTS_PER_CLOCK_READ) {
            now = wallClock.millis();
            onThisReading = 0;
        }
        onThisReading++;
        return now;
    }

    private void decide(final Request r) {
        final long now = now();
        clock.set(now);
        final int refused;
        try {
            refused = RequestExecutor.execute(core, portable, r, now);
        } catch (final IllegalArgumentException misuse) {
            // The core refuses a malformed request before changing any state (e.g. a warrant buffer
            // sized for the policy before a swap): fail this request, not the engine. Nothing to journal.
            r.failure = "request refused: " + misuse.getMessage();
            return;
        }
        final int argumentsLength = arguments.encode(r, core.policy(), scratch, 0);
        if (argumentsLength > 0) {
            journal.append(RecordType.ARGUMENTS, scratch, 0, argumentsLength);
        }
        record.encode(r, refused, decisionIds, core.policy(), journal.beginDecision()); // packed as it is encoded
        journal.endDecision();
        final long first = decisionIds;
        decisionIds += r.children();
        if (shadow != null) {
            try {
                shadow.decide(r, refused, first);
            } catch (final RuntimeException e) {
                // The candidate failed, not the engine: the live decision stands; shadow mode stops (journaled).
                shadow = shadowMode.attach(null, shadow, scratch);
                report(e);
            }
        }
    }

    private void control(final Control c) {
        switch (c.kind) {
            case IDENTITY: {
                final long before = core.identityChanges();
                c.result = core.identity(c.identity);
                if (core.identityChanges() != before) { // a new id, or an idle one renewed: replay repeats it
                    PolicyRecords.appendIdentity(journal, c.result, c.identity, scratch);
                }
                break;
            }
            case SWAP:
                c.result = core.swap(c.policy);
                PolicyRecords.appendPolicyAndSwap(journal, c.policy, scratch);
                if (shadow != null) {
                    shadow.liveSwapped();
                }
                if (snapshots != null) {
                    snapshots.policy(c.policy);
                }
                break;
            case SHADOW:
                shadow = shadowMode.attach(c.policy, shadow, scratch);
                break;
            case FLUSH:
                break; // the end of this batch forces the journal if the interval is due
            default: // STOP
                stopping = true;
                journal.append(RecordType.STOP, scratch, 0,
                    stop.wrap(scratch, 0).epochMillis(wallClock.millis()).encodedLength());
        }
    }

    private void complete(final RingSlot slot, final long now) {
        final String why = failure;
        if (slot.request != null) {
            final Request r = slot.request;
            slot.clear();
            if (why != null) {
                r.failure = why;
            } else if (listener != null && r.failure == null) {
                tell(r, now);
            }
            completer.complete(r);
        } else if (slot.foreign != null) {
            final ForeignRevocationRequest f = slot.foreign;
            slot.clear();
            f.complete(why);
        } else if (slot.control != null) {
            final Control c = slot.control;
            slot.clear();
            if (why != null) {
                c.done.completeExceptionally(new IllegalStateException(why));
            } else {
                c.done.complete(c.result);
            }
        }
    }

    /** Tells the listener about each decision of a journaled request. */
    private void tell(final Request r, final long now) {
        for (int i = 0; i < r.children(); i++) {
            try {
                listener.onDecision(event.of(r, i, now));
            } catch (final Throwable t) {
                report(t);
            }
        }
    }

    /** A listener's exception: to the engine thread's handler; the decision stands. */
    private static void report(final Throwable t) {
        final Thread self = Thread.currentThread();
        self.getUncaughtExceptionHandler().uncaughtException(self, t);
    }
}
