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
 * export and import it with the registry ({@link #export}, {@link #restore}; a whole ledger as a snapshot
 * section: {@link #exportState}, {@link #importState}).
 * <p>
 * <b>Note:</b> not thread-safe (the decision core's thread); allocation-free except when it grows with
 * the registry.
 */
final class GrantLedger {
    private static final int B = BudgetTable.MAX_BUDGETS;
    private int[] mask = new int[0];
    private long[] limit = new long[0];
    private long[] spent = new long[0];
    private long[] reserved = new long[0];
    /** Review approvals: per slot how many, and who ({@code approver[s * A + k]}) at what time. */
    private int[] approvals = new int[0];
    private int[] approver = new int[0];
    private long[] approvedAt = new long[0];
    /** The reviewer class ({@code reviewer_classes}) each approval was counted under, -1 none. */
    private int[] approverClass = new int[0];
    private static final int A = dev.baton.policy.ReviewRule.MAX_APPROVALS;
    /** The argument constraints foreign warrants carried, by mirror grant (kept by the {@link PortableGate}). */
    final ForeignConstraints foreign = new ForeignConstraints();

    /** @return the budgets the grant at {@code s} has, as a mask. */
    int mask(final int s) {
        return s < mask.length ? mask[s] : 0;
    }

    /** @return the remainder of budget {@code b} at slot {@code s}. */
    long available(final int s, final int b) {
        final int i = s * B + b;
        return limit[i] - spent[i] - reserved[i];
    }

    long limit(final int s, final int b) {
        return limit[s * B + b];
    }

    long spent(final int s, final int b) {
        return spent[s * B + b];
    }

    long reserved(final int s, final int b) {
        return reserved[s * B + b];
    }

    /**
     * Sets a new grant's budgets: {@code limits[b]} for each budget of {@code budgets}; for a child, reserves
     * them at its parent (whose remainders the caller checked).
     */
    void issue(final int s, final int parent, final int budgets, final long[] limits) {
        ensure(s);
        mask[s] = budgets;
        approvals[s] = 0;
        for (int b = 0; b < B; b++) {
            final int i = s * B + b;
            final long l = (budgets & 1 << b) != 0 ? limits[b] : 0;
            limit[i] = l;
            spent[i] = 0;
            reserved[i] = 0;
            if (parent != GrantRegistry.NO_SLOT && l != 0) {
                reserved[parent * B + b] += l;
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
        final int n = approvals[s];
        for (int k = 0; k < n; k++) {
            if (approver[s * A + k] == reviewer) {
                return -1;
            }
        }
        if (n < A) {
            approver[s * A + n] = reviewer;
            approvedAt[s * A + n] = now;
            approverClass[s * A + n] = reviewerClass;
            approvals[s] = n + 1;
        }
        return approvals[s];
    }

    /** @return how many distinct reviewers approved the grant at {@code s}. */
    int approvals(final int s) {
        return s < approvals.length ? approvals[s] : 0;
    }

    /** @return the identity of the {@code k}-th reviewer to approve the grant at {@code s}. */
    int approver(final int s, final int k) {
        return approver[s * A + k];
    }

    /** @return when the {@code k}-th approval of the grant at {@code s} was made (epoch millis). */
    long approvedAt(final int s, final int k) {
        return approvedAt[s * A + k];
    }

    /** @return the reviewer class the {@code k}-th approval of the grant at {@code s} counted under, -1 none. */
    int approverClass(final int s, final int k) {
        return approverClass[s * A + k];
    }

    /**
     * A call under the grant at {@code s} spends {@code amount} of budget {@code b} (its remainder checked by
     * the caller): here, and at every ancestor from its reservation.
     */
    void spend(final GrantRegistry grants, final int s, final int b, final long amount) {
        spent[s * B + b] += amount;
        for (int a = grants.parentSlot(s); a != GrantRegistry.NO_SLOT; a = grants.parentSlot(a)) {
            final int i = a * B + b;
            reserved[i] -= amount;
            spent[i] += amount;
        }
    }

    /**
     * Copies the counters of slot {@code s} out, for a snapshot: {@code dst} gets, per budget, limit, spent
     * and reserved (3 x {@link BudgetTable#MAX_BUDGETS} longs from {@code at}).
     *
     * @return the slot's budget mask.
     */
    int export(final int s, final long[] dst, final int at) {
        for (int b = 0; b < B; b++) {
            dst[at + 3 * b] = s < mask.length ? limit[s * B + b] : 0;
            dst[at + 3 * b + 1] = s < mask.length ? spent[s * B + b] : 0;
            dst[at + 3 * b + 2] = s < mask.length ? reserved[s * B + b] : 0;
        }
        return mask(s);
    }

    /** Restores the counters of slot {@code s} from what {@link #export} wrote. */
    void restore(final int s, final int budgets, final long[] src, final int at) {
        ensure(s);
        mask[s] = budgets;
        for (int b = 0; b < B; b++) {
            limit[s * B + b] = src[at + 3 * b];
            spent[s * B + b] = src[at + 3 * b + 1];
            reserved[s * B + b] = src[at + 3 * b + 2];
        }
    }

    /**
     * Carries the counters to another policy's budget numbering ({@code map[old] = new}, or -1: the new policy
     * has no such budget, which is then no longer counted). Allocates (swap time only).
     */
    void remap(final int[] map) {
        final int slots = mask.length; // approvals are kept: a review rule that is gone revokes its grant
        final long[][] columns = {limit, spent, reserved};
        final long[][] moved = new long[3][slots * B];
        final int[] newMask = new int[slots];
        for (int s = 0; s < slots; s++) {
            for (int b = 0; b < B && b < map.length; b++) {
                if ((mask[s] & 1 << b) != 0 && map[b] >= 0) {
                    newMask[s] |= 1 << map[b];
                    for (int k = 0; k < 3; k++) {
                        moved[k][s * B + map[b]] = columns[k][s * B + b];
                    }
                }
            }
        }
        mask = newMask;
        limit = moved[0];
        spent = moved[1];
        reserved = moved[2];
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
        for (int s = 0; s < mask.length; s++) {
            int counted = 0;
            for (int b = 0; b < B; b++) {
                final int i = s * B + b;
                counted |= limit[i] != 0 || spent[i] != 0 || reserved[i] != 0 ? 1 << b : 0;
            }
            if (mask[s] == 0 && counted == 0 && approvals[s] == 0) {
                continue;
            }
            count++;
            dst.putInt(p, s, ByteOrder.LITTLE_ENDIAN);
            dst.putInt(p + 4, mask[s], ByteOrder.LITTLE_ENDIAN);
            dst.putInt(p + 8, counted, ByteOrder.LITTLE_ENDIAN);
            dst.putInt(p + 12, approvals[s], ByteOrder.LITTLE_ENDIAN);
            p += 16;
            for (int b = 0; b < B; b++) {
                if ((counted & 1 << b) != 0) {
                    dst.putLong(p, limit[s * B + b], ByteOrder.LITTLE_ENDIAN);
                    dst.putLong(p + 8, spent[s * B + b], ByteOrder.LITTLE_ENDIAN);
                    dst.putLong(p + 16, reserved[s * B + b], ByteOrder.LITTLE_ENDIAN);
                    p += 24;
                }
            }
            for (int k = 0; k < approvals[s]; k++) {
                dst.putInt(p, approver[s * A + k], ByteOrder.LITTLE_ENDIAN);
                dst.putInt(p + 4, approverClass[s * A + k] + 1, ByteOrder.LITTLE_ENDIAN);
                dst.putLong(p + 8, approvedAt[s * A + k], ByteOrder.LITTLE_ENDIAN);
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
            mask[s] = m;
            approvals[s] = a;
            p += 16;
            for (int b = 0; b < B; b++) {
                if ((counted & 1 << b) != 0) {
                    limit[s * B + b] = src.getLong(p, ByteOrder.LITTLE_ENDIAN);
                    spent[s * B + b] = src.getLong(p + 8, ByteOrder.LITTLE_ENDIAN);
                    reserved[s * B + b] = src.getLong(p + 16, ByteOrder.LITTLE_ENDIAN);
                    p += 24;
                }
            }
            for (int k = 0; k < a; k++) {
                approver[s * A + k] = src.getInt(p, ByteOrder.LITTLE_ENDIAN);
                approverClass[s * A + k] = src.getInt(p + 4, ByteOrder.LITTLE_ENDIAN) - 1;
                approvedAt[s * A + k] = src.getLong(p + 8, ByteOrder.LITTLE_ENDIAN);
                p += 16;
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

    private void ensure(final int s) {
        if (s < mask.length) {
            return;
        }
        final int n = Math.max(s + 1, mask.length * 2);
        mask = Arrays.copyOf(mask, n);
        limit = Arrays.copyOf(limit, n * B);
        spent = Arrays.copyOf(spent, n * B);
        reserved = Arrays.copyOf(reserved, n * B);
        approvals = Arrays.copyOf(approvals, n);
        approver = Arrays.copyOf(approver, n * A);
        approvedAt = Arrays.copyOf(approvedAt, n * A);
        approverClass = Arrays.copyOf(approverClass, n * A);
    }
}
