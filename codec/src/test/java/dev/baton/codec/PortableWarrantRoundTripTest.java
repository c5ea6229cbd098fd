package dev.baton.codec;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** decode(sign(encode(x))) gives back x, for both suites. */
class PortableWarrantRoundTripTest {
    private static final WarrantKeyRing HMAC = PortableFixtures.hmacRing();
    private static final WarrantKeyRing ED25519 = PortableFixtures.ed25519Ring();
    private static final byte[] HOLDER_KEY = WarrantKey.rawPublicKey(PortableFixtures.ed25519Pair(5).getPublic());

    @Property(tries = 300)
    void shouldRoundTripEveryField(
        @ForAll final boolean ed25519,
        @ForAll @IntRange(max = 7) final int flags,
        @ForAll final long fingerprint,
        @ForAll final long policyVersion,
        @ForAll @LongRange(max = Long.MAX_VALUE / 2) final long issuedAt,
        @ForAll @LongRange(max = 0xFFFF_FFFFL) final long ttl,
        @ForAll @IntRange(max = 0xFFFF) final int purpose,
        @ForAll final long dataClasses,
        @ForAll final boolean proof,
        @ForAll @Size(max = 64) final List<Long> words,
        @ForAll @Size(min = 1, max = 17) final List<@LongRange(min = 1) Long> grants) {
        final WarrantKeyRing ring = ed25519 ? ED25519 : HMAC;
        final long[] bitset = words.stream().mapToLong(Long::longValue).toArray();
        final PortableWarrantEncoder encoder = new PortableWarrantEncoder().reset().flags(flags)
            .layout(fingerprint, policyVersion).validity(issuedAt, issuedAt + ttl).purpose(purpose)
            .dataClasses(dataClasses).principal(IdentityId.of(grants.get(0), purpose))
            .capabilities(bitset, bitset.length);
        if (proof) {
            encoder.holderKey(HOLDER_KEY);
        }
        for (int i = 0; i < grants.size(); i++) {
            encoder.hop(grants.get(i), i * 7, grants.get(i) * 31, ~grants.get(i));
        }
        final byte[] buffer = new byte[PortableWarrantLayout.MAX_LENGTH];
        final int length = new PortableWarrantAuthenticator(ring).sign(buffer, 0, encoder.encode(buffer, 0));
        final PortableWarrantDecoder d = new PortableWarrantDecoder();
        final ErrorDetail detail = new ErrorDetail();
        assertEquals(CodecError.OK, d.wrap(buffer, 0, length, detail), detail::message);
        assertEquals(CodecError.OK, new PortableWarrantAuthenticator(ring).verify(d, issuedAt, detail));
        assertEquals(flags | (proof ? PortableWarrantLayout.FLAG_PROOF_REQUIRED : 0), d.flags());
        assertEquals(fingerprint, d.layoutFingerprint());
        assertEquals(policyVersion, d.policyVersion());
        assertEquals(issuedAt, d.issuedAt());
        assertEquals(issuedAt + ttl, d.expiresAt());
        assertEquals(purpose, d.purpose());
        assertEquals(dataClasses, d.dataClasses());
        assertTrue(IdentityId.of(grants.get(0), purpose).equals(d.principalHigh(), d.principalLow()));
        int trimmed = bitset.length;
        while (trimmed > 0 && bitset[trimmed - 1] == 0) {
            trimmed--;
        }
        assertEquals(trimmed, d.capabilityWordCount());
        for (int i = 0; i < trimmed; i++) {
            assertEquals(bitset[i], d.capabilityWord(i));
        }
        assertEquals(grants.size(), d.hopCount());
        for (int i = 0; i < grants.size(); i++) {
            assertEquals((long)grants.get(i), d.hopGrantId(i));
            assertEquals(i * 7, d.hopEngineId(i));
            assertEquals(grants.get(i) * 31, d.hopHolderHigh(i));
            assertEquals(~grants.get(i), d.hopHolderLow(i));
        }
        if (proof) {
            for (int i = 0; i < HOLDER_KEY.length; i++) {
                assertEquals(HOLDER_KEY[i], buffer[d.holderKeyIndex() + i]);
            }
        }
    }

    @Property(tries = 200)
    void shouldRoundTripConstraintsAndBudgets(
        @ForAll final boolean ed25519,
        @ForAll @Size(max = 16) final List<@IntRange(max = 300) Integer> arguments,
        @ForAll @Size(max = 16) final List<@LongRange(min = -1_000_000, max = 1_000_000) Long> lows,
        @ForAll @Size(max = 8) final List<@LongRange(min = 0) Long> remainders,
        @ForAll @IntRange(max = 4) final int textChoice) {
        final String text = new String[] {"", "kb/public/", "ünïcødé/", "*@customer.example", "日本/\uD83D\uDE00"}[textChoice];
        final WarrantKeyRing ring = ed25519 ? ED25519 : HMAC;
        final PortableWarrantEncoder encoder = PortableFixtures.typical(new PortableWarrantEncoder());
        final int n = Math.min(arguments.size(), lows.size());
        final int[] sorted = arguments.stream().limit(n).mapToInt(Integer::intValue).sorted().toArray();
        for (int e = 0; e < n; e++) {
            sorted[e] += e * 301; // distinct arguments: a range and a prefix on one argument would be out of kind order
        }
        for (int e = 0; e < n; e++) {
            if (e % 2 == 0) {
                encoder.constraints().range(sorted[e], lows.get(e), lows.get(e) + e);
            } else {
                encoder.constraints().texts(sorted[e], ConstraintsLayout.PREFIX, text);
            }
        }
        for (int b = 0; b < remainders.size(); b++) {
            encoder.budget(b, remainders.get(b));
        }
        final byte[] buffer = new byte[PortableWarrantLayout.MAX_LENGTH];
        final int length = new PortableWarrantAuthenticator(ring).sign(buffer, 0, encoder.encode(buffer, 0));
        final PortableWarrantDecoder d = new PortableWarrantDecoder();
        final ErrorDetail detail = new ErrorDetail();
        assertEquals(CodecError.OK, d.wrap(buffer, 0, length, detail), detail::message);
        assertEquals(CodecError.OK, new PortableWarrantAuthenticator(ring).verify(d, PortableFixtures.NOW, detail));
        assertEquals(n > 0, d.hasConstraints());
        assertEquals(n, d.constraints().count());
        final byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int e = 0; e < n; e++) {
            assertEquals(sorted[e], d.constraints().argument(e));
            if (e % 2 == 0) {
                assertEquals((long)lows.get(e), d.constraints().number(e, 0));
                assertEquals(lows.get(e) + e, d.constraints().number(e, 1));
            } else {
                assertEquals(java.nio.ByteBuffer.wrap(utf8), java.nio.ByteBuffer.wrap(buffer,
                    d.constraints().textOffset(e, 0), d.constraints().textLength(e, 0)));
            }
        }
        assertEquals(remainders.size(), d.budgetCount());
        for (int b = 0; b < remainders.size(); b++) {
            assertEquals(b, d.budget(b));
            assertEquals((long)remainders.get(b), d.budgetRemaining(b));
        }
        assertEquals(PortableWarrantLayout.unsignedLength(false, 4, 3) + PortableWarrantLayout.extensionLength(
            n == 0 ? 0 : d.constraints().length(), remainders.size()), d.unsignedLength());
    }
}
