package dev.baton.engine;

import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

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
 * <b>Note:</b> not thread-safe (the decision core is single-threaded). Steady state allocates nothing;
 * arrays double when every slot is live (up to {@code maxCapacity}).
 */
final class GrantRegistry {
    static final int NO_SLOT = -1;
    private static final int SWEEP_PER_ALLOCATION = 2;
    private static final int EXTRA_SWEEP = 64;

    private int words;
    private final int maxCapacity;
    private final long retentionMillis;
    private final Long2LongHashMap slotById;

    private int capacity;
    private int used;
    private int live;
    private int sweepHand;
    private int[] freeSlots;
    private int freeCount;
    private long nextId = 1;

    long[] id;
    long[] parentId;
    long[] rootId;
    long[] issuedAt;
    long[] expiry;
    long[] reviewDeadline;
    long[] data;
    long[] caps;
    int[] holder;
    int[] principal;
    int[] purpose;
    int[] depth;
    int[] flags;
    int[] rootDomain;
    int[] reviewRule;
    int[] glassRule;
    int[] parentSlot;
    int[] firstChild;
    int[] nextSibling;
    int[] prevSibling;

    GrantRegistry(final int words, final int initialCapacity, final int maxCapacity, final long retentionMillis) {
        if (initialCapacity < 1 || maxCapacity < initialCapacity) {
            throw new IllegalArgumentException("capacity " + initialCapacity + " max " + maxCapacity);
        }
        this.words = words;
        this.maxCapacity = maxCapacity;
        this.retentionMillis = retentionMillis;
        this.slotById = new Long2LongHashMap(initialCapacity * 2, 0.65f, NO_SLOT);
        resize(initialCapacity);
    }

    /** @return number of grants neither reclaimed nor free (live grants and tombstones). */
    int size() {
        return live;
    }

    int capacity() {
        return capacity;
    }

    /** @return the slot of grant {@code grantId}, or {@link #NO_SLOT}. */
    int slotOf(final long grantId) {
        return (int) slotById.get(grantId);
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
        } else {
            // Every slot holds a grant. Look a little further, then grow: a full sweep here would stall
            // one decision for O(capacity); growth is amortized and stops once the sweep keeps up.
            sweep(EXTRA_SWEEP, now);
            if (freeCount > 0) {
                slot = freeSlots[--freeCount];
            } else if (capacity < maxCapacity) {
                resize((int) Math.min((long) capacity * 2, maxCapacity));
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
        id[slot] = grantId;
        slotById.put(grantId, slot);
        parentSlot[slot] = parent;
        firstChild[slot] = NO_SLOT;
        prevSibling[slot] = NO_SLOT;
        if (parent != NO_SLOT) {
            final int head = firstChild[parent];
            nextSibling[slot] = head;
            if (head != NO_SLOT) {
                prevSibling[head] = slot;
            }
            firstChild[parent] = slot;
        } else {
            nextSibling[slot] = NO_SLOT;
        }
        flags[slot] = 0;
        reviewDeadline[slot] = 0;
        reviewRule[slot] = -1;
        glassRule[slot] = -1;
        live++;
        return slot;
    }

    /**
     * Marks the grant at {@code slot} and every descendant revoked.
     *
     * @return number of grants newly revoked.
     */
    int revoke(final int slot) {
        if ((flags[slot] & GrantFlags.REVOKED) != 0) {
            return 0; // already revoked: so is its whole subtree
        }
        flags[slot] |= GrantFlags.REVOKED;
        int count = 1;
        int s = firstChild[slot];
        while (s != NO_SLOT) {
            final boolean descend = (flags[s] & GrantFlags.REVOKED) == 0 && firstChild[s] != NO_SLOT;
            if ((flags[s] & GrantFlags.REVOKED) == 0) {
                flags[s] |= GrantFlags.REVOKED;
                count++;
            }
            if (descend) {
                s = firstChild[s];
                continue;
            }
            while (s != slot && nextSibling[s] == NO_SLOT) {
                s = parentSlot[s];
            }
            s = s == slot ? NO_SLOT : nextSibling[s];
        }
        return count;
    }

    /** Looks at up to {@code count} slots ahead of the hand and reclaims dead ones past retention. */
    private void sweep(final int count, final long now) {
        for (int i = 0; i < count && used > 0; i++) {
            final int s = sweepHand;
            sweepHand = sweepHand + 1 >= used ? 0 : sweepHand + 1;
            if (id[s] != 0 && now >= expiry[s] + retentionMillis) {
                release(s);
            }
        }
    }

    private void release(final int s) {
        // Unlink from the parent's children; orphan our own children (all dead: expiry <= ours).
        final int prev = prevSibling[s];
        final int next = nextSibling[s];
        if (prev != NO_SLOT) {
            nextSibling[prev] = next;
        } else if (parentSlot[s] != NO_SLOT && firstChild[parentSlot[s]] == s) {
            firstChild[parentSlot[s]] = next;
        }
        if (next != NO_SLOT) {
            prevSibling[next] = prev;
        }
        for (int c = firstChild[s]; c != NO_SLOT; c = nextSibling[c]) {
            parentSlot[c] = NO_SLOT;
        }
        slotById.remove(id[s]);
        id[s] = 0;
        firstChild[s] = NO_SLOT;
        nextSibling[s] = NO_SLOT;
        prevSibling[s] = NO_SLOT;
        parentSlot[s] = NO_SLOT;
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
        final long[] newCaps = new long[capacity * newWords];
        int revoked = 0;
        for (int s = 0; s < used; s++) {
            if (id[s] == 0) {
                continue;
            }
            for (int c = 0; c < capMap.length; c++) {
                if (Bits.get(caps, s * words, c) && capMap[c] >= 0) {
                    Bits.set(newCaps, s * newWords, capMap[c]);
                }
            }
            long d = 0;
            for (int i = 0; i < dataMap.length; i++) {
                if ((data[s] & (1L << i)) != 0 && dataMap[i] >= 0) {
                    d |= 1L << dataMap[i];
                }
            }
            data[s] = d;
            rootDomain[s] = rootDomain[s] >= 0 && rootDomain[s] < domainMap.length ? domainMap[rootDomain[s]] : -1;
            final int p = purpose[s] >= 0 && purpose[s] < purposeMap.length ? purposeMap[purpose[s]] : -1;
            final int r = reviewRule[s] >= 0 ? reviewMap[reviewRule[s]] : -1;
            final int b = glassRule[s] >= 0 ? glassMap[glassRule[s]] : -1;
            final boolean glassGone = glassRule[s] >= 0 && b < 0;
            purpose[s] = p;
            reviewRule[s] = r;
            glassRule[s] = b;
            if ((flags[s] & GrantFlags.REVOKED) == 0
                && (p < 0 || glassGone || ((flags[s] & GrantFlags.PENDING) != 0 && r < 0))) {
                revoked += revoke(s);
            }
        }
        caps = newCaps;
        words = newWords;
        return revoked;
    }

    private void resize(final int newCapacity) {
        id = Arrays.copyOf(orEmpty(id), newCapacity);
        parentId = Arrays.copyOf(orEmpty(parentId), newCapacity);
        rootId = Arrays.copyOf(orEmpty(rootId), newCapacity);
        issuedAt = Arrays.copyOf(orEmpty(issuedAt), newCapacity);
        expiry = Arrays.copyOf(orEmpty(expiry), newCapacity);
        reviewDeadline = Arrays.copyOf(orEmpty(reviewDeadline), newCapacity);
        data = Arrays.copyOf(orEmpty(data), newCapacity);
        caps = Arrays.copyOf(orEmpty(caps), newCapacity * words);
        holder = Arrays.copyOf(orEmpty(holder), newCapacity);
        principal = Arrays.copyOf(orEmpty(principal), newCapacity);
        purpose = Arrays.copyOf(orEmpty(purpose), newCapacity);
        depth = Arrays.copyOf(orEmpty(depth), newCapacity);
        flags = Arrays.copyOf(orEmpty(flags), newCapacity);
        rootDomain = Arrays.copyOf(orEmpty(rootDomain), newCapacity);
        reviewRule = Arrays.copyOf(orEmpty(reviewRule), newCapacity);
        glassRule = Arrays.copyOf(orEmpty(glassRule), newCapacity);
        parentSlot = Arrays.copyOf(orEmpty(parentSlot), newCapacity);
        firstChild = Arrays.copyOf(orEmpty(firstChild), newCapacity);
        nextSibling = Arrays.copyOf(orEmpty(nextSibling), newCapacity);
        prevSibling = Arrays.copyOf(orEmpty(prevSibling), newCapacity);
        freeSlots = Arrays.copyOf(freeSlots == null ? new int[0] : freeSlots, newCapacity);
        capacity = newCapacity;
    }

    private static long[] orEmpty(final long[] a) {
        return a == null ? new long[0] : a;
    }

    private static int[] orEmpty(final int[] a) {
        return a == null ? new int[0] : a;
    }
}
