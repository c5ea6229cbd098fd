package dev.baton.core;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ledger keeps budget counters and approvals in side tables that only some slots reference, with rows
 * reused and widened; whatever the order of issues, approvals, snapshots read back and policy remaps,
 * every slot must read exactly what a plain per-slot model of the same operations holds, and a snapshot
 * of it must read back the same bytes.
 */
class GrantLedgerTest {
    private static final int B = BudgetTable.MAX_BUDGETS;
    private static final int A = dev.baton.policy.ReviewRule.MAX_APPROVALS;
    private static final int SLOTS = 24;
    private static final int NONE = GrantRegistry.NO_SLOT;

    /** The state each slot should hold: per slot mask, 3 counters per budget, and the approvals in order. */
    private static final class Model {
        final int[] mask = new int[SLOTS];
        final long[][] counters = new long[SLOTS][3 * B];
        final int[][] approval = new int[SLOTS][0]; // reviewer, class, time (low int) per approval

        void issue(final int s, final int parent, final int budgets, final long[] limits) {
            mask[s] = budgets;
            Arrays.fill(counters[s], 0);
            approval[s] = new int[0];
            for (int b = 0; b < B; b++) {
                final long l = (budgets & 1 << b) != 0 ? limits[b] : 0;
                counters[s][3 * b] = l;
                if (parent != NONE && l != 0) {
                    counters[parent][3 * b + 2] += l;
                }
            }
        }

        int approve(final int s, final int reviewer, final int cls, final int now) {
            final int[] a = approval[s];
            for (int k = 0; k < a.length; k += 3) {
                if (a[k] == reviewer) {
                    return -1;
                }
            }
            if (a.length / 3 < A) {
                approval[s] = Arrays.copyOf(a, a.length + 3);
                approval[s][a.length] = reviewer;
                approval[s][a.length + 1] = cls;
                approval[s][a.length + 2] = now;
            }
            return approval[s].length / 3;
        }

        void remap(final int[] map) {
            for (int s = 0; s < SLOTS; s++) {
                int m = 0;
                final long[] moved = new long[3 * B];
                for (int b = 0; b < B && b < map.length; b++) {
                    if ((mask[s] & 1 << b) != 0 && map[b] >= 0) {
                        m |= 1 << map[b];
                        System.arraycopy(counters[s], 3 * b, moved, 3 * map[b], 3);
                    }
                }
                mask[s] = m;
                counters[s] = moved;
            }
        }
    }

    @Property(tries = 300)
    void shouldReadWhatAPerSlotModelHoldsAfterAnyOperations(@ForAll final long seed) {
        final Random random = new Random(seed);
        GrantLedger ledger = new GrantLedger();
        final Model model = new Model();
        final int budgetsInUse = 1 + random.nextInt(B); // policies of few budgets, and some of many
        for (int op = 0; op < 200; op++) {
            final int s = random.nextInt(SLOTS);
            final int kind = random.nextInt(10);
            if (kind < 5) {
                final int budgets = random.nextInt(3) == 0 ? 0 : random.nextInt(1 << budgetsInUse);
                final long[] limits = new long[B];
                for (int b = 0; b < B; b++) {
                    limits[b] = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(1000);
                }
                final int parent = random.nextBoolean() ? NONE : (s + 1 + random.nextInt(SLOTS - 1)) % SLOTS;
                ledger.issue(s, parent, budgets, limits);
                model.issue(s, parent, budgets, limits);
            } else if (kind < 8) {
                final int reviewer = random.nextInt(12);
                final int cls = random.nextInt(3) - 1;
                final int now = random.nextInt(1_000_000);
                assertEquals(model.approve(s, reviewer, cls, now), ledger.approve(s, reviewer, cls, now), "approve " + s);
            } else if (kind == 8) { // go on with a ledger read back from a snapshot of this one
                ledger = readBack(ledger);
            } else {
                final int[] map = new int[B];
                for (int b = 0; b < B; b++) {
                    map[b] = random.nextInt(4) == 0 ? -1 : random.nextInt(B);
                }
                ledger.remap(map);
                model.remap(map);
            }
            assertHolds(model, ledger, "after operation " + op + " (kind " + kind + ", slot " + s + ")");
        }
        assertHolds(model, readBack(ledger), "read back from a snapshot");
    }

    /** @return a new ledger that imported a snapshot of {@code ledger}, after checking it exports the same bytes. */
    private static GrantLedger readBack(final GrantLedger ledger) {
        final ExpandableArrayBuffer exported = new ExpandableArrayBuffer();
        final int end = ledger.exportState(exported, 0);
        final GrantLedger restored = new GrantLedger();
        restored.importState(exported, 0, end, SLOTS);
        final ExpandableArrayBuffer again = new ExpandableArrayBuffer();
        assertEquals(end, restored.exportState(again, 0));
        for (int i = 0; i < end; i++) {
            assertEquals(exported.getByte(i), again.getByte(i), "snapshot byte " + i);
        }
        return restored;
    }

    @Test
    void shouldGiveAReissuedSlotNoneOfItsPredecessorsCountersOrApprovals() {
        final GrantLedger ledger = new GrantLedger();
        final long[] limits = {100, 0, 0, 0, 0, 0, 0, 0};
        ledger.issue(0, NONE, 1, limits);
        ledger.issue(1, 0, 1, new long[] {40, 0, 0, 0, 0, 0, 0, 0});
        ledger.approve(1, 7, -1, 5);
        ledger.issue(1, NONE, 0, limits); // the slot reused by a grant without budgets
        ledger.issue(2, NONE, 1, new long[] {9, 0, 0, 0, 0, 0, 0, 0}); // takes the row slot 1 gave back
        assertEquals(0, ledger.mask(1));
        assertEquals(0, ledger.approvals(1));
        assertEquals(0, ledger.available(1, 0));
        assertEquals(9, ledger.available(2, 0));
        assertEquals(60, ledger.available(0, 0), "a slice is not given back when its grant ends");
    }

    @Test
    void shouldKeepEveryCounterWhenAWiderBudgetArrives() {
        final GrantLedger ledger = new GrantLedger();
        ledger.issue(0, NONE, 1, new long[] {100, 0, 0, 0, 0, 0, 0, 0});
        ledger.issue(1, 0, 1, new long[] {30, 0, 0, 0, 0, 0, 0, 0});
        ledger.issue(2, NONE, 1 << 5 | 1, new long[] {7, 0, 0, 0, 0, 55, 0, 0});
        assertEquals(100, ledger.limit(0, 0));
        assertEquals(30, ledger.reserved(0, 0));
        assertEquals(70, ledger.available(0, 0));
        assertEquals(30, ledger.available(1, 0));
        assertEquals(55, ledger.available(2, 5));
        assertEquals(0, ledger.available(0, 5));
        assertEquals(0, ledger.available(0, 7), "a budget no row holds has nothing left");
    }

    private static void assertHolds(final Model model, final GrantLedger ledger, final String when) {
        for (int s = 0; s < SLOTS; s++) {
            assertEquals(model.mask[s], ledger.mask(s), "mask of slot " + s + " " + when);
            for (int b = 0; b < B; b++) {
                assertEquals(model.counters[s][3 * b], ledger.limit(s, b), "limit " + s + "/" + b + " " + when);
                assertEquals(model.counters[s][3 * b + 1], ledger.spent(s, b), "spent " + s + "/" + b + " " + when);
                assertEquals(model.counters[s][3 * b + 2], ledger.reserved(s, b), "reserved " + s + "/" + b + " " + when);
            }
            final int[] a = model.approval[s];
            assertEquals(a.length / 3, ledger.approvals(s), "approvals of slot " + s + " " + when);
            for (int k = 0; k < a.length / 3; k++) {
                assertEquals(a[3 * k], ledger.approver(s, k));
                assertEquals(a[3 * k + 1], ledger.approverClass(s, k));
                assertEquals(a[3 * k + 2], ledger.approvedAt(s, k));
            }
        }
    }
}
