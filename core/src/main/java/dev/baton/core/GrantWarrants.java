package dev.baton.core;

import dev.baton.Reason;
import dev.baton.codec.CodecError;
import dev.baton.codec.ErrorDetail;
import dev.baton.codec.KeyRing;
import dev.baton.codec.WarrantAuthenticator;
import dev.baton.codec.WarrantDecoder;
import dev.baton.codec.WarrantEncoder;
import dev.baton.codec.WarrantLayout;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Writes the signed warrant of a grant held in the registry, and checks presented warrant bytes
 * (structure, key, MAC, holder, expiry) before the core looks the grant up.
 * <p>
 * <b>Note:</b> not thread-safe (one per core); allocation-free after construction.
 */
final class GrantWarrants {
    private final WarrantAuthenticator authenticator;
    private final WarrantEncoder encoder = new WarrantEncoder();
    private final WarrantDecoder decoder = new WarrantDecoder();
    private final ErrorDetail detail = new ErrorDetail();
    private final int[] hopIdentities = new int[CompiledPolicy.MAX_DEPTH + 1];
    private final int[] hopPurposes = new int[CompiledPolicy.MAX_DEPTH + 1];
    private long[] scopeWords;
    private long lastVerifiedGrant;

    GrantWarrants(final KeyRing keys, final int words) {
        this.authenticator = new WarrantAuthenticator(keys);
        this.scopeWords = new long[words];
    }

    /** Bytes a warrant may take for a policy of {@code words} capability words. */
    static int maxLength(final int words) {
        return WarrantLayout.BLOCK_LENGTH + 8 * words + 1 + 8 * WarrantLayout.MAX_HOPS + WarrantLayout.MAC_LENGTH;
    }

    void words(final int words) {
        scopeWords = new long[words];
    }

    /** The detail of the last refused warrant (field, offset, length, capacity). */
    ErrorDetail lastError() {
        return detail;
    }

    /**
     * Encodes and signs the warrant of the grant at {@code slot}.
     *
     * @return the warrant's length in bytes.
     */
    int write(final GrantRegistry g, final int slot, final int words, final long policyVersion,
              final MutableDirectBuffer dst, final int offset) {
        // The chain: holders from the root down to this grant (parent links are live: it just issued).
        int hops = 0;
        for (int s = slot; s != GrantRegistry.NO_SLOT && hops < hopIdentities.length; s = g.parentSlot(s)) {
            hopIdentities[hops] = g.holder(s);
            hopPurposes[hops] = g.purpose(s);
            hops++;
        }
        reverse(hopIdentities, hops);
        reverse(hopPurposes, hops);
        final int first = Math.max(0, hops - WarrantLayout.MAX_HOPS);
        System.arraycopy(hopIdentities, first, hopIdentities, 0, hops - first);
        System.arraycopy(hopPurposes, first, hopPurposes, 0, hops - first);
        System.arraycopy(g.longs, g.capsOffset(slot), scopeWords, 0, words);
        encoder.wrap(dst, offset)
            .flags(wireFlags(g.flags(slot), hops > WarrantLayout.MAX_HOPS))
            .principal(g.principal(slot))
            .grantId(g.id(slot))
            .parentId(g.parentId(slot))
            .rootId(g.rootId(slot))
            .holder(g.holder(slot))
            .purpose(g.purpose(slot))
            .depth(g.depth(slot))
            .validity(g.issuedAt(slot), g.expiry(slot))
            .policyVersion(policyVersion)
            .dataClasses(g.data(slot))
            .capabilities(scopeWords, words)
            .chain(hopIdentities, hopPurposes, hops - first);
        return authenticator.sign(encoder);
    }

    /**
     * Checks a presented warrant. On failure fills {@code out} with a DENY and returns 0.
     *
     * @return the grant id it names, or 0 when refused.
     */
    long verify(final DirectBuffer buffer, final int offset, final int length, final int presenter, final long now,
                final DecisionSlot out) {
        lastVerifiedGrant = 0;
        final CodecError error = authenticator.verify(buffer, offset, length, presenter, now, decoder, detail);
        if (error != CodecError.OK) {
            out.deny(reason(error), DecisionSlot.NONE, DecisionSlot.NONE, DecisionSlot.NONE);
            return 0;
        }
        if (now >= decoder.expiresAt()) {
            out.deny(Reason.EXPIRED, DecisionSlot.NONE, DecisionSlot.NONE, DecisionSlot.NONE);
            return 0;
        }
        lastVerifiedGrant = decoder.grantId();
        return lastVerifiedGrant;
    }

    /** @return the grant named by the last warrant that passed verification, or 0 if the last was refused. */
    long lastVerifiedGrant() {
        return lastVerifiedGrant;
    }

    private static Reason reason(final CodecError error) {
        switch (error) {
            case UNSUPPORTED_VERSION:
                return Reason.UNSUPPORTED_WARRANT;
            case BAD_MAC:
                return Reason.BAD_MAC;
            case UNKNOWN_KEY:
                return Reason.UNKNOWN_KEY;
            case KEY_RETIRED:
                return Reason.KEY_RETIRED;
            case NOT_HOLDER:
                return Reason.NOT_HOLDER;
            default:
                return Reason.MALFORMED_WARRANT;
        }
    }

    private static int wireFlags(final int flags, final boolean truncated) {
        return ((flags & GrantFlags.BREAK_GLASS) != 0 ? WarrantLayout.FLAG_BREAK_GLASS : 0)
            | ((flags & GrantFlags.EXTERNAL) != 0 ? WarrantLayout.FLAG_EXTERNAL : 0)
            | ((flags & GrantFlags.REVIEWED) != 0 ? WarrantLayout.FLAG_REVIEWED : 0)
            | (truncated ? WarrantLayout.FLAG_CHAIN_TRUNCATED : 0);
    }

    private static void reverse(final int[] a, final int n) {
        for (int i = 0, j = n - 1; i < j; i++, j--) {
            final int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
