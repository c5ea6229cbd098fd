package dev.baton.fleet;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a fleet's topics live and how one engine of it takes part: the bootstrap servers, the fleet's
 * name (the prefix of its three topics), this engine's id in the fleet, and the revocation feed's
 * staleness bound.
 * <p>
 * Topics: {@code NAME.revocations} and {@code NAME.policies} (compacted) and {@code NAME.journal}
 * (kept), see {@link FleetTopics}.
 * <p>
 * <b>Note:</b> immutable, thread-safe; each {@code with*} allocates a copy.
 */
public final class FleetConfig {
    /** Default staleness bound of the revocation feed. */
    public static final Duration DEFAULT_STALENESS = Duration.ofSeconds(5);
    /** Default partitions of each topic the fleet creates. */
    public static final int DEFAULT_PARTITIONS = 3;
    /** Default bound on revocations an engine keeps (live grants revoked fleet-wide). */
    public static final int DEFAULT_MAX_REVOCATIONS = 1 << 20;

    private final String bootstrap;
    private final String fleet;
    private final int engineId;
    private final Duration staleness;
    private final int partitions;
    private final int maxRevocations;
    private final Duration maxGrantTtl;

    private FleetConfig(final String bootstrap, final String fleet, final int engineId, final Duration staleness,
                        final int partitions, final int maxRevocations, final Duration maxGrantTtl) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
        this.fleet = requireName(fleet);
        this.engineId = engineId;
        this.staleness = requirePositive(staleness, "staleness");
        this.partitions = partitions;
        this.maxRevocations = maxRevocations;
        this.maxGrantTtl = requirePositive(maxGrantTtl, "maxGrantTtl");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, not " + partitions);
        }
        if (maxRevocations < 16) {
            throw new IllegalArgumentException("maxRevocations must be at least 16, not " + maxRevocations);
        }
    }

    /**
     * @param bootstrap Kafka's {@code bootstrap.servers}.
     * @param fleet     the fleet's name: letters, digits, '-' and '_' (its topics' prefix).
     * @param engineId  this engine's id in the fleet, unique across the fleet's processes.
     * @return the settings, with the defaults for the rest.
     */
    public static FleetConfig of(final String bootstrap, final String fleet, final int engineId) {
        return new FleetConfig(bootstrap, fleet, engineId, DEFAULT_STALENESS, DEFAULT_PARTITIONS,
            DEFAULT_MAX_REVOCATIONS, Duration.ofHours(24));
    }

    /** @return a copy with another staleness bound: a view older than this denies foreign warrants. */
    public FleetConfig withStaleness(final Duration bound) {
        return new FleetConfig(bootstrap, fleet, engineId, bound, partitions, maxRevocations, maxGrantTtl);
    }

    /** @return a copy with another partition count for the topics the fleet creates. */
    public FleetConfig withPartitions(final int count) {
        return new FleetConfig(bootstrap, fleet, engineId, staleness, count, maxRevocations, maxGrantTtl);
    }

    /** @return a copy with another bound on the revocations an engine keeps. */
    public FleetConfig withMaxRevocations(final int bound) {
        return new FleetConfig(bootstrap, fleet, engineId, staleness, partitions, bound, maxGrantTtl);
    }

    /**
     * @param ttl the longest a grant can live in this fleet (the policies' largest TTL): the revocations
     *            topic keeps records this long, and a revocation whose expiry is unknown lasts this long.
     * @return a copy with it.
     */
    public FleetConfig withMaxGrantTtl(final Duration ttl) {
        return new FleetConfig(bootstrap, fleet, engineId, staleness, partitions, maxRevocations, ttl);
    }

    /** @return a copy naming another engine of the same fleet. */
    public FleetConfig forEngine(final int id) {
        return new FleetConfig(bootstrap, fleet, id, staleness, partitions, maxRevocations, maxGrantTtl);
    }

    /** @return Kafka's {@code bootstrap.servers}. */
    public String bootstrap() {
        return bootstrap;
    }

    /** @return the fleet's name. */
    public String fleet() {
        return fleet;
    }

    /** @return this engine's id in the fleet. */
    public int engineId() {
        return engineId;
    }

    /** @return the staleness bound of the revocation feed. */
    public Duration staleness() {
        return staleness;
    }

    /** @return partitions of each topic the fleet creates. */
    public int partitions() {
        return partitions;
    }

    /** @return the bound on revocations an engine keeps. */
    public int maxRevocations() {
        return maxRevocations;
    }

    /** @return the longest a grant can live in this fleet. */
    public Duration maxGrantTtl() {
        return maxGrantTtl;
    }

    /** @return the revocations topic. */
    public String revocationsTopic() {
        return fleet + ".revocations";
    }

    /** @return the policies topic. */
    public String policiesTopic() {
        return fleet + ".policies";
    }

    /** @return the journal topic. */
    public String journalTopic() {
        return fleet + ".journal";
    }

    private static String requireName(final String fleet) {
        if (fleet == null || !fleet.matches("[A-Za-z0-9_-]{1,200}")) {
            throw new IllegalArgumentException("fleet name must be 1-200 letters, digits, '-' or '_', not " + fleet);
        }
        return fleet;
    }

    private static Duration requirePositive(final Duration d, final String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, not " + d);
        }
        return d;
    }
}
