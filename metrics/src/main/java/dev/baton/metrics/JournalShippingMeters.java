package dev.baton.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A fleet's journal shipping lag as gauges, read when the registry is scraped. With the fleet module's
 * shipper: {@code new JournalShippingMeters(shipper::lag, shipper::lagNanos).bindTo(registry)} (this module
 * does not depend on the fleet module, nor the fleet module on Micrometer). Registers:
 * <ul>
 *   <li>{@value #RECORDS} (gauge): journal records the shipper has seen and not shipped;</li>
 *   <li>{@value #SECONDS} (gauge, seconds): how long the oldest of them has been waiting (0 when caught up).</li>
 * </ul>
 * <p>
 * <b>Note:</b> thread-safe if the suppliers are (the shipper's are). Binding allocates.
 */
public final class JournalShippingMeters implements MeterBinder {
    /** Name of the gauge of records behind. */
    public static final String RECORDS = "baton.shipping.lag.records";
    /** Name of the gauge of time behind. */
    public static final String SECONDS = "baton.shipping.lag";

    private final LongSupplier records;
    private final LongSupplier nanos;
    private final Tags tags;

    /**
     * @param records records seen and not shipped ({@code JournalShipper::lag}).
     * @param nanos   how long the oldest has waited ({@code JournalShipper::lagNanos}).
     */
    public JournalShippingMeters(final LongSupplier records, final LongSupplier nanos) {
        this(records, nanos, Tags.empty());
    }

    /**
     * @param records records seen and not shipped ({@code JournalShipper::lag}).
     * @param nanos   how long the oldest has waited ({@code JournalShipper::lagNanos}).
     * @param tags    common tags (the engine id, say).
     */
    public JournalShippingMeters(final LongSupplier records, final LongSupplier nanos, final Iterable<Tag> tags) {
        this.records = Objects.requireNonNull(records, "records");
        this.nanos = Objects.requireNonNull(nanos, "nanos");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    @Override
    public void bindTo(final MeterRegistry registry) {
        Gauge.builder(RECORDS, records, LongSupplier::getAsLong)
            .description("Baton journal records not yet shipped to the fleet").baseUnit("records")
            .tags(tags).strongReference(true).register(registry);
        Gauge.builder(SECONDS, nanos, n -> n.getAsLong() / (double) TimeUnit.SECONDS.toNanos(1))
            .description("How long the oldest Baton journal record not yet shipped has waited")
            .baseUnit("seconds").tags(tags).strongReference(true).register(registry);
    }
}
