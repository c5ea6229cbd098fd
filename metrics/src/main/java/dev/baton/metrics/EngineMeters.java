package dev.baton.metrics;

import dev.baton.engine.JournaledEngine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Objects;

/**
 * Meters read from a running {@link JournaledEngine} when the registry is scraped: {@code new
 * EngineMeters(engine).bindTo(registry)}. Registers:
 * <ul>
 *   <li>{@value #RING_DEPTH} (gauge): requests on the ring not yet decided and journaled, 0 to the ring's
 *       size: how far the engine thread is behind its callers;</li>
 *   <li>{@value #RING_SIZE} (gauge): the ring's slots;</li>
 *   <li>{@value #BUSY} (counter): submissions refused BUSY (ring full).</li>
 * </ul>
 * Nothing runs on the engine's path: each scrape reads the engine's ring cursors and a counter.
 * <p>
 * <b>Note:</b> thread-safe. Binding allocates; reading a meter allocates nothing.
 */
public final class EngineMeters implements MeterBinder {
    /** Name of the ring-depth gauge. */
    public static final String RING_DEPTH = "baton.ring.depth";
    /** Name of the ring-size gauge. */
    public static final String RING_SIZE = "baton.ring.size";
    /** Name of the counter of BUSY refusals. */
    public static final String BUSY = "baton.ring.busy";

    private final JournaledEngine engine;
    private final Tags tags;

    /** @param engine the engine to read. */
    public EngineMeters(final JournaledEngine engine) {
        this(engine, Tags.empty());
    }

    /**
     * @param engine the engine to read.
     * @param tags   common tags of every meter (an engine name, say).
     */
    public EngineMeters(final JournaledEngine engine, final Iterable<Tag> tags) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    @Override
    public void bindTo(final MeterRegistry registry) {
        Gauge.builder(RING_DEPTH, engine, JournaledEngine::ringDepth)
            .description("Requests on the Baton engine's ring not yet decided and journaled")
            .baseUnit("requests").tags(tags).strongReference(true).register(registry);
        Gauge.builder(RING_SIZE, engine, JournaledEngine::ringSize)
            .description("Slots of the Baton engine's ring").baseUnit("requests").tags(tags).strongReference(true)
            .register(registry);
        FunctionCounter.builder(BUSY, engine, JournaledEngine::busyRefusals)
            .description("Submissions the Baton engine refused BUSY (ring full)").tags(tags).register(registry);
    }
}
