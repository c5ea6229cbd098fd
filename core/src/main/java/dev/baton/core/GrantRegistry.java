package dev.baton.core;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * The engine's record of every live grant, stored as parallel arrays (one slot per grant) with scope
 * words inline, keyed by long grant id. Parent, first-child and sibling links let {@link #revoke}
 * cascade to every descendant without allocating.
 * <p>
 * A dead grant (expired, or revoked and past its expiry) stays as a tombstone for a retention window,
 * so a late presenter still learns <i>why</i> (REVOKED, EXPIRED) rather than "unknown"; then its slot is
 * reclaimed. Reclamation is incremental: each new grant looks at two slots ahead of a sweep hand, and
 * when every slot is in use the arrays double rather than pause for a full sweep (only at
 * {@code maxCapacity} is a full pass made, before refusing with CAPACITY).
 * <p>
 * Invariants kept by the engine: a child's expiry is never later than its parent's, and revocation
 * marks the whole subtree, so a grant's own flags and expiry answer for all its ancestors.
 * <p>
 * A held grant (live or tombstone) keeps its holder and principal in the {@link IdentityTable}: they are
 * retained when set ({@link #identities}) and released when the slot is reclaimed.
 * <p>
 * The fields without an access modifier are read and restored by {@link GrantRegistrySnapshot} only.
 * <p>
 * <b>Note:</b> not thread-safe (the decision core is single-threaded). Steady state allocates nothing;
 * arrays double when every slot is live (up to {@code maxCapacity}). From {@value #AHEAD_FROM} slots on, the
 * doubled arrays are allocated ahead on the common fork-join pool once three quarters of the slots are in use
 * (the only work the core hands to another thread; it touches no state of the registry), so that a growth
 * only copies the rows.
 */
final class GrantRegistry {
    static final int NO_SLOT = -1;
    private static final int SWEEP_PER_ALLOCATION = 2;
    private static final int EXTRA_SWEEP = 64;

    int words;
    private final int maxCapacity;
    private final int initialCapacity;
    private final long retentionMillis;
    final GrantSlots slotById;
    private final IdentityTable identityTable;
    /** Each grant's budget counters, by slot. */
    final GrantLedger ledger = new GrantLedger();

    int capacity;
    int used;
    int live;
    int sweepHand;
    int[] freeSlots;
    int freeCount;
    long nextId = 1;

    // Row-major storage: a grant's fields sit together, so deciding touches a few cache lines, not ~20.
    // longs row: id, parentId, rootId, issuedAt, expiry, reviewDeadline, data, (spare), capability words.
    private static final int L_ID = 0;
    private static final int L_PARENT_ID = 1;
    private static final int L_ROOT_ID = 2;
    private static final int L_ISSUED_AT = 3;
    private static final int L_EXPIRY = 4;
    private static final int L_REVIEW_DEADLINE = 5;
    private static final int L_DATA = 6;
    static final int L_CAPS = 8;
    // ints row (16 ints, 64 bytes): holder, principal, purpose, depth, flags, rootDomain, reviewRule,
    // glassRule, parentSlot, firstChild, nextSibling, prevSibling, (spare x4).
    private static final int I_HOLDER = 0;
    private static final int I_PRINCIPAL = 1;
    private static final int I_PURPOSE = 2;
    private static final int I_DEPTH = 3;
    private static final int I_FLAGS = 4;
    private static final int I_ROOT_DOMAIN = 5;
    private static final int I_REVIEW_RULE = 6;
    private static final int I_GLASS_RULE = 7;
    private static final int I_PARENT_SLOT = 8;
    private static final int I_FIRST_CHILD = 9;
    private static final int I_NEXT_SIBLING = 10;
    private static final int I_PREV_SIBLING = 11;
    static final int INT_STRIDE = 16;

    int longStride;
    /** The longs rows; capability words of slot s start at {@link #capsOffset(int)}. */
    long[] longs;
    int[] ints;

    /** The smallest registry whose next arrays are allocated ahead, off the core's thread. */
    static final int AHEAD_FROM = 1 << 16;
    /** The slots in use from which the next arrays are asked for ({@link #AHEAD_FROM} and up), or MAX_VALUE. */
    private int aheadAt = Integer.MAX_VALUE;
    /** The next growth's arrays, being allocated (and so zeroed) on another thread, or null. */
    private CompletableFuture<Rows> ahead;
    /** Growths into arrays allocated ahead (for tests). */
    int grownAhead;

    /** Arrays for {@code capacity} slots of {@code longStride} longs: what a growth copies the rows into. */
    private static final class Rows {
        final int capacity;
        final int longStride;
        final long[] longs;
        final int[] ints;
        final int[] freeSlots;

        Rows(final int capacity, final int longStride) {
            this.capacity = capacity;
            this.longStride = longStride;
            this.longs = new long[capacity * longStride];
            this.ints = new int[capacity * INT_STRIDE];
            this.freeSlots = new int[capacity];
        }
    }

    GrantRegistry(final int words, final int initialCapacity, final int maxCapacity, final long retentionMillis,
                  final IdentityTable identityTable) {
        if (initialCapacity < 1 || maxCapacity < initialCapacity) {
            throw new IllegalArgumentException("capacity " + initialCapacity + " max " + maxCapacity);
        }
        this.words = words;
        this.maxCapacity = maxCapacity;
        this.initialCapacity = initialCapacity;
        this.retentionMillis = retentionMillis;
        this.identityTable = identityTable;
        this.slotById = new GrantSlots(initialCapacity);
        this.longStride = L_CAPS + words;
        resize(initialCapacity);
    }

    /** The id the next grant allocated gets (then counting up from it): for a shadow core mirroring another's ids. */
    void nextId(final long id) {
        nextId = id;
    }

    int size() {
        return live;
    }

    int capacity() {
        return capacity;
    }

    /** @return longs per capability bitset under the current policy. */
    int words() {
        return words;
    }

    /** @return the slot of grant {@code grantId} as stored (released or not yet), or {@link #NO_SLOT}. */
    int slotOf(final long grantId) {
        return slotById.get(grantId);
    }

    /**
     * The slot of grant {@code grantId} as decisions see it at {@code now}: a grant past its expiry plus
     * the retention window is gone whether or not the sweep has released its slot yet, so that every
     * decision is a function of time alone, never of when the incremental sweep happened to run (replay
     * depends on it).
     *
     * @return the slot, or {@link #NO_SLOT}.
     */
    int slotOf(final long grantId, final long now) {
        final int s = slotById.get(grantId);
        return s == NO_SLOT || gone(s, now) ? NO_SLOT : s;
    }

    /** Past its expiry (and, while pending, its review deadline) plus the retention window. */
    private boolean gone(final int s, final long now) {
        return now >= Math.max(expiry(s), reviewDeadline(s)) + retentionMillis;
    }

    /** @return how long a dead grant stays known past its expiry. */
    long retentionMillis() {
        return retentionMillis;
    }

    /** @return the slots the registry started with. */
    int initialCapacity() {
        return initialCapacity;
    }

    /** @return the most grants held at once. */
    int maxCapacity() {
        return maxCapacity;
    }

    /**
     * Takes a slot for a new grant and links it under {@code parent} (or as a root).
     *
     * @return the slot, or {@link #NO_SLOT} when full at {@code maxCapacity}.
     */
    int allocate(final int parent, final long now) {
        sweep(SWEEP_PER_ALLOCATION, now);
        int slot;
        if (freeCount > 0) {
            slot = freeSlots[--freeCount];
        } else if (used < capacity) {
            slot = used++;
            if (used >= aheadAt) {
                allocateAhead();
            }
        } else {
            // Every slot holds a grant. Look a little further, then grow: a full sweep here would stall
            // one decision for O(capacity); growth is amortized and stops once the sweep keeps up.
            sweep(EXTRA_SWEEP, now);
            if (freeCount > 0) {
                slot = freeSlots[--freeCount];
            } else if (capacity < maxCapacity) {
                grow((int) Math.min((long) capacity * 2, maxCapacity));
                slot = used++;
            } else {
                sweep(capacity, now); // at the hard limit: one full pass before refusing
                if (freeCount == 0) {
                    return NO_SLOT;
                }
                slot = freeSlots[--freeCount];
            }
        }
        final long grantId = nextId++;
        id(slot, grantId);
        slotById.put(grantId, slot);
        parentSlot(slot, parent);
        firstChild(slot, NO_SLOT);
        prevSibling(slot, NO_SLOT);
        if (parent != NO_SLOT) {
            final int head = firstChild(parent);
            nextSibling(slot, head);
            if (head != NO_SLOT) {
                prevSibling(head, slot);
            }
            firstChild(parent, slot);
        } else {
            nextSibling(slot, NO_SLOT);
        }
        flags(slot, 0);
        reviewDeadline(slot, 0);
        reviewRule(slot, -1);
        glassRule(slot, -1);
        live++;
        return slot;
    }

    /**
     * Marks the grant at {@code slot} and every descendant revoked.
     *
     * @return number of grants newly revoked.
     */
    int revoke(final int slot) {
        if ((flags(slot) & GrantFlags.REVOKED) != 0) {
            return 0; // already revoked: so is its whole subtree
        }
        flags(slot, flags(slot) | GrantFlags.REVOKED);
        int count = 1;
        int s = firstChild(slot);
        while (s != NO_SLOT) {
            final boolean descend = (flags(s) & GrantFlags.REVOKED) == 0 && firstChild(s) != NO_SLOT;
            if ((flags(s) & GrantFlags.REVOKED) == 0) {
                flags(s, flags(s) | GrantFlags.REVOKED);
                count++;
            }
            if (descend) {
                s = firstChild(s);
                continue;
            }
            while (s != slot && nextSibling(s) == NO_SLOT) {
                s = parentSlot(s);
            }
            s = s == slot ? NO_SLOT : nextSibling(s);
        }
        return count;
    }

    /** Looks at up to {@code count} slots ahead of the hand and reclaims dead ones past retention. */
    private void sweep(final int count, final long now) {
        for (int i = 0; i < count && used > 0; i++) {
            final int s = sweepHand;
            sweepHand = sweepHand + 1 >= used ? 0 : sweepHand + 1;
            if (id(s) != 0 && gone(s, now)) {
                release(s, now);
            }
        }
    }

    private void release(final int s, final long now) {
        identityTable.release(holder(s), now);
        identityTable.release(principal(s), now);
        // Unlink from the parent's children; orphan our own children (all dead: expiry <= ours).
        final int prev = prevSibling(s);
        final int next = nextSibling(s);
        if (prev != NO_SLOT) {
            nextSibling(prev, next);
        } else if (parentSlot(s) != NO_SLOT && firstChild(parentSlot(s)) == s) {
            firstChild(parentSlot(s), next);
        }
        if (next != NO_SLOT) {
            prevSibling(next, prev);
        }
        for (int c = firstChild(s); c != NO_SLOT; c = nextSibling(c)) {
            parentSlot(c, NO_SLOT);
        }
        slotById.remove(id(s));
        id(s, 0);
        firstChild(s, NO_SLOT);
        nextSibling(s, NO_SLOT);
        prevSibling(s, NO_SLOT);
        parentSlot(s, NO_SLOT);
        freeSlots[freeCount++] = s;
        live--;
    }

    /**
     * Re-lays every grant for another policy: capability, data-class, purpose, trust-domain and review
     * rule indices are mapped by name ({@code -1}: gone). A grant whose purpose, pending review rule or
     * break-glass rule is gone is revoked: its authority no longer means anything (fail closed). Allocates.
     *
     * @return number of grants revoked because what they referred to is gone.
     */
    int remap(final int newWords, final int[] capMap, final int[] dataMap, final int[] purposeMap,
              final int[] domainMap, final int[] reviewMap, final int[] glassMap) {
        final int newStride = L_CAPS + newWords;
        final long[] newLongs = new long[capacity * newStride];
        int revoked = 0;
        for (int s = 0; s < used; s++) {
            final int from = s * longStride;
            final int to = s * newStride;
            System.arraycopy(longs, from, newLongs, to, L_CAPS);
            if (id(s) == 0) {
                continue;
            }
            for (int c = 0; c < capMap.length; c++) {
                if (Bits.get(longs, from + L_CAPS, c) && capMap[c] >= 0) {
                    Bits.set(newLongs, to + L_CAPS, capMap[c]);
                }
            }
            long d = 0;
            for (int i = 0; i < dataMap.length; i++) {
                if ((data(s) & (1L << i)) != 0 && dataMap[i] >= 0) {
                    d |= 1L << dataMap[i];
                }
            }
            newLongs[to + L_DATA] = d;
            final int domain = rootDomain(s);
            rootDomain(s, domain >= 0 && domain < domainMap.length ? domainMap[domain] : -1);
            final int p = purpose(s) >= 0 && purpose(s) < purposeMap.length ? purposeMap[purpose(s)] : -1;
            final int r = reviewRule(s) >= 0 ? reviewMap[reviewRule(s)] : -1;
            final int b = glassRule(s) >= 0 ? glassMap[glassRule(s)] : -1;
            final boolean glassGone = glassRule(s) >= 0 && b < 0;
            purpose(s, p);
            reviewRule(s, r);
            glassRule(s, b);
            if ((flags(s) & GrantFlags.REVOKED) == 0
                && (p < 0 || glassGone || ((flags(s) & GrantFlags.PENDING) != 0 && r < 0))) {
                revoked += revoke(s);
            }
        }
        longs = newLongs;
        longStride = newStride;
        words = newWords;
        return revoked;
    }

    // ---------------------------------------------------------------- field access (slot s)

    int capsOffset(final int s) {
        return s * longStride + L_CAPS;
    }

    long id(final int s) {
        return longs[s * longStride + L_ID];
    }

    private void id(final int s, final long v) {
        longs[s * longStride + L_ID] = v;
    }

    long parentId(final int s) {
        return longs[s * longStride + L_PARENT_ID];
    }

    void parentId(final int s, final long v) {
        longs[s * longStride + L_PARENT_ID] = v;
    }

    long rootId(final int s) {
        return longs[s * longStride + L_ROOT_ID];
    }

    void rootId(final int s, final long v) {
        longs[s * longStride + L_ROOT_ID] = v;
    }

    long issuedAt(final int s) {
        return longs[s * longStride + L_ISSUED_AT];
    }

    void issuedAt(final int s, final long v) {
        longs[s * longStride + L_ISSUED_AT] = v;
    }

    long expiry(final int s) {
        return longs[s * longStride + L_EXPIRY];
    }

    void expiry(final int s, final long v) {
        longs[s * longStride + L_EXPIRY] = v;
    }

    long reviewDeadline(final int s) {
        return longs[s * longStride + L_REVIEW_DEADLINE];
    }

    void reviewDeadline(final int s, final long v) {
        longs[s * longStride + L_REVIEW_DEADLINE] = v;
    }

    long data(final int s) {
        return longs[s * longStride + L_DATA];
    }

    void data(final int s, final long v) {
        longs[s * longStride + L_DATA] = v;
    }

    int holder(final int s) {
        return ints[s * INT_STRIDE + I_HOLDER];
    }

    /** Sets a new grant's holder and principal, which it keeps from reclamation until it is released. */
    void identities(final int s, final int holder, final int principal) {
        ints[s * INT_STRIDE + I_HOLDER] = holder;
        ints[s * INT_STRIDE + I_PRINCIPAL] = principal;
        identityTable.retain(holder);
        identityTable.retain(principal);
    }

    int principal(final int s) {
        return ints[s * INT_STRIDE + I_PRINCIPAL];
    }

    int purpose(final int s) {
        return ints[s * INT_STRIDE + I_PURPOSE];
    }

    void purpose(final int s, final int v) {
        ints[s * INT_STRIDE + I_PURPOSE] = v;
    }

    int depth(final int s) {
        return ints[s * INT_STRIDE + I_DEPTH];
    }

    void depth(final int s, final int v) {
        ints[s * INT_STRIDE + I_DEPTH] = v;
    }

    int flags(final int s) {
        return ints[s * INT_STRIDE + I_FLAGS];
    }

    void flags(final int s, final int v) {
        ints[s * INT_STRIDE + I_FLAGS] = v;
    }

    int rootDomain(final int s) {
        return ints[s * INT_STRIDE + I_ROOT_DOMAIN];
    }

    void rootDomain(final int s, final int v) {
        ints[s * INT_STRIDE + I_ROOT_DOMAIN] = v;
    }

    int reviewRule(final int s) {
        return ints[s * INT_STRIDE + I_REVIEW_RULE];
    }

    void reviewRule(final int s, final int v) {
        ints[s * INT_STRIDE + I_REVIEW_RULE] = v;
    }

    int glassRule(final int s) {
        return ints[s * INT_STRIDE + I_GLASS_RULE];
    }

    void glassRule(final int s, final int v) {
        ints[s * INT_STRIDE + I_GLASS_RULE] = v;
    }

    int parentSlot(final int s) {
        return ints[s * INT_STRIDE + I_PARENT_SLOT];
    }

    private void parentSlot(final int s, final int v) {
        ints[s * INT_STRIDE + I_PARENT_SLOT] = v;
    }

    private int firstChild(final int s) {
        return ints[s * INT_STRIDE + I_FIRST_CHILD];
    }

    private void firstChild(final int s, final int v) {
        ints[s * INT_STRIDE + I_FIRST_CHILD] = v;
    }

    private int nextSibling(final int s) {
        return ints[s * INT_STRIDE + I_NEXT_SIBLING];
    }

    private void nextSibling(final int s, final int v) {
        ints[s * INT_STRIDE + I_NEXT_SIBLING] = v;
    }

    private int prevSibling(final int s) {
        return ints[s * INT_STRIDE + I_PREV_SIBLING];
    }

    private void prevSibling(final int s, final int v) {
        ints[s * INT_STRIDE + I_PREV_SIBLING] = v;
    }

    void resize(final int newCapacity) {
        longs = Arrays.copyOf(orEmpty(longs), newCapacity * longStride);
        ints = Arrays.copyOf(orEmpty(ints), newCapacity * INT_STRIDE);
        freeSlots = Arrays.copyOf(freeSlots == null ? new int[0] : freeSlots, newCapacity);
        capacity = newCapacity;
        ahead = null; // allocated for another capacity or stride, if any: left to the collector
        aheadAt = aheadAt();
    }

    /** @return the slots in use from which the next growth's arrays are asked for (three quarters), or MAX_VALUE. */
    private int aheadAt() {
        return capacity >= AHEAD_FROM && capacity < maxCapacity ? capacity - (capacity >>> 2) : Integer.MAX_VALUE;
    }

    /**
     * Asks for the next growth's arrays (three quarters full): allocating and zeroing hundreds of megabytes
     * is most of a large registry's growth, and on the core's thread it stopped the demo's engine for 70-110 ms.
     * They are allocated on the common fork-join pool; the growth only copies the rows into them.
     */
    private void allocateAhead() {
        aheadAt = Integer.MAX_VALUE;
        final int next = (int) Math.min((long) capacity * 2, maxCapacity);
        final int stride = longStride;
        ahead = CompletableFuture.supplyAsync(() -> new Rows(next, stride));
    }

    /** @return whether the next growth's arrays have been allocated ahead (for tests). */
    boolean aheadReady() {
        return ahead != null && ahead.isDone();
    }

    /** Grows to {@code newCapacity} slots: into the arrays allocated ahead if they are ready and fit, else as {@link #resize}. */
    private void grow(final int newCapacity) {
        final CompletableFuture<Rows> f = ahead;
        final Rows r = f != null && f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
        if (r == null || r.capacity != newCapacity || r.longStride != longStride) {
            resize(newCapacity); // not ready, or not for this growth: grow here, as without it
            return;
        }
        System.arraycopy(longs, 0, r.longs, 0, capacity * longStride);
        System.arraycopy(ints, 0, r.ints, 0, capacity * INT_STRIDE);
        System.arraycopy(freeSlots, 0, r.freeSlots, 0, freeCount);
        longs = r.longs;
        ints = r.ints;
        freeSlots = r.freeSlots;
        capacity = newCapacity;
        grownAhead++;
        ahead = null;
        aheadAt = aheadAt();
    }

    private static long[] orEmpty(final long[] a) {
        return a == null ? new long[0] : a;
    }

    private static int[] orEmpty(final int[] a) {
        return a == null ? new int[0] : a;
    }
}
