package dev.baton.fleet;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The check a deciding thread makes for each foreign chain allocates nothing. */
class ForeignGrantCheckAllocationTest {

    @Test
    void shouldCheckAForeignChainWithoutAllocating() {
        final RevocationTable table = new RevocationTable(1 << 12);
        for (long g = 1; g <= 1_000; g++) {
            table.put((int) (g % 7), g * 31, Long.MAX_VALUE);
        }
        final boolean[] stale = {false};
        final FeedView view = new FeedView() {
            @Override
            public boolean isRevoked(final int engineId, final long grantId) {
                return table.contains(engineId, grantId);
            }

            @Override
            public boolean isStale() {
                return stale[0];
            }
        };
        final ForeignGrantCheck check = new ForeignGrantCheck(view);
        final int[] engines = {1, 2, 3, 4};
        final long[] grants = {5, 6, 7, 8};
        final ThreadMXBean bean = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        int revoked = 0;
        for (int i = 0; i < 200_000; i++) { // warm up
            grants[3] = i * 31L;
            revoked += check.check(engines, grants, 4) == ForeignGrantCheck.Verdict.REVOKED ? 1 : 0;
        }
        final long before = bean.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 200_000; i++) {
            grants[3] = i * 31L;
            revoked += check.check(engines, grants, 4) == ForeignGrantCheck.Verdict.REVOKED ? 1 : 0;
        }
        final long allocated = bean.getThreadAllocatedBytes(thread) - before;
        assertEquals(0, allocated, "bytes allocated by 200,000 checks");
        assertEquals(2 * expectedRevoked(), revoked, "the checks did their work");
        stale[0] = true;
        assertEquals(ForeignGrantCheck.Verdict.FEED_STALE, check.check(engines, grants, 4));
    }

    /** @return how many of the i*31 (i below 200,000) grants on engine 4 the table holds. */
    private static int expectedRevoked() {
        int n = 0;
        for (long g = 1; g <= 1_000; g++) {
            if (g % 7 == 4 && g < 200_000) {
                n++;
            }
        }
        return n;
    }
}
