package dev.baton.core;

import dev.baton.Reason;
import dev.baton.codec.IdentityId;
import dev.baton.codec.PortableWarrantAuthenticator;
import dev.baton.codec.PortableWarrantDecoder;
import dev.baton.codec.PortableWarrantEncoder;
import dev.baton.codec.PortableWarrantLayout;
import dev.baton.codec.WarrantKeyRing;
import dev.baton.verifier.Check;
import dev.baton.verifier.OfflineVerifier;
import dev.baton.verifier.Presentation;
import dev.baton.verifier.RevocationSource;
import dev.baton.verifier.VerificationResult;
import dev.baton.verifier.VerifyReason;

/**
 * Portable warrants (format version 2) for a {@link DecisionCore}: writes the v2 warrant of a live grant,
 * signed with this engine's {@link WarrantKeyRing}, and turns presented v2 warrant bytes (this engine's
 * or another engine's under the same policy version) into a local grant id for {@code delegate},
 * {@code fanOut} and {@code authorize}:
 * <pre>{@code
 * long parent = gate.verify(bytes, 0, length, presenter, out);    // offline check, every ancestor's revocation
 * if (parent != 0 && core.delegate(parent, presenter, delegatee, scope, out).allowed()) {
 *     int childLength = gate.write(out.grantId(), child, 0);     // its chain: the foreign ancestors, then ours
 * }
 * }</pre>
 * A foreign warrant is verified offline with the issuer's verifying keys ({@link OfflineVerifier}), each
 * ancestor is checked against the {@link RevocationSource}, and the foreign grant is mirrored once as a
 * local root grant held by the presenter (its scope, purpose, depth and expiry from the warrant), which
 * remembers its foreign ancestry ({@link ForeignChains}): a child grant records its foreign parent, and
 * every later presentation of a descendant's warrant checks the revocation of the foreign ancestors
 * too. Decisions are then taken against this engine's current policy, as for its own grants.
 *
 * <p><b>Note:</b> not thread-safe: one per core, on the core's thread. Verifying an HMAC warrant, or one
 * verified before (cache), and writing allocate nothing; Ed25519 and the first import of a foreign grant
 * allocate.
 */
public final class PortableGate {
    /** Clock skew tolerated on a foreign warrant's issue time; expiry is then enforced by the registry. */
    static final long CLOCK_SKEW_MILLIS = 5_000;
    private static final Check[] CHECKS = Check.values();

    private final DecisionCore core;
    private final int engineId;
    private final PortableWarrantAuthenticator signer;
    private final OfflineVerifier.Builder trust;
    private final PortableWarrantEncoder encoder = new PortableWarrantEncoder();
    private final Presentation presentation = new Presentation();
    private final VerificationResult result = new VerificationResult();
    private final ForeignChains foreign = new ForeignChains();
    private final ForeignRevocations revoked = new ForeignRevocations();
    private int revokedLocal;
    private long appliedAt;
    private final GrantConstraints grantConstraints = new GrantConstraints();
    private final int[] slots = new int[PortableWarrantLayout.MAX_HOPS];
    private final long[] words = new long[PortableWarrantLayout.MAX_CAPABILITY_WORDS];
    private OfflineVerifier verifier;
    private MirrorListener listener = MirrorListener.NONE;
    private HolderKeys holderKeys = HolderKeys.NONE;
    private long verifierLayout;
    private long clockMillis;

    /**
     * @param core        the core whose grants the warrants name.
     * @param engineId    this engine's id, unique among the engines that trust each other.
     * @param keys        this engine's keys: the current one signs (null only through {@link #forReplay}).
     * @param revocations asked about every ancestor of every presented warrant.
     * @param foreignIds  engines whose warrants are accepted; may be empty.
     * @param foreignKeys their verifying keys, by the same index.
     */
    public PortableGate(final DecisionCore core, final int engineId, final WarrantKeyRing keys,
                        final RevocationSource revocations, final int[] foreignIds, final WarrantKeyRing[] foreignKeys) {
        if (foreignIds.length != foreignKeys.length) {
            throw new IllegalArgumentException("foreign engines=" + foreignIds.length + " rings=" + foreignKeys.length);
        }
        this.core = core;
        this.engineId = engineId;
        this.signer = null == keys ? null : new PortableWarrantAuthenticator(keys);
        this.trust = OfflineVerifier.builder(0).revocations(revocations).maxClockSkew(CLOCK_SKEW_MILLIS);
        if (null != keys) {
            trust.trust(engineId, keys);
        }
        for (int i = 0; i < foreignIds.length; i++) {
            trust.trust(foreignIds[i], foreignKeys[i]);
        }
    }

    /**
     * What an engine journals when it accepts a foreign warrant, so that replay mirrors it again
     * without keys ({@link #replayMirror}).
     */
    @FunctionalInterface
    public interface MirrorListener {
        /** Journals nothing. */
        MirrorListener NONE = (bytes, offset, length, presenter, localGrant, at) -> { };

        /**
         * A foreign warrant passed every check and its grant is now mirrored.
         *
         * @param bytes      the verified warrant (valid during the call only).
         * @param offset     where it starts.
         * @param length     its length.
         * @param presenter  interned identity that presented it.
         * @param localGrant the mirror's local grant id.
         * @param at         the core's time of the verification, epoch millis.
         */
        void mirrored(byte[] bytes, int offset, int length, int presenter, long localGrant, long at);
    }

    /**
     * A gate that only replays: it mirrors journaled foreign warrants ({@link #replayMirror}) and holds
     * no key, so it cannot sign or verify.
     *
     * @param core     the core being rebuilt.
     * @param engineId the journaling engine's id.
     * @return the gate.
     */
    public static PortableGate forReplay(final DecisionCore core, final int engineId) {
        return new PortableGate(core, engineId, null, RevocationSource.NONE, new int[0], new WarrantKeyRing[0]);
    }

    /**
     * The Ed25519 public keys of holders, which the warrants of holders in a trust domain whose policy
     * requires proof of possession bind ({@code domains.<d>.proof_of_possession: required}).
     */
    @FunctionalInterface
    public interface HolderKeys {
        /** Knows no key: warrants bind none, and a holder asked for proof cannot give one. */
        HolderKeys NONE = identity -> null;

        /**
         * @param identity interned identity of a grant's holder.
         * @return its raw 32-byte Ed25519 public key, or null if none is known.
         */
        byte[] keyOf(int identity);
    }

    /**
     * @param keys the holders' public keys (default: none). Called when a warrant is written for a holder
     *             whose domain requires proof of possession.
     * @return this.
     */
    public PortableGate holderKeys(final HolderKeys keys) {
        holderKeys = keys;
        return this;
    }

    /**
     * @param journal told of every foreign warrant accepted (default: nobody).
     * @return this.
     */
    public PortableGate onMirror(final MirrorListener journal) {
        listener = journal;
        return this;
    }

    /**
     * Replays the acceptance of a foreign warrant from the journal: decodes it (structure only: the
     * journal records it after every check passed) and mirrors its grant as the live engine did, so
     * the decisions journaled after it find the same local grant. No key is needed.
     *
     * @param bytes     the journaled warrant.
     * @param offset    where it starts.
     * @param length    its length.
     * @param presenter interned identity that presented it.
     * @param at        the journaled time of the verification.
     * @return the local grant id, which replay compares with the journaled one; 0 if the bytes are not a
     *     warrant or the registry is full.
     */
    public long replayMirror(final byte[] bytes, final int offset, final int length, final int presenter,
                             final long at) {
        final PortableWarrantDecoder w = result.warrant();
        if (w.wrap(bytes, offset, length, null) != dev.baton.codec.CodecError.OK) {
            return 0;
        }
        return mirror(w, presenter, at, null);
    }

    /**
     * @return the checks the verifier made for the last presentation, bit i for
     *     {@code dev.baton.verifier.Check} ordinal i (what the journal records of an accepted foreign warrant).
     */
    public int checksMade() {
        int mask = 0;
        for (int i = 0; i < CHECKS.length; i++) {
            if (result.made(CHECKS[i])) {
                mask |= 1 << i;
            }
        }
        return mask;
    }

    /** @return this engine's id. */
    public int engineId() {
        return engineId;
    }

    /**
     * Verifies presented v2 warrant bytes at the core's time and resets {@code out} for the decision that
     * follows; a foreign grant is mirrored locally the first time.
     *
     * @param bytes     the presented warrant (untrusted).
     * @param offset    where it starts.
     * @param length    its length.
     * @param presenter interned identity presenting it (must be its holder).
     * @param out       reset; on refusal, the DENY with its reason.
     * @return the local grant id to decide on, or 0 when refused.
     */
    public long verify(final byte[] bytes, final int offset, final int length, final int presenter,
                       final DecisionSlot out) {
        return verify(bytes, offset, length, presenter, null, null, out);
    }

    /**
     * {@link #verify(byte[], int, int, int, DecisionSlot)} with the holder's proof of possession, which a
     * warrant carrying its holder's key requires ({@code dev.baton.verifier.ProofOfPossession}).
     *
     * @param bytes      the presented warrant (untrusted).
     * @param offset     where it starts.
     * @param length     its length.
     * @param presenter  interned identity presenting it (must be its holder).
     * @param proof      the proof ({@code ProofOfPossession.LENGTH} bytes), or null.
     * @param callDigest the 32-byte digest of the call the proof covers, or null.
     * @param out        reset; on refusal, the DENY with its reason ({@code PROOF_MISSING},
     *                   {@code PROOF_STALE}, {@code PROOF_INVALID}, {@code PROOF_REPLAYED} for the proof).
     * @return the local grant id to decide on, or 0 when refused.
     */
    public long verify(final byte[] bytes, final int offset, final int length, final int presenter,
                       final byte[] proof, final byte[] callDigest, final DecisionSlot out) {
        final long now = core.begin(out);
        final IdentityId holder = core.identityId(presenter);
        presentation.reset();
        if (null != holder) {
            presentation.holder(holder);
        }
        if (null != proof) {
            presentation.proof(proof, 0, proof.length, callDigest);
        }
        clockMillis = now;
        final VerifyReason why = verifier().verify(bytes, offset, length, presentation, result);
        if (why != VerifyReason.OK) {
            out.deny(reason(why), DecisionSlot.NONE, DecisionSlot.NONE, DecisionSlot.NONE);
            return 0;
        }
        if (!result.made(Check.PROOF) && core.proofRequired(presenter)) {
            // The policy asks the presenter's domain for proof; a warrant that binds no holder key cannot carry one.
            out.deny(Reason.PROOF_MISSING, DecisionSlot.NONE, DecisionSlot.NONE, DecisionSlot.NONE);
            return 0;
        }
        final PortableWarrantDecoder w = result.warrant();
        if (revoked.anyHop(w, now)) { // journaled revocations (the engine's ring): the same on replay, feed or not
            out.deny(Reason.REVOKED, DecisionSlot.NONE, DecisionSlot.NONE, DecisionSlot.NONE);
            return 0;
        }
        if (w.policyVersion() != core.policy().versionId()) {
            out.deny(Reason.POLICY_CHANGED, DecisionSlot.NONE, DecisionSlot.NONE, DecisionSlot.NONE);
            return 0;
        }
        if (w.engineId() == engineId) {
            return w.grantId();
        }
        final long mirror = foreign.mirrorOf(w.engineId(), w.grantId());
        return mirror != 0 ? mirror : mirror(w, presenter, now, out);
    }

    /** A foreign grant's local mirror: a root grant held by the presenter, with the warrant's scope. */
    private long mirror(final PortableWarrantDecoder w, final int presenter, final long now, final DecisionSlot out) {
        final GrantRegistry g = core.registry();
        final ForeignConstraints.Carried carried = w.hasConstraints() ? ForeignConstraints.read(core.policy(),
            w.constraints()) : null;
        if (w.hasConstraints() && null == carried) {
            if (null != out) {
                out.deny(Reason.WARRANT_CONSTRAINTS_UNREADABLE, DecisionSlot.NONE, DecisionSlot.NONE, DecisionSlot.NONE);
            }
            return 0;
        }
        final int s = g.allocate(GrantRegistry.NO_SLOT, now);
        if (s == GrantRegistry.NO_SLOT) {
            if (null != out) {
                out.deny(Reason.CAPACITY, DecisionSlot.NONE, DecisionSlot.NONE, DecisionSlot.NONE);
            }
            return 0;
        }
        final ScopeBits scope = new ScopeBits(core.policy());
        final int n = w.capabilityWordCount();
        for (int i = 0; i < n; i++) {
            words[i] = w.capabilityWord(i);
        }
        scope.load(words, n, w.dataClasses());
        final GrantSpec spec = new GrantSpec().root(scope).holder(presenter).principal(presenter)
            .purpose(w.purpose()).rootDomain(core.domainOf(presenter));
        spec.depth = w.depth();
        final int flags = (w.flags() & PortableWarrantLayout.FLAG_EXTERNAL) != 0 ? GrantFlags.EXTERNAL : 0;
        DelegationSteps.fill(g, s, spec, flags, now, w.expiresAt());
        final long local = g.id(s);
        foreign.add(local, w);
        if (null != carried) {
            g.ledger.foreign.put(local, carried); // its calls and its children are held to them
        }
        if (null != out) {
            listener.mirrored(w.buffer(), w.offset(), w.length(), presenter, local, now);
        }
        return local;
    }

    /**
     * Applies a revocation of another engine's grant at the core's time, in the order of the core's other
     * operations: from now until {@code expiresAt} every presented warrant whose chain holds it is refused
     * {@code REVOKED}, and every local mirror of it or of a descendant of it is revoked with its local
     * descendants, as a local revoke would ({@link #revokedLocal()} counts them). A function of the core's
     * state and time alone, so replay repeats it. Allocation-free unless the set of known-revoked foreign
     * grants doubles.
     *
     * @param issuer    the engine that issued the grant.
     * @param grantId   its id there, strictly positive.
     * @param expiresAt the grant's expiry, epoch millis: the revocation is kept until then.
     * @return what it came to; only {@link ForeignRevocationResult#APPLIED} changed anything.
     */
    public ForeignRevocationResult revokeForeign(final int issuer, final long grantId, final long expiresAt) {
        return applyRevocation(issuer, grantId, expiresAt, true);
    }

    /**
     * Replays a journaled foreign revocation ({@link #revokeForeign}) at the core's time: the same, except
     * that it never answers {@link ForeignRevocationResult#OWN_ENGINE} (the journal holds only revocations the
     * engine applied, whatever id this gate was given).
     *
     * @param issuer    the engine that issued the grant.
     * @param grantId   its id there, strictly positive.
     * @param expiresAt the grant's expiry, epoch millis.
     * @return what it came to; replay expects {@link ForeignRevocationResult#APPLIED}.
     */
    public ForeignRevocationResult replayRevocation(final int issuer, final long grantId, final long expiresAt) {
        return applyRevocation(issuer, grantId, expiresAt, false);
    }

    private ForeignRevocationResult applyRevocation(final int issuer, final long grantId, final long expiresAt,
                                              final boolean live) {
        if (grantId <= 0) {
            throw new IllegalArgumentException("grant ids are strictly positive, found " + grantId);
        }
        revokedLocal = 0;
        final long now = core.time.now();
        appliedAt = now;
        if (live && issuer == engineId) {
            return ForeignRevocationResult.OWN_ENGINE;
        }
        if (expiresAt <= now) {
            return ForeignRevocationResult.EXPIRED;
        }
        final boolean added = revoked.add(issuer, grantId, expiresAt, now);
        revokedLocal = foreign.revokeMirrors(issuer, grantId, core.registry(), now);
        return added || revokedLocal > 0 ? ForeignRevocationResult.APPLIED : ForeignRevocationResult.KNOWN;
    }

    /** @return local grants newly revoked by the last {@link #revokeForeign} (mirrors and their descendants). */
    public int revokedLocal() {
        return revokedLocal;
    }

    /** @return the core's time the last {@link #revokeForeign} was applied at (what the journal records). */
    public long appliedAt() {
        return appliedAt;
    }

    /** @return the known-revoked foreign grants (a snapshot's FOREIGN_REVOKED section). */
    ForeignRevocations foreignRevocations() {
        return revoked;
    }

    /** After a snapshot's FOREIGN section was imported: the mirrors' carried constraints, compiled again. */
    void restoreCarriedConstraints() {
        foreign.restoreCarried(core.policy(), core.registry().ledger.foreign);
    }

    /** @return the foreign ancestry of the grants this gate mirrored (a snapshot's FOREIGN section). */
    ForeignChains foreignChains() {
        return foreign;
    }

    /** @return the core's latest time (what a snapshot's export drops expired entries by). */
    long coreTime() {
        return core.time.last();
    }

    private OfflineVerifier verifier() {
        final long layout = core.policy().layoutFingerprint();
        if (null == verifier || verifierLayout != layout) {
            verifier = trust.layout(layout).clock(() -> clockMillis).build();
            verifierLayout = layout;
        }
        return verifier;
    }

    /**
     * Writes the signed v2 warrant of a live grant.
     *
     * @param grantId the grant.
     * @param dst     room for {@link PortableWarrantLayout#MAX_LENGTH} bytes from {@code offset}.
     * @param offset  where to write.
     * @return the warrant's length, or 0 if the grant is not live (unknown, expired, revoked, pending) or
     *     holds more argument constraints than a warrant carries (16 entries, 4 KiB).
     */
    public int write(final long grantId, final byte[] dst, final int offset) {
        if (null == signer) {
            throw new IllegalStateException("a replay gate holds no key: it cannot sign");
        }
        final GrantRegistry g = core.registry();
        final long now = core.time.last();
        final int s = g.slotOf(grantId, now);
        if (s == GrantRegistry.NO_SLOT || now >= g.expiry(s)
            || (g.flags(s) & (GrantFlags.REVOKED | GrantFlags.PENDING)) != 0) {
            return 0;
        }
        int local = 0;
        for (int at = s; at != GrantRegistry.NO_SLOT && local < slots.length; at = g.parentSlot(at)) {
            slots[local++] = at;
        }
        final int root = slots[local - 1];
        final ForeignChains.Chain chain = foreign.chainOf(g.id(root));
        encoder.reset().flags(wireFlags(g.flags(s))).layout(core.policy().layoutFingerprint(), core.policy().versionId())
            .validity(g.issuedAt(s), g.expiry(s)).purpose(g.purpose(s)).dataClasses(g.data(s));
        if (core.proofRequired(g.holder(s))) {
            final byte[] key = holderKeys.keyOf(g.holder(s));
            if (null != key) {
                encoder.holderKey(key); // else the warrant binds none, and every presentation is refused PROOF_MISSING
            }
        }
        System.arraycopy(g.longs, g.capsOffset(s), words, 0, g.words());
        encoder.capabilities(words, g.words());
        if (!grantConstraints.write(core.policy(), g, s, core.agentOf(g.holder(s)), core.domainOf(g.holder(s)),
            g.ledger.foreign.get(g.id(root)), encoder)) {
            return 0; // more constraints than a warrant carries: none rather than one that says less
        }
        if (null == chain) {
            encoder.principal(core.identityId(g.principal(root)));
        } else {
            encoder.principal(IdentityId.of(chain.principalHigh, chain.principalLow));
            for (int i = 0; i < chain.hops; i++) {
                encoder.hop(chain.grantIds[i], chain.engineIds[i], chain.holderHigh[i], chain.holderLow[i]);
            }
            local--; // the mirror is the foreign chain's last hop, not a hop of its own
        }
        for (int i = local - 1; i >= 0; i--) {
            final IdentityId holder = core.identityId(g.holder(slots[i]));
            encoder.hop(g.id(slots[i]), engineId, holder.high(), holder.low());
        }
        return signer.sign(dst, offset, encoder.encode(dst, offset));
    }

    private static int wireFlags(final int flags) {
        return ((flags & GrantFlags.BREAK_GLASS) != 0 ? PortableWarrantLayout.FLAG_BREAK_GLASS : 0)
            | ((flags & GrantFlags.EXTERNAL) != 0 ? PortableWarrantLayout.FLAG_EXTERNAL : 0)
            | ((flags & GrantFlags.REVIEWED) != 0 ? PortableWarrantLayout.FLAG_REVIEWED : 0);
    }

    private static Reason reason(final VerifyReason why) {
        switch (why) {
            case UNSUPPORTED_VERSION:
                return Reason.UNSUPPORTED_WARRANT;
            case UNKNOWN_ISSUER:
            case UNKNOWN_KEY:
                return Reason.UNKNOWN_KEY;
            case KEY_RETIRED:
                return Reason.KEY_RETIRED;
            case BAD_MAC:
            case BAD_SIGNATURE:
            case SUITE_MISMATCH:
                return Reason.BAD_MAC;
            case LAYOUT_MISMATCH:
                return Reason.SCOPE_LAYOUT_CHANGED;
            case EXPIRED:
            case NOT_YET_VALID:
                return Reason.EXPIRED;
            case REVOKED:
                return Reason.REVOKED;
            case REVOCATIONS_NOT_CURRENT:
                return Reason.REVOCATION_FEED_STALE;
            case NOT_HOLDER:
                return Reason.NOT_HOLDER;
            case PROOF_MISSING:
                return Reason.PROOF_MISSING;
            case PROOF_STALE:
                return Reason.PROOF_STALE;
            case PROOF_INVALID:
                return Reason.PROOF_INVALID;
            case PROOF_REPLAYED:
            case REPLAY_GUARD_FULL:
                return Reason.PROOF_REPLAYED;
            default:
                return Reason.MALFORMED_WARRANT;
        }
    }
}
