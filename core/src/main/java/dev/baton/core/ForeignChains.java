package dev.baton.core;

import dev.baton.codec.PortableWarrantDecoder;
import dev.baton.codec.PortableWarrantLayout;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Long2ObjectHashMap;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The foreign ancestry of grants a {@link PortableGate} imported from other engines' warrants: for each
 * local mirror grant, the hops of the foreign warrant (root first, the mirrored foreign grant last)
 * and its principal, so that the warrants of its local descendants carry the whole chain and a
 * revocation of any foreign ancestor is seen wherever they are presented. Also finds the mirror of a
 * foreign grant presented again.
 *
 * <p><b>Note:</b> not thread-safe: the core's thread. Importing allocates (once per foreign grant);
 * look-ups of a local grant's chain allocate nothing (a primitive-keyed map).
 */
final class ForeignChains {
    /** Hops of one imported warrant. Immutable once filled. */
    static final class Chain {
        /** The mirrored foreign grant: its engine and its id there. */
        final int engineId;
        final long grantId;
        final int hops;
        final long[] grantIds;
        final int[] engineIds;
        final long[] holderHigh;
        final long[] holderLow;
        final long principalHigh;
        final long principalLow;
        /** The constraint list the warrant carried (its bytes), or null. */
        byte[] constraintList;
        /** The layout fingerprint the list's argument numbers belong to (the warrant's), when {@link #layoutKnown}. */
        long constraintLayout;
        /** False only for a chain read from a snapshot written before the layout was recorded. */
        boolean layoutKnown;

        Chain(final PortableWarrantDecoder w) {
            engineId = w.engineId();
            grantId = w.grantId();
            hops = w.hopCount();
            grantIds = new long[hops];
            engineIds = new int[hops];
            holderHigh = new long[hops];
            holderLow = new long[hops];
            for (int i = 0; i < hops; i++) {
                grantIds[i] = w.hopGrantId(i);
                engineIds[i] = w.hopEngineId(i);
                holderHigh[i] = w.hopHolderHigh(i);
                holderLow[i] = w.hopHolderLow(i);
            }
            principalHigh = w.principalHigh();
            principalLow = w.principalLow();
            final dev.baton.codec.ConstraintsDecoder list = w.constraints();
            constraintList = w.hasConstraints()
                ? Arrays.copyOfRange(list.buffer(), list.offset(), list.offset() + list.length()) : null;
            constraintLayout = w.layoutFingerprint();
            layoutKnown = true;
        }

        /** A chain read back from a snapshot (FOREIGN section) at {@code p}, its header checked by the caller. */
        Chain(final DirectBuffer src, final int p, final int hops) {
            engineId = src.getInt(p + 8, ByteOrder.LITTLE_ENDIAN);
            this.hops = hops;
            grantId = src.getLong(p + 16, ByteOrder.LITTLE_ENDIAN);
            principalHigh = src.getLong(p + 24, ByteOrder.LITTLE_ENDIAN);
            principalLow = src.getLong(p + 32, ByteOrder.LITTLE_ENDIAN);
            grantIds = new long[hops];
            engineIds = new int[hops];
            holderHigh = new long[hops];
            holderLow = new long[hops];
            for (int i = 0; i < hops; i++) {
                final int h = p + ENTRY + i * HOP;
                grantIds[i] = src.getLong(h, ByteOrder.LITTLE_ENDIAN);
                engineIds[i] = src.getInt(h + 8, ByteOrder.LITTLE_ENDIAN);
                holderHigh[i] = src.getLong(h + 16, ByteOrder.LITTLE_ENDIAN);
                holderLow[i] = src.getLong(h + 24, ByteOrder.LITTLE_ENDIAN);
            }
        }
    }

    /** Bytes of an entry's header and of a hop in the FOREIGN section. */
    private static final int ENTRY = 40;
    private static final int HOP = 32;
    /** Second word of a FOREIGN body whose chains are each followed by their constraint list. */
    private static final int WITH_CONSTRAINTS = 1;
    /** Second word of a FOREIGN body whose constraint lists are each preceded by their layout fingerprint. */
    private static final int WITH_LAYOUTS = 2;

    private final Long2ObjectHashMap<Chain> byLocalGrant = new Long2ObjectHashMap<>();
    private final Map<ForeignKey, Long> byForeignGrant = new HashMap<>();
    /** By the grant id of any hop: the mirrors whose chain holds it, so a revocation finds them. */
    private final Long2ObjectHashMap<Mirrors> byHop = new Long2ObjectHashMap<>();

    /** The mirrors whose chains hold one foreign grant id (of one or more engines). Grows by doubling. */
    private static final class Mirrors {
        int[] engines = new int[2];
        long[] locals = new long[2];
        int count;

        void add(final int engineId, final long local) {
            if (count == locals.length) {
                engines = Arrays.copyOf(engines, 2 * count);
                locals = Arrays.copyOf(locals, 2 * count);
            }
            engines[count] = engineId;
            locals[count++] = local;
        }
    }

    /** Records that {@code localGrant} mirrors the warrant's grant. */
    void add(final long localGrant, final PortableWarrantDecoder w) {
        if (w.hopCount() >= PortableWarrantLayout.MAX_HOPS) {
            throw new IllegalArgumentException("a foreign chain of " + w.hopCount() + " hops leaves no room to delegate");
        }
        index(localGrant, new Chain(w));
    }

    private void index(final long localGrant, final Chain c) {
        byLocalGrant.put(localGrant, c);
        byForeignGrant.put(new ForeignKey(c.engineId, c.grantId), localGrant);
        for (int i = 0; i < c.hops; i++) {
            Mirrors m = byHop.get(c.grantIds[i]);
            if (null == m) {
                m = new Mirrors();
                byHop.put(c.grantIds[i], m);
            }
            m.add(c.engineIds[i], localGrant);
        }
    }

    /**
     * Revokes, with their local descendants, the mirrors whose foreign chain holds grant {@code grantId} of
     * engine {@code engineId} (the mirrored grant itself, or an ancestor of it). Allocation-free.
     *
     * @param registry the core's registry.
     * @param now      the core's time (a mirror gone from the registry is passed over).
     * @return grants newly revoked.
     */
    int revokeMirrors(final int engineId, final long grantId, final GrantRegistry registry, final long now) {
        final Mirrors m = byHop.get(grantId);
        int revoked = 0;
        for (int i = 0; null != m && i < m.count; i++) {
            if (m.engines[i] == engineId) {
                final int s = registry.slotOf(m.locals[i], now);
                if (s != GrantRegistry.NO_SLOT) {
                    revoked += registry.revoke(s);
                }
            }
        }
        return revoked;
    }

    /** @return the foreign chain a local grant mirrors, or null for a grant of this engine. */
    Chain chainOf(final long localGrant) {
        return byLocalGrant.get(localGrant);
    }

    /** @return the local mirror of a foreign grant, or 0 if it was never imported. */
    long mirrorOf(final int engineId, final long grantId) {
        final Long local = byForeignGrant.get(new ForeignKey(engineId, grantId));
        return null == local ? 0 : local;
    }

    /**
     * Writes every chain, by local grant id (the FOREIGN section's body, {@link CoreSnapshot}): count i32,
     * {@link #WITH_LAYOUTS} i32, then per chain: local grant i64, foreign engine i32, hops i32, foreign
     * grant i64, principal (high, low i64), per hop: grant id i64, engine id i32, 0 i32, holder (high, low
     * i64); then the carried constraint list: its length i32 (0 for none) and, when not 0, the layout
     * fingerprint its argument numbers belong to (i64) and its bytes. A body whose second word is
     * {@link #WITH_CONSTRAINTS} has no layout before a list; one whose second word is 0 (written before
     * warrants carried constraints) has no list after the hops.
     * Allocates the sorted key list (once per snapshot).
     *
     * @return where the body ends.
     */
    int exportState(final ExpandableArrayBuffer dst, final int at) {
        final long[] locals = new long[byLocalGrant.size()];
        int n = 0;
        for (final Long2ObjectHashMap<Chain>.KeyIterator i = byLocalGrant.keySet().iterator(); i.hasNext();) {
            locals[n++] = i.nextLong();
        }
        Arrays.sort(locals);
        dst.putInt(at, n, ByteOrder.LITTLE_ENDIAN);
        dst.putInt(at + 4, WITH_LAYOUTS, ByteOrder.LITTLE_ENDIAN);
        int p = at + 8;
        for (final long local : locals) {
            final Chain c = byLocalGrant.get(local);
            dst.putLong(p, local, ByteOrder.LITTLE_ENDIAN);
            dst.putInt(p + 8, c.engineId, ByteOrder.LITTLE_ENDIAN);
            dst.putInt(p + 12, c.hops, ByteOrder.LITTLE_ENDIAN);
            dst.putLong(p + 16, c.grantId, ByteOrder.LITTLE_ENDIAN);
            dst.putLong(p + 24, c.principalHigh, ByteOrder.LITTLE_ENDIAN);
            dst.putLong(p + 32, c.principalLow, ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < c.hops; i++) {
                final int h = p + ENTRY + i * HOP;
                dst.putLong(h, c.grantIds[i], ByteOrder.LITTLE_ENDIAN);
                dst.putInt(h + 8, c.engineIds[i], ByteOrder.LITTLE_ENDIAN);
                dst.putInt(h + 12, 0, ByteOrder.LITTLE_ENDIAN);
                dst.putLong(h + 16, c.holderHigh[i], ByteOrder.LITTLE_ENDIAN);
                dst.putLong(h + 24, c.holderLow[i], ByteOrder.LITTLE_ENDIAN);
            }
            p += ENTRY + c.hops * HOP;
            final int list = null == c.constraintList ? 0 : c.constraintList.length;
            dst.putInt(p, list, ByteOrder.LITTLE_ENDIAN);
            p += 4;
            if (list > 0) {
                // A chain from an older snapshot keeps the old meaning: its list reads under the policy it is restored with.
                dst.putLong(p, c.layoutKnown ? c.constraintLayout : 0, ByteOrder.LITTLE_ENDIAN);
                dst.putBytes(p + 8, c.constraintList);
                p += 8 + list;
            }
        }
        return p;
    }

    /**
     * Reads what {@link #exportState} wrote into these (empty) chains.
     *
     * @throws IllegalStateException naming the field if the body is malformed.
     */
    void importState(final DirectBuffer src, final int at, final int length) {
        final int end = at + length;
        final int count = length < 8 ? -1 : src.getInt(at, ByteOrder.LITTLE_ENDIAN);
        if (count < 0 || count > length / ENTRY) {
            throw new IllegalStateException("section FOREIGN: count " + count + " (length " + length + ")");
        }
        final int version = src.getInt(at + 4, ByteOrder.LITTLE_ENDIAN);
        final boolean lists = version == WITH_CONSTRAINTS || version == WITH_LAYOUTS;
        int p = at + 8;
        for (int n = 0; n < count; n++) {
            final int hops = p + ENTRY <= end ? src.getInt(p + 12, ByteOrder.LITTLE_ENDIAN) : -1;
            if (hops < 1 || hops >= PortableWarrantLayout.MAX_HOPS || p + ENTRY + (long) hops * HOP > end) {
                throw new IllegalStateException("section FOREIGN: chain " + n + " at byte " + (p - at) + ": " + hops
                    + " hops do not fit");
            }
            final long local = src.getLong(p, ByteOrder.LITTLE_ENDIAN);
            if (byLocalGrant.containsKey(local)) {
                throw new IllegalStateException("section FOREIGN: local grant " + local + " appears twice");
            }
            final Chain c = new Chain(src, p, hops);
            index(local, c);
            p += ENTRY + hops * HOP;
            if (lists) {
                p = readList(src, p, end, c, n, version == WITH_LAYOUTS);
            }
        }
        if (p != end) {
            throw new IllegalStateException("section FOREIGN: " + (end - p) + " bytes left after " + count + " chains");
        }
    }

    private static int readList(final DirectBuffer src, final int p, final int end, final Chain c, final int n,
                                final boolean withLayout) {
        final int list = p + 4 <= end ? src.getInt(p, ByteOrder.LITTLE_ENDIAN) : -1;
        final int layout = list > 0 && withLayout ? 8 : 0;
        if (list < 0 || list > dev.baton.codec.ConstraintsLayout.MAX_LENGTH || p + 4L + layout + list > end) {
            throw new IllegalStateException("section FOREIGN: chain " + n + ": constraint list of " + list
                + " bytes does not fit");
        }
        if (list > 0) {
            c.constraintLayout = layout == 0 ? 0 : src.getLong(p + 4, ByteOrder.LITTLE_ENDIAN);
            c.layoutKnown = layout != 0 && c.constraintLayout != 0;
            c.constraintList = new byte[list];
            src.getBytes(p + 4 + layout, c.constraintList);
        }
        return p + 4 + layout + list;
    }

    /**
     * Gives every mirror whose warrant carried constraints its compiled set again (after
     * {@link #importState}), read under the restored core's policy.
     *
     * @throws IllegalStateException if a list does not read under the policy (the snapshot is not this policy's).
     */
    void restoreCarried(final CompiledPolicy policy, final ForeignConstraints target) {
        final dev.baton.codec.ConstraintsDecoder decoder = new dev.baton.codec.ConstraintsDecoder();
        for (final Long2ObjectHashMap<Chain>.EntryIterator i = byLocalGrant.entrySet().iterator(); i.hasNext();) {
            i.next();
            final Chain c = i.getValue();
            if (null == c.constraintList) {
                continue;
            }
            if (c.layoutKnown && c.constraintLayout != policy.layoutFingerprint()) {
                // Read under another argument layout: refused on every call, as it was before the snapshot.
                target.put(i.getLongKey(), new ForeignConstraints.Carried(c.constraintLayout, new int[0],
                    new dev.baton.constraint.Constraint[0], c.constraintList));
                continue;
            }
            final ForeignConstraints.Carried k = decoder.wrap(c.constraintList, 0, c.constraintList.length, null)
                == dev.baton.codec.CodecError.OK ? ForeignConstraints.read(policy, decoder) : null;
            if (null == k) {
                throw new IllegalStateException("section FOREIGN: local grant " + i.getLongKey()
                    + ": its carried constraints do not read under this policy");
            }
            target.put(i.getLongKey(), k);
        }
    }

    /** A foreign grant's name: its engine and its id there. */
    private record ForeignKey(int engineId, long grantId) {
    }
}
