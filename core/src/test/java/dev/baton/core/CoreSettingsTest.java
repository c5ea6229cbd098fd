package dev.baton.core;

import dev.baton.codec.KeyRing;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CoreSettingsTest {
    @Test
    void shouldDefaultToNoWarrantsAndTheDocumentedRegistry() {
        assertNull(CoreSettings.DEFAULT.keys());
        assertEquals(4096, CoreSettings.DEFAULT.initialGrants());
        assertEquals(1 << 24, CoreSettings.DEFAULT.maxGrants());
        assertEquals(60_000, CoreSettings.DEFAULT.retentionMillis());
    }

    @Test
    void shouldChangeOnlyTheSettingAsked() {
        final KeyRing keys = new KeyRing(60_000, 1,
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        final CoreSettings s = CoreSettings.DEFAULT.withKeys(keys).withGrants(8, 16).withRetentionMillis(0);
        assertSame(keys, s.keys());
        assertEquals(8, s.initialGrants());
        assertEquals(16, s.maxGrants());
        assertEquals(0, s.retentionMillis());
        assertEquals(CoreSettings.DEFAULT, s.withKeys(null).withGrants(4096, 1 << 24).withRetentionMillis(60_000));
    }

    @Test
    void shouldRefuseRegistrySizesThatCannotHoldAGrant() {
        final ManualClock clock = new ManualClock(0);
        assertThrows(IllegalArgumentException.class,
            () -> new DecisionCore(TestPolicies.resource("rules.yaml"), clock, CoreSettings.DEFAULT.withGrants(0, 1)));
        assertThrows(IllegalArgumentException.class,
            () -> new DecisionCore(TestPolicies.resource("rules.yaml"), clock, CoreSettings.DEFAULT.withGrants(8, 4)));
    }
}
