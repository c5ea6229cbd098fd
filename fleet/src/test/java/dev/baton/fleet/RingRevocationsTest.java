package dev.baton.fleet;

import dev.baton.codec.CodecError;
import dev.baton.codec.ForeignRevocationBodyDecoder;
import dev.baton.codec.WarrantKey;
import dev.baton.codec.WarrantKeyRing;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.JournalReader;
import dev.baton.engine.JournaledEngine;
import dev.baton.engine.RecordType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The feed's applier without a broker: many more revocations than it keeps on the ring at once reach the
 * engine's journal in the feed's order, each once; repeats, the engine's own grants and expired ones are
 * counted as unchanged and write nothing; after the engine closes, revocations are counted as dropped.
 */
class RingRevocationsTest {
    @Test
    void shouldJournalEveryRevocationInTheFeedsOrderThroughAPoolOfRequests(@TempDir final Path dir) {
        final int n = 5 * RingRevocations.IN_FLIGHT + 7;
        final long expiry = System.currentTimeMillis() + 3_600_000;
        final RingRevocations ring;
        try (JournaledEngine engine = JournaledEngine.start(new EngineConfig(FleetFixture.POLICY, dir)
                .portableWarrants(2, new WarrantKeyRing(0, WarrantKey.hmacSha256(1,
                    "engine 2's own secret, 32 bytes!".getBytes(StandardCharsets.US_ASCII)))))) {
            ring = RingRevocations.of(engine);
            for (int i = 1; i <= n; i++) {
                ring.onRevocation(i % 3 == 1 ? 3 : 1, i, expiry, expiry - 60_000); // engines 1 and 3
            }
            ring.onRevocation(3, 1, expiry, 0);          // a repeat (grant 1 is engine 3's)
            ring.onRevocation(2, 99, expiry, 0);         // the engine's own grant
            ring.onRevocation(1, 10_000, 1_000, 0);      // long expired
            assertTrue(!ring.isIdle(), "the last ones are still counted as on the ring");
            ring.afterBatch();
            assertTrue(ring.isIdle());
            assertEquals(n, ring.journaled());
            assertEquals(3, ring.unchanged());
            assertNull(ring.lastError());
        }
        ring.onRevocation(1, n + 1L, expiry, 0);
        assertEquals(1, ring.dropped(), "the engine is closed");
        final List<Long> grants = new ArrayList<>();
        final ForeignRevocationBodyDecoder body = new ForeignRevocationBodyDecoder();
        try (JournalReader reader = new JournalReader(dir)) {
            reader.read((sequence, type, buffer, offset, length) -> {
                if (type == RecordType.FOREIGN_REVOCATION) {
                    assertEquals(CodecError.OK, body.wrap(buffer, offset, length, null));
                    grants.add(body.grantId());
                }
                return true;
            });
        }
        assertEquals(n, grants.size(), "one record each, none for the unchanged ones");
        for (int i = 0; i < n; i++) {
            assertEquals(i + 1L, grants.get(i), "in the feed's order");
        }
    }
}
