package dev.baton.fleet;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the decoders of what the fleet reads from Kafka (bytes any client of the cluster could
 * write): a revocation's key and value, a policy message, a shipped record. Each must decode or be
 * refused with its own answer, never throw anything else. Under {@code ./mvnw verify} it replays the
 * seed corpus in {@code src/test/resources/dev/baton/fleet/FleetRecordFuzzTestInputs/}; with
 * {@code JAZZER_FUZZ=1} it fuzzes.
 */
class FleetRecordFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void shouldDecodeOrRejectAnyFleetRecord(final byte[] data) {
        if (RevocationRecord.isKey(data)) {
            final byte[] again = RevocationRecord.key(RevocationRecord.engineId(data), RevocationRecord.grantId(data));
            assertEquals(java.nio.ByteBuffer.wrap(data), java.nio.ByteBuffer.wrap(again), "a key round-trips");
        }
        final long expiresAt = RevocationRecord.expiresAt(data);
        assertTrue(expiresAt >= -1, "an expiry or -1 for malformed");
        try {
            final PolicyMessage m = PolicyMessage.decode(data);
            assertTrue(m.file != null && m.text != null);
        } catch (final IllegalArgumentException refused) {
            assertTrue(refused.getMessage().startsWith("policy message: "), refused.getMessage());
        }
        final String problem = ShippedJournal.verify(List.of(data));
        assertTrue(problem == null || problem.startsWith("shipped record 0"), problem);
    }
}
