package dev.baton.bench;

import biscuit.format.schema.Schema;
import dev.baton.codec.CodecError;
import dev.baton.codec.IdentityId;
import dev.baton.codec.LayoutFingerprint;
import dev.baton.codec.PortableWarrantAuthenticator;
import dev.baton.codec.PortableWarrantDecoder;
import dev.baton.codec.PortableWarrantEncoder;
import dev.baton.codec.PortableWarrantLayout;
import dev.baton.codec.WarrantKey;
import dev.baton.codec.WarrantKeyRing;
import dev.baton.verifier.OfflineVerifier;
import dev.baton.verifier.Presentation;
import dev.baton.verifier.ProofOfPossession;
import dev.baton.verifier.RevocationSet;
import dev.baton.verifier.VerificationResult;
import dev.baton.verifier.VerifyReason;
import org.biscuitsec.biscuit.crypto.KeyPair;
import org.biscuitsec.biscuit.token.Biscuit;
import org.biscuitsec.biscuit.token.builder.Block;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Offline verification of the typical portable warrant (3 hops, 4 capability words: 196 bytes with
 * HMAC, 244 with Ed25519) by {@link OfflineVerifier}: HMAC, Ed25519, a cache hit, and a proof of
 * possession; beside Biscuit's Ed25519 path (a 3-block token's signatures checked by
 * {@code Biscuit.from_bytes}) and BouncyCastle's raw Ed25519 verification of the same bytes. Every
 * verification checks holder, capability, data class and the revocation of the 3 ancestors. The
 * {@code Constrained} cases verify the same warrant carrying the example policy's support constraints
 * (an amount range, an exact currency, an order regex, a mail glob: 70 bytes, with one budget 276 bytes)
 * and check a refund call's three arguments against them. The verifier needs no JVM option, so the fork
 * has none.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PortableWarrantBenchmark {
    static final long NOW = 1_767_225_600_000L;
    static final long LAYOUT = LayoutFingerprint.of(List.of("triage"), List.of("read", "write"), List.of("public"));
    static final IdentityId HOLDER = IdentityId.of("spiffe://partner.example/agent/reader");
    static final int ENGINE = 2;

    static byte[] secret() {
        final byte[] s = new byte[32];
        for (int i = 0; i < s.length; i++) {
            s[i] = (byte)(i * 7 + 3);
        }
        return s;
    }

    static byte[] issue(final WarrantKeyRing ring, final byte[] holderKey) {
        final PortableWarrantEncoder e = new PortableWarrantEncoder().reset().layout(LAYOUT, 77)
            .validity(NOW, NOW + 600_000).purpose(0).dataClasses(1L).principal(IdentityId.of("user:alice"))
            .capabilities(new long[] {-1L, -1L, -1L, 3L}, 4)
            .hop(1001, 1, IdentityId.of("agent:root")).hop(1002, 1, IdentityId.of("agent:planner")).hop(2001, ENGINE, HOLDER);
        if (null != holderKey) {
            e.holderKey(holderKey);
        }
        final byte[] buffer = new byte[PortableWarrantLayout.MAX_LENGTH];
        final int length = new PortableWarrantAuthenticator(ring).sign(buffer, 0, e.encode(buffer, 0));
        return Arrays.copyOf(buffer, length);
    }

    static OfflineVerifier verifier(final WarrantKeyRing ring, final RevocationSet revoked, final int cacheSlots) {
        return OfflineVerifier.builder(LAYOUT).trust(ENGINE, ring).clock(() -> NOW + 1).revocations(revoked)
            .cacheSlots(cacheSlots).build();
    }

    /** Rings, warrants and verifiers, prepared once per trial. */
    @State(Scope.Thread)
    public static class Warrants {
        final RevocationSet revoked = new RevocationSet();
        final Presentation call = new Presentation().holder(HOLDER).capability(193).dataClass(0);
        final VerificationResult result = new VerificationResult();
        byte[] hmac;
        byte[] ed25519;
        byte[] ed25519Public;
        OfflineVerifier hmacVerifier;
        OfflineVerifier hmacCached;
        OfflineVerifier ed25519Verifier;
        OfflineVerifier ed25519Cached;
        String provider;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            if (Boolean.getBoolean("bench.bouncycastle.provider")) {
                java.security.Security.insertProviderAt(new org.bouncycastle.jce.provider.BouncyCastleProvider(), 1);
            }
            revoked.revoke(9, 9);
            final WarrantKeyRing hmacRing = new WarrantKeyRing(60_000, WarrantKey.hmacSha256(1, secret()));
            final java.security.KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            final WarrantKeyRing edRing = new WarrantKeyRing(60_000, WarrantKey.ed25519(2, pair));
            hmac = issue(hmacRing, null);
            ed25519 = issue(edRing, null);
            ed25519Public = WarrantKey.rawPublicKey(pair.getPublic());
            hmacVerifier = verifier(hmacRing, revoked, 0);
            hmacCached = verifier(hmacRing, revoked, 256);
            ed25519Verifier = verifier(edRing.verifyingOnly(), revoked, 0);
            ed25519Cached = verifier(edRing.verifyingOnly(), revoked, 256);
            check(hmacVerifier.verify(hmac, 0, hmac.length, call, result));
            check(ed25519Verifier.verify(ed25519, 0, ed25519.length, call, result));
            provider = java.security.Signature.getInstance("Ed25519").getProvider().getName();
        }

        String providerName() {
            return provider;
        }
    }

    /** A warrant bound to a holder key, and a fresh proof and verifier (warm cache, empty replay guard) per call. */
    @State(Scope.Thread)
    public static class Proofs {
        final Presentation call = new Presentation();
        final VerificationResult result = new VerificationResult();
        final byte[] digest = new byte[ProofOfPossession.DIGEST_LENGTH];
        byte[] proof;
        java.security.KeyPair holder;
        WarrantKeyRing ring;
        byte[] warrant;
        OfflineVerifier verifier;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            holder = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            ring = new WarrantKeyRing(60_000, WarrantKey.ed25519(2, KeyPairGenerator.getInstance("Ed25519").generateKeyPair()));
            warrant = issue(ring, WarrantKey.rawPublicKey(holder.getPublic()));
        }

        @Setup(Level.Invocation)
        public void freshProof() {
            verifier = verifier(ring.verifyingOnly(), new RevocationSet(), 256);
            digest[0]++;
            present();
            check(verifier.verify(warrant, 0, warrant.length, call, result));
            present();
        }

        /** A new proof (fresh nonce) of the warrant for the call. */
        private void present() {
            proof = ProofOfPossession.create(holder.getPrivate(), warrant, 0, warrant.length, digest, NOW + 1);
            call.reset().holder(HOLDER).capability(193).proof(proof, 0, proof.length, digest);
        }
    }

    /** Biscuit: a root token attenuated twice (3 blocks, 3 Ed25519 signatures), and its root public key. */
    @State(Scope.Thread)
    public static class BiscuitToken {
        KeyPair root;
        byte[] token;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            final SecureRandom random = new SecureRandom();
            root = KeyPair.generate(Schema.PublicKey.Algorithm.Ed25519, random);
            final org.biscuitsec.biscuit.token.builder.Biscuit builder = Biscuit.builder(random, root);
            builder.add_authority_fact("right(\"read\")");
            builder.add_authority_fact("right(\"write\")");
            Biscuit b = builder.build();
            for (final String holder : new String[] {"planner", "reader"}) {
                final Block block = new Block();
                block.add_check("check if holder(\"" + holder + "\")");
                b = b.attenuate(random, KeyPair.generate(Schema.PublicKey.Algorithm.Ed25519, random), block);
            }
            token = b.serialize();
        }
    }

    static void check(final VerifyReason reason) {
        if (reason != VerifyReason.OK) {
            throw new IllegalStateException("benchmark warrant refused: " + reason);
        }
    }

    @Benchmark
    public VerifyReason hmacVerify(final Warrants w) {
        return w.hmacVerifier.verify(w.hmac, 0, w.hmac.length, w.call, w.result);
    }

    /**
     * {@link #hmacVerify} with the pad midstates turned off ({@code -Dbaton.hmac.midstate=false}): both pad blocks
     * hashed on every call, as {@code javax.crypto.Mac} does, and as a JVM that does not open {@code java.base} gets on
     * JDK 24 and later.
     */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = "-Dbaton.hmac.midstate=false")
    public VerifyReason hmacVerifyWithoutMidstates(final Warrants w) {
        return w.hmacVerifier.verify(w.hmac, 0, w.hmac.length, w.call, w.result);
    }

    /**
     * The tag check alone, on a warrant already decoded: the key's grace window, the HMAC from the key's pad midstates
     * and the constant-time comparison; {@link #hmacVerify} adds the structure, scope and revocation checks.
     */
    @Benchmark
    public CodecError hmacAuthenticate(final Digests d) {
        return d.authenticator.verify(d.decoder, NOW + 1, null);
    }

    /**
     * The floor under {@link #hmacVerify} without midstates: HMAC-SHA256 alone over the same warrant's signed region, on a reused
     * {@code MessageDigest} with the key pads prepared (the JDK's intrinsic SHA-256: 6 compressions, 0 B/op).
     */
    @Benchmark
    public byte[] hmacSha256Floor(final Digests d) throws java.security.DigestException {
        d.digest.update(d.innerPad, 0, 64);
        d.digest.update(d.signed, 0, d.signed.length);
        d.digest.digest(d.inner, 0, 32);
        d.digest.update(d.outerPad, 0, 64);
        d.digest.update(d.inner, 0, 32);
        d.digest.digest(d.out, 0, 32);
        return d.out;
    }

    /** One SHA-256 pass over the warrant's signed region: the cost of its 3 compressions and one digest call. */
    @Benchmark
    public byte[] sha256SignedRegion(final Digests d) throws java.security.DigestException {
        d.digest.update(d.signed, 0, d.signed.length);
        d.digest.digest(d.out, 0, 32);
        return d.out;
    }

    /** The HMAC warrant's signed region, a reused SHA-256 digest and HMAC pads of the benchmark's key. */
    @State(Scope.Thread)
    public static class Digests {
        final byte[] innerPad = new byte[64];
        final byte[] outerPad = new byte[64];
        final byte[] inner = new byte[32];
        final byte[] out = new byte[32];
        byte[] signed;
        java.security.MessageDigest digest;
        PortableWarrantAuthenticator authenticator;
        final PortableWarrantDecoder decoder = new PortableWarrantDecoder();

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            final WarrantKeyRing ring = new WarrantKeyRing(60_000, WarrantKey.hmacSha256(1, secret()));
            final byte[] warrant = issue(ring, null);
            authenticator = new PortableWarrantAuthenticator(ring);
            if (decoder.wrap(warrant, 0, warrant.length, null) != CodecError.OK
                || authenticator.verify(decoder, NOW + 1, null) != CodecError.OK) {
                throw new IllegalStateException("the benchmark warrant does not authenticate");
            }
            signed = Arrays.copyOf(warrant, warrant.length - PortableWarrantLayout.HMAC_TAG_LENGTH);
            final byte[] key = secret();
            for (int i = 0; i < 64; i++) {
                final byte k = i < key.length ? key[i] : 0;
                innerPad[i] = (byte)(k ^ 0x36);
                outerPad[i] = (byte)(k ^ 0x5c);
            }
            digest = java.security.MessageDigest.getInstance("SHA-256");
            final javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            final byte[] tag = Arrays.copyOfRange(mac.doFinal(signed), 0, PortableWarrantLayout.HMAC_TAG_LENGTH);
            if (!Arrays.equals(tag, Arrays.copyOfRange(warrant, signed.length, warrant.length))) {
                throw new IllegalStateException("the floor would not compute the warrant's own tag");
            }
        }
    }

    /** An HMAC warrant with the example's support constraints, and a refund call within them. */
    @State(Scope.Thread)
    public static class Constrained {
        final dev.baton.verifier.CallArguments args = new dev.baton.verifier.CallArguments();
        final Presentation call = new Presentation();
        final VerificationResult result = new VerificationResult();
        byte[] warrant;
        OfflineVerifier verifier;
        OfflineVerifier cached;

        @Setup(Level.Trial)
        public void setUp() {
            final WarrantKeyRing ring = new WarrantKeyRing(60_000, WarrantKey.hmacSha256(1, secret()));
            final PortableWarrantEncoder e = new PortableWarrantEncoder().reset().layout(LAYOUT, 77)
                .validity(NOW, NOW + 600_000).purpose(0).dataClasses(1L).principal(IdentityId.of("user:alice"))
                .capabilities(new long[] {-1L, -1L, -1L, 3L}, 4).hop(1001, 1, IdentityId.of("agent:root"))
                .hop(1002, 1, IdentityId.of("agent:planner")).hop(2001, ENGINE, HOLDER).budget(0, 480_000);
            e.constraints().range(0, 1, 20_000).texts(1, dev.baton.codec.ConstraintsLayout.EXACT_TEXT, "EUR")
                .texts(2, dev.baton.codec.ConstraintsLayout.REGEX, "ord-[0-9]{4,8}")
                .texts(3, dev.baton.codec.ConstraintsLayout.GLOB, "*@customer.example");
            final byte[] buffer = new byte[PortableWarrantLayout.MAX_LENGTH];
            warrant = Arrays.copyOf(buffer, new PortableWarrantAuthenticator(ring).sign(buffer, 0, e.encode(buffer, 0)));
            verifier = verifier(ring, new RevocationSet(), 0);
            cached = verifier(ring, new RevocationSet(), 256);
            check(verify(verifier));
        }

        VerifyReason verify(final OfflineVerifier v) {
            args.clear().tool(0, 3).number(0, 150_00).text(1, "EUR").text(2, "ord-12345");
            call.reset().holder(HOLDER).capability(193).dataClass(0).arguments(args);
            return v.verify(warrant, 0, warrant.length, call, result);
        }
    }

    /** {@link #hmacVerify} of a constrained warrant, with a refund call's three arguments checked. */
    @Benchmark
    public VerifyReason hmacVerifyConstrained(final Constrained c) {
        return c.verify(c.verifier);
    }

    /** {@link #hmacVerifyConstrained} on a cache hit: what is left is the argument checks. */
    @Benchmark
    public VerifyReason hmacVerifyConstrainedCached(final Constrained c) {
        return c.verify(c.cached);
    }

    @Benchmark
    public VerifyReason hmacVerifyCached(final Warrants w) {
        return w.hmacCached.verify(w.hmac, 0, w.hmac.length, w.call, w.result);
    }

    @Benchmark
    public VerifyReason ed25519Verify(final Warrants w) {
        return w.ed25519Verifier.verify(w.ed25519, 0, w.ed25519.length, w.call, w.result);
    }

    @Benchmark
    public VerifyReason ed25519VerifyCached(final Warrants w) {
        return w.ed25519Cached.verify(w.ed25519, 0, w.ed25519.length, w.call, w.result);
    }

    /**
     * {@link #ed25519Verify} with BouncyCastle registered as the first JCA provider: the verifier's
     * {@code Signature.getInstance("Ed25519")} then gets BouncyCastle's, with no change to the verifier.
     */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = "-Dbench.bouncycastle.provider=true")
    public VerifyReason ed25519VerifyBouncyCastleProvider(final Warrants w) {
        if (!"BC".equals(w.providerName())) {
            throw new IllegalStateException("BouncyCastle is not the Ed25519 provider");
        }
        return w.ed25519Verifier.verify(w.ed25519, 0, w.ed25519.length, w.call, w.result);
    }

    @Benchmark
    public VerifyReason proofOfPossessionVerify(final Proofs p) {
        return p.verifier.verify(p.warrant, 0, p.warrant.length, p.call, p.result);
    }

    @Benchmark
    public boolean bouncyCastleEd25519Verify(final Warrants w) {
        final byte[] b = w.ed25519;
        return Ed25519.verify(b, b.length - 64, w.ed25519Public, 0, b, 0, b.length - 64);
    }

    @Benchmark
    public Biscuit biscuitEd25519Verify(final BiscuitToken t) throws Exception {
        return Biscuit.from_bytes(t.token, t.root.public_key());
    }
}
