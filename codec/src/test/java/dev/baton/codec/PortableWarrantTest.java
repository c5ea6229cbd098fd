package dev.baton.codec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortableWarrantTest {
    private final PortableWarrantDecoder decoder = new PortableWarrantDecoder();
    private final ErrorDetail detail = new ErrorDetail();

    private static WarrantKeyRing ring(final SignatureSuite suite) {
        return suite == SignatureSuite.HMAC_SHA256 ? PortableFixtures.hmacRing() : PortableFixtures.ed25519Ring();
    }

    private CodecError check(final WarrantKeyRing ring, final byte[] bytes, final int length) {
        final CodecError structure = decoder.wrap(bytes, 0, length, detail);
        return structure != CodecError.OK ? structure
            : new PortableWarrantAuthenticator(ring).verify(decoder, PortableFixtures.NOW, detail);
    }

    @ParameterizedTest
    @EnumSource(SignatureSuite.class)
    void shouldDecodeEveryFieldOfTheTypicalWarrant(final SignatureSuite suite) {
        final WarrantKeyRing ring = ring(suite);
        final byte[] w = PortableFixtures.typicalWarrant(ring);
        assertEquals(CodecError.OK, check(ring, w, w.length), detail::message);
        assertEquals(suite, decoder.suite());
        assertEquals(ring.currentKey().keyId(), decoder.keyId());
        assertEquals(PortableFixtures.FINGERPRINT, decoder.layoutFingerprint());
        assertEquals(0x5EED_0001L, decoder.policyVersion());
        assertEquals(PortableFixtures.NOW, decoder.issuedAt());
        assertEquals(PortableFixtures.NOW + 300_000, decoder.expiresAt());
        assertEquals(1, decoder.purpose());
        assertEquals(2, decoder.depth());
        assertEquals(PortableWarrantLayout.FLAG_EXTERNAL, decoder.flags());
        assertTrue(PortableFixtures.PRINCIPAL.equals(decoder.principalHigh(), decoder.principalLow()));
        assertTrue(PortableFixtures.HOLDER.equals(decoder.holderHigh(), decoder.holderLow()));
        assertTrue(PortableFixtures.ROOT_HOLDER.equals(decoder.hopHolderHigh(0), decoder.hopHolderLow(0)));
        assertEquals(101, decoder.hopGrantId(0));
        assertEquals(102, decoder.hopGrantId(1));
        assertEquals(203, decoder.grantId());
        assertEquals(2, decoder.engineId());
        assertEquals(4, decoder.capabilityWordCount());
        for (int i = 0; i < 4; i++) {
            assertEquals(PortableFixtures.WORDS[i], decoder.capabilityWord(i));
        }
        assertTrue(decoder.hasCapability(192));
        assertFalse(decoder.hasCapability(193));
        assertFalse(decoder.hasCapability(4000));
    }

    @Test
    void shouldKeepTheTypicalHmacWarrantWithin200Bytes() {
        assertEquals(196, PortableFixtures.typicalWarrant(PortableFixtures.hmacRing()).length);
        assertEquals(244, PortableFixtures.typicalWarrant(PortableFixtures.ed25519Ring()).length);
        assertEquals(196, PortableWarrantLayout.encodedLength(false, 4, 3, SignatureSuite.HMAC_SHA256));
    }

    @Test
    void shouldAddOnlyTheConstraintListAndBudgetsToAConstrainedWarrant() {
        // The example's support constraints: a 70-byte list (count, a range, an exact text, a regex, a glob)
        // and one budget (10 bytes), as docs/wire-format.md says.
        assertEquals(196 + 70 + 10, PortableFixtures.constrainedWarrant(PortableFixtures.hmacRing()).length);
        assertEquals(244 + 70 + 10, PortableFixtures.constrainedWarrant(PortableFixtures.ed25519Ring()).length);
        assertEquals(80, PortableWarrantLayout.extensionLength(70, 1));
    }

    @ParameterizedTest
    @EnumSource(SignatureSuite.class)
    void shouldDecodeTheCarriedConstraintsAndBudgets(final SignatureSuite suite) {
        final WarrantKeyRing ring = ring(suite);
        final byte[] w = PortableFixtures.constrainedWarrant(ring);
        assertEquals(CodecError.OK, check(ring, w, w.length), detail::message);
        assertTrue(decoder.hasConstraints());
        assertEquals(PortableWarrantLayout.FLAG_EXTERNAL | PortableWarrantLayout.FLAG_CONSTRAINTS
            | PortableWarrantLayout.FLAG_BUDGETS, decoder.flags());
        final ConstraintsDecoder c = decoder.constraints();
        assertEquals(4, c.count());
        assertEquals(ConstraintsLayout.RANGE, c.kind(0));
        assertEquals(20_000, c.number(0, 1));
        assertEquals(3, c.argument(3));
        assertEquals("*@customer.example", new String(w, c.textOffset(3, 0), c.textLength(3, 0),
            java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(1, decoder.budgetCount());
        assertEquals(0, decoder.budget(0));
        assertEquals(480_000, decoder.budgetRemaining(0));
        final byte[] plain = PortableFixtures.typicalWarrant(ring);
        assertEquals(CodecError.OK, check(ring, plain, plain.length));
        assertFalse(decoder.hasConstraints());
        assertEquals(0, decoder.constraints().count(), "a decoder reused on a plain warrant carries no entry");
        assertEquals(0, decoder.budgetCount());
    }

    @Test
    void shouldRefuseExtensionsTheFlagsDoNotDescribe() {
        final byte[] w = PortableFixtures.constrainedWarrant(PortableFixtures.hmacRing());
        final byte[] noFlag = w.clone();
        noFlag[PortableWarrantLayout.FLAGS_OFFSET] &= (byte)~PortableWarrantLayout.FLAG_BUDGETS;
        assertEquals(CodecError.BAD_LENGTH, decoder.wrap(noFlag, 0, noFlag.length, detail));
        assertEquals("extensionLength", detail.field());
        final byte[] noList = w.clone();
        noList[PortableWarrantLayout.FLAGS_OFFSET] &= (byte)~PortableWarrantLayout.FLAG_CONSTRAINTS;
        assertNotEquals(CodecError.OK, decoder.wrap(noList, 0, noList.length, detail));
        final int list = PortableWarrantLayout.unsignedLength(false, 4, 3);
        final byte[] badKind = w.clone();
        badKind[list + 3] = 9;
        assertEquals(CodecError.BAD_VALUE, decoder.wrap(badKind, 0, badKind.length, detail));
        assertEquals("constraints.kind", detail.field());
        final byte[] budgets = w.clone();
        budgets[list + 70] = 9;
        assertEquals(CodecError.BAD_COUNT, decoder.wrap(budgets, 0, budgets.length, detail));
        assertEquals("budgetCount", detail.field());
        final byte[] negative = w.clone();
        negative[list + 70 + 1 + 8] = (byte)0x80;
        assertEquals(CodecError.BAD_VALUE, decoder.wrap(negative, 0, negative.length, detail));
        assertEquals("budgetEntry", detail.field());
        final byte[] empty = PortableFixtures.typicalWarrant(PortableFixtures.hmacRing());
        empty[PortableWarrantLayout.FLAGS_OFFSET] |= (byte)PortableWarrantLayout.FLAG_CONSTRAINTS;
        assertNotEquals(CodecError.OK, decoder.wrap(empty, 0, empty.length, detail));
    }

    @Test
    void shouldRefuseAnEncoderListTheDecoderWouldRefuse() {
        final PortableWarrantEncoder encoder = PortableFixtures.typical(new PortableWarrantEncoder());
        encoder.constraints().entry(0, ConstraintsLayout.RANGE).number(5).number(1);
        final byte[] buffer = new byte[PortableWarrantLayout.MAX_LENGTH];
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> encoder.encode(buffer, 0));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> encoder.reset().budget(2, 1).budget(1, 1));
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> warrants() {
        return java.util.stream.Stream.of(SignatureSuite.values()).flatMap(s -> java.util.stream.Stream.of(
            org.junit.jupiter.params.provider.Arguments.of(s, false), org.junit.jupiter.params.provider.Arguments.of(s, true)));
    }

    private static byte[] warrant(final WarrantKeyRing ring, final boolean constrained) {
        return constrained ? PortableFixtures.constrainedWarrant(ring) : PortableFixtures.typicalWarrant(ring);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("warrants")
    void shouldRejectEverySingleBitFlip(final SignatureSuite suite, final boolean constrained) {
        final WarrantKeyRing ring = ring(suite);
        final byte[] w = warrant(ring, constrained);
        for (int bit = 0; bit < w.length * 8; bit++) {
            final byte[] flipped = w.clone();
            flipped[bit >>> 3] ^= (byte)(1 << (bit & 7));
            assertNotEquals(CodecError.OK, check(ring, flipped, flipped.length), "bit " + bit + " of " + suite);
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("warrants")
    void shouldRejectEveryTruncationAndExtension(final SignatureSuite suite, final boolean constrained) {
        final WarrantKeyRing ring = ring(suite);
        final byte[] w = warrant(ring, constrained);
        for (int length = 0; length < w.length; length++) {
            assertNotEquals(CodecError.OK, check(ring, Arrays.copyOf(w, length), length), "length " + length);
        }
        assertEquals(CodecError.BAD_LENGTH, check(ring, Arrays.copyOf(w, w.length + 1), w.length + 1));
    }

    @Test
    void shouldNotLetAVerifyingOnlyRingMintAWarrant() {
        final WarrantKeyRing issuer = PortableFixtures.ed25519Ring();
        final WarrantKeyRing verifier = issuer.verifyingOnly();
        final byte[] buffer = new byte[PortableWarrantLayout.MAX_LENGTH];
        final int unsigned = PortableFixtures.typical(new PortableWarrantEncoder()).encode(buffer, 0);
        assertEquals(-1, new PortableWarrantAuthenticator(verifier).sign(buffer, 0, unsigned));
        // The verifier's best try: its own key pair under the issuer's key id.
        final WarrantKeyRing forger = new WarrantKeyRing(0, WarrantKey.ed25519(9, PortableFixtures.ed25519Pair(99)));
        final byte[] forged = PortableFixtures.typicalWarrant(forger);
        assertEquals(CodecError.BAD_SIGNATURE, check(verifier, forged, forged.length));
        final byte[] genuine = PortableFixtures.typicalWarrant(issuer);
        assertEquals(CodecError.OK, check(verifier, genuine, genuine.length));
        assertFalse(verifier.currentKey().canSign());
        assertFalse(verifier.toString().contains("signing"));
    }

    @Test
    void shouldRotateAcrossSuitesWithAGraceWindow() {
        final WarrantKeyRing ring = PortableFixtures.hmacRing();
        final byte[] old = PortableFixtures.typicalWarrant(ring);
        ring.rotate(WarrantKey.ed25519(8, PortableFixtures.ed25519Pair(8)), PortableFixtures.NOW);
        final byte[] fresh = PortableFixtures.typicalWarrant(ring);
        assertEquals(SignatureSuite.ED25519.code(), fresh[PortableWarrantLayout.SUITE_OFFSET]);
        final PortableWarrantAuthenticator auth = new PortableWarrantAuthenticator(ring);
        assertEquals(CodecError.OK, decoder.wrap(old, 0, old.length, detail));
        assertEquals(CodecError.OK, auth.verify(decoder, PortableFixtures.NOW + 59_999, detail));
        assertEquals(CodecError.KEY_RETIRED, auth.verify(decoder, PortableFixtures.NOW + 60_000, detail));
        assertEquals(1, ring.purge(PortableFixtures.NOW + 60_000));
        assertEquals(CodecError.UNKNOWN_KEY, auth.verify(decoder, PortableFixtures.NOW + 60_000, detail));
        assertEquals(CodecError.OK, decoder.wrap(fresh, 0, fresh.length, detail));
        assertEquals(CodecError.OK, auth.verify(decoder, PortableFixtures.NOW + 60_000, detail));
    }

    @Test
    void shouldRefuseAnHmacKeyForAnEd25519Warrant() {
        final byte[] w = PortableFixtures.typicalWarrant(PortableFixtures.ed25519Ring());
        final WarrantKeyRing hmac = new WarrantKeyRing(0, WarrantKey.hmacSha256(9, PortableFixtures.secret(9)));
        assertEquals(CodecError.SUITE_MISMATCH, check(hmac, w, w.length));
    }

    @Test
    void shouldRefuseVersionOneAndZeroBytesAndNull() {
        final byte[] w = PortableFixtures.typicalWarrant(PortableFixtures.hmacRing());
        w[0] = 1;
        assertEquals(CodecError.UNSUPPORTED_VERSION, decoder.wrap(w, 0, w.length, detail));
        assertEquals(1, detail.value());
        assertEquals(CodecError.BAD_LENGTH, decoder.wrap(null, 0, 0, detail));
        assertEquals(CodecError.BAD_LENGTH, decoder.wrap(w, 10, w.length, detail));
        assertEquals(CodecError.TRUNCATED, decoder.wrap(new byte[0], 0, 0, detail));
    }

    @Test
    void shouldComputeStableIdentityIds() throws Exception {
        final IdentityId id = IdentityId.of("spiffe://acme.example/agent/planner");
        assertEquals(id, IdentityId.of("spiffe://acme.example/agent/planner"));
        assertNotEquals(id, IdentityId.of("spiffe://acme.example/agent/Planner"));
        final java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        sha.update("baton.identity.v1\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        final byte[] full = sha.digest("spiffe://acme.example/agent/planner".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        final byte[] wire = new byte[16];
        LittleEndian.putLong(wire, 0, id.high());
        LittleEndian.putLong(wire, 8, id.low());
        assertArrayEquals(Arrays.copyOf(full, 16), wire);
    }

    @Test
    void shouldNeverPrintSecrets() {
        final WarrantKey key = WarrantKey.hmacSha256(3, PortableFixtures.secret(3));
        assertEquals("WarrantKey{3 HMAC_SHA256 signing}", key.toString());
        assertEquals(null, key.verifyingOnly());
        assertEquals(null, PortableFixtures.hmacRing().verifyingOnly());
    }
}
