package dev.baton.verifier;

import dev.baton.codec.CodecError;
import dev.baton.codec.PortableWarrantAuthenticator;
import dev.baton.codec.PortableWarrantDecoder;
import dev.baton.codec.VerificationCache;
import dev.baton.codec.WarrantKeyRing;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Checks a presented portable warrant offline, with only the issuers' verifying keys, a clock and
 * (optionally) a revocation source; small enough to embed in a tool server. In order, the first
 * failure being the answer: structure; issuer trusted, key known and within its grace window, suite;
 * signature (or a {@link VerificationCache} hit); layout fingerprint; issue time and expiry with a
 * bounded clock skew; holder; the call's capability and data class; the argument constraints the
 * warrant carries (compiled with the engine's own matchers, and checked against the call's
 * {@link CallArguments}); a revocation source that is current ({@link RevocationSource#isCurrent()}), then
 * revocation of every ancestor; proof of possession when the warrant or this verifier requires one. It never
 * throws on hostile input.
 * <pre>{@code
 * OfflineVerifier verifier = OfflineVerifier.builder(layoutFingerprint)
 *     .trust(engineId, issuerRing.verifyingOnly()).revocations(revocations).build();
 * VerifyReason why = verifier.verify(bytes, 0, bytes.length, presentation.reset().holder(me).capability(c), result);
 * }</pre>
 *
 * <p><b>Note:</b> not thread-safe: build one per thread (they may share rings, the revocation source
 * and the {@link ReplayGuard}). With HMAC keys, and on a cache hit, verification allocates nothing
 * (carried constraints are compiled once per distinct list, then found by their bytes); Ed25519
 * signatures and proofs allocate inside the JDK.
 */
public final class OfflineVerifier {
    /**
     * Room per cache slot: every warrant without constraints (at most 1148 bytes) and constrained ones of
     * typical size; a longer warrant is verified every time rather than make every slot 5 KiB.
     */
    private static final int CACHE_STRIDE = 1280;

    private final long layoutFingerprint;
    private final int[] engineIds;
    private final WarrantKeyRing[] rings;
    private final PortableWarrantAuthenticator[] authenticators;
    private final LongSupplier clock;
    private final long skewMillis;
    private final RevocationSource revocations;
    private final boolean proofAlwaysRequired;
    private final ReplayGuard replayGuard;
    private final VerificationCache cache;
    private final ProofOfPossession proofs = new ProofOfPossession();
    private final CarriedConstraints constraints = new CarriedConstraints();

    private OfflineVerifier(final Builder b) {
        this.layoutFingerprint = b.layoutFingerprint;
        this.engineIds = Arrays.copyOf(b.engineIds, b.issuers);
        this.rings = Arrays.copyOf(b.rings, b.issuers);
        this.authenticators = new PortableWarrantAuthenticator[b.issuers];
        for (int i = 0; i < b.issuers; i++) {
            authenticators[i] = new PortableWarrantAuthenticator(rings[i]);
        }
        this.clock = b.clock;
        this.skewMillis = b.skewMillis;
        this.revocations = b.revocations;
        this.proofAlwaysRequired = b.proofAlwaysRequired;
        this.replayGuard = b.replayGuard;
        this.cache = new VerificationCache(b.cacheSlots, CACHE_STRIDE);
    }

    /**
     * @param layoutFingerprint the {@code LayoutFingerprint} of the policy whose bit numbers calls use.
     * @return a builder.
     */
    public static Builder builder(final long layoutFingerprint) {
        return new Builder(layoutFingerprint);
    }

    /**
     * Verifies presented bytes for a call.
     *
     * @param bytes        the presented warrant (untrusted; may be null).
     * @param offset       where it starts.
     * @param length       its length.
     * @param presentation who presents it, for what, with which proof.
     * @param result       reset and filled.
     * @return the reason, also in {@code result}.
     */
    public VerifyReason verify(final byte[] bytes, final int offset, final int length,
                               final Presentation presentation, final VerificationResult result) {
        final long now = clock.getAsLong();
        result.reset(now);
        final PortableWarrantDecoder w = result.warrant;
        result.record(Check.STRUCTURE);
        final CodecError structure = w.wrap(bytes, offset, length, result.detail);
        if (structure != CodecError.OK) {
            return result.finish(structure == CodecError.UNSUPPORTED_VERSION || structure == CodecError.BAD_VERSION
                ? VerifyReason.UNSUPPORTED_VERSION : VerifyReason.MALFORMED);
        }
        final VerifyReason authentic = authenticate(w, now, result);
        if (authentic != VerifyReason.OK) {
            return result.finish(authentic);
        }
        final VerifyReason scope = checkScope(w, now, presentation, result);
        if (scope != VerifyReason.OK) {
            return result.finish(scope);
        }
        if (w.hasConstraints()) {
            final VerifyReason arguments = checkConstraints(w, presentation, result);
            if (arguments != VerifyReason.OK) {
                return result.finish(arguments);
            }
        }
        result.record(Check.REVOCATION);
        if (!revocations.isCurrent()) {
            return result.finish(VerifyReason.REVOCATIONS_NOT_CURRENT);
        }
        for (int hop = 0; hop < w.hopCount(); hop++) {
            if (revocations.isRevoked(w.hopEngineId(hop), w.hopGrantId(hop))) {
                result.revokedHop = hop;
                return result.finish(VerifyReason.REVOKED);
            }
        }
        if (w.proofRequired() || proofAlwaysRequired) {
            return result.finish(checkProof(w, now, presentation, result));
        }
        return result.finish(VerifyReason.OK);
    }

    private VerifyReason authenticate(final PortableWarrantDecoder w, final long now, final VerificationResult result) {
        result.record(Check.KEY);
        final int issuer = issuer(w.engineId());
        if (issuer < 0) {
            return VerifyReason.UNKNOWN_ISSUER;
        }
        final CodecError key = rings[issuer].keyStatus(w.keyId(), now);
        if (key != CodecError.OK) {
            return key == CodecError.KEY_RETIRED ? VerifyReason.KEY_RETIRED : VerifyReason.UNKNOWN_KEY;
        }
        if (cache.contains(w.buffer(), w.offset(), w.length(), authenticators[issuer])) {
            result.record(Check.CACHE_HIT);
            return VerifyReason.OK;
        }
        result.record(Check.SIGNATURE);
        final CodecError tag = authenticators[issuer].verify(w, now, result.detail);
        switch (tag) {
            case OK:
                cache.put(w.buffer(), w.offset(), w.length(), authenticators[issuer]);
                return VerifyReason.OK;
            case SUITE_MISMATCH:
                return VerifyReason.SUITE_MISMATCH;
            case BAD_MAC:
                return VerifyReason.BAD_MAC;
            case KEY_RETIRED:
                return VerifyReason.KEY_RETIRED;
            case UNKNOWN_KEY:
                return VerifyReason.UNKNOWN_KEY;
            default:
                return VerifyReason.BAD_SIGNATURE;
        }
    }

    private VerifyReason checkScope(final PortableWarrantDecoder w, final long now, final Presentation p,
                                    final VerificationResult result) {
        result.record(Check.LAYOUT);
        if (w.layoutFingerprint() != layoutFingerprint) {
            return VerifyReason.LAYOUT_MISMATCH;
        }
        result.record(Check.VALIDITY);
        if (w.issuedAt() - skewMillis > now) {
            return VerifyReason.NOT_YET_VALID;
        }
        if (now - skewMillis >= w.expiresAt()) {
            return VerifyReason.EXPIRED;
        }
        result.record(Check.HOLDER);
        if (!p.hasHolder || p.holderHigh != w.holderHigh() || p.holderLow != w.holderLow()) {
            return VerifyReason.NOT_HOLDER;
        }
        if (p.hasCapability) {
            result.record(Check.CAPABILITY);
            if (!w.hasCapability(p.capability)) {
                return VerifyReason.CAPABILITY_NOT_GRANTED;
            }
        }
        if (p.hasDataClass) {
            result.record(Check.DATA_CLASS);
            if (p.dataClass < 0 || p.dataClass > 63 || (w.dataClasses() & (1L << p.dataClass)) == 0) {
                return VerifyReason.DATA_CLASS_NOT_GRANTED;
            }
        }
        return VerifyReason.OK;
    }

    private VerifyReason checkConstraints(final PortableWarrantDecoder w, final Presentation p,
                                          final VerificationResult result) {
        result.record(Check.CONSTRAINTS);
        result.carried = constraints.compile(w.constraints());
        if (null == result.carried) {
            return VerifyReason.CONSTRAINT_UNREADABLE;
        }
        if (!p.hasCapability) {
            return VerifyReason.OK; // not a call (an engine taking the warrant for a delegation)
        }
        if (null == p.arguments || !p.arguments.hasTool()) {
            return VerifyReason.ARGUMENTS_MISSING;
        }
        return CarriedConstraints.check(w.constraints(), result.carried, p.arguments, result);
    }

    private VerifyReason checkProof(final PortableWarrantDecoder w, final long now, final Presentation p,
                                    final VerificationResult result) {
        result.record(Check.PROOF);
        final byte[] proof = p.proof;
        if (null == proof || !w.proofRequired() || null == p.callDigest
            || p.callDigest.length != ProofOfPossession.DIGEST_LENGTH || p.proofLength != ProofOfPossession.LENGTH
            || p.proofOffset < 0 || p.proofOffset > proof.length - ProofOfPossession.LENGTH) {
            return VerifyReason.PROOF_MISSING;
        }
        final long timestamp = ProofOfPossession.timestamp(proof, p.proofOffset);
        final long window = replayGuard.windowMillis();
        if (timestamp < now - window || timestamp > now + window) {
            return VerifyReason.PROOF_STALE;
        }
        if (!proofs.verify(w.buffer(), w.offset(), w.length(), w.holderKeyIndex(), p.callDigest, proof, p.proofOffset)) {
            return VerifyReason.PROOF_INVALID;
        }
        return replayGuard.admit(ProofOfPossession.nonceHigh(proof, p.proofOffset),
            ProofOfPossession.nonceLow(proof, p.proofOffset), timestamp, now);
    }

    private int issuer(final int engineId) {
        for (int i = 0; i < engineIds.length; i++) {
            if (engineIds[i] == engineId) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Builds an {@link OfflineVerifier}.
     *
     * <p><b>Note:</b> not thread-safe; allocates.
     */
    public static final class Builder {
        private long layoutFingerprint;
        private int[] engineIds = new int[4];
        private WarrantKeyRing[] rings = new WarrantKeyRing[4];
        private int issuers;
        private LongSupplier clock = System::currentTimeMillis;
        private long skewMillis = 30_000;
        private RevocationSource revocations = RevocationSource.NONE;
        private boolean proofAlwaysRequired;
        private ReplayGuard replayGuard;
        private int cacheSlots = 256;

        private Builder(final long layoutFingerprint) {
            this.layoutFingerprint = layoutFingerprint;
        }

        /**
         * @param fingerprint the layout fingerprint of the policy whose bit numbers calls use (for a
         *                    verifier rebuilt after a policy swap).
         * @return this.
         */
        public Builder layout(final long fingerprint) {
            layoutFingerprint = fingerprint;
            return this;
        }

        /**
         * Trusts warrants issued by an engine, checked with its ring (for another trust domain, its
         * {@link WarrantKeyRing#verifyingOnly()} ring).
         *
         * @param engineId the issuing engine's id.
         * @param ring     its keys.
         * @return this.
         */
        public Builder trust(final int engineId, final WarrantKeyRing ring) {
            for (int i = 0; i < issuers; i++) {
                if (engineIds[i] == engineId) {
                    throw new IllegalArgumentException("engine " + engineId + " is already trusted");
                }
            }
            if (issuers == engineIds.length) {
                engineIds = Arrays.copyOf(engineIds, issuers * 2);
                rings = Arrays.copyOf(rings, issuers * 2);
            }
            engineIds[issuers] = engineId;
            rings[issuers++] = ring;
            return this;
        }

        /**
         * @param epochMillis the clock (default {@link System#currentTimeMillis()}).
         * @return this.
         */
        public Builder clock(final LongSupplier epochMillis) {
            clock = epochMillis;
            return this;
        }

        /**
         * @param millis clock skew tolerated on issue time and expiry, 0..300000 (default 30 s).
         * @return this.
         */
        public Builder maxClockSkew(final long millis) {
            if (millis < 0 || millis > 300_000) {
                throw new IllegalArgumentException("clock skew=" + millis + " bound=300000 ms");
            }
            skewMillis = millis;
            return this;
        }

        /**
         * @param source asked about every hop of every presentation (default: none revoked).
         * @return this.
         */
        public Builder revocations(final RevocationSource source) {
            revocations = source;
            return this;
        }

        /**
         * @param guard remembers accepted proofs; share one between a process's verifiers (default: a
         *              guard of 65536 proofs and a 60 s window, of this verifier's own).
         * @return this.
         */
        public Builder replayGuard(final ReplayGuard guard) {
            replayGuard = guard;
            return this;
        }

        /**
         * Requires a proof of possession with every presentation, even of warrants that do not ask for one
         * (those are then refused: they carry no holder key to check a proof with).
         *
         * @return this.
         */
        public Builder requireProof() {
            proofAlwaysRequired = true;
            return this;
        }

        /**
         * @param slots verification cache entries, 0 (none) or a power of two up to 65536 (default 256).
         * @return this.
         */
        public Builder cacheSlots(final int slots) {
            cacheSlots = slots;
            return this;
        }

        /** @return the verifier. */
        public OfflineVerifier build() {
            if (issuers == 0) {
                throw new IllegalStateException("trust at least one issuing engine");
            }
            if (null == replayGuard) {
                replayGuard = new ReplayGuard(65_536, 60_000);
            }
            return new OfflineVerifier(this);
        }
    }
}
