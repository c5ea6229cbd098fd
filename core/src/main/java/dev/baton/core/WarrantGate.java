package dev.baton.core;

import dev.baton.Reason;
import dev.baton.codec.AuthenticatedWarrant;
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
 * The warrant side of a {@link DecisionCore} built with a {@link KeyRing} ({@link DecisionCore#warrants()}):
 * it verifies presented warrant bytes into the grant id they name, and writes the signed warrant of a
 * live grant. An operation on warrants is the operation on grant ids between the two:
 * <pre>{@code
 * gate.requireRoom(childBuf, 0, 1);                        // before deciding: no grant without its warrant
 * long parent = gate.verify(parentBuf, 0, length, planner, out);
 * if (parent != 0 && core.delegate(parent, planner, reader, scope, out).allowed()) {
 *     int childLength = gate.write(out.grantId(), childBuf, 0);
 * }
 * }</pre>
 * Verification checks structure, key, MAC, holder and the warrant's own expiry before the grant is
 * looked up; the registry stays authoritative, so the id operation then re-checks the grant (revoked,
 * expired, pending) and the request against the current policy.
 * <p>
 * <b>Note:</b> not thread-safe: one per core, used on the core's thread; allocation-free after construction.
 */
public final class WarrantGate {
    private final DecisionCore core;
    private final GrantRegistry grants;
    private final WarrantAuthenticator authenticator;
    private final WarrantEncoder encoder = new WarrantEncoder();
    private final WarrantDecoder decoder = new WarrantDecoder();
    private final ErrorDetail detail = new ErrorDetail();
    private final int[] hopIdentities = new int[CompiledPolicy.MAX_DEPTH + 1];
    private final int[] hopPurposes = new int[CompiledPolicy.MAX_DEPTH + 1];
    private long[] scopeWords;

    WarrantGate(final DecisionCore core, final GrantRegistry grants, final KeyRing keys) {
        this.core = core;
        this.grants = grants;
        this.authenticator = new WarrantAuthenticator(keys);
        this.scopeWords = new long[grants.words()];
    }

    /** Bytes a warrant may take for a policy of {@code words} capability words. */
    static int maxLength(final int words) {
        return WarrantLayout.BLOCK_LENGTH + 8 * words + 1 + 8 * WarrantLayout.MAX_HOPS + WarrantLayout.MAC_LENGTH;
    }

    /** Follows a policy swap (the capability words of a scope). Allocates. */
    void words(final int words) {
        scopeWords = new long[words];
    }

    /**
     * Checks that {@code dst} has room for {@code count} warrants of {@link DecisionCore#maxWarrantLength()}
     * bytes from {@code offset}. Call it before deciding an operation whose warrants go there, so that a
     * grant is never created whose warrant cannot be written.
     *
     * @throws IllegalArgumentException naming offset, capacity and need when it has not.
     */
    public void requireRoom(final MutableDirectBuffer dst, final int offset, final int count) {
        final long need = (long) maxLength(grants.words()) * count;
        if (offset < 0 || dst.capacity() - (long) offset < need) {
            throw new IllegalArgumentException("warrant buffer too small: offset=" + offset + " capacity="
                + dst.capacity() + " need=" + need);
        }
    }

    /**
     * Verifies a presented warrant (structure, key, MAC, holder, the warrant's own expiry) at the core's
     * time, and resets {@code out} for the decision that follows.
     *
     * @param warrant   buffer holding the presented warrant (untrusted).
     * @param offset    where it starts.
     * @param length    its length, MAC included.
     * @param presenter interned identity presenting it (must be its holder).
     * @param out       reset; on refusal, the DENY with the reason ({@code BAD_MAC}, {@code EXPIRED}, ...).
     * @return the grant id the warrant names, or 0 when it is refused.
     */
    public long verify(final DirectBuffer warrant, final int offset, final int length, final int presenter,
                       final DecisionSlot out) {
        return verify(warrant, offset, length, presenter, out, detail);
    }

    /**
     * {@link #verify(DirectBuffer, int, int, int, DecisionSlot)}, telling what was wrong with a malformed
     * warrant (field, offset, length, capacity) for logs; never key material.
     *
     * @param error filled when the warrant is refused as malformed.
     * @return the grant id the warrant names, or 0 when it is refused.
     */
    public long verify(final DirectBuffer warrant, final int offset, final int length, final int presenter,
                       final DecisionSlot out, final ErrorDetail error) {
        final long now = core.time.now();
        out.reset(now, core.policy().versionId());
        final CodecError result = authenticator.verify(warrant, offset, length, presenter, now, decoder, error);
        return result != CodecError.OK ? refuse(result, out) : admitted(now, decoder.expiresAt(), decoder.grantId(), out);
    }

    /**
     * {@link #verify(DirectBuffer, int, int, int, DecisionSlot)} of a warrant authenticated on the thread that
     * submitted it ({@link WarrantAuthenticator#authenticate} with this gate's key ring, over these bytes and this
     * presenter): the same answer, without reading the bytes or computing the MAC here when the key ring still
     * holds the secret it was checked under ({@link WarrantAuthenticator#admissible}); else verified whole here.
     *
     * @param warrant   what the submitting thread found.
     * @param bytes     the warrant it authenticated, read only if it is verified whole here.
     * @param offset    of the warrant.
     * @param length    of the warrant, MAC included.
     * @param presenter interned identity presenting the warrant.
     * @param out       reset; on refusal, the DENY with the reason.
     * @return the grant id the warrant names, or 0 when it is refused.
     */
    public long verify(final AuthenticatedWarrant warrant, final DirectBuffer bytes, final int offset,
                       final int length, final int presenter, final DecisionSlot out) {
        if (!authenticator.admissible(warrant)) {
            return verify(bytes, offset, length, presenter, out);
        }
        final long now = core.time.now();
        out.reset(now, core.policy().versionId());
        final CodecError result = authenticator.admit(warrant, now);
        return result != CodecError.OK ? refuse(result, out) : admitted(now, warrant.expiresAt(), warrant.grantId(), out);
    }

    /** A warrant refused by its codec check: the DENY with its reason; 0. */
    private static long refuse(final CodecError result, final DecisionSlot out) {
        out.deny(reason(result), DecisionSlot.NONE, DecisionSlot.NONE, DecisionSlot.NONE);
        return 0;
    }

    /** An authentic warrant: its grant id, unless it has expired at {@code now} (then the DENY, and 0). */
    private static long admitted(final long now, final long expiresAt, final long grantId, final DecisionSlot out) {
        if (now >= expiresAt) {
            out.deny(Reason.EXPIRED, DecisionSlot.NONE, DecisionSlot.NONE, DecisionSlot.NONE);
            return 0;
        }
        return grantId;
    }

    /**
     * Writes the signed warrant of a live grant: one an operation just allowed, or one to re-issue.
     *
     * @param grantId the grant.
     * @param dst     buffer with room for {@link DecisionCore#maxWarrantLength()} bytes from {@code offset}.
     * @param offset  where to write.
     * @return the warrant's length, or 0 if the grant is not live (unknown, expired, revoked, pending).
     * @throws IllegalArgumentException if {@code dst} is too small.
     */
    public int write(final long grantId, final MutableDirectBuffer dst, final int offset) {
        requireRoom(dst, offset, 1);
        final long now = core.time.last();
        final int s = grants.slotOf(grantId, now);
        if (s == GrantRegistry.NO_SLOT || now >= grants.expiry(s)
            || (grants.flags(s) & (GrantFlags.REVOKED | GrantFlags.PENDING)) != 0) {
            return 0;
        }
        return encode(s, dst, offset);
    }

    private int encode(final int slot, final MutableDirectBuffer dst, final int offset) {
        final GrantRegistry g = grants;
        final int words = g.words();
        // The chain: holders from the root down to this grant (parent links are live: it is live).
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
            .policyVersion(core.policy().versionId())
            .dataClasses(g.data(slot))
            .capabilities(scopeWords, words)
            .chain(hopIdentities, hopPurposes, hops - first);
        return authenticator.sign(encoder);
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
