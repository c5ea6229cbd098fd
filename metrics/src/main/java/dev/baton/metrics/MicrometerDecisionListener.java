package dev.baton.metrics;

import dev.baton.Outcome;
import dev.baton.Reason;
import dev.baton.engine.DecisionListener;
import dev.baton.engine.Request;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer meters for a {@link dev.baton.engine.JournaledEngine}: set it with {@code
 * EngineConfig.listener(new MicrometerDecisionListener(registry))}. It registers, all at construction:
 * <ul>
 *   <li>{@value #DECISIONS} (counter), tagged {@code operation} and {@code outcome}: one per journaled
 *       decision (a fan-out counts each child);</li>
 *   <li>{@value #REASONS} (counter), tagged {@code reason}: the same decisions by reason
 *       ({@code allowed}, {@code review_required} or the reason of a denial);</li>
 *   <li>{@value #LATENCY} (timer, with a percentile histogram): from submission to journaled;</li>
 *   <li>{@value #BATCH_SLOTS} (distribution summary): ring slots per engine batch;</li>
 *   <li>{@value #BATCH_SYNC} (timer): time each batch's end spent on the journal (SEAL, and the force to
 *       disk when due);</li>
 *   <li>{@value #FSYNC} (timer): each force of the journal to disk alone (none in {@code FsyncMode.NONE}).</li>
 * </ul>
 * The engine's ring depth and BUSY refusals are read from the engine itself: bind {@link EngineMeters}
 * once the engine runs; a fleet's shipping lag: {@link JournalShippingMeters}.
 * Every counter for every operation, outcome and reason exists from the start (at zero), so recording
 * only looks one up in an array. Decisions replayed at start are not counted.
 * <p>
 * <b>Note:</b> thread-safe (Micrometer's meters are); the engine calls it from its one thread. Recording
 * allocates nothing of its own (array look-ups and meter updates; {@code MicrometerDecisionListenerTest}
 * measures it with the registry used there).
 */
public final class MicrometerDecisionListener implements DecisionListener {
    /** Name of the decision counter, tagged {@code operation} and {@code outcome}. */
    public static final String DECISIONS = "baton.decisions";
    /** Name of the decision counter by {@code reason}. */
    public static final String REASONS = "baton.decision.reasons";
    /** Name of the latency timer: submission to journaled. */
    public static final String LATENCY = "baton.decision.latency";
    /** Name of the summary of ring slots per batch. */
    public static final String BATCH_SLOTS = "baton.batch.slots";
    /** Name of the timer of the journal's work at the end of a batch. */
    public static final String BATCH_SYNC = "baton.batch.sync";
    /** Name of the timer of each force of the journal to disk. */
    public static final String FSYNC = "baton.journal.fsync";

    private static final Request.Op[] OPS = Request.Op.values();
    private static final Outcome[] OUTCOMES = Outcome.values();
    private static final Reason[] REASON_VALUES = Reason.values();

    private final Counter[] decisions = new Counter[OPS.length * OUTCOMES.length];
    private final Counter[] reasons = new Counter[REASON_VALUES.length];
    private final Timer latency;
    private final DistributionSummary batchSlots;
    private final Timer batchSync;
    private final Timer fsync;

    /**
     * Registers the meters in {@code registry}.
     *
     * @param registry where the meters live.
     */
    public MicrometerDecisionListener(final MeterRegistry registry) {
        this(registry, Tags.empty());
    }

    /**
     * Registers the meters in {@code registry}, each with {@code tags} too (an engine name, say).
     *
     * @param registry where the meters live.
     * @param tags     common tags of every meter.
     */
    public MicrometerDecisionListener(final MeterRegistry registry, final Iterable<Tag> tags) {
        Objects.requireNonNull(registry, "registry");
        final Tags common = Tags.of(Objects.requireNonNull(tags, "tags"));
        for (final Request.Op op : OPS) {
            for (final Outcome outcome : OUTCOMES) {
                decisions[op.ordinal() * OUTCOMES.length + outcome.ordinal()] = Counter.builder(DECISIONS)
                    .description("Decisions journaled by the Baton engine")
                    .tags(common).tag("operation", name(op)).tag("outcome", name(outcome))
                    .register(registry);
            }
        }
        for (final Reason reason : REASON_VALUES) {
            reasons[reason.ordinal()] = Counter.builder(REASONS)
                .description("Decisions journaled by the Baton engine, by reason")
                .tags(common).tag("reason", name(reason))
                .register(registry);
        }
        latency = Timer.builder(LATENCY)
            .description("Baton decision latency, from submission to journaled")
            .tags(common).publishPercentileHistogram().register(registry);
        batchSlots = DistributionSummary.builder(BATCH_SLOTS)
            .description("Ring slots per Baton engine batch").baseUnit("slots")
            .tags(common).register(registry);
        batchSync = Timer.builder(BATCH_SYNC)
            .description("Time a Baton engine batch's end spent on the journal (seal, force when due)")
            .tags(common).register(registry);
        fsync = Timer.builder(FSYNC)
            .description("Time each force of the Baton journal to disk took (the fsync alone)")
            .tags(common).publishPercentileHistogram().register(registry);
    }

    @Override
    public void onDecision(final Request.Op op, final Outcome outcome, final Reason reason, final long latencyNanos) {
        decisions[op.ordinal() * OUTCOMES.length + outcome.ordinal()].increment();
        reasons[reason.ordinal()].increment();
        latency.record(latencyNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onBatch(final int slots, final long syncNanos) {
        batchSlots.record(slots);
        batchSync.record(syncNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onJournalForced(final long forceNanos) {
        fsync.record(forceNanos, TimeUnit.NANOSECONDS);
    }

    private static String name(final Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
