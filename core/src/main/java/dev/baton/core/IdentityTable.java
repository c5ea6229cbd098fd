package dev.baton.core;

import dev.baton.codec.IdentityId;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Object2IntHashMap;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import java.util.Arrays;

/**
 * Interns identities (workload identities and principals) to int ids the first time they are seen, and
 * binds each to the compiled policy at that moment: its agent class, its trust domain, which
 * purposes, review rules and break-glass rules it matches, and whether it is an administrator. This is the only place identity patterns
 * are matched; decisions read the bindings from arrays.
 * <p>
 * <b>Reclamation.</b> Ephemeral workers ({@code spiffe://acme.example/worker/<pool>/<id>}) would grow a
 * table that keeps every identity forever, so an identity is <i>reclaimable</i> once no grant held by the
 * registry names it (as holder or principal) and no decision has named it for {@code idleMillis}.
 * Reclaimable identities are dropped only under pressure: when a new identity finds the table at its load
 * limit, a window of slots ahead of a sweep hand is reclaimed before the table grows. The table thus stays
 * bounded by the identities in use, and a deployment that never reaches the limit never loses one.
 * <p>
 * <b>Ids are never reissued</b> while the 31-bit id space lasts: ids grow monotonically (wrapping after
 * 2<sup>31</sup> interns, skipping ids in use), and an id lives in slot {@code id & mask}, which checks that
 * the slot still holds that id. A stale id held by a caller is therefore unknown (every operation refuses
 * it), never another identity; interning the name again gives a new id.
 * <p>
 * <b>Determinism.</b> Time here is the latest time a decision named an identity ({@link #touch}) or
 * released a grant: both happen only in decisions that replay re-executes, so a replayed core reclaims at
 * the same points and assigns the same ids. {@link #intern} changes the table only when it issues an id or
 * renews an idle identity, and counts those changes ({@link #changes()}): the pipeline journals exactly
 * them.
 * <p>
 * <b>Note:</b> not thread-safe. {@link #intern} allocates for a new identity only; the look-ups,
 * {@link #touch}, {@link #retain} and {@link #release} are allocation-free.
 */
final class IdentityTable {
    static final int UNKNOWN = -1;
    /** The least time an identity without grants stays after a decision last named it. */
    static final long MIN_IDLE_MILLIS = 60_000;
    private static final int FREE = -1;
    private static final long NEVER = Long.MIN_VALUE;
    private static final int INITIAL_CAPACITY = 1024;
    private static final int SWEEP_WHEN_FULL = 64;

    private final Object2IntHashMap<String> idByName = new Object2IntHashMap<>(UNKNOWN);
    private final long idleMillis;
    private CompiledPolicy policy;
    private int purposeWords;
    private int mask;
    private int count;
    private int nextId;
    private long changes;
    private int sweepHand;
    private long now = NEVER;
    private int[] ids;
    private String[] names;
    /** Stable 128-bit ids (portable warrants), computed once when the identity is interned. */
    private IdentityId[] stableIds;
    private int[] agent;
    private int[] domain;
    private long[] openMask;
    private long[] reviewerMask;
    /** The reviewer class ({@code reviewer_classes}) each identity belongs to, -1 none. */
    private int[] reviewerClass;
    private long[] breakGlassMask;
    private boolean[] administrator;
    private int[] refs;
    private long[] lastUsed;

    /**
     * @param policy     the policy identities are bound to.
     * @param idleMillis how long an identity without grants stays after a decision last named it (at
     *                   least {@link #MIN_IDLE_MILLIS}).
     */
    IdentityTable(final CompiledPolicy policy, final long idleMillis) {
        this.idleMillis = Math.max(MIN_IDLE_MILLIS, idleMillis);
        this.policy = policy;
        this.purposeWords = Bits.words(policy.purposes.count);
        allocate(INITIAL_CAPACITY);
    }

    /** Re-binds every held identity to {@code newPolicy} (policy swap; allocates). */
    void bind(final CompiledPolicy newPolicy) {
        this.policy = newPolicy;
        this.purposeWords = Bits.words(newPolicy.purposes.count);
        openMask = new long[ids.length * purposeWords];
        for (int s = 0; s < ids.length; s++) {
            if (ids[s] != FREE) {
                bindOne(s);
            }
        }
    }

    /**
     * @return the identity's id: its current one if held (an idle one is renewed), else a new one.
     */
    int intern(final String identity) {
        if (identity == null || identity.isEmpty()) {
            throw new IllegalArgumentException("identity must be a non-empty string");
        }
        final int existing = idByName.getValue(identity);
        if (existing != UNKNOWN) {
            final int s = existing & mask;
            if (reclaimable(s)) {
                lastUsed[s] = now; // renewed: a sweep right after this call must not take it from the caller
                changes++;
            }
            return existing;
        }
        if (count >= limit()) {
            sweep(SWEEP_WHEN_FULL);
            if (count >= limit()) {
                grow();
            }
        }
        while (ids[nextId & mask] != FREE) {
            nextId = (nextId + 1) & Integer.MAX_VALUE;
        }
        final int id = nextId;
        nextId = (nextId + 1) & Integer.MAX_VALUE;
        final int s = id & mask;
        ids[s] = id;
        names[s] = identity;
        stableIds[s] = IdentityId.of(identity);
        refs[s] = 0;
        lastUsed[s] = now;
        idByName.put(identity, id);
        bindOne(s);
        count++;
        changes++;
        return id;
    }

    /** @return the stable id of a held identity (computed when it was interned), or null if it is not held. */
    IdentityId stableId(final int id) {
        final int s = id & mask;
        return id >= 0 && ids[s] == id ? stableIds[s] : null;
    }

    int find(final String identity) {
        return idByName.getValue(identity);
    }

    /** @return number of identities held. */
    int size() {
        return count;
    }

    /** @return number of slots (grows only when the identities in use need it). */
    int capacity() {
        return ids.length;
    }

    /** @return how many times {@link #intern} issued an id or renewed an idle identity. */
    long changes() {
        return changes;
    }

    /** @return whether {@code id} names a held identity. */
    boolean contains(final int id) {
        return slot(id) >= 0;
    }

    String name(final int id) {
        final int s = slot(id);
        return s >= 0 ? names[s] : "(unknown identity #" + id + ")";
    }

    int agent(final int id) {
        final int s = slot(id);
        return s >= 0 ? agent[s] : UNKNOWN;
    }

    int domain(final int id) {
        final int s = slot(id);
        return s >= 0 ? domain[s] : UNKNOWN;
    }

    boolean mayOpen(final int id, final int purpose) {
        final int s = slot(id);
        return s >= 0 && Bits.get(openMask, s * purposeWords, purpose);
    }

    boolean mayReview(final int id, final int reviewRule) {
        final int s = slot(id);
        return s >= 0 && (reviewerMask[s] & (1L << reviewRule)) != 0;
    }

    /** @return the reviewer class {@code id} belongs to, or -1 (none, or an unknown id). */
    int reviewerClass(final int id) {
        final int s = slot(id);
        return s >= 0 ? reviewerClass[s] : -1;
    }

    boolean mayBreakGlass(final int id, final int rule) {
        final int s = slot(id);
        return s >= 0 && (breakGlassMask[s] & (1L << rule)) != 0;
    }

    boolean isAdministrator(final int id) {
        final int s = slot(id);
        return s >= 0 && administrator[s];
    }

    /** A decision at {@code time} names {@code id}: it is in use. Unknown ids are ignored. */
    void touch(final int id, final long time) {
        advance(time);
        final int s = slot(id);
        if (s >= 0) {
            lastUsed[s] = time;
        }
    }

    /** A grant now names {@code id}: it cannot be reclaimed until the grant is released. */
    void retain(final int id) {
        final int s = slot(id);
        if (s >= 0) {
            refs[s]++;
        }
    }

    /** The registry released a grant naming {@code id} at {@code time}; its idle time starts now. */
    void release(final int id, final long time) {
        advance(time);
        final int s = slot(id);
        if (s >= 0) {
            refs[s]--;
            lastUsed[s] = time;
        }
    }

    private void advance(final long time) {
        if (time > now) {
            now = time;
        }
    }

    private int slot(final int id) {
        final int s = id & mask;
        return id >= 0 && ids[s] == id ? s : -1;
    }

    /** No grant names it, and no decision has for longer than the idle time (never, if none ever did). */
    private boolean reclaimable(final int s) {
        return refs[s] == 0 && lastUsed[s] != NEVER && now - lastUsed[s] > idleMillis;
    }

    private int limit() {
        return ids.length - (ids.length >> 2);
    }

    /** Looks at {@code slots} slots ahead of the hand and reclaims those that are reclaimable. */
    private void sweep(final int slots) {
        for (int i = 0; i < slots; i++) {
            final int s = sweepHand;
            sweepHand = (sweepHand + 1) & mask;
            if (ids[s] != FREE && reclaimable(s)) {
                idByName.remove(names[s]);
                ids[s] = FREE;
                names[s] = null;
                stableIds[s] = null;
                count--;
            }
        }
    }

    private void bindOne(final int s) {
        final String name = names[s];
        agent[s] = policy.identities.agentFor(name);
        domain[s] = policy.identities.domainFor(name);
        Arrays.fill(openMask, s * purposeWords, (s + 1) * purposeWords, 0L);
        for (int p = 0; p < policy.purposes.count; p++) {
            if (policy.identities.mayOpen(p, name)) {
                Bits.set(openMask, s * purposeWords, p);
            }
        }
        long reviews = 0;
        for (int r = 0; r < policy.reviews.count; r++) {
            if (policy.identities.mayReview(r, name)) {
                reviews |= 1L << r;
            }
        }
        reviewerMask[s] = reviews;
        reviewerClass[s] = policy.identities.reviewerClass(name);
        long glass = 0;
        for (int b = 0; b < policy.breakGlass.count; b++) {
            if (policy.identities.mayBreakGlass(b, name)) {
                glass |= 1L << b;
            }
        }
        breakGlassMask[s] = glass;
        administrator[s] = policy.isAdministrator(name);
    }

    /** Doubles the table. Held ids are distinct modulo the old size, so they are modulo the new one. */
    private void grow() {
        final int[] oldIds = ids;
        final String[] oldNames = names;
        final IdentityId[] oldStable = stableIds;
        final int[] oldAgent = agent;
        final int[] oldDomain = domain;
        final long[] oldOpen = openMask;
        final long[] oldReviewer = reviewerMask;
        final int[] oldClass = reviewerClass;
        final long[] oldGlass = breakGlassMask;
        final boolean[] oldAdministrator = administrator;
        final int[] oldRefs = refs;
        final long[] oldLastUsed = lastUsed;
        allocate(oldIds.length * 2);
        for (int from = 0; from < oldIds.length; from++) {
            if (oldIds[from] == FREE) {
                continue;
            }
            final int to = oldIds[from] & mask;
            ids[to] = oldIds[from];
            names[to] = oldNames[from];
            stableIds[to] = oldStable[from];
            agent[to] = oldAgent[from];
            domain[to] = oldDomain[from];
            System.arraycopy(oldOpen, from * purposeWords, openMask, to * purposeWords, purposeWords);
            reviewerMask[to] = oldReviewer[from];
            reviewerClass[to] = oldClass[from];
            breakGlassMask[to] = oldGlass[from];
            administrator[to] = oldAdministrator[from];
            refs[to] = oldRefs[from];
            lastUsed[to] = oldLastUsed[from];
        }
        sweepHand = 0;
    }

    private void allocate(final int capacity) {
        mask = capacity - 1;
        ids = new int[capacity];
        Arrays.fill(ids, FREE);
        names = new String[capacity];
        stableIds = new IdentityId[capacity];
        agent = new int[capacity];
        domain = new int[capacity];
        openMask = new long[capacity * purposeWords];
        reviewerMask = new long[capacity];
        reviewerClass = new int[capacity];
        breakGlassMask = new long[capacity];
        administrator = new boolean[capacity];
        refs = new int[capacity];
        lastUsed = new long[capacity];
    }

    // ---------------------------------------------------------------- snapshot (CoreSnapshot)

    /**
     * Copies the table's state: counters, then each held slot (slot, id, refs, last use, name in UTF-8).
     * The bindings are not copied: they follow from the names and the policy. Allocates only for a name
     * that is not ASCII.
     *
     * @return the offset after what was written.
     */
    int exportState(final ExpandableArrayBuffer dst, final int at) {
        dst.putInt(at, ids.length, ByteOrder.LITTLE_ENDIAN);
        dst.putInt(at + 4, count, ByteOrder.LITTLE_ENDIAN);
        dst.putInt(at + 8, nextId, ByteOrder.LITTLE_ENDIAN);
        dst.putInt(at + 12, sweepHand, ByteOrder.LITTLE_ENDIAN);
        dst.putLong(at + 16, changes, ByteOrder.LITTLE_ENDIAN);
        dst.putLong(at + 24, now, ByteOrder.LITTLE_ENDIAN);
        int o = at + 32;
        for (int s = 0; s < ids.length; s++) {
            if (ids[s] == FREE) {
                continue;
            }
            dst.putInt(o, s, ByteOrder.LITTLE_ENDIAN);
            dst.putInt(o + 4, ids[s], ByteOrder.LITTLE_ENDIAN);
            dst.putInt(o + 8, refs[s], ByteOrder.LITTLE_ENDIAN);
            dst.putLong(o + 12, lastUsed[s], ByteOrder.LITTLE_ENDIAN);
            o = putName(dst, o + 20, names[s]);
        }
        return o;
    }

    private static int putName(final ExpandableArrayBuffer dst, final int at, final String name) {
        final int n = name.length();
        boolean ascii = true;
        for (int i = 0; i < n && ascii; i++) {
            ascii = name.charAt(i) < 0x80;
        }
        if (ascii) {
            dst.putInt(at, n, ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                dst.putByte(at + 4 + i, (byte) name.charAt(i));
            }
            return at + 4 + n;
        }
        final byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        dst.putInt(at, utf8.length, ByteOrder.LITTLE_ENDIAN);
        dst.putBytes(at + 4, utf8);
        return at + 4 + utf8.length;
    }

    /**
     * Replaces this (new, empty) table's state with an exported one, binding every identity to the
     * current policy.
     *
     * @throws IllegalStateException naming the field if the state is malformed.
     */
    void importState(final DirectBuffer src, final int at, final int length) {
        final int end = at + length;
        check(length >= 32, "length", length);
        final int capacity = src.getInt(at, ByteOrder.LITTLE_ENDIAN);
        final int held = src.getInt(at + 4, ByteOrder.LITTLE_ENDIAN);
        check(capacity >= INITIAL_CAPACITY && Integer.bitCount(capacity) == 1 && capacity <= 1 << 30, "capacity",
            capacity);
        check(held >= 0 && held <= capacity, "count", held);
        allocate(capacity);
        idByName.clear();
        nextId = src.getInt(at + 8, ByteOrder.LITTLE_ENDIAN);
        sweepHand = src.getInt(at + 12, ByteOrder.LITTLE_ENDIAN);
        check(nextId >= 0 && sweepHand >= 0 && sweepHand < capacity, "nextId/sweepHand", sweepHand);
        changes = src.getLong(at + 16, ByteOrder.LITTLE_ENDIAN);
        now = src.getLong(at + 24, ByteOrder.LITTLE_ENDIAN);
        int o = at + 32;
        for (int i = 0; i < held; i++) {
            check(o + 24 <= end, "identity " + i + " at", o);
            final int s = src.getInt(o, ByteOrder.LITTLE_ENDIAN);
            final int id = src.getInt(o + 4, ByteOrder.LITTLE_ENDIAN);
            final int n = src.getInt(o + 20, ByteOrder.LITTLE_ENDIAN);
            check(s >= 0 && s < capacity && id >= 0 && (id & mask) == s && ids[s] == FREE, "identity " + i + " slot", s);
            check(n > 0 && (long) o + 24 + n <= end, "identity " + i + " name length", n);
            final String name = src.getStringWithoutLengthUtf8(o + 24, n);
            ids[s] = id;
            refs[s] = src.getInt(o + 8, ByteOrder.LITTLE_ENDIAN);
            lastUsed[s] = src.getLong(o + 12, ByteOrder.LITTLE_ENDIAN);
            names[s] = name;
            stableIds[s] = IdentityId.of(name);
            check(idByName.put(name, id) == UNKNOWN, "identity " + i + " name (a duplicate)", id);
            bindOne(s);
            o += 24 + n;
        }
        check(o == end, "length", length);
        count = held;
    }

    private static void check(final boolean ok, final String field, final long value) {
        if (!ok) {
            throw new IllegalStateException("identities: field " + field + " = " + value + " is malformed");
        }
    }
}
