package dev.baton.fleet;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The shipper's time behind: when the oldest record not shipped was first seen. */
class ShippingLagTest {
    @Test
    void shouldDateTheOldestUnshippedRecordBySeenTime() {
        final ShippingLag lag = new ShippingLag();
        lag.update(10, -1, 1_000); // records 0..9 seen at 1000
        assertEquals(1_000, lag.oldestUnshippedSeenNanos());
        lag.update(15, 4, 2_000); // 10..14 seen at 2000; 0..4 shipped: 5 is the oldest, seen at 1000
        assertEquals(1_000, lag.oldestUnshippedSeenNanos());
        lag.update(15, 9, 3_000); // 0..9 shipped: 10 is the oldest, seen at 2000
        assertEquals(2_000, lag.oldestUnshippedSeenNanos());
        lag.update(15, 14, 4_000); // all shipped
        assertEquals(4_000, lag.oldestUnshippedSeenNanos());
    }

    @Test
    void shouldErrLongWhenItRunsOutOfMarks() {
        final ShippingLag lag = new ShippingLag();
        for (int i = 1; i <= ShippingLag.MARKS + 10; i++) {
            lag.update(i, -1, i * 100L); // record i-1 seen at i*100
        }
        // The last mark took the 11 newest records at the time it was made: never later than the truth.
        lag.update(ShippingLag.MARKS + 10, ShippingLag.MARKS - 2, 1_000_000);
        assertEquals(ShippingLag.MARKS * 100L, lag.oldestUnshippedSeenNanos());
    }
}
