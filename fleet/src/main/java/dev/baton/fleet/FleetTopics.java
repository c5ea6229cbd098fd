package dev.baton.fleet;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Creates a fleet's three topics if they do not exist:
 * <ul>
 *   <li>{@code NAME.revocations}: compacted and, as a backstop, deleted after the longest grant TTL
 *       ({@code cleanup.policy=compact,delete}); keyed by (engine id, grant id);</li>
 *   <li>{@code NAME.policies}: compacted, one key per fleet: the policy in force;</li>
 *   <li>{@code NAME.journal}: kept forever ({@code retention.ms=-1}); each engine's sealed records in
 *       the partition {@link #journalPartition} names.</li>
 * </ul>
 * Replication factor: 1 on a one-broker cluster, else 3 with {@code min.insync.replicas=2}.
 * <p>
 * <b>Note:</b> stateless, thread-safe; allocates (an admin client per call).
 */
public final class FleetTopics {
    private FleetTopics() {
    }

    /**
     * Creates the topics that do not exist yet.
     *
     * @param config the fleet.
     * @throws IllegalStateException if the cluster refuses or cannot be reached.
     */
    public static void create(final FleetConfig config) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap()))) {
            final int brokers = admin.describeCluster().nodes().get().size();
            final short replicas = (short) (brokers >= 3 ? 3 : 1);
            final String minIsr = brokers >= 3 ? "2" : "1";
            final List<NewTopic> topics = new ArrayList<>();
            topics.add(new NewTopic(config.revocationsTopic(), config.partitions(), replicas).configs(Map.of(
                "cleanup.policy", "compact,delete",
                "retention.ms", Long.toString(config.maxGrantTtl().toMillis()),
                "min.insync.replicas", minIsr,
                "delete.retention.ms", "60000")));
            topics.add(new NewTopic(config.policiesTopic(), 1, replicas).configs(Map.of(
                "cleanup.policy", "compact", "min.insync.replicas", minIsr)));
            topics.add(new NewTopic(config.journalTopic(), config.partitions(), replicas).configs(Map.of(
                "cleanup.policy", "delete", "retention.ms", "-1", "retention.bytes", "-1",
                "min.insync.replicas", minIsr)));
            for (final NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get();
                } catch (final ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic.name() + ": " + e.getCause(), e);
                    }
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the fleet's topics", e);
        } catch (final ExecutionException e) {
            throw new IllegalStateException("cannot reach the Kafka cluster at " + config.bootstrap() + ": " + e.getCause(), e);
        }
    }

    /**
     * @param engineId   an engine's id.
     * @param partitions the journal topic's partitions.
     * @return the partition of the journal topic that holds that engine's records, in order.
     */
    public static int journalPartition(final int engineId, final int partitions) {
        return Math.floorMod(engineId, partitions);
    }
}
