package dev.baton.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void shouldParseEachUnit() {
        assertEquals(500, Durations.parseMillis("500ms"));
        assertEquals(90_000, Durations.parseMillis("90s"));
        assertEquals(900_000, Durations.parseMillis("15m"));
        assertEquals(3_600_000, Durations.parseMillis("1h"));
        assertEquals(172_800_000, Durations.parseMillis("2d"));
    }

    @Test
    void shouldRejectAnythingElseNamingTheExpectedForm() {
        for (final String bad : new String[] {"", "0s", "15", "m", "1.5h", "-1s", "+1s", "1 h", "1H", "1h30m", "1w",
            "1sec", "ms", "999999999999999d", "1000000000000000s"}) {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> Durations.parseMillis(bad), bad);
            assertTrue(ex.getMessage().contains("a positive integer followed by ms, s, m, h or d"), ex.getMessage());
            assertTrue(ex.getMessage().endsWith("found '" + bad + "'"), ex.getMessage());
        }
    }

    @Test
    void shouldFormatInTheLargestExactUnit() {
        assertEquals("15m", Durations.format(15 * Durations.MINUTE));
        assertEquals("90s", Durations.format(90_000));
        assertEquals("1500ms", Durations.format(1_500));
        assertEquals("30d", Durations.format(30 * Durations.DAY));
        assertThrows(IllegalArgumentException.class, () -> Durations.format(0));
    }

    @Property
    void formatThenParseRoundTrips(@ForAll @LongRange(min = 1, max = 100_000L * Durations.DAY) final long millis) {
        assertEquals(millis, Durations.parseMillis(Durations.format(millis)));
    }

    @Property
    void parseScalesByUnit(@ForAll @LongRange(min = 1, max = 999_999_999L) final long n) {
        assertEquals(n, Durations.parseMillis(n + "ms"));
        assertEquals(n * Durations.SECOND, Durations.parseMillis(n + "s"));
        assertEquals(n * Durations.MINUTE, Durations.parseMillis(n + "m"));
        assertEquals(n * Durations.HOUR, Durations.parseMillis(n + "h"));
        assertEquals(n * Durations.DAY, Durations.parseMillis(n + "d"));
    }
}
