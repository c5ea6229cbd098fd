package dev.baton.core;

import dev.baton.codec.PortableWarrantDecoder;
import dev.baton.codec.PortableWarrantLayout;

import org.agrona.collections.Long2ObjectHashMap;

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
        final int hops;
        final long[] grantIds;
        final int[] engineIds;
        final long[] holderHigh;
        final long[] holderLow;
        final long principalHigh;
        final long principalLow;

        Chain(final PortableWarrantDecoder w) {
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
        }
    }

    private final Long2ObjectHashMap<Chain> byLocalGrant = new Long2ObjectHashMap<>();
    private final Map<ForeignKey, Long> byForeignGrant = new HashMap<>();

    /** Records that {@code localGrant} mirrors the warrant's grant. */
    void add(final long localGrant, final PortableWarrantDecoder w) {
        if (w.hopCount() >= PortableWarrantLayout.MAX_HOPS) {
            throw new IllegalArgumentException("a foreign chain of " + w.hopCount() + " hops leaves no room to delegate");
        }
        byLocalGrant.put(localGrant, new Chain(w));
        byForeignGrant.put(new ForeignKey(w.engineId(), w.grantId()), localGrant);
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

    /** A foreign grant's name: its engine and its id there. */
    private record ForeignKey(int engineId, long grantId) {
    }
}
