package dev.baton.core;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The counters of each grant beyond its registry row: for every budget its task has, the grant's
 * {@code limit} (the slice it was given; a root's is its task's total), what calls under it have
 * {@code spent}, and what it has {@code reserved} for the slices of its children. A grant's remainder is
 * {@code limit - spent - reserved}, never negative. And for a grant waiting for review, who approved it
 * and when: a rule that needs M approvals counts M distinct reviewers ({@link #approve}).
 * <p>
 * A call that spends {@code x} needs {@code x} of its own grant's remainder; it adds {@code x} to the
 * grant's {@code spent} and, at every ancestor, moves {@code x} from {@code reserved} to {@code spent}
 * (the ancestor's remainder does not change: the slice was already set aside). A delegation that asks for a
 * slice {@code s} needs {@code s} of its parent's remainder and adds it to the parent's {@code reserved}.
 * So, at every grant, spent plus reserved never passes the limit, and no task spends past its total.
 * A slice is not given back when its grant ends (expired, revoked, denied in review): fail closed.
 * <p>
 * This is all the state budgets add to a decision core, indexed by registry slot, so that a snapshot can
 * export and import it with the registry (a whole ledger as a snapshot section: {@link #exportState},
 * {@link #importState}).
 * <p>
 * <b>Note:</b> not thread-safe (the decision core's thread); allocation-free except when it grows with
 * the registry.
 */
final class GrantLedger {
    private static final int B = BudgetTable.MAX_BUDGETS;
    private static final int A = dev.baton.policy.ReviewRule.MAX_APPROVALS;
    private static final int NO_ROW = -1;
    // Most grants have no approvals, and most policies one budget or none, so each slot holds only
    // references (row + 1; 0: no row) into two side tables that grow with the grants that use them, and a
    // budget row is as wide as the highest budget used: 8 + 28 bytes per grant of a one-budget task
    // instead of 328. Fresh memory is what a growing registry pays for, by the byte.
    private int[] budgetRef = new int[0];
    private int[] reviewRef = new int[0];
    /** Budget rows: the grant's budget mask, and limit, spent and reserved per budget ({@code row * w + b}). */
    private final LedgerRows budgetRows = new LedgerRows();
    private int[] mask = new int[0];
    private long[] limit = new long[0];
    private long[] spent = new long[0];
    private long[] reserved = new long[0];
    /** Budgets per row: one more than the highest budget index any row has held ({@link #widen}). */
    private int w = 1;
    /** Review rows: how many approvals, and who ({@code approver[row * A + k]}) at what time. */
    private final LedgerRows reviewRows = new LedgerRows();
    private int[] approvals = new int[0];
    private int[] approver = new int[0];
    private long[] approvedAt = new long[0];
    /** The reviewer class ({@code reviewer_classes}) each approval was counted under, -1 none. */
    private int[] approverClass = new int[0];
    /** The argument constraints foreign warrants carried, by mirror grant (kept by the {@link PortableGate}). */
    final ForeignConstraints foreign = new ForeignConstraints();

    /** @return the budgets the grant at {@code s} has, as a mask. */
    int mask(final int s) {
        final int r = budgetRow(s);
        return r == NO_ROW ? 0 : mask[r];
    }

    /** @return the remainder of budget {@code b} at slot {@code s}. */
    long available(final int s, final int b) {
        final int r = budgetRow(s);
        if (r == NO_ROW || b >= w) {
            return 0;
        }
        final int i = r * w + b;
        return limit[i] - spent[i] - reserved[i];
    }

    long limit(final int s, final int b) {
        final int r = budgetRow(s);
        return r == NO_ROW || b >= w ? 0 : limit[r * w + b];
    }

    long spent(final int s, final int b) {
        final int r = budgetRow(s);
        return r == NO_ROW || b >= w ? 0 : spent[r * w + b];
    }

    long reserved(final int s, final int b) {
        final int r = budgetRow(s);
        return r == NO_ROW || b >= w ? 0 : reserved[r * w + b];
    }

    /**
     * Sets a new grant's budgets: {@code limits[b]} for each budget of {@code budgets}; for a child, reserves
     * them at its parent (whose remainders the caller checked). Whatever the slot held before is dropped.
     */
    void issue(final int s, final int parent, final int budgets, final long[] limits) {
        ensure(s);
        dropReview(s);
        if (budgets == 0) {
            dropBudgets(s); // no limit to set and none to reserve at the parent
            return;
        }
        widen(budgets);
        final int r = budgetRowForWrite(s);
        mask[r] = budgets;
        for (int b = 0; b < w; b++) {
            final int i = r * w + b;
            final long l = (budgets & 1 << b) != 0 ? limits[b] : 0;
            limit[i] = l;
            spent[i] = 0;
            reserved[i] = 0;
            if (parent != GrantRegistry.NO_SLOT && l != 0) {
                final int at = budgetRowForWrite(parent) * w + b; // before naming the array: the call may grow it
                reserved[at] += l;
            }
        }
    }

    /**
     * Records {@code reviewer}'s approval of the pending grant at {@code s}, made at {@code now} as a member of
     * reviewer class {@code reviewerClass} (-1 none).
     *
     * @return the number of distinct approvals now, or -1 if {@code reviewer} had already approved (it counts once).
     */
    int approve(final int s, final int reviewer, final int reviewerClass, final long now) {
        final int q = reviewRowForWrite(s);
        final int n = approvals[q];
        for (int k = 0; k < n; k++) {
            if (approver[q * A + k] == reviewer) {
                return -1;
            }
        }
        if (n < A) {
            approver[q * A + n] = reviewer;
            approvedAt[q * A + n] = now;
            approverClass[q * A + n] = reviewerClass;
            approvals[q] = n + 1;
        }
        return approvals[q];
    }

    /** @return how many distinct reviewers approved the grant at {@code s}. */
    int approvals(final int s) {
        final int q = reviewRow(s);
        return q == NO_ROW ? 0 : approvals[q];
    }

    /** @return the identity of the {@code k}-th reviewer to approve the grant at {@code s} (below {@link #approvals}). */
    int approver(final int s, final int k) {
        return approver[reviewRow(s) * A + k];
    }

    /** @return when the {@code k}-th approval of the grant at {@code s} was made (epoch millis). */
    long approvedAt(final int s, final int k) {
        return approvedAt[reviewRow(s) * A + k];
    }

    /** @return the reviewer class the {@code k}-th approval of the grant at {@code s} counted under, -1 none. */
    int approverClass(final int s, final int k) {
        return approverClass[reviewRow(s) * A + k];
    }

    /**
     * A call under the grant at {@code s} spends {@code amount} of budget {@code b} (its remainder checked by
     * the caller): here, and at every ancestor from its reservation.
     */
    void spend(final GrantRegistry grants, final int s, final int b, final long amount) {
        spent[budgetRow(s) * w + b] += amount;
        for (int a = grants.parentSlot(s); a != GrantRegistry.NO_SLOT; a = grants.parentSlot(a)) {
            final int i = budgetRowForWrite(a) * w + b;
            reserved[i] -= amount;
            spent[i] += amount;
        }
    }

    /**
     * Carries the counters to another policy's budget numbering ({@code map[old] = new}, or -1: the new policy
     * has no such budget, which is then no longer counted). Allocates (swap time only).
     */
    void remap(final int[] map) { // approvals are kept: a review rule that is gone revokes its grant
        int wider = 0;
        for (final int to : map) {
            wider |= to >= 0 ? 1 << to : 0;
        }
        widen(wider);
        final long[][] columns = {limit, spent, reserved};
        final long[] moved = new long[3 * B];
        for (int r = 0; r < budgetRows.high(); r++) {
            int newMask = 0;
            Arrays.fill(moved, 0);
            for (int b = 0; b < w && b < map.length; b++) {
                if ((mask[r] & 1 << b) != 0 && map[b] >= 0) {
                    newMask |= 1 << map[b];
                    for (int k = 0; k < 3; k++) {
                        moved[k * B + map[b]] = columns[k][r * w + b];
                    }
                }
            }
            mask[r] = newMask;
            for (int k = 0; k < 3; k++) {
                System.arraycopy(moved, k * B, columns[k], r * w, w);
            }
        }
    }

    /**
     * Writes every slot that holds a counter or an approval (the LEDGER section's body, {@link CoreSnapshot}):
     * count i32, 0 i32, then per slot: slot i32, budget mask i32, counted i32 (the budgets whose counters
     * are not all zero), approvals i32; limit, spent, reserved i64 per counted budget; reviewer i32, reviewer
     * class + 1 i32 (0: none), time i64 per approval.
     *
     * @return where the body ends.
     */
    int exportState(final ExpandableArrayBuffer dst, final int at) {
        int p = at + 8;
        int count = 0;
        for (int s = 0; s < budgetRef.length; s++) {
            final int r = budgetRow(s);
            final int q = reviewRow(s);
            int counted = 0;
            for (int b = 0; b < w && r != NO_ROW; b++) {
                final int i = r * w + b;
                counted |= limit[i] != 0 || spent[i] != 0 || reserved[i] != 0 ? 1 << b : 0;
            }
            final int n = q == NO_ROW ? 0 : approvals[q];
            if (mask(s) == 0 && counted == 0 && n == 0) {
                continue;
            }
            count++;
            dst.putInt(p, s, ByteOrder.LITTLE_ENDIAN);
            dst.putInt(p + 4, mask(s), ByteOrder.LITTLE_ENDIAN);
            dst.putInt(p + 8, counted, ByteOrder.LITTLE_ENDIAN);
            dst.putInt(p + 12, n, ByteOrder.LITTLE_ENDIAN);
            p += 16;
            for (int b = 0; b < B; b++) {
                if ((counted & 1 << b) != 0) {
                    dst.putLong(p, limit[r * w + b], ByteOrder.LITTLE_ENDIAN);
                    dst.putLong(p + 8, spent[r * w + b], ByteOrder.LITTLE_ENDIAN);
                    dst.putLong(p + 16, reserved[r * w + b], ByteOrder.LITTLE_ENDIAN);
                    p += 24;
                }
            }
            for (int k = 0; k < n; k++) {
                dst.putInt(p, approver[q * A + k], ByteOrder.LITTLE_ENDIAN);
                dst.putInt(p + 4, approverClass[q * A + k] + 1, ByteOrder.LITTLE_ENDIAN);
                dst.putLong(p + 8, approvedAt[q * A + k], ByteOrder.LITTLE_ENDIAN);
                p += 16;
            }
        }
        dst.putInt(at, count, ByteOrder.LITTLE_ENDIAN);
        dst.putInt(at + 4, 0, ByteOrder.LITTLE_ENDIAN);
        return p;
    }

    /**
     * Reads what {@link #exportState} wrote into this (empty) ledger.
     *
     * @param slots the registry's capacity: every slot read must lie below it.
     * @throws IllegalStateException naming the field if the body is malformed.
     */
    void importState(final DirectBuffer src, final int at, final int length, final int slots) {
        final int end = at + length;
        final int count = length < 8 ? -1 : src.getInt(at, ByteOrder.LITTLE_ENDIAN);
        if (count < 0 || count > slots) {
            throw new IllegalStateException("section LEDGER: count " + count + " (length " + length + ", " + slots
                + " slots)");
        }
        int p = at + 8;
        int previous = -1;
        for (int n = 0; n < count; n++) {
            final int s = p + 16 <= end ? src.getInt(p, ByteOrder.LITTLE_ENDIAN) : -1;
            final int m = p + 16 <= end ? src.getInt(p + 4, ByteOrder.LITTLE_ENDIAN) : -1;
            final int counted = p + 16 <= end ? src.getInt(p + 8, ByteOrder.LITTLE_ENDIAN) : -1;
            final int a = p + 16 <= end ? src.getInt(p + 12, ByteOrder.LITTLE_ENDIAN) : -1;
            final long need = 16L + 24L * Integer.bitCount(counted) + 16L * a;
            if (s <= previous || s >= slots || m >>> B != 0 || counted >>> B != 0 || a < 0 || a > A || p + need > end) {
                throw new IllegalStateException("section LEDGER: entry " + n + " at byte " + (p - at) + ": slot " + s
                    + ", mask " + m + ", counted " + counted + ", approvals " + a + " do not fit");
            }
            ensure(s);
            p += 16;
            if (m != 0 || counted != 0) {
                widen(m | counted);
                final int r = budgetRowForWrite(s);
                mask[r] = m;
                for (int b = 0; b < B; b++) {
                    if ((counted & 1 << b) != 0) {
                        limit[r * w + b] = src.getLong(p, ByteOrder.LITTLE_ENDIAN);
                        spent[r * w + b] = src.getLong(p + 8, ByteOrder.LITTLE_ENDIAN);
                        reserved[r * w + b] = src.getLong(p + 16, ByteOrder.LITTLE_ENDIAN);
                        p += 24;
                    }
                }
            }
            if (a > 0) {
                final int q = reviewRowForWrite(s);
                approvals[q] = a;
                for (int k = 0; k < a; k++) {
                    approver[q * A + k] = src.getInt(p, ByteOrder.LITTLE_ENDIAN);
                    approverClass[q * A + k] = src.getInt(p + 4, ByteOrder.LITTLE_ENDIAN) - 1;
                    approvedAt[q * A + k] = src.getLong(p + 8, ByteOrder.LITTLE_ENDIAN);
                    p += 16;
                }
            }
            previous = s;
        }
        if (p != end) {
            throw new IllegalStateException("section LEDGER: " + (end - p) + " bytes left after " + count + " entries");
        }
        if (slots > 0) {
            ensure(slots - 1); // every slot the registry may hand out, as a ledger that issued them would have
        }
    }

    // ---------------------------------------------------------------- rows

    private int budgetRow(final int s) {
        return s < budgetRef.length ? budgetRef[s] - 1 : NO_ROW;
    }

    private int reviewRow(final int s) {
        return s < reviewRef.length ? reviewRef[s] - 1 : NO_ROW;
    }

    /** @return the budget row of slot {@code s}, a zeroed one with no budgets if it had none. */
    private int budgetRowForWrite(final int s) {
        ensure(s);
        if (budgetRef[s] != 0) {
            return budgetRef[s] - 1;
        }
        final int r = budgetRows.take();
        if (r >= mask.length) {
            final int n = grown(r, mask.length);
            mask = Arrays.copyOf(mask, n);
            limit = Arrays.copyOf(limit, n * w);
            spent = Arrays.copyOf(spent, n * w);
            reserved = Arrays.copyOf(reserved, n * w);
        }
        mask[r] = 0;
        Arrays.fill(limit, r * w, r * w + w, 0);
        Arrays.fill(spent, r * w, r * w + w, 0);
        Arrays.fill(reserved, r * w, r * w + w, 0);
        budgetRef[s] = r + 1;
        return r;
    }

    /** @return the rows a side table of {@code rows} grows to for row {@code row}: doubled, 16 at least. */
    private static int grown(final int row, final int rows) {
        return Math.max(16, Math.max(row + 1, rows * 2));
    }

    /** @return the review row of slot {@code s}, one with no approvals if it had none. */
    private int reviewRowForWrite(final int s) {
        ensure(s);
        if (reviewRef[s] != 0) {
            return reviewRef[s] - 1;
        }
        final int q = reviewRows.take();
        if (q >= approvals.length) {
            final int n = grown(q, approvals.length);
            approvals = Arrays.copyOf(approvals, n);
            approver = Arrays.copyOf(approver, n * A);
            approvedAt = Arrays.copyOf(approvedAt, n * A);
            approverClass = Arrays.copyOf(approverClass, n * A);
        }
        approvals[q] = 0;
        reviewRef[s] = q + 1;
        return q;
    }

    /** Re-lays the budget rows, if need be, so that every budget of {@code budgets} has a column. Allocates. */
    private void widen(final int budgets) {
        final int needed = 32 - Integer.numberOfLeadingZeros(budgets);
        if (needed <= w) {
            return;
        }
        final int rows = mask.length;
        final long[][] columns = {limit, spent, reserved};
        for (int k = 0; k < 3; k++) {
            final long[] wide = new long[rows * needed];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(columns[k], r * w, wide, r * needed, w);
            }
            columns[k] = wide;
        }
        limit = columns[0];
        spent = columns[1];
        reserved = columns[2];
        w = needed;
    }

    private void dropBudgets(final int s) {
        if (budgetRef[s] != 0) {
            budgetRows.give(budgetRef[s] - 1);
            budgetRef[s] = 0;
        }
    }

    private void dropReview(final int s) {
        if (reviewRef[s] != 0) {
            reviewRows.give(reviewRef[s] - 1);
            reviewRef[s] = 0;
        }
    }

    private void ensure(final int s) {
        if (s < budgetRef.length) {
            return;
        }
        final int n = Math.max(s + 1, budgetRef.length * 2);
        budgetRef = Arrays.copyOf(budgetRef, n);
        reviewRef = Arrays.copyOf(reviewRef, n);
    }
}
